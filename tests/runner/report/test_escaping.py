"""Strings from tests — ids, units, messages, tracebacks, skip reasons — are shown, never run."""

from __future__ import annotations

import json

import pytest

from runner import compare, report
from runner.compare.expectations import Expectation, TargetExpectations

from ..synthetic import make_run, outcome, traceback

pytestmark = pytest.mark.usefixtures("synthetic_target")

SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
SVG = "'><svg onload=\"window.__pwned = 'svg'\">"
PAYLOADS = (SCRIPT, IMG, SVG)
UNIT = 'test_"><b>unit'
IDS = {
    "id": f"test.test_pkg.T.test_{SCRIPT}",
    "message": "test.test_pkg.T.test_message",
    "skip": "test.test_pkg.T.test_skip",
    "unit": f"test.x.T.test_{IMG}",
}


def _comparison():
    base = make_run(outcome(IDS["id"]), outcome(IDS["message"]), outcome(IDS["skip"], "skipped", f"needs {SVG}"),
                    outcome(IDS["unit"], unit=UNIT))
    got = make_run(
        outcome(IDS["id"], "failed", reason=IMG, traceback=traceback(f"AssertionError: {SCRIPT}")),
        outcome(IDS["message"], "error", reason=SCRIPT,
                traceback=traceback(f"ValueError: </pre>{IMG}", (f"<b>{SVG}.py", 1, "f<i>"))),
        outcome(IDS["skip"], "skipped", f"not here {SCRIPT}"),
        outcome(IDS["unit"], "failed", unit=UNIT, traceback=traceback(f"KeyError: {SVG}")),
    )
    expectations = TargetExpectations("pyimport", {IDS["id"]: Expectation(IDS["id"], "test_pkg", "failed", IMG)})
    return compare.compare(got, base, expectations)


@pytest.fixture
def reports(tmp_path, dirs):
    paths = report.write_reports(_comparison(), tmp_path / "out")
    return {path.name: path for path in paths}


def test_html_escapes_every_string_from_a_test(reports):
    page = reports["index.html"].read_text()
    for payload in (*PAYLOADS, UNIT):
        assert payload not in page
    assert page.count("</pre>") == page.count("<pre>")  # the traceback's "</pre>" closed nothing
    assert "&lt;script&gt;window.__pwned = &#39;script&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;window.__pwned = &#39;img&#39;&#34;&gt;" in page
    assert 'data-unit="test_&#34;&gt;&lt;b&gt;unit"' in page


def test_markdown_escapes_every_string_from_a_test(reports):
    summary = reports["summary.md"].read_text().lower()
    for tag in ("<script", "<img", "<svg", "<b>"):
        assert tag not in summary
    assert summary.count("</pre") == summary.count("<pre>")  # a traceback's "</pre>" closed nothing
    assert "&lt;script&gt;" in summary


def test_diff_json_keeps_the_strings_as_they_were(reports):
    data = json.loads(reports["diff.json"].read_text())
    by_id = {d["id"]: d for d in data["differences"]}
    assert by_id[IDS["id"]]["target"]["reason"] == IMG
    assert by_id[IDS["skip"]]["baseline"]["reason"] == f"needs {SVG}"


@pytest.mark.parametrize("csp", [True, False], ids=["as-written", "without-csp"])
def test_no_script_from_test_data_runs_in_chromium(reports, page, csp):
    """Without its Content-Security-Policy too: escaping alone must keep the page inert."""
    html = reports["index.html"].read_text()
    if not csp:
        start = html.index('<meta http-equiv="Content-Security-Policy"')
        html = html[:start] + html[html.index(">", start) + 1:]
    path = reports["index.html"].with_name(f"page-{csp}.html")
    path.write_text(html)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    for details in page.locator("details").all():
        details.locator("summary").click()
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == [] and page.errors == []
    text = page.locator("body").inner_text()
    for payload in (SCRIPT, IMG, SVG, UNIT):
        assert payload in text
    assert page.locator("script").count() == 1 and page.locator("img, b, i, svg:not(.chart)").count() == 0
