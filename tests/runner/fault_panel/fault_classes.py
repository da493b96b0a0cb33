"""A module unit run in two shards, split by class: each class's tests run in one process.

Each test records the process it ran in on its class; ``Gamma.test_same_process`` fails if
Gamma's tests ran in more than one.  ``load_tests`` adds a doctest, whose class is none of
the module's, which shard 0 runs.
"""

import doctest
import os
import unittest


class _Recording(unittest.TestCase):
    pids: set

    @classmethod
    def setUpClass(cls):
        cls.pids = set()

    def setUp(self):
        type(self).pids.add(os.getpid())


class Alpha(_Recording):
    def test_one(self):
        pass

    def test_two(self):
        pass


class Beta(_Recording):
    def test_one(self):
        pass


class Gamma(_Recording):
    def test_a(self):
        pass

    def test_same_process(self):
        self.assertEqual(len(self.pids), 1)


def loose():
    """
    >>> 1 + 1
    2
    """


def load_tests(loader, tests, pattern):
    tests.addTests(doctest.DocTestSuite())
    return tests
