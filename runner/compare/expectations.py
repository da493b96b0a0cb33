"""Target expectations, the ratchet: each target's known differences from CPython, with reasons.

``expectations/targets/<target>.json`` lists, per test id, the outcome the target is known
to have (a status, or ``missing``) and a written reason.  It is read by the comparison and
written only by ``importparity expectations update RUN_DIR``, which keeps existing reasons
and gives new entries a placeholder that the reports flag until a human replaces it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from runner import panel
from runner.results import Status

TARGETS_DIR = panel.EXPECTATIONS / "targets"
# The outcome of a test the target's run does not have at all.
MISSING = "missing"
# The outcome of a test whose status is CPython's but which left the environment altered.
ENV_CHANGED = "env_changed"
OUTCOMES = frozenset(s.value for s in Status) | {MISSING, ENV_CHANGED}
PLACEHOLDER = "TODO: explain"


class ExpectationsError(Exception):
    """An expectations file that cannot be read; the message says how to mend it."""


@dataclass(frozen=True)
class Expectation:
    """One known difference: the target's outcome for a test, and why it differs."""

    id: str
    unit: str
    outcome: str
    reason: str = PLACEHOLDER

    @property
    def needs_reason(self) -> bool:
        return not self.reason.strip() or self.reason.strip().startswith("TODO")


@dataclass
class TargetExpectations:
    """A target's expectations file, as entries by test id."""

    target: str
    entries: dict[str, Expectation] = field(default_factory=dict)

    def sorted(self) -> list[Expectation]:
        return [self.entries[tid] for tid in sorted(self.entries)]

    def to_json(self) -> dict:
        return {
            "target": self.target,
            "tests": {e.id: {"unit": e.unit, "outcome": e.outcome, "reason": e.reason} for e in self.sorted()},
        }


def for_version(path: Path, version: str = panel.VERSION) -> Path:
    """A target's expectations on ``version``: ``NAME.json`` on 3.14 (the default), ``NAME.X.Y.json`` on X.Y.

    Each (target, Python version) pair has its own known differences, side by side.
    """
    if version == panel.DEFAULT_VERSION:
        return path
    return path.with_name(f"{path.name.removesuffix('.json')}.{version}.json")


def path_for(target: str, directory: Path | None = None, *, file: str | Path | None = None) -> Path:
    """The expectations file on this Python: a target file's own ``file``, else ``<target>.json`` in the directory."""
    if file is not None and directory is None:
        return for_version(Path(file))
    return for_version(Path(directory or TARGETS_DIR) / f"{target}.json")


def file_of_run(meta: dict) -> str | None:
    """The expectations file a run's target declared (a target file's), if any."""
    return meta.get("target_expectations")


def shown_path(meta: dict, target: str) -> str:
    """Where a run's target keeps its expectations, as the reports tell a person to edit it."""
    return file_of_run(meta) or str(for_version(Path("expectations/targets") / f"{target}.json",
                                                meta.get("python") or panel.VERSION))


def load(target: str, directory: Path | None = None, *, file: str | Path | None = None) -> TargetExpectations:
    """The target's expectations; a target without a file has none."""
    path = path_for(target, directory, file=file)
    try:
        data = json.loads(path.read_text())
        entries = {}
        for tid, entry in data["tests"].items():
            if entry["outcome"] not in OUTCOMES:
                raise ValueError(f"{tid}: unknown outcome {entry['outcome']!r}")
            entries[tid] = Expectation(tid, entry["unit"], entry["outcome"], entry.get("reason", ""))
    except FileNotFoundError:
        return TargetExpectations(target)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExpectationsError(
            f"expectations file {path} is corrupt ({exc!s:.100}); restore it with `git checkout -- {path}` "
            f"and rewrite it with `importparity expectations update RUN_DIR`") from None
    return TargetExpectations(data.get("target", target), entries)


def check_known(expectations: TargetExpectations, known: set[str], covered: set[str], run_dir: str) -> None:
    """Every entry names a test the panel has: a unit of the panel, and for ``covered`` units an id
    CPython's baseline or the run has.  Raises ExpectationsError naming the command that mends it."""
    units = {u.name for u in panel.current().units}
    unknown = sorted(e.id for e in expectations.entries.values()
                     if e.unit not in units or (e.unit in covered and e.id not in known))
    if unknown:
        more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
        raise ExpectationsError(
            f"expectations for {expectations.target} name tests the panel does not have ({unknown[0]}{more}); "
            f"rewrite them with `importparity expectations update {run_dir}`")


def save(expectations: TargetExpectations, directory: Path | None = None, *,
         file: str | Path | None = None) -> Path:
    path = path_for(expectations.target, directory, file=file)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(expectations.to_json(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text)
    tmp.replace(path)
    return path

