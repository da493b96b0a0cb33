__lazy_modules__ = ['test.test_lazy_import.data.basic2']
lazy from .basic2 import f
