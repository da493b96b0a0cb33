"""The parity table as fixed-width plain text, for terminals and `tox -e parity`."""

from __future__ import annotations

from runner.compare import Comparison, UnitRow
from runner.report import view

COLUMNS = ("unit", "status", "tests", "match", "differ", "expected", "unexpected", "fixed", "exercised parity")


def exercised_parity(row: UnitRow) -> str:
    """Matching over tests that exercise the target, e.g. ``40/42``; ``-`` when unmeasured."""
    return f"{row.exercised_matching}/{row.exercised}" if row.measured else "-"


def _cells(row: UnitRow) -> tuple[str, ...]:
    return (row.unit, row.status, str(row.tests), str(row.matching), str(row.differing), str(row.expected),
            str(row.unexpected), str(row.fixed), exercised_parity(row))


def format_table(comparison: Comparison) -> str:
    """One line per unit, a total line, and the counts the ratchet decides on."""
    lines = [COLUMNS] + [_cells(r) for r in comparison.rows] + [_cells(comparison.total)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]

    def fmt(cells: tuple[str, ...]) -> str:
        first = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        return "  ".join(first + [c.rjust(w) for c, w in zip(cells[2:], widths[2:])]).rstrip()

    rule = "-" * len(fmt(lines[0]))
    text = [fmt(lines[0]), rule, *map(fmt, lines[1:-1]), rule, fmt(lines[-1]), "", totals(comparison)]
    return "\n".join(text)


def totals(comparison: Comparison) -> str:
    """``N differences: E expected, U unexpected`` and what else the ratchet found."""
    total = comparison.total
    parts = [f"{total.differing} differences from CPython: {total.expected} expected, "
             f"{total.unexpected} unexpected"]
    if comparison.not_applicable:
        parts.append(not_applicable(comparison))
    if comparison.fixed:
        parts.append(f"{len(comparison.fixed)} listed differences are gone (remove them with "
                     f"`{comparison.fix_command}`)")
    if comparison.unexplained:
        parts.append(f"{len(comparison.unexplained)} expectations lack a reason")
    if partial(comparison):
        parts.append(partial(comparison))
    text = "; ".join(parts)
    drift = view.environment_drift(comparison)
    return f"{text}\n{drift}" if drift else text


def not_applicable(comparison: Comparison) -> str:
    """``N not applicable (impl_detail 40, requires _testcapi 3)``: tests the target skipped as not for it."""
    marks: dict[str, int] = {}
    for diff in comparison.not_applicable:
        marks[diff.not_applicable] = marks.get(diff.not_applicable, 0) + 1
    detail = ", ".join(f"{mark} {n}" for mark, n in sorted(marks.items()))
    return (f"{len(comparison.not_applicable)} not applicable (the tests mark them not for this interpreter: "
            f"{detail}; not counted as differences)")


def partial(comparison: Comparison) -> str:
    """For a run of part of the panel: what part, and that only it was compared."""
    meta = comparison.meta
    if meta.get("scope") is None:
        return ""
    how = ", ".join(filter(None, [meta.get("selection"), meta.get("shard") and f"shard {meta['shard']}"]))
    count = len(meta["scope"])
    return f"partial run ({how}): only its {count} selected test{'s were' if count != 1 else ' was'} compared"
