"""Exercise attribution: did any of the target's code run during a test? (sys.monitoring)

Listens to PY_START only.  Code that is not the target's is ``DISABLE``d at its first start
and never costs a callback again; the first start of target code in a test switches the events
off until the next test, so target code costs one callback per test.  Nothing is re-armed
with ``restart_events()``: target code is never disabled, and other code never becomes the
target's.  Only the test's own process is watched: code the target runs in a child process
(``script_helper``, ``subprocess``) is not seen.

sys.monitoring came with Python 3.12: on 3.11 (CPython's or PyPy's) ``AVAILABLE`` is false,
workers record no attribution and the reports' "exercised parity" reads ``-``.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable

_monitoring = getattr(sys, "monitoring", None)
AVAILABLE = _monitoring is not None
if AVAILABLE:
    _EVENTS = _monitoring.events.PY_START
    # Tried in this order: profiler first, since a profiler and attribution never run together.
    _TOOL_IDS = (_monitoring.PROFILER_ID, 3, 4, _monitoring.OPTIMIZER_ID)


class AttributionError(RuntimeError):
    """sys.monitoring has no free tool id (coverage, a debugger and a profiler all in use)."""


class Attribution:
    """Records, test by test, whether code for which ``is_target_code`` holds has run."""

    def __init__(self, is_target_code: Callable[[types.CodeType], bool]) -> None:
        self._is_target_code = is_target_code
        self._tool: int | None = None
        self._hit = False

    def start(self) -> None:
        """Claim a free sys.monitoring tool id and register the callback (events stay off)."""
        for tool in _TOOL_IDS:
            if _monitoring.get_tool(tool) is None:
                _monitoring.use_tool_id(tool, "importparity attribution")
                self._tool = tool
                break
        else:
            raise AttributionError("no free sys.monitoring tool id; run without attribution")
        _monitoring.register_callback(self._tool, _EVENTS, self._on_start)

    def begin_test(self) -> None:
        self._hit = False
        _monitoring.set_events(self._tool, _EVENTS)

    def end_test(self) -> bool:
        """Whether target code ran since :meth:`begin_test`."""
        _monitoring.set_events(self._tool, 0)
        return self._hit

    def stop(self) -> None:
        if self._tool is None:
            return
        _monitoring.set_events(self._tool, 0)
        _monitoring.register_callback(self._tool, _EVENTS, None)
        _monitoring.free_tool_id(self._tool)
        # Leave no code disabled for whoever takes this tool id next.
        _monitoring.restart_events()
        self._tool = None

    def __enter__(self) -> "Attribution":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _on_start(self, code: types.CodeType, offset: int) -> object:
        if self._is_target_code(code):
            self._hit = True
            # Nothing more to learn in this test; the next test must see this code again.
            _monitoring.set_events(self._tool, 0)
            return None
        return _monitoring.DISABLE
