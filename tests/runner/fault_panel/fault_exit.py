"""A test that ends its worker with os._exit(3)."""

import os
import unittest


class Exits(unittest.TestCase):
    def test_1_passes(self):
        pass

    def test_2_exits(self):
        os._exit(3)

    def test_3_errors(self):
        raise RuntimeError("an error on purpose")

    def test_4_passes(self):
        pass
