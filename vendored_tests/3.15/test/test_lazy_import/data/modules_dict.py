lazy import test.test_lazy_import.data.basic2 as basic2

import sys
mod = sys.modules[__name__]
x = mod.__dict__
