"""The gallery's matrix page in headless Chromium: cells count, rows open, the filter, escaping."""

from __future__ import annotations

import pytest

from runner import compare
from runner.compare.expectations import Expectation, TargetExpectations
from runner.report import matrix

from ..synthetic import in_test, make_run, outcome, traceback

IDS = [f"test.test_import.T.test_{i}" for i in range(4)] + [f"test.test_pkg.P.test_{i}" for i in range(3)]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _comparison(name: str, changed: dict[str, tuple[str, str]], expected: dict[str, str]):
    """A target's comparison: ``changed`` maps an id to (status, message); ``expected`` lists reasons."""
    base = make_run(*(outcome(t) for t in IDS))
    got = {t: outcome(t) for t in IDS}
    for tid, (status, message) in changed.items():
        got[tid] = outcome(tid, status, message, traceback=traceback(f"AssertionError: {message}", in_test()))
    listed = TargetExpectations(name, {t: Expectation(t, t.split(".")[1], changed[t][0], why)
                                       for t, why in expected.items()})
    return base, compare.compare(make_run(*got.values(), target=name), base, listed)


@pytest.fixture
def page_file(tmp_path):
    base, hook_a = _comparison("hook-a", {IDS[0]: ("failed", HOSTILE)}, {IDS[0]: f"the hook rewrites {HOSTILE}"})
    _, hook_b = _comparison("hook-b", {IDS[0]: ("error", "boom"), IDS[5]: ("skipped", HOSTILE)}, {})
    _, clean = _comparison("clean", {}, {})
    columns = [matrix.Column("hook-a", hook_a, version="hook-a 1.0", date="2026-11-22 03:00", report="hook-a/x.html"),
               matrix.Column("hook-b", hook_b, version="hook-b 2.0", date="2026-11-22 03:01"),
               matrix.Column("clean", clean, version="clean 0.1", date="2026-11-22 03:02"),
               matrix.Column("broken", error=f"pip failed: {HOSTILE}")]
    path = tmp_path / "index.html"
    path.write_text(matrix.render(base, columns, title="gallery <b>test</b>", date="2026-11-22"))
    return path


def _cells(page, unit: str) -> list[str]:
    return page.locator(f'tr.unit-row[data-unit="{unit}"] td.cell').all_inner_texts()


def test_cells_count_matching_expected_and_unexpected_per_target(page_file, page):
    page.goto(page_file.as_uri())
    assert _cells(page, "test_import") == ["3 · 1 · 0", "3 · 0 · 1", "4 · 0 · 0", "–"]
    assert _cells(page, "test_pkg") == ["3 · 0 · 0", "2 · 0 · 1", "3 · 0 · 0", "–"]
    versions = page.locator("th.target .version").all_inner_texts()
    assert versions == ["hook-a 1.0", "hook-b 2.0", "clean 0.1", "–"]
    assert "failed to run" in page.locator("tr.total").inner_text()


def test_a_unit_row_opens_to_its_tests_with_each_targets_outcome(page_file, page):
    page.goto(page_file.as_uri())
    tests = page.locator('tbody.tests[data-unit="test_import"]')
    assert tests.is_hidden()
    page.click('tr.unit-row[data-unit="test_import"]')
    assert tests.is_visible()
    assert page.locator("#shown").inner_text() == "4"
    first = tests.locator("tr.test").first
    assert first.locator("td").all_inner_texts() == [IDS[0], "passed", "failed", "error", "=", "–"]
    assert "expected" in first.locator("td").nth(2).get_attribute("class")
    assert "unexpected" in first.locator("td").nth(3).get_attribute("class")
    page.click('tr.unit-row[data-unit="test_import"]')
    assert tests.is_hidden()


def test_the_filter_keeps_only_tests_that_differ_under_some_target(page_file, page):
    page.goto(page_file.as_uri())
    page.click("#expand")
    assert page.locator("#shown").inner_text() == str(len(IDS))
    page.check("#f-differs")
    visible = set(page.locator("tr.test:visible td.test-id").all_inner_texts())
    assert visible == {IDS[0], IDS[5]}
    assert page.locator("#shown").inner_text() == "2"
    page.uncheck("#f-differs")
    assert page.locator("#shown").inner_text() == str(len(IDS))


def test_markup_from_tests_stays_text(page_file, page):
    page.goto(page_file.as_uri())
    page.click("#expand")
    cell = page.locator("tr.test", has_text=IDS[0]).locator("td").nth(2)
    assert cell.get_attribute("title") == f"the hook rewrites {HOSTILE}"
    skipped = page.locator("tr.test", has_text=IDS[5]).locator("td").nth(3)
    assert skipped.get_attribute("title") == HOSTILE
    assert HOSTILE in page.locator("#errors").inner_text()
    assert page.locator("h1").inner_text() == "gallery <b>test</b>"
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    assert page.dialogs == [] and page.errors == [] and page.requests == [page_file.as_uri()]


def test_tests_not_applicable_to_a_targets_interpreter_are_counted_and_shown_apart():
    base = make_run(*(outcome(t) for t in IDS))
    got = {t: outcome(t) for t in IDS} | {IDS[1]: outcome(IDS[1], "skipped", "No module named '_testcapi'")}
    pypy = compare.compare(make_run(*got.values(), target="pypy"), base)
    html = matrix.render(base, [matrix.Column("pypy", pypy)], title="t", date="d")
    unit = html[html.index('<tr class="unit-row" data-unit="test_import"'):]
    assert 'data-differs="no"' in unit[:unit.index(">")]  # not applicable is no difference
    assert '<span class="n match">3</span> · <span class="n expected">0</span> · <span class="n unexpected">0</span> · ' \
           '<span class="n na">1 n/a</span>' in unit
    row = html[html.index(f'<td class="test-id">{IDS[1]}</td>'):]
    assert row[:row.index("</tr>")].endswith('<td class="na" data-why="0">n/a</td>')
    assert "<li>not applicable (requires _testcapi): No module named &#39;_testcapi&#39;</li>" in html
    assert "matching · expected · unexpected · not applicable" in html
