"""`importparity gallery`: the panel against every gallery target, pyimport, the control and PyPy, on one page.

Each target runs as `importparity parity --target NAME --out DIR/NAME` would (its comparison
and reports in DIR/NAME/), then DIR/index.html shows them side by side (runner.report.matrix)
and DIR/summary.json keeps each target's counts.  A target that fails to build or run is
reported on one line and the others go on.  With several versions (``--python 3.11 3.13 3.14
3.15``) each version's gallery runs on its own interpreter into DIR/<X.Y>/, and DIR/index.html
puts the versions side by side (runner.report.versions).  On each version only the targets
that run on its panel run (``Target.runs_on``: a hook's ``pythons``; PyPy runs 3.11's panel
only); the others are named once, not run, and are no error.  A version whose targets all
run on interpreters of their own (PyPy's) runs beside the other versions, its output kept in
DIR/<X.Y>/gallery.log and shown when it ends: most of its time is PyPy's hanging REPL tests
waiting out their timeout with the CPU idle.  DIR/wall.json keeps each version's wall time
and the whole gallery's.

Exit statuses: 0 every target ran and all its differences are expected; 1 some target has an
unexpected difference, or the interpreter held a foreign file after the whole gallery (checked
once more at its end: runner/execute/guard.py); 2 bad input (an unknown target name, or targets
none of which runs on any version asked, before anything runs), or a target that could not be
run (after the others ran and the page was written).  A target left out on a version it is not
for counts for none.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path

import subprocess
import threading
import time

from runner import compare, panel, pipeline, pythons, targets
from runner.compare import baseline
from runner.execute import guard
from runner.pipeline import EXIT_BAD_INPUT, EXIT_DIFFERENCES, EXIT_OK
from runner.report import matrix, versions
from runner.report.versions import Time

# Run after the gallery's hooks, as references: our own import system and the control.
REFERENCES = ["pyimport", "cpython-source"]


def default_names() -> list[str]:
    """The gallery's hooks, the references, then other interpreters' own import systems (pypy)."""
    return [*targets.gallery_names(), *REFERENCES, *targets.interpreter_names()]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity gallery [--out DIR] [--targets NAME ...]``."""
    parser = subparsers.add_parser("gallery", help="run the panel against every gallery target; write a matrix page")
    pipeline.add_run_options(parser, target=False, python=False)
    pipeline.add_parity_options(parser)
    parser.add_argument("--python", nargs="+", default=[panel.VERSION], metavar="X.Y",
                        help=f"the Python versions to run the gallery on, each on its own panel (default "
                             f"{panel.VERSION}; panels: {', '.join(panel.versions())})")
    parser.add_argument("--targets", nargs="+", metavar="NAME",
                        help="only these targets (default: the gallery, then pyimport, cpython-source and pypy; "
                             "each runs on the versions it runs on)")
    parser.set_defaults(func=main, out="reports/gallery")


def version(meta: dict, target: str) -> str:
    """What a run tested: the hook's own distribution (its first requirement), or the interpreter."""
    if meta.get("target_interpreter"):  # another interpreter's own import system
        return meta.get("tests_implementation") or meta["target_interpreter"]
    distributions = {name.lower().replace("_", "-"): (name, v) for name, v in (meta.get("distributions") or {}).items()}
    for requirement in meta.get("requirements") or []:
        name = re.split(r"[=<>!~ \[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        if name in distributions:
            return " ".join(distributions[name])
    if distributions:  # a local or editable project: its name is not in the requirement
        return ", ".join(" ".join(d) for d in distributions.values())
    interpreter = meta.get("interpreter") or {}
    return f"CPython {interpreter.get('version', '?')}" if target in targets.TARGETS else ""


def _run_one(args: argparse.Namespace, name: str, out: Path) -> matrix.Column:
    """Run ``name`` into ``out/name``; a failure becomes the column's error, never an exception."""
    run_dir = out / name
    sub = argparse.Namespace(**{**vars(args), "target": name, "out": str(run_dir), "expectations_dir": None,
                                    "baseline_dir": None})
    print(f"== {name} ==", flush=True)
    started = time.monotonic()
    try:
        pipeline.parity(sub)
        comparison = compare.load(run_dir)
    except pipeline.BadInput as exc:
        return _failed(name, str(exc))
    except (targets.TargetError, *compare.INPUT_ERRORS) as exc:
        return _failed(name, str(exc))
    except Exception as exc:  # noqa: BLE001 -- one target's breakage must not lose the others
        return _failed(name, f"{type(exc).__name__}: {exc}")
    return matrix.Column(name, comparison, version=version(comparison.meta, name),
                         date=str(comparison.meta.get("started", ""))[:16].replace("T", " "),
                         report=f"{name}/report/index.html",
                         time=Time.of(comparison.meta, time.monotonic() - started))


def _failed(name: str, message: str) -> matrix.Column:
    message = " ".join(message.split())
    print(f"importparity gallery: {name} did not run: {message}", file=sys.stderr)
    return matrix.Column(name, error=message)


def summary(columns: list[matrix.Column]) -> str:
    """One line per target: differences, expected, unexpected, not applicable, version (the README's table)."""
    lines = [f"{'target':<22}{'differences':>12}{'expected':>10}{'unexpected':>12}{'n/a':>6}  version"]
    for c in columns:
        t = c.total
        counts = f"{t.differing:>12}{t.expected:>10}{t.unexpected:>12}{t.not_applicable:>6}" if t else f"{'did not run':>40}"
        lines.append(f"{c.name:<22}{counts}  {c.version}")
    return "\n".join(lines)


def timings(columns: list[matrix.Column]) -> str:
    """Where each target's time went: its panel run, the re-check on CPython, and the rest
    (its environment checked or built, its probe, the interpreter guard, the reports)."""
    lines = [f"{'target':<22}{'seconds':>9}{'panel':>8}{'re-check':>10}{'other':>8}"]
    for c in columns:
        if c.time:
            t = c.time
            lines.append(f"{c.name:<22}{t.seconds:>9.0f}{t.panel:>8.0f}{t.recheck:>10.0f}{t.other:>8.0f}")
    total = sum(c.time.seconds for c in columns if c.time)
    return "\n".join([*lines, f"{'all':<22}{total:>9.0f}"])


def _bad_input(message: str) -> int:
    print(f"importparity gallery: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def main(args: argparse.Namespace) -> int:
    pipeline.check_run_options(args)  # before any version runs: a bad value is one line, exit 2
    for version in args.python:
        try:
            pythons.check_version(version)
        except pythons.PythonError as exc:
            return _bad_input(str(exc))
    names = args.targets or default_names()
    for name in names:
        try:
            targets.get(name)
        except targets.TargetError as exc:
            return _bad_input(str(exc))
    plan = {version: [n for n in names if targets.get(n).runs_on(version)] for version in args.python}
    if not any(plan.values()):
        first = args.python[0]
        why = "; ".join(f"{n}: {targets.get(n).not_for(first)}" for n in names)
        return _bad_input(f"no target of the gallery runs on Python {', '.join(args.python)} ({why})")
    if args.python != [panel.VERSION]:
        return _across_versions(args, names, plan)
    if plan[panel.VERSION] != names:
        print(announce(panel.VERSION, names, plan[panel.VERSION]), flush=True)
    return _one_version(args, plan[panel.VERSION])


def announce(version: str, names: list[str], ran: list[str]) -> str:
    """``Python 3.11: pypy; not for 3.11: typeguard, …``: what runs on a version, and what is not for it."""
    others = [n for n in names if n not in ran]
    return f"Python {version}: {', '.join(ran) or 'none'}" + (f"; not for {version}: {', '.join(others)}" if others else "")


def _one_version(args: argparse.Namespace, names: list[str]) -> int:
    """This interpreter's gallery of ``names``, into ``args.out``: the matrix page and summary.json."""
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return _bad_input(f"--out {out} is a file; name a directory")
    # CPython's outcomes here, re-checked for one target's differences, serve every later target
    # (runner/pipeline.py's recheck_differences): they do not depend on the target.
    args.recheck_known = {}
    columns = [_run_one(args, name, out) for name in names]
    ran = [c for c in columns if c.comparison]
    try:
        base = baseline.load(sorted({u for c in ran for u in c.comparison.units}), baseline.BASELINE_DIR)
    except compare.INPUT_ERRORS as exc:
        return _bad_input(str(exc))
    page = out / "index.html"
    out.mkdir(parents=True, exist_ok=True)
    upstream = base.meta.get("upstream", "")
    page.write_text(matrix.render(base, columns, title=f"importparity gallery against CPython {upstream}",
                                  date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")))
    versions.write_summary(out, {c.name: _cell(c) for c in columns})
    print(summary(columns))
    print(timings(columns))
    print(f"wrote {page}")
    clean = interpreter_clean()
    if any(c.error for c in columns):
        return EXIT_BAD_INPUT
    return EXIT_OK if clean and all(c.ok for c in columns) else EXIT_DIFFERENCES


def interpreter_clean() -> bool:
    """After every target: nothing foreign in the base interpreter that all of them shared
    (each run's own check already removed and reported what it left; this says the whole
    gallery leaves the interpreter as it found it)."""
    try:
        watched, findings = guard.verify()
    except OSError as exc:
        print(f"importparity gallery: interpreter not checked after the gallery ({exc})", file=sys.stderr)
        return True
    for finding in findings:
        print(f"importparity gallery: {finding.line()}", file=sys.stderr)
    print(f"interpreter after the gallery: {len(findings)} foreign files of {watched} watched"
          + (" (removed; see above)" if findings else ""))
    return not findings


def _cell(column: matrix.Column) -> versions.Cell:
    total = column.total
    if total is None:
        return versions.Cell(error=column.error)
    comparison = column.comparison
    return versions.Cell(total.matching, total.expected, total.unexpected, total.not_applicable,
                         version=column.version, report=column.report, time=column.time,
                         baseline=str(comparison.baseline_meta.get("upstream", "")),
                         interpreter=str(comparison.meta.get("target_interpreter") or ""))


def _across_versions(args: argparse.Namespace, names: list[str], plan: dict[str, list[str]]) -> int:
    """Each version's gallery of the targets that run on it, on its own interpreter into ``out/<X.Y>/``,
    then the page across them (a version none of ``names`` runs on is left out)."""
    out = Path(args.out)
    statuses, walls = [], {}
    gallery_started = time.monotonic()
    beside = _beside(plan)
    running = {}
    for version in beside:  # started first, so that their waits overlap the other versions' work
        log = out / version / "gallery.log"
        print(f"=== {announce(version, names, plan[version])} (beside the other versions; its output: "
              f"{log}) ===", flush=True)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w") as sink:
            process = subprocess.Popen(_version_command(args, version, plan[version], out),
                                       stdout=sink, stderr=subprocess.STDOUT)
        running[version] = _Beside(process, time.monotonic())
    for version, ran in plan.items():
        if version in beside:
            continue
        print(f"=== {announce(version, names, ran)} ===", flush=True)
        if not ran:
            continue
        started = time.monotonic()
        statuses.append(subprocess.run(_version_command(args, version, ran, out)).returncode)
        walls[version] = time.monotonic() - started
    for version, beside_run in running.items():
        statuses.append(beside_run.wait())
        walls[version] = beside_run.seconds
        print(f"=== Python {version}, run beside the others ===\n"
              f"{(out / version / 'gallery.log').read_text(errors='replace').rstrip()}", flush=True)
    whole = time.monotonic() - gallery_started
    print("wall seconds: " + ", ".join(f"{v} {s:.0f}" for v, s in walls.items())
          + f"; the whole gallery {whole:.0f}" + (f" ({', '.join(beside)} beside the others)" if beside else ""))
    out.mkdir(parents=True, exist_ok=True)
    (out / WALL).write_text(json.dumps({"versions": {v: round(s, 1) for v, s in walls.items()},
                                        "whole": round(whole, 1), "beside": beside}, indent=1) + "\n")
    page = out / "index.html"
    shown = [v for v, ran in plan.items() if ran]
    page.write_text(versions.render(out, shown, title="importparity gallery across Python versions",
                                    date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                    order=names))
    print(f"wrote {page}")
    if any(s not in (EXIT_OK, EXIT_DIFFERENCES) for s in statuses):
        return EXIT_BAD_INPUT
    return EXIT_DIFFERENCES if EXIT_DIFFERENCES in statuses else EXIT_OK


# The gallery's wall times across versions: each version's and the whole gallery's (matrix_time.py).
WALL = "wall.json"


class _Beside:
    """A version's gallery running beside the others, and when it ended (a thread waits for it)."""

    def __init__(self, process, started: float):
        self.process, self.started, self.ended = process, started, None
        self.waiter = threading.Thread(target=self._wait, daemon=True)
        self.waiter.start()

    def _wait(self) -> None:
        self.process.wait()
        self.ended = time.monotonic()

    def wait(self) -> int:
        self.waiter.join()
        return self.process.returncode

    @property
    def seconds(self) -> float:
        return (self.ended or time.monotonic()) - self.started


def _beside(plan: dict[str, list[str]]) -> list[str]:
    """The versions to run beside the others: those whose every target has an interpreter of its own,
    when some other version runs too."""
    own = [v for v, ran in plan.items() if ran and all(targets.get(n).interpreter for n in ran)]
    return own if any(ran for v, ran in plan.items() if v not in own) else []


def _version_command(args: argparse.Namespace, version: str, ran: list[str], out: Path) -> list[str]:
    return [sys.executable, "-m", "runner", "gallery", "--python", version, "--out", str(out / version),
            "--targets", *ran, *_passed_on(args)]


def _passed_on(args: argparse.Namespace) -> list[str]:
    """The options of this gallery command that each version's gallery takes too (but its targets)."""
    passed = ["--rerun", str(args.rerun)]
    if args.timeout:
        passed += ["--timeout", str(args.timeout)]
    if args.workers:
        passed += ["--workers", str(args.workers)]
    if args.units:
        passed += ["--units", *args.units]
    for option in ("use", "memlimit"):
        if getattr(args, option):
            passed += [f"--{option}", getattr(args, option)]
    flags = {"--no-attribution": not args.attribution, "--no-recheck": not args.recheck,
             "--quiet": args.quiet, "--inherit-env": args.inherit_env}
    return passed + [flag for flag, on in flags.items() if on]
