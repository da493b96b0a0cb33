lazy import test.test_lazy_import.data.pkg.bar
x = test.test_lazy_import.data.pkg.bar.f
