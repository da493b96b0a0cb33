"""index.html: a self-contained dashboard (inline CSS and JS, no network) rendered with jinja2.

Autoescape is on, so every string from a test is escaped; the page's one script is allowed by
its hash in a Content-Security-Policy, so even markup that slipped through could not run.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from runner import applicability, sourceline
from runner.compare import Cluster, Comparison, recheck
from runner.report import view
from runner.report.table import exercised_parity, not_applicable, partial

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _env():
    """The templates' jinja2 environment, made (and jinja2 imported) when a page is first rendered:
    `importparity run` renders none, and every command's process imports this module."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def _bars(comparison: Comparison) -> list[dict]:
    return [{"row": row, "match": _percent(row.matching, row.tests), "expected": _percent(row.expected, row.tests),
             "unexpected": _percent(row.unexpected, row.tests), "na": _percent(row.not_applicable, row.tests),
             "exercised": exercised_parity(row)}
            for row in [*comparison.rows, comparison.total]]


def _history(history: list[dict], current: dict) -> dict:
    """Releases oldest first, then this run; and each unit's matching/tests across them."""
    releases = [*history, current]
    units = list(dict.fromkeys(u for r in releases for u in r["units"]))
    for release in releases:
        release["parity"] = _percent(release["matching"], release["tests"])
    return {"releases": releases, "units": units}


def inline_script(name: str) -> tuple[str, str]:
    """A template's script and the CSP source that allows exactly it (``sha256-…``)."""
    script = (TEMPLATES / name).read_text()
    return script, "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def page(template: str, script: str, **context) -> str:
    """Render ``template`` with the dashboard's CSS and ``script`` allowed by its hash."""
    code, script_hash = inline_script(script)
    return _env().get_template(template).render(css=(TEMPLATES / "dashboard.css").read_text(), script=code,
                                              script_hash=script_hash, **context)


# A cluster's tests are listed open up to this many; larger clusters open on a click.
OPEN_UP_TO = 10


def not_applicable_groups(comparison: Comparison) -> list[tuple[str, str, list]]:
    """The tests not applicable to the target's interpreter, by mark: (mark, what it means, differences),
    the largest group first."""
    groups: dict[str, list] = {}
    for diff in comparison.not_applicable:
        groups.setdefault(diff.not_applicable, []).append(diff)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(mark, applicability.meaning(mark), diffs) for mark, diffs in ordered]


def render(comparison: Comparison, clusters: list[Cluster], history: list[dict], current: dict,
           report_dir: Path | None = None) -> str:
    """The dashboard; tests link to their source relative to ``report_dir`` (where it is written)."""
    return page(
        "index.html.j2", "dashboard.js",
        c=comparison, clusters=clusters, view=view, recheck=recheck, bars=_bars(comparison),
        history=_history(history, current),
        outcomes=sorted({d.target_status for d in comparison.differences}),
        kinds=sorted({d.kind.value for d in comparison.differences}),
        units=sorted({d.unit for d in comparison.differences}, key=comparison.units.index),
        open_up_to=OPEN_UP_TO, partial=partial(comparison),
        not_applicable=not_applicable(comparison) if comparison.not_applicable else "",
        na_groups=not_applicable_groups(comparison),
        source_link=lambda test_id: sourceline.link(test_id, report_dir or Path.cwd()),
    )
