"""summary.md: the comparison as Markdown for a CI job summary (GitHub renders its HTML)."""

from __future__ import annotations

import html
import re

from runner import sourceline
from runner.compare import Cluster, Comparison, Kind, recheck
from runner.report import view
from runner.report.table import COLUMNS, exercised_parity, partial

# Per cluster and per list, the tests named; the rest are counted (diff.json has them all).
LISTED = 10
LISTED_IDS = 50
TRACEBACK_LINES = 40
_MARKUP = re.compile(r"([\\`*_\[\]#+|~])|^(-)")


def md(text: str) -> str:
    """Text from a test, made inert: HTML escaped, Markdown punctuation backslashed, one line."""
    return _MARKUP.sub(r"\\\1\2", html.escape(" ".join(str(text).split()), quote=False))


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(comparison: Comparison) -> list[str]:
    lines = [_row(COLUMNS), _row(["---"] * 2 + ["---:"] * (len(COLUMNS) - 2))]
    for row in [*comparison.rows, comparison.total]:
        lines.append(_row([md(row.unit), md(row.status), str(row.tests), str(row.matching), str(row.differing),
                           str(row.expected), str(row.unexpected), str(row.fixed), exercised_parity(row)]))
    return lines


def _clusters(clusters: list[Cluster]) -> list[str]:
    """Each cause once: its headline, then its message and traceback and its tests, folded."""
    lines = ["", "### Differences by cause", ""]
    for n, cluster in enumerate(clusters, 1):
        lines.append(f"{n}. **{len(cluster.differences)}** × {md(view.cause(cluster))} "
                     f"— {md(view.frame(cluster.cause.frame))} ({cluster.unexpected} unexpected)")
        first = view.representative(cluster)
        if first.target is not None and first.target.traceback:
            lines += ["", "<details><summary>message and traceback</summary>", "", _pre(first.target.traceback),
                      "", "</details>"]
        lines += ["", f"<details><summary>{len(cluster.differences)} tests</summary>", ""]
        lines += [f"- {_test(diff)}" for diff in cluster.differences[:LISTED]]
        if len(cluster.differences) > LISTED:
            lines.append(f"- … and {len(cluster.differences) - LISTED} more (all in diff.json and index.html)")
        lines += ["", "</details>", ""]
    return lines


def _test(diff) -> str:
    note = "expected" if diff.expected else "**unexpected**"
    detail = f"; {md(view.skip_reasons(diff))}" if diff.kind is Kind.SKIP_MISMATCH else ""
    where = sourceline.label(diff.id)
    return f"{md(diff.id)}: {md(diff.kind)}, {md(view.change(diff))}, {note}{detail}" + (f" ({md(where)})" if where else "")


def _pre(text: str) -> str:
    """A traceback as one HTML block: escaped, its tail only, no blank line to end the block early."""
    lines = text.rstrip().splitlines()
    if len(lines) > TRACEBACK_LINES:
        lines = ["…", *lines[-TRACEBACK_LINES:]]
    return "<pre>" + "\n".join(html.escape(line, quote=False) or "&nbsp;" for line in lines) + "</pre>"


def _listing(title: str, intro: str, ids: list[str], folded: bool = False) -> list[str]:
    if not ids:
        return []
    items = [f"- {md(tid)}" for tid in ids[:LISTED_IDS]]
    if len(ids) > LISTED_IDS:
        items.append(f"- … and {len(ids) - LISTED_IDS} more (all in diff.json and index.html)")
    if folded:
        return ["", f"<details><summary>{title} ({len(ids)})</summary>", "", intro, "", *items, "", "</details>"]
    return ["", f"### {title} ({len(ids)})", "", intro, "", *items]


def _drift(comparison: Comparison) -> list[str]:
    """Interpreter drift: CPython's outcomes here against the committed baseline's, not the target's doing."""
    drift = comparison.drift
    if drift is None:
        return []
    intro = (f"This interpreter ({md(view.interpreter(comparison.baseline_meta))}) is not the one the committed "
             f"baseline was recorded on ({md(view.interpreter(drift.committed_meta))}): CPython's outcomes were "
             "recorded here first and the target compared with those. CPython itself does these tests "
             "differently here (committed → here); none of them is counted against the target.")
    items = [f"{d.id}: {view.change(d)}" for d in drift.differences]
    return _listing("Interpreter drift", intro, items) or ["", "### Interpreter drift (0)", "", intro]


def _environment_drift(comparison: Comparison) -> list[str]:
    """Tests CPython itself does otherwise on this machine than in the baseline: the machine's, not the target's."""
    line = view.environment_drift(comparison)
    found = comparison.environment_drift
    if not line or found is None or not found.differences:
        return ["", f"*{md(line)}.*"] if line else []
    items = [f"{d.id}: {view.change(d)} ({recheck.cause(d.baseline, d.target)})" for d in found.differences]
    return _listing("Environment drift", md(line) + " (baseline → CPython here, likely cause):", items)


def _interpreter_findings(comparison: Comparison) -> list[str]:
    """Files this run left in the base interpreter, which every target's environment shares."""
    return _listing("Left in the interpreter", "The target's run wrote these into the base interpreter that "
                    "every target's environment shares; each was removed (runner/execute/guard.py).",
                    view.interpreter_findings(comparison.meta))


def _env_changed(comparison: Comparison) -> list[str]:
    """Tests that left the environment altered, with what they changed (regrtest's ENV_CHANGED)."""
    return _listing("Altered environment", "These tests left sys.path, sys.meta_path, sys.path_hooks, planted "
                    "sys.modules entries, the working directory or os.environ changed.",
                    [f"{o.id} ({o.outcome}): {o.env_changed}" for o in comparison.env_changed])


def render(comparison: Comparison, clusters: list[Cluster]) -> str:
    meta = comparison.meta
    lines = [f"## importparity: {md(comparison.target)} against CPython {md(comparison.baseline_meta.get('upstream', ''))}",
             "", f"**{md(view.headline(comparison, clusters))}**", "",
             f"{md(view.interpreter_line(meta))}, run started {md(meta.get('started', '?'))}.", "",
             *([f"*{md(partial(comparison))}.*", ""] if partial(comparison) else []),
             *_table(comparison)]
    if clusters:
        lines += _clusters(clusters)
    lines += _listing("Fixed expectations", f"These now match CPython; remove them with "
                      f"`{comparison.fix_command}`.", [e.id for e in comparison.fixed])
    lines += _listing("Expectations lacking a reason", "Replace the placeholder reason in "
                      f"{md(view.expectations_file(comparison))}.", [e.id for e in comparison.unexplained])
    if comparison.newly_differing is not None:
        lines += _listing("Newly differing", "Differ now, matched in the previous run.", comparison.newly_differing)
        lines += _listing("Newly matching", "Match now, differed in the previous run.", comparison.newly_matching)
    lines += _drift(comparison)
    lines += _environment_drift(comparison)
    lines += _interpreter_findings(comparison)
    lines += _env_changed(comparison)
    lines += _listing("Flaky", "These differed, then changed status when rerun (statuses seen in diff.json); "
                      "they are not counted as differences.",
                      [f"{d.id} ({', '.join([d.target.outcome.value, *d.target.reruns])})" for d in comparison.flaky])
    lines += _listing("Not applicable", "The target skipped these because the tests mark them as not for its "
                      "interpreter (@cpython_only, @impl_detail, a CPython test module it lacks); they are not "
                      "counted as differences.",
                      [f"{d.id} ({d.not_applicable}): {d.target.reason}" for d in comparison.not_applicable],
                      folded=True)
    lines += _listing("Tests that never exercise the target", "None of the target's code ran in these: they "
                      "test CPython's own code whatever the target.", comparison.unexercised, folded=True)
    return "\n".join(lines) + "\n"
