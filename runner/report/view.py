"""What every report says the same way: the headline, frames and outcomes in words."""

from __future__ import annotations

from runner import panel
from runner.compare import Cluster, Comparison, Difference, Frame, recheck
from runner.compare.clusters import fold


def interpreter(meta: dict) -> str:
    """The interpreter a run or baseline names: its version and build."""
    value = meta.get("interpreter") or "?"
    if isinstance(value, dict):
        return " ".join(filter(None, [value.get("version"), f"({value['build']})" if value.get("build") else ""]))
    return str(value)


def interpreter_line(meta: dict) -> str:
    """``Interpreter 3.14.10 (…)``; for a target that is another interpreter's own import system, that
    interpreter first: ``Tests on PyPy 8.0.1 (Python 3.11.17), its own import system; runner 3.11.7 (…)``."""
    if meta.get("target_interpreter"):
        on = meta.get("tests_implementation") or meta["target_interpreter"]
        return f"Tests on {on}, its own import system; runner {interpreter(meta)}"
    return f"Interpreter {interpreter(meta)}"


def display_path(filename: str) -> str:
    """A filename relative to the project when it is inside it."""
    root = f"{panel.ROOT}/"
    return filename[len(root):] if filename.startswith(root) else filename


def expectations_file(comparison: Comparison) -> str:
    """The file a person edits to explain the run's target's known differences."""
    from runner.compare import expectations as target_expectations

    return display_path(target_expectations.shown_path(comparison.meta, comparison.target))


def frame(frame: Frame | None) -> str:
    if frame is None:
        return "no frame in the target's code"
    return f"{display_path(frame.filename)}:{frame.lineno} in {frame.name}"


def cause(cluster: Cluster) -> str:
    """``Type: message`` of a cluster, as one of its tests raised it (clusters.Cluster.headline)."""
    return cluster.headline


def change(diff: Difference) -> str:
    """``passed → failed``: CPython's outcome, then the target's."""
    return f"{diff.baseline_status if diff.baseline else 'absent'} → {diff.target_status}"


def environment_drift(comparison: Comparison) -> str:
    """One line on the re-check on CPython here: how many tests drifted and why; '' when never asked."""
    found = comparison.environment_drift
    if found is None:
        return ""
    if found.disabled:
        return "environment drift not checked (--no-recheck): a difference may be this machine's, not the target's"
    if not found.checked:
        return ""
    if not found.differences:
        return f"no environment drift ({len(found.checked)} differing tests re-run on CPython here)"
    causes: dict[str, int] = {}
    for d in found.differences:
        name = recheck.cause(d.baseline, d.target)
        causes[name] = causes.get(name, 0) + 1
    why = ", ".join(f"{name}: {n}" for name, n in sorted(causes.items(), key=lambda kv: -kv[1]))
    return (f"environment drift: CPython itself does {len(found.differences)} of the {len(found.checked)} differing "
            f"tests otherwise on this machine ({why}); compared with CPython here, not counted against the target")


def interpreter_findings(meta: dict) -> list[str]:
    """What the run left in the base interpreter (runner/execute/guard.py): one line per file."""
    lines = []
    for f in meta.get("interpreter_findings") or []:
        action = "removed" if f.get("repaired") else "found, not repaired"
        imports = f"; it imports {', '.join(f['imports'])}" if f.get("imports") else ""
        lines.append(f"{f.get('path')}: {f.get('why')}{imports} ({action})")
    return lines


def headline(comparison: Comparison, clusters: list[Cluster], message: bool = True) -> str:
    """The first thing a reader sees: how many differences, how many causes, where to start.

    Without ``message`` the first cause is named by its number and type only (the dashboard
    shows its message right below, in the list of causes).
    """
    total = comparison.total
    if not total.differing:
        return f"{comparison.target or 'The target'} matches CPython on all {total.tests} tests."
    text = (f"{total.differing} differences ({total.unexpected} unexpected, {total.expected} expected), "
            f"{len(clusters)} causes")
    top = clusters[0]
    where = f", {frame(top.cause.frame)}" if top.cause.frame else ""
    start = cause(top) if message else f"cause 1, {top.cause.type}"
    return f"{text}; start here: {start} ({len(top.differences)} differences{where})"


def skip_reasons(diff: Difference) -> str:
    """Both sides' skip reasons, for a skip mismatch."""
    base = diff.baseline.reason if diff.baseline else ""
    got = diff.target.reason if diff.target else ""
    return f"CPython: {base or '-'} / target: {got or '-'}"


def representative(cluster: Cluster) -> Difference:
    """The difference whose message and traceback stand for its cluster: the first with a traceback."""
    return cluster.representative


def own_message(diff: Difference, representative: Difference) -> str:
    """A test's message when it says more than its cluster's representative already does.

    A message that differs from the representative's only in what the cause folds (reprs,
    names, paths, numbers) says nothing more: it is not repeated for each test.
    """
    if diff.target is None or diff is representative:
        return ""
    shown = representative.target.reason if representative.target else ""
    return diff.target.reason if fold(diff.target.reason) != fold(shown) else ""


def traceback(text: str, lines: int = 40) -> str:
    """A traceback as reports show it: its last ``lines`` lines, paths inside the project made relative."""
    kept = text.rstrip().splitlines()
    if len(kept) > lines:
        kept = ["…", *kept[-lines:]]
    return "\n".join(kept).replace(f"{panel.ROOT}/", "")
