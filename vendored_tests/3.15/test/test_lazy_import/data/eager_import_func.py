def f():
    import test.test_lazy_import.data.basic2 as basic2
    return basic2
