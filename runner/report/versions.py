"""The gallery across Python versions: targets as rows, versions as columns, one page.

Each version's gallery runs on its own interpreter and writes ``DIR/<X.Y>/summary.json``
(each target's counts, version and error) beside its own matrix page; this page reads those
and puts a target's cells side by side, so what a release changed for it reads across a row.
A target that is another interpreter's own import system (PyPy) has a cell only in the
column of the panel it runs (3.11), compared with that panel's CPython baseline; its tests
the panel marks CPython-only are counted as not applicable, apart from the three counts.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from runner.report import html

SUMMARY = "summary.json"


@dataclass
class Time:
    """Where one target's wall time went on one version, in seconds."""

    seconds: float = 0.0  # all of it: environment, probe, panel, re-check, reports
    panel: float = 0.0  # the panel's run
    recheck: float = 0.0  # the differing tests re-run on stock CPython

    @property
    def other(self) -> float:
        """Environment checked or built, probe, interpreter guard, reports."""
        return max(0.0, self.seconds - self.panel - self.recheck)

    @classmethod
    def of(cls, meta: dict, seconds: float) -> "Time":
        """From a run's meta (its start and end, its re-check) and the whole command's wall time."""
        try:
            panel = (datetime.datetime.fromisoformat(meta["ended"])
                     - datetime.datetime.fromisoformat(meta["started"])).total_seconds()
        except (KeyError, TypeError, ValueError):
            panel = 0.0
        recheck = (meta.get("recheck") or {}).get("seconds") or 0.0
        return cls(round(seconds, 1), round(panel, 1), round(recheck, 1))


@dataclass
class Cell:
    """One target on one version: its counts, or why it has none."""

    matching: int = 0
    expected: int = 0
    unexpected: int = 0
    not_applicable: int = 0
    version: str = ""  # what was tested: the hook's distribution, or the interpreter
    error: str = ""
    report: str = ""  # the target's dashboard, relative to the page
    time: Time | None = None
    baseline: str = ""  # the CPython release whose outcomes it was compared with ("3.11.7")
    interpreter: str = ""  # the interpreter its tests ran on, when not CPython ("pypy3.11"): its own import system


def write_summary(directory: Path, cells: dict[str, Cell]) -> Path:
    """``summary.json`` of one version's gallery: {target: Cell}."""
    path = directory / SUMMARY
    path.write_text(json.dumps({name: asdict(cell) for name, cell in cells.items()}, indent=1) + "\n")
    return path


def read_summary(directory: Path) -> dict[str, Cell]:
    """A version's gallery summary; {} when the version's gallery wrote none (it failed early)."""
    try:
        data = json.loads((directory / SUMMARY).read_text())
        return {name: Cell(**{**cell, "time": Time(**cell["time"]) if cell.get("time") else None})
                for name, cell in data.items()}
    except (OSError, ValueError, TypeError):
        return {}


def render(out: Path, versions: list[str], *, title: str, date: str, order: list[str] = ()) -> str:
    """The page over ``out/<X.Y>/summary.json`` for each version; a target a version lacks is blank.

    Rows follow ``order`` (the gallery's), then any other target in the order the versions name them.
    """
    summaries = {v: read_summary(out / v) for v in versions}
    named = [t for summary in summaries.values() for t in summary]
    targets = list(dict.fromkeys([*(t for t in order if t in named), *named]))
    for version, summary in summaries.items():
        for cell in summary.values():
            cell.report = f"{version}/{cell.report}" if cell.report else ""
    baselines = {v: sorted({c.baseline for c in s.values() if c.baseline}) for v, s in summaries.items()}
    interpreters = {t: next((s[t].interpreter for s in summaries.values() if t in s and s[t].interpreter), "")
                    for t in targets}
    return html.page("versions.html.j2", "versions.js", title=title, date=date, versions=versions,
                     targets=targets, summaries=summaries, baselines=baselines, interpreters=interpreters)
