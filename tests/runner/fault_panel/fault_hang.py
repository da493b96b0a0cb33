"""A test that hangs (while a second thread waits too), among tests that pass."""

import threading
import time
import unittest


def wait_in_helper_thread(done):
    done.wait()


def hang_forever():
    time.sleep(3600)


class Hangs(unittest.TestCase):
    def test_1_passes(self):
        pass

    def test_2_hangs(self):
        done = threading.Event()
        threading.Thread(target=wait_in_helper_thread, args=(done,), daemon=True).start()
        hang_forever()

    def test_3_passes(self):
        pass
