"""Synthetic runs for the comparison and report tests: a baseline and a target made to differ."""

from __future__ import annotations

from pathlib import Path

from runner import results, targetcode
from runner.compare import baseline
from runner.targets import Target
from runner.results import Outcome, Run, Status, UnitRun

ROOT = Path(__file__).resolve().parents[2]
TARGET_FILE = f"{ROOT}/pyimport/_core.py"
INTERPRETER = {"version": "3.14.10", "build": "main Nov 2 2025", "compiler": "GCC 15.2.0"}
# What the tests' "pyimport" target counts as its code: the files under pyimport/.
TARGET = Target(name="pyimport", description="files under pyimport/, for the tests", install=lambda: None,
                probe=lambda: "", is_target_code=targetcode.code_predicate([f"{ROOT}/pyimport/"]))


def outcome(tid: str, status: str = "passed", reason: str = "", traceback: str = "",
            exercised: bool | None = None, unit: str | None = None) -> Outcome:
    """An Outcome whose unit is read from ids shaped ``test.<unit>.Class.test``."""
    return Outcome(tid, unit or tid.split(".")[1], Status(status), reason, 0.01, traceback, exercised)


def make_run(*outcomes: Outcome, target: str = "pyimport", **meta) -> Run:
    run = Run(meta={"target": target, "interpreter": INTERPRETER, "started": "2025-11-21T05:00:00+00:00",
                    "upstream": "3.14.10", **meta})
    for o in outcomes:
        run.tests[o.id] = o
        run.units.setdefault(o.unit, UnitRun())
    return run


def traceback(exc: str, *frames: tuple[str, int, str]) -> str:
    """A Python traceback text with ``frames`` (file, line, function), innermost last."""
    lines = ["Traceback (most recent call last):"]
    for file, line, name in frames:
        lines += [f'  File "{file}", line {line}, in {name}', "    some_code()", "    ~~~~~~~~~^^"]
    return "\n".join(lines + [exc]) + "\n"


def in_test(name: str = "test_it") -> tuple[str, int, str]:
    return (f"{ROOT}/vendored_tests/3.14/test/test_import/__init__.py", 120, name)


def write(run: Run, run_dir: Path, baseline_run: Run | None = None, baseline_dir: Path | None = None) -> Path:
    """Save ``run`` as a run directory (and ``baseline_run`` as baseline files); return run_dir."""
    results.save(run, run_dir)
    if baseline_run is not None:
        baseline.record(baseline_run, baseline_dir)
    return run_dir


def crash_dump(frame_file: str = TARGET_FILE) -> str:
    return ("Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f12 (most recent call first):\n"
            f'  File "{frame_file}", line 300 in exec_module\n  File "{ROOT}/vendored_tests/3.14/test/x.py", line 9 in t\n')


class Injected:
    """A panel of three units, and a target made to fail some of its tests on purpose.

    The attribute names say what was injected; ``expectations`` lists the AttributeError
    cluster (so those three are expected) and one test that has since been fixed.
    """

    attribute_errors = [f"test.test_import.T.test_{i}" for i in (1, 2, 3)]
    import_errors = ["test.test_pkg.T.test_1", "test.test_pkg.T.test_2"]
    crashed = "test.test_import.T.test_4"
    skipped = "test.test_zipimport.Z.test_1"
    fails_where_cpython_skips = "test.test_zipimport.Z.test_4"
    missing = "test.test_pkg.T.test_3"
    extra = "test.test_pkg.T.test_extra"
    fixed = "test.test_pkg.T.test_0"
    unexercised = ["test.test_zipimport.Z.test_0", "test.test_zipimport.Z.test_2"]

    def __init__(self) -> None:
        ids = ([f"test.test_import.T.test_{i}" for i in range(10)] + [f"test.test_pkg.T.test_{i}" for i in range(5)]
               + [f"test.test_zipimport.Z.test_{i}" for i in range(5)])
        skip = {self.fails_where_cpython_skips: "requires zlib"}
        self.baseline = make_run(*(outcome(t, "skipped" if t in skip else "passed", skip.get(t, "")) for t in ids))
        got = {t: outcome(t, "skipped" if t in skip else "passed", skip.get(t, ""),
                          exercised=t not in self.unexercised) for t in ids}
        for n, t in enumerate(self.attribute_errors):
            got[t] = outcome(t, "failed", exercised=True, traceback=traceback(
                f"AttributeError: module 'mod{n}' has no attribute '_spec'", in_test(), (TARGET_FILE, 42, "find_spec")))
        for n, t in enumerate(self.import_errors):
            got[t] = outcome(t, "error", exercised=True, traceback=traceback(
                f"ModuleNotFoundError: No module named 'pkg.sub{n}'", in_test(),
                (f"{ROOT}/pyimport/_path.py", 7, "_find"), (f"{ROOT}/vendored_tests/3.14/test/support/h.py", 3, "h")))
        got[self.crashed] = outcome(self.crashed, "crashed", exercised=True, traceback=crash_dump())
        got[self.skipped] = outcome(self.skipped, "skipped", "not supported by pyimport", exercised=True)
        got[self.fails_where_cpython_skips] = outcome(self.fails_where_cpython_skips, "failed", exercised=True,
                                                      traceback=traceback("AssertionError: 1 != 2", in_test()))
        del got[self.missing]
        got[self.extra] = outcome(self.extra, exercised=True)
        self.run = make_run(*got.values())
        from runner.compare.expectations import Expectation, TargetExpectations
        self.expectations = TargetExpectations("pyimport", {
            t: Expectation(t, "test_import", "failed", "module attributes not set yet") for t in self.attribute_errors
        } | {self.fixed: Expectation(self.fixed, "test_pkg", "error", "was broken")})

    @property
    def unexpected(self) -> list[str]:
        return [*self.import_errors, self.crashed, self.skipped, self.fails_where_cpython_skips, self.missing,
                self.extra]


WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee").split()


def many_differences(clusters: int = 25, total: int = 300, vary: bool = False) -> tuple[Run, Run]:
    """(baseline, run) with ``total`` regressions in ``clusters`` causes of falling sizes.

    Real test ids (so each resolves to its line in vendored_tests/), long messages and deep
    tracebacks, as a third-party import hook's run shows them.  With ``vary``, each test's
    message names its own object repr, temporary path and count, as real runs' messages do.
    """
    ids = sorted(baseline.load(["test_importlib"]).tests)[:total]
    sizes = [total // clusters] * clusters
    sizes[0] += total - sum(sizes)
    for i in range(clusters // 2):  # largest first: move tests from the tail to the head
        sizes[i] += (clusters // 2 - i) // 2
        sizes[-1 - i] -= (clusters // 2 - i) // 2
    base = make_run(*(outcome(t) for t in ids))
    got, start = [], 0
    for n, size in enumerate(sizes):
        word = WORDS[n]
        message = (f"ImportError: the {word} hook refused the module because its loader "
                   + f"could not satisfy the {word} policy; " * 8).strip()
        frames = [in_test()] + [(f"{ROOT}/vendored_tests/3.14/test/test_importlib/util.py", 10 + k, f"helper{k}")
                                for k in range(12)] + [(TARGET_FILE, 42 + n, f"find_spec_{word}")]
        for k, tid in enumerate(ids[start:start + size]):
            text = message
            if vary:
                text = (f"{message} <{word}.Loader object at 0x7f{k:08x}> from '/tmp/tmp{k}x{n}q/{word}.py' "
                        f"after {k + 3} attempts")
            got.append(outcome(tid, "error", exercised=True, traceback=traceback(text, *frames),
                               reason=text.partition(": ")[2] if vary else ""))
        start += size
    return base, make_run(*got)
