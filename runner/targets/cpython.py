"""The identity target: the interpreter's own import system, untouched."""

import sys

from runner.targets.base import Target, TargetError


def _probe() -> str:
    bootstrap = sys.modules["_frozen_importlib"]
    if not bootstrap._find_and_load.__code__.co_filename.startswith("<frozen importlib"):
        raise TargetError("the interpreter's import system has been replaced; cpython needs it stock")
    return "stock _frozen_importlib"


TARGET = Target(
    name="cpython",
    description="CPython's own import system (the identity target; records the baseline)",
    install=lambda: None,
    probe=_probe,
    is_target_code=lambda code: code.co_filename.startswith("<frozen importlib"),
)
