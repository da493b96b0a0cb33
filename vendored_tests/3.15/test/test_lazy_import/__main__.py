import unittest

unittest.main('test.test_lazy_import')
