try:
    import test.test_lazy_import.data.basic2
except:
    pass
