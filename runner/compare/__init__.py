"""Compare: a target's run against CPython's baseline and the target's expectations — what differs, and why.

The stage's data files and steps are modules of their own, imported by name where they are
used: ``baseline`` (CPython's outcomes), ``expectations`` (a target's known differences) and
``expectations_update`` (the command that rewrites them from a run), ``drift`` (CPython's
outcomes on another interpreter build) and ``stability`` (reruns that find flaky tests).
"""

from __future__ import annotations

from runner.compare.clusters import Cluster, Frame, cluster
from runner.compare.comparison import (INPUT_ERRORS, Comparison, Difference, Drift, Kind, UnitRow, compare,
                                       covered_units, differences, load)

__all__ = ["INPUT_ERRORS", "Cluster", "Comparison", "Difference", "Drift", "Frame", "Kind", "UnitRow", "cluster",
           "compare", "covered_units", "differences", "load"]
