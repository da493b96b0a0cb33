"""The gallery's matrix page: units as rows, targets as columns, expanding to each test.

In the spirit of wpt.fyi: each cell counts one target's matching, expected and unexpected
tests in one unit (and those not applicable to its interpreter, where there are any); a
unit's row opens to its tests with CPython's outcome and each target's.
It is the dashboard's page (same CSS, jinja2 with autoescape, one script allowed by its hash).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runner import panel
from runner.compare import Comparison, Difference, UnitRow
from runner.report import html
from runner.report.versions import Time
from runner.results import Run


@dataclass
class Column:
    """One target of the gallery: its comparison, or why it has none."""

    name: str
    comparison: Comparison | None = None
    version: str = ""
    date: str = ""
    report: str = ""  # the target's own dashboard, relative to the page
    error: str = ""
    time: Time | None = None  # where the target's wall time went

    def __post_init__(self):
        self.rows = {row.unit: row for row in self.comparison.rows} if self.comparison else {}
        # Differences, and the tests not applicable to its interpreter (Difference.not_applicable).
        self.differing = ({d.id: d for d in [*self.comparison.differences, *self.comparison.not_applicable]}
                          if self.comparison else {})

    @property
    def ok(self) -> bool:
        return self.comparison is not None and self.comparison.ok

    @property
    def total(self) -> UnitRow | None:
        return self.comparison.total if self.comparison else None


@dataclass
class Test:
    """One row of an opened unit: CPython's outcome and each target's difference (or not-applicable skip), if any."""

    id: str
    baseline: str
    cells: list[Difference | None] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return any(d and not d.not_applicable for d in self.cells)


def _units(columns: list[Column]) -> list[str]:
    names = {u for c in columns for u in c.rows}
    order = {u.name: i for i, u in enumerate(panel.UNITS)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def _tests(baseline: Run, columns: list[Column], unit: str) -> list[Test]:
    ids = {tid for tid, o in baseline.tests.items() if o.unit == unit}
    ids |= {tid for c in columns for tid, d in c.differing.items() if d.unit == unit}
    tests = []
    for tid in sorted(ids):
        base = baseline.tests.get(tid)
        tests.append(Test(tid, base.outcome.value if base else "absent", [c.differing.get(tid) for c in columns]))
    return tests


def cell_title(diff: Difference) -> str:
    """What a differing cell says on hover: the listed reason, else the target's own message."""
    if diff.not_applicable:
        return f"not applicable ({diff.not_applicable}): {diff.target.reason}"
    if diff.reason:
        return diff.reason
    return diff.target.reason if diff.target else "missing from the target's run"


class Reasons:
    """Each distinct cell title once: a reason can be listed for a thousand tests."""

    def __init__(self):
        self.texts: dict[str, int] = {}

    def __call__(self, diff: Difference) -> int:
        return self.texts.setdefault(cell_title(diff), len(self.texts))


def render(baseline: Run, columns: list[Column], *, title: str, date: str) -> str:
    units = _units(columns)
    tests = {u: _tests(baseline, columns, u) for u in units}
    return html.page("matrix.html.j2", "matrix.js", title=title, date=date, columns=columns, units=units,
                     tests=tests, differing=sum(t.differs for ts in tests.values() for t in ts),
                     why=Reasons())
