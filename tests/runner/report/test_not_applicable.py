"""The dashboard lists the tests not applicable to the target's interpreter, by mark, none dropped."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from runner import compare, report

from ..synthetic import make_run, outcome

HOSTILE = '<script>alert("x")</script>'
IMPL = [f"test.test_import.T.test_impl_{i:02}" for i in range(12)]
CAPI = ["test.test_pkg.P.test_capi_a", "test.test_pkg.P.test_capi_b"]
INTERNAL = "test.test_pkg.P.test_internal"
PASSING = "test.test_pkg.P.test_passes"
FAILING = "test.test_pkg.P.test_fails"


@pytest.fixture
def comparison():
    """A PyPy-like run: 15 tests not applicable under three marks, one difference, one match."""
    ids = [*IMPL, *CAPI, INTERNAL, PASSING, FAILING]
    base = make_run(*(outcome(t) for t in ids), upstream="3.11.7")
    got = [*(outcome(t, "skipped", "implementation detail not available on cpython") for t in IMPL),
           *(outcome(t, "skipped", "No module named '_testcapi'") for t in CAPI),
           outcome(INTERNAL, "skipped", f"_testinternalcapi required {HOSTILE}"),
           outcome(PASSING), outcome(FAILING, "failed", "AssertionError: no")]
    run = make_run(*got, target="pypy", target_interpreter="pypy3.11",
                   tests_implementation="PyPy 8.0.1 (Python 3.11.17)")
    return compare.compare(run, base)


@pytest.fixture
def dashboard(comparison, tmp_path, dirs):
    return report.write_reports(comparison, tmp_path / "report")[-1]


def _section(page: str) -> str:
    start = page.index('<section id="not-applicable">')
    return page[start:page.index("</section>", start)]


def test_each_not_applicable_test_is_listed_once_under_its_mark_with_its_skip_reason(comparison, dashboard):
    page = dashboard.read_text()
    section = _section(page)
    assert "<h2>Not applicable (15)</h2>" in section
    groups = re.findall(r'<details class="na" data-mark="([^"]+)"( open)?><summary><code>[^<]+</code> \((\d+)\): ([^<]+)'
                        r'</summary>', section)
    assert [(mark, bool(opened), int(n)) for mark, opened, n, _ in groups] == [
        ("impl_detail", False, 12), ("requires _testcapi", True, 2), ("requires _testinternalcapi", True, 1)]
    assert groups[0][3].startswith("@cpython_only or @impl_detail")
    assert escape("needs _testcapi, one of CPython's test extension modules") in groups[1][3]
    for diff in comparison.not_applicable:
        assert section.count(f">{diff.id}</") == 1, diff.id
        assert page.count(f">{diff.id}</") == 1, diff.id  # nowhere else: not a difference
    assert section.count("implementation detail not available on cpython") == 12
    assert escape(f"_testinternalcapi required {HOSTILE}") in section and HOSTILE not in page
    assert f">{FAILING}</" not in section and f">{PASSING}</" not in section


def test_the_header_and_the_units_table_count_them_apart(dashboard):
    page = dashboard.read_text()
    header = page[:page.index("</header>")]
    assert "Tests on PyPy 8.0.1 (Python 3.11.17), its own import system; runner 3.14.10" in header
    assert re.search(r'<p class="na-line"><a href="#not-applicable">15 not applicable \(the tests mark them not '
                     r'for this interpreter: impl_detail 12, requires _testcapi 2, requires _testinternalcapi 1;', header)
    units = page[page.index('<section id="units">'):page.index('<section id="differences">')]
    assert "<th title=\"the tests mark these not for this interpreter\">not applicable</th>" in units
    total = units[units.index('<tr class="unit total"'):]
    cells = re.findall(r"<td>(\d+)</td>", total[:total.index("</tr>")])
    assert cells[:5] == ["17", "1", "0", "1", "15"]  # tests, matching, expected, unexpected, not applicable


def test_a_run_with_none_has_no_list_and_no_column(tmp_path, dirs):
    base = make_run(outcome(PASSING), outcome(FAILING), upstream="3.11.7")
    run = make_run(outcome(PASSING), outcome(FAILING, "failed", "AssertionError: no"), target="pypy")
    page = report.write_reports(compare.compare(run, base), tmp_path / "report")[-1].read_text()
    assert 'id="not-applicable"' not in page and "not applicable" not in page and 'class="seg na"' not in page


def test_in_a_browser_the_long_group_opens_on_a_click_and_nothing_runs(dashboard, page):
    page.goto(dashboard.as_uri())
    impl = page.locator('details.na[data-mark="impl_detail"]')
    rows = impl.locator("tbody tr")
    assert rows.count() == 12 and rows.first.is_hidden()
    impl.locator("summary").click()
    assert rows.first.is_visible() and rows.first.locator("td.test-id").inner_text() == IMPL[0]
    internal = page.locator('details.na[data-mark="requires _testinternalcapi"] td.na-reason')
    assert internal.is_visible() and internal.inner_text() == f"_testinternalcapi required {HOSTILE}"
    page.locator(".na-line a").click()
    assert page.url.endswith("#not-applicable")
    assert page.dialogs == [] and page.errors == [] and page.requests == [dashboard.as_uri()]
