"""Selection: which of the panel's tests a run runs — patterns, id files and last run's differences → ids.

Patterns follow regrtest's ``-m``/``-i`` (libregrtest/filter.py): a pattern with ``*``, ``?`` or
``[...]`` is an fnmatch glob that matches a whole test id or any one of its dotted components;
a plain name matches a whole id or any one component.  We widen one rule so that ids can be
written without their ``test.`` package: a plain dotted pattern (``test_pkg.TestPkg.test_3``)
matches any run of whole components (regrtest takes it only as a full id), and a dotted glob
also matches any dotted tail of an id.  As in regrtest, later patterns win over earlier ones,
and a test no pattern matches is kept only when the first pattern is an ``--ignore``.

The panel's ids are read from CPython's baseline; each job is given the ids it must run
(``Job.only``), and the run records them as its *scope*, so that the comparison looks only at
the tests that ran.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from runner.compare import baseline as baseline_mod
from runner.execute.jobs import Job, children_of

_GLOB = re.compile(r"[?*\[\]]")
_LOADER_IDS = re.compile(r"^unittest\.loader\.(?:ModuleSkipped|_FailedTest)\.")


class SelectionError(ValueError):
    """A pattern that matches nothing, an unknown test id, or an unreadable id file."""


def _components(test_id: str) -> list[str]:
    return test_id.split(".")


def _runs(parts: list[str]) -> set[str]:
    """Every run of whole dotted components of an id."""
    return {".".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}


def matcher(pattern: str):
    """A predicate on test ids for one pattern."""
    if not _GLOB.search(pattern):
        return lambda test_id: test_id == pattern or pattern in _runs(_components(test_id))
    regex = re.compile(fnmatch.translate(pattern)).match

    def match(test_id: str) -> bool:
        parts = _components(test_id)
        tails = (".".join(parts[i:]) for i in range(len(parts)))
        return any(map(regex, tails)) or any(map(regex, parts))
    return match


@dataclass
class Selection:
    """What the user asked for: ordered (pattern, keep) pairs and explicit ids."""

    patterns: list[tuple[str, bool]] = field(default_factory=list)
    ids: list[str] | None = None  # --tests-from and --differing: exact ids
    sources: list[str] = field(default_factory=list)  # how it was asked, for the reports

    @property
    def empty(self) -> bool:
        return not self.patterns and self.ids is None

    def describe(self) -> str:
        return " ".join(self.sources)

    def apply(self, panel_ids: list[str]) -> list[str]:
        """The ids of ``panel_ids`` selected, in their order; raises SelectionError."""
        chosen = list(panel_ids)
        if self.ids is not None:
            known = set(panel_ids)
            unknown = [tid for tid in self.ids if tid not in known]
            if unknown:
                raise SelectionError(f"unknown test id {unknown[0]}"
                                     f"{f' (and {len(unknown) - 1} more)' if len(unknown) > 1 else ''}; "
                                     f"ids look like test.test_pkg.TestPkg.test_1 (see expectations/baseline/)")
            wanted = set(self.ids)
            chosen = [tid for tid in chosen if tid in wanted]
        if self.patterns:
            compiled = [(matcher(p), keep, p) for p, keep in self.patterns]
            for test_fn, keep, pattern in compiled:
                if keep and not any(map(test_fn, chosen)):
                    raise SelectionError(f"pattern {pattern!r} matches no test of the units asked for; "
                                         f"patterns match test ids or their dotted parts, with * globs")
            chosen = [tid for tid in chosen if _kept(tid, compiled)]
        if not chosen:
            raise SelectionError(f"the selection ({self.describe()}) leaves no test to run")
        return chosen


def _kept(test_id: str, compiled) -> bool:
    for test_fn, keep, _ in reversed(compiled):
        if test_fn(test_id):
            return keep
    return not compiled[0][1]


def read_ids(path: Path) -> list[str]:
    """Test ids one a line; blank lines and lines starting with # are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SelectionError(f"cannot read --tests-from {path} ({exc.__class__.__name__}); "
                             f"give a text file with one test id a line") from None
    ids = [line.strip() for line in text.splitlines()]
    ids = [tid for tid in ids if tid and not tid.startswith("#")]
    if not ids:
        raise SelectionError(f"--tests-from {path} lists no test id")
    return ids


def panel_ids(units: list[str]) -> list[str]:
    """The tests of ``units`` as CPython's baseline knows them, sorted."""
    return sorted(baseline_mod.load(units).tests)


def job_for(test_id: str, jobs: list[Job]) -> Job | None:
    """The job that collects ``test_id``: its unit's job, or the shard holding its child (the
    package's module or folder, or the module's class, that the id names next)."""
    # unittest names a module that skipped itself, or failed to import, after the module.
    test_id = _LOADER_IDS.sub("", test_id)
    unit_jobs = [j for j in jobs if test_id.startswith(f"{j.module}.")]
    if not unit_jobs:
        return None
    if unit_jobs[0].children is None:
        return unit_jobs[0]
    child = test_id[len(unit_jobs[0].module) + 1:].split(".")[0]
    for job in unit_jobs:
        if any(name == child or name == f"{child}.py" for name in job.children or ()):
            return job
    # Not under any child: a TestCase of the package itself (or a test of a module's that no
    # top-level class holds), which shard 0 runs.
    if child in _children(unit_jobs[0].unit):
        return None  # a child another shard runs
    return next((j for j in unit_jobs if j.shard == 0), None)


@functools.lru_cache(maxsize=None)
def _children(unit: str) -> frozenset[str]:
    from runner import panel

    return frozenset(name.removesuffix(".py") for name in children_of(panel.current().path_of(panel.units([unit])[0])))


def restrict_jobs(jobs: list[Job], ids: list[str]) -> list[Job]:
    """The jobs that hold some of ``ids``, each told to run only those."""
    wanted: dict[Job, list[str]] = {}
    for tid in ids:
        job = job_for(tid, jobs)
        if job is not None:
            wanted.setdefault(job, []).append(tid)
    return [replace(job, only=tuple(wanted[job])) for job in jobs if job in wanted]


class _Match(argparse.Action):
    """-k/--match and --ignore append (pattern, keep) in command-line order: later ones win."""

    keep = True

    def __call__(self, parser, namespace, value, option_string=None):
        namespace.patterns = [*(getattr(namespace, "patterns", None) or []), (value, self.keep)]


class _Ignore(_Match):
    keep = False


def add_options(parser) -> None:
    """The selection options of `run` and `parity`."""
    group = parser.add_argument_group("selection (regrtest's -m/-i matching on test ids)")
    group.add_argument("-k", "--match", dest="patterns", action=_Match, metavar="PATTERN", default=[],
                       help="run only tests whose id or a dotted part of it matches (repeatable, * globs)")
    group.add_argument("--ignore", dest="patterns", action=_Ignore, metavar="PATTERN",
                       help="skip tests matching PATTERN (repeatable; later patterns win)")
    group.add_argument("--tests-from", type=Path, metavar="FILE", help="run only the test ids in FILE, one a line")
    group.add_argument("--differing", action="store_true",
                       help="run only the tests that differed from CPython in the last run in --out")


def from_args(args) -> Selection:
    """The Selection the command line asks for (ids of --differing are read from --out)."""
    patterns = list(getattr(args, "patterns", None) or [])
    sources = [f"{'-k' if keep else '--ignore'} {p}" for p, keep in patterns]
    ids = None
    if getattr(args, "tests_from", None) is not None:
        ids = read_ids(args.tests_from)
        sources.append(f"--tests-from {args.tests_from}")
    if getattr(args, "differing", False):
        differing = last_differing(Path(args.out))
        ids = differing if ids is None else [tid for tid in ids if tid in set(differing)]
        sources.append("--differing")
    return Selection(patterns, ids, sources)


def last_differing(out: Path) -> list[str]:
    """The tests of the baseline that differed from CPython in the run kept in ``out``."""
    from runner import compare

    try:
        comparison = compare.load(out)
    except compare.INPUT_ERRORS as exc:
        raise SelectionError(f"--differing needs a previous run in --out {out}: {exc}") from None
    ids = [d.id for d in comparison.differences if d.kind is not compare.Kind.EXTRA]
    if not ids:
        raise SelectionError(f"the last run in {out} ({comparison.meta.get('target', '?')}) has no difference "
                             f"from CPython; nothing to rerun")
    return ids


def choose(selection: Selection, units: list[str], jobs: list[Job]) -> tuple[list[Job], list[str]]:
    """The jobs to run, each with ``only`` set, and the selected ids (the run's scope)."""
    ids = selection.apply(panel_ids(units))
    return restrict_jobs(jobs, ids), ids


def plan_run(args, units, out: Path) -> tuple[list[Job], dict]:
    """The jobs a run of ``units`` runs — costed, selected, sharded — and what its meta records.

    Raises SelectionError, ShardError or a baseline error for the command to report.
    """
    from runner import shard as shard_mod
    from runner.execute import costs as costs_mod

    table = costs_mod.load(out)
    jobs = costs_mod.plan(units, table)
    selection = from_args(args)
    meta: dict = {}
    scope = None
    if not selection.empty:
        jobs, scope = choose(selection, [u.name for u in units], jobs)
        meta["selection"] = selection.describe()
    if getattr(args, "shard", None):
        shard = shard_mod.parse(args.shard)
        jobs = shard_mod.pick(jobs, shard, table)
        meta["shard"] = str(shard)
        ids = scope if scope is not None else panel_ids([u.name for u in units])
        scope = [tid for tid in ids if job_for(tid, jobs) is not None]
    if scope is not None:
        meta["scope"] = scope
        meta["units"] = [u.name for u in units if any(j.unit == u.name for j in jobs)]
    return jobs, meta
