"""Targets that misbehave on purpose, to pin down how the runner records crashes, hangs and dead targets."""

import os
import signal
import sys
import time

from runner.targets import Target, TargetError


class _Trap:
    """A meta-path finder that misbehaves when one module is imported."""

    def __init__(self, module: str, action):
        self.module, self.action = module, action

    def find_spec(self, name, path=None, target=None):
        if name == self.module:
            self.action()
        return None


def _installer(module: str, action):
    return lambda: sys.meta_path.insert(0, _Trap(module, action))


def _no_code(code):
    return False


# test_pkg's tests import their own throwaway packages named t1, t2…; t2 is imported mid-unit.
CRASHING = Target("crashing", "segfaults when test_pkg imports t2",
                  _installer("t2", lambda: os.kill(os.getpid(), signal.SIGSEGV)),
                  lambda: "trap installed", _no_code)
HANGING = Target("hanging", "hangs when test_pkg imports t2",
                 _installer("t2", lambda: time.sleep(3600)), lambda: "trap installed", _no_code)


def _dead_probe():
    raise TargetError("probe import ran CPython's code")


NOT_LIVE = Target("not-live", "installs nothing", lambda: None, _dead_probe, _no_code)


def _fail(exc):
    def action():
        raise exc
    return action


def _install_injections():
    sys.meta_path.insert(0, _Trap("t3", _fail(ImportError("injected: no t3 for you"))))
    sys.meta_path.insert(0, _Trap("t5", _fail(RuntimeError("injected: t5 exploded"))))


# Fails test_pkg's test_3 (ImportError) and test_5 (RuntimeError): two differences, two causes.
INJECTED = Target("injected", "fails two of test_pkg's tests on purpose", _install_injections,
                  lambda: "traps installed", _no_code)
