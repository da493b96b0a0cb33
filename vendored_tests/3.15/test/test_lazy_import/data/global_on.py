import sys

sys.set_lazy_imports("all")

import test.test_lazy_import.data.basic2 as basic2
