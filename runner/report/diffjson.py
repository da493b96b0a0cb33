"""diff.json: the comparison as data, for tools (the dashboard renders the same facts)."""

from __future__ import annotations

from dataclasses import asdict

from runner.compare import Cluster, Comparison, Difference, recheck
from runner.report import view

FORMAT = 1


def _outcome(outcome) -> dict | None:
    return outcome.to_json() if outcome is not None else None


def _difference(diff: Difference, cluster: int) -> dict:
    return {
        "id": diff.id, "unit": diff.unit, "kind": diff.kind.value, "cluster": cluster,
        "baseline": _outcome(diff.baseline), "target": _outcome(diff.target),
        "expected": diff.expected, "expected_outcome": diff.expected_outcome, "reason": diff.reason,
    }


def render(comparison: Comparison, clusters: list[Cluster]) -> dict:
    return {
        "format": FORMAT,
        "target": comparison.target,
        "meta": comparison.meta,
        "baseline_meta": comparison.baseline_meta,
        "headline": view.headline(comparison, clusters),
        "ok": comparison.ok,
        "total": asdict(comparison.total),
        "units": [asdict(row) for row in comparison.rows],
        # "message" is the cause's folded key; "headline" is one of its tests' own message.
        "clusters": [{"type": c.cause.type, "message": c.cause.message, "headline": c.headline,
                      "frame": asdict(c.cause.frame) if c.cause.frame else None,
                      "count": len(c.differences), "unexpected": c.unexpected}
                     for c in clusters],
        "differences": [_difference(d, n) for n, c in enumerate(clusters) for d in c.differences],
        "fixed": [asdict(e) for e in comparison.fixed],
        "fix_command": comparison.fix_command,
        "unexplained": [e.id for e in comparison.unexplained],
        "newly_differing": comparison.newly_differing,
        "newly_matching": comparison.newly_matching,
        "unexercised": comparison.unexercised,
        "env_changed": {o.id: o.env_changed for o in comparison.env_changed},
        "flaky": [_difference(d, -1) for d in comparison.flaky],
        "not_applicable": [{**_difference(d, -1), "mark": d.not_applicable} for d in comparison.not_applicable],
        "drift": None if comparison.drift is None else {
            "committed_meta": comparison.drift.committed_meta,
            "differences": [_difference(d, -1) for d in comparison.drift.differences]},
        "interpreter_findings": comparison.meta.get("interpreter_findings") or [],
        "environment_drift": None if comparison.environment_drift is None else {
            "checked": comparison.environment_drift.checked,
            "differences": [{**_difference(d, -1), "cause": recheck.cause(d.baseline, d.target)}
                            for d in comparison.environment_drift.differences]},
    }
