"""Forty tests of a quarter second each: a run long enough to be stopped midway."""

import time
import unittest


class Slow(unittest.TestCase):
    pass


for _n in range(40):
    setattr(Slow, f"test_{_n:02d}", lambda self: time.sleep(0.25))
