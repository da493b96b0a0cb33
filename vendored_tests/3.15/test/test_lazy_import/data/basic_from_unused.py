lazy from test.test_lazy_import.data import basic2
