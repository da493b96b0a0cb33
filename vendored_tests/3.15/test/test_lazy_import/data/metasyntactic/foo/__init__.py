Foo = "Foo"
