try:
    from test.test_lazy_import.data.basic2 import f
except:
    pass
