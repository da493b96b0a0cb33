Qux = "Qux"
