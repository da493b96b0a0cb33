"""A test whose worker is SIGKILLed from outside (by a child process it starts)."""

import os
import subprocess
import sys
import time
import unittest


class KilledFromOutside(unittest.TestCase):
    def test_1_passes(self):
        pass

    def test_2_killed(self):
        subprocess.run([sys.executable, "-c", f"import os, signal; os.kill({os.getpid()}, signal.SIGKILL)"])
        time.sleep(30)

    def test_3_passes(self):
        pass
