"""The oracle: CPython's own runner (regrtest) over the interpreter's own test suite.

``python3.14 -m test -j2 --junit-xml FILE <units>`` run in place — the tests in their home,
Debian's libpython3.14-testsuite — is what importparity's ``cpython`` target must reproduce
test for test.  Used by the fidelity check and the speed benchmark.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from junitparser import JUnitXml, Skipped

from runner.execute import clean_env
from runner.results import Status

# regrtest's junit has no element for a pass or an expected failure; both count as "ok".
PASSED_OR_XFAIL = "passed"


def has_own_test_suite() -> bool:
    """This interpreter has CPython's test suite in its home (not the vendored copy) to compare with."""
    spec = importlib.util.find_spec("test.libregrtest")
    return spec is not None and "vendored_tests" not in (spec.origin or "")


def run_regrtest(units: list[str], python: str = sys.executable, workers: int = 2,
                 prefix: list[str] = ()) -> tuple[dict, float]:
    """Run regrtest in a temporary directory; return ({id: (outcome, reason)}, wall seconds).

    ``prefix`` runs it under another command (``setpriv`` dropping a capability, say).
    """
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "regrtest.xml"
        cmd = [*prefix, python, "-m", "test", f"-j{workers}", "--junit-xml", str(junit), *units]
        started = time.perf_counter()
        # As importparity's workers run: without the PYTHON* variables that change outcomes.
        env = {k: v for k, v in os.environ.items() if k not in clean_env.influential()}
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        if not junit.exists():
            raise RuntimeError(f"regrtest wrote no junit (exit {proc.returncode}): {(proc.stdout + proc.stderr)[-500:]}")
        return read_junit(junit), wall


def read_junit(path: Path) -> dict[str, tuple[str, str]]:
    """{test id: (outcome, skip reason)} from a regrtest junit file."""
    outcomes = {}
    for suite in JUnitXml.fromfile(str(path)):
        for case in suite:
            # A case without a name (regrtest's record of a unit that broke outside any test)
            # is named for its class, so it is reported rather than dropped.
            case.name = case.name or f"<unnamed case of {case.classname or suite.name}>"
            kinds = {type(r).__name__ for r in case.result}
            if "Skipped" in kinds:
                skipped = next(r for r in case.result if isinstance(r, Skipped))
                outcomes[case.name] = (Status.SKIPPED.value, skipped.message or skipped.text or "")
            elif "Failure" in kinds:
                outcomes[case.name] = (Status.FAILED.value, "")
            elif "Error" in kinds:
                outcomes[case.name] = (Status.ERROR.value, "")
            else:
                outcomes[case.name] = (PASSED_OR_XFAIL, "")
    return outcomes


def as_oracle(status: Status) -> str:
    """How regrtest's junit shows an importparity status."""
    if status in (Status.PASSED, Status.EXPECTED_FAILURE):
        return PASSED_OR_XFAIL
    if status in (Status.FAILED, Status.UNEXPECTED_SUCCESS):
        return Status.FAILED.value
    if status is Status.SKIPPED:
        return status.value
    return Status.ERROR.value


def differences(oracle: dict[str, tuple[str, str]], tests: dict) -> list[str]:
    """Lines naming each test where a run (``{id: Outcome}``) and the oracle disagree."""
    lines = []
    for test_id in sorted(oracle.keys() | tests.keys()):
        if test_id not in tests:
            lines.append(f"missing from run: {test_id} ({oracle[test_id][0]})")
            continue
        if test_id not in oracle:
            lines.append(f"not in regrtest: {test_id} ({tests[test_id].outcome})")
            continue
        mine = (as_oracle(tests[test_id].outcome), tests[test_id].reason if tests[test_id].outcome is Status.SKIPPED else "")
        if mine != oracle[test_id]:
            lines.append(f"differs: {test_id}: regrtest {oracle[test_id]} vs run {mine}")
    return lines
