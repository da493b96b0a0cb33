"""Fidelity: on stock CPython, the cpython target reports what CPython's own runner reports, on every version.

Runs `python3.X -m test -j2 --junit-xml` over that interpreter's own test suite (the tests in
their home) and `importparity run --python X.Y --target cpython` over the vendored panel,
and compares them test for test: same ids, same outcome, same skip reasons.
"""

import pytest

from runner import oracle, panel, provision, results
from tests.runner.cli import importparity


@pytest.mark.skipif(not oracle.has_own_test_suite(), reason="the interpreter has no test suite of its own to compare with")
def test_cpython_target_matches_regrtest_test_for_test(tmp_path):
    units = [u.name for u in panel.UNITS]
    reference, _ = oracle.run_regrtest(units)
    out = tmp_path / "run"
    proc = importparity("run", "--target", "cpython", "--quiet", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    run = results.load(out)
    diffs = oracle.differences(reference, run.tests)
    print(f"fidelity: {len(run.tests)} tests, {len(diffs)} differences from regrtest")
    assert len(reference) > 1700
    assert diffs == []


@pytest.mark.parametrize("version", [v for v in panel.versions() if v != panel.VERSION])
def test_cpython_target_matches_regrtest_on_another_version(version, tmp_path):
    """On 3.11 the reference is pyenv's CPython 3.11.7 (its Lib/test is the 3.11 panel's source)."""
    try:
        python = provision.find_interpreter(version)
    except provision.ProvisionError as exc:
        pytest.skip(f"no CPython {version} here: {exc}")
    units = [u.name for u in panel.read_units(version)]
    reference, _ = oracle.run_regrtest(units, python=str(python))
    out = tmp_path / "run"
    proc = importparity("run", "--python", version, "--target", "cpython", "--quiet", "--out", str(out), timeout=900)
    assert proc.returncode == 0, proc.stderr
    run = results.load(out)
    assert run.meta["interpreter"]["version"].startswith(f"{version}.")
    diffs = oracle.differences(reference, run.tests)
    print(f"fidelity on {version}: {len(run.tests)} tests, {len(diffs)} differences from regrtest")
    assert len(reference) > 1500
    assert diffs == []

