"""Tests that leave the import system's state changed, and tests that restore what they change."""

import colorsys  # noqa: F401  (test_4 drops it)
import importlib.machinery
import os
import sys
import types
import unittest


class LeakyFinder:
    def find_spec(self, name, path=None, target=None):
        return None


class AltersEnvironment(unittest.TestCase):
    def test_1_restores_sys_path(self):
        sys.path.append("/nowhere/restored")
        sys.path.remove("/nowhere/restored")

    def test_2_leaves_sys_path(self):
        sys.path.append("/nowhere/left")

    def test_3_leaves_meta_path(self):
        sys.meta_path.insert(0, LeakyFinder())

    def test_4_removes_a_module(self):
        # CPython's own tests drop modules to load them afresh: not an altered environment.
        del sys.modules["colorsys"]

    def test_5_leaves_a_fake_module(self):
        sys.modules["fault_panel_leaked"] = types.ModuleType("fault_panel_leaked")

    def test_6_leaves_environ(self):
        os.environ["FAULT_PANEL_LEAKED"] = "1"

    def test_7_imports_a_module_again(self):
        import colorsys  # noqa: F401  (a first import is not an altered environment)

    def test_8_fails_and_leaves_sys_path(self):
        sys.path.insert(0, "/nowhere/failed")
        self.fail("fails on purpose")

    def test_9_passes(self):
        self.assertIsNotNone(importlib.machinery.PathFinder)
