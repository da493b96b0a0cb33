lazy import test.test_lazy_import.data.basic2 as basic2

basic2.f()
