def foo():
    return 'foo'
