basic = __lazy_import__('test.test_lazy_import.data.basic2')
