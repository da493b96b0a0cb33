__lazy_modules__ = ['test.test_lazy_import.data.basic2']
import test.test_lazy_import.data.basic2
test.test_lazy_import.data.basic2.f()
