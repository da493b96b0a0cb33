Plugh = "Plugh"
