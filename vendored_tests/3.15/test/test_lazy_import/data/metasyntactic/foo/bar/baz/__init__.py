Baz = "Baz"
