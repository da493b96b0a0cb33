lazy import test.test_lazy_import.data.init_fails
