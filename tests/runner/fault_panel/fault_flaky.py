"""A test that fails on its first run and passes on its second (a counter in a file)."""

import os
import unittest
from pathlib import Path

STATE = os.environ.get("IMPORTPARITY_FLAKY_STATE")


class Flaky(unittest.TestCase):
    def test_1_flaky(self):
        if STATE is None:
            return
        path = Path(STATE)
        count = int(path.read_text()) + 1 if path.exists() else 1
        path.write_text(str(count))
        self.assertEqual(count % 2, 0, f"fails on odd runs (this is run {count})")

    def test_2_fails_every_time(self):
        self.fail("fails on purpose, every time")

    def test_3_passes(self):
        pass
