"""Two tests that segfault the worker, among tests that pass, fail and skip."""

import faulthandler
import unittest


class Segfaults(unittest.TestCase):
    def test_1_passes(self):
        pass

    def test_2_fails(self):
        self.assertEqual(1, 2)

    def test_3_segfaults(self):
        faulthandler._sigsegv()

    def test_4_segfaults_again(self):
        faulthandler._sigsegv()

    @unittest.skip("skipped on purpose")
    def test_5_skips(self):
        pass

    def test_6_passes(self):
        pass
