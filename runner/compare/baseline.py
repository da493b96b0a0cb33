"""The CPython baseline: CPython's own outcomes, one file per unit in expectations/baseline/<X.Y>/.

Written from a run of the ``cpython`` target by ``importparity baseline``; read by the
comparison.  Files are sorted JSON, one test per entry, so a re-record shows a reviewable diff.
"""

from __future__ import annotations

import json
from pathlib import Path

from runner import panel
from runner.results import Outcome, Run, Status

# CPython's outcomes on this interpreter's version, recorded from its panel.
BASELINE_DIR = panel.EXPECTATIONS / "baseline" / panel.VERSION
# Metadata that says which interpreter and panel the baseline was recorded from.
META_KEYS = ("interpreter", "platform", "manifest", "upstream", "target", "started", "regrtest_options")


class BaselineError(Exception):
    """A baseline file that is missing or unreadable; the message says how to re-record."""


def path_for(unit: str, directory: Path = BASELINE_DIR) -> Path:
    return directory / f"{unit}.json"


def record(run: Run, directory: Path = BASELINE_DIR) -> list[Path]:
    """Write one baseline file per unit in ``run``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    meta = {k: run.meta[k] for k in META_KEYS if k in run.meta}
    if "interpreter" in meta:  # where it was installed says nothing about CPython's outcomes
        meta["interpreter"] = {k: v for k, v in meta["interpreter"].items() if k != "executable"}
    written = []
    for unit, outcomes in sorted(run.by_unit().items()):
        tests = {}
        for o in sorted(outcomes, key=lambda o: o.id):
            entry = {"outcome": o.outcome.value}
            if o.reason and o.outcome is Status.SKIPPED:
                entry["reason"] = o.reason
            if o.env_changed:  # none on this panel today; recorded so a target is not blamed for it
                entry["env_changed"] = o.env_changed
            tests[o.id] = entry
        path = path_for(unit, directory)
        path.write_text(_dumps(unit, meta, tests))
        written.append(path)
    return written


def _dumps(unit: str, meta: dict, tests: dict) -> str:
    """JSON with one line per test, so a re-record's diff shows exactly the tests that moved."""
    lines = ["{", f' "unit": {json.dumps(unit)},', f' "meta": {json.dumps(meta, sort_keys=True)},', ' "tests": {']
    entries = [f"  {json.dumps(tid, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
               for tid, entry in tests.items()]
    lines.append(",\n".join(entries))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def directory_of(version: str) -> Path:
    """Where CPython X.Y's baseline lives."""
    return panel.EXPECTATIONS / "baseline" / version


def load(units: list[str], directory: Path = BASELINE_DIR, *, version: str | None = None) -> Run:
    """The baseline for ``units`` as a Run (tests only; meta from the first file).

    With ``version``, the baseline of that Python version's panel (default: this interpreter's).
    """
    directory = directory_of(version) if version else directory
    run = Run(meta={})
    for unit in units:
        path = path_for(unit, directory)
        try:
            data = json.loads(path.read_text())
            tests = data["tests"]
            for test_id, entry in tests.items():
                run.tests[test_id] = Outcome(test_id, unit, Status(entry["outcome"]), entry.get("reason", ""),
                                             env_changed=entry.get("env_changed", ""))
        except FileNotFoundError:
            raise BaselineError(f"no baseline for {unit} ({path}); record one with "
                                f"`importparity baseline --python {panel.VERSION}`") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BaselineError(f"baseline {path} is corrupt ({exc!s:.80}); re-record with `tox -e baseline` "
                                f"or restore it with `git checkout -- {path}`") from None
        _check_panel(path, data.get("meta", {}), version)
        run.meta = run.meta or data.get("meta", {})
    return run


def _check_panel(path: Path, meta: dict, version: str | None = None) -> None:
    """A baseline recorded from another version of the vendored panel describes other tests."""
    from runner import vendor

    recorded = meta.get("manifest")
    if panel.current() is not panel.VENDORED_PANEL or not recorded or recorded == vendor.manifest_hash(version):
        return
    version = version or panel.VERSION
    raise BaselineError(f"baseline {path} was recorded for another version of the panel (manifest "
                        f"{recorded[:12]}…, vendored_tests/{version}/ is {vendor.manifest_hash(version)[:12]}…); "
                        f"re-record it with `importparity baseline --python {version}`")
