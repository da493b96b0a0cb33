def f():
    lazy import foo
