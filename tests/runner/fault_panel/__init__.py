"""A small panel of units that misbehave on purpose, for the runner's fault tests.

Run through ``IMPORTPARITY_PANEL=tests.runner.fault_panel:PANEL``.  Each unit's module says
which of its tests fails how; the others pass, fail or skip plainly, so a test can check that
every test beside the fault keeps its real outcome.  Files are named ``fault_*.py`` so pytest
never collects them itself.
"""

from pathlib import Path

from runner.panel import Panel, Unit

PACKAGE = "tests.runner.fault_panel"
NAMES = ("fault_segfault", "fault_exit", "fault_sigkill", "fault_hang", "fault_env", "fault_flaky", "fault_slow")
# fault_classes is run in two shards, split by its classes.
SHARDS = {"fault_classes": 2}
NAMES = NAMES + tuple(SHARDS)
PANEL = Panel(Path(__file__).resolve().parents[3],
              tuple(Unit(n, f"{n}.py", shards=SHARDS.get(n, 1), package=PACKAGE) for n in NAMES))
# Where fault_flaky keeps its counter (set by the test that runs it).
FLAKY_STATE_VAR = "IMPORTPARITY_FLAKY_STATE"
