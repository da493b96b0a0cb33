basic = __lazy_import__('test.test_lazy_import.data',
                        fromlist=("basic2", ))
basic
