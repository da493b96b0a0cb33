"""The dashboard in headless Chromium: filters by unit and outcome, history, a screenshot."""

from __future__ import annotations

import json

import pytest

from runner import compare, history, report

from ..synthetic import Injected

pytestmark = pytest.mark.usefixtures("synthetic_target")


@pytest.fixture
def dashboard(tmp_path, dirs):
    injected = Injected()
    comparison = compare.compare(injected.run, injected.baseline, injected.expectations)
    release = history.summary(comparison, "0.1.0", "2025-10-01T00:00:00+00:00") | {"matching": 9}
    (dirs["history"] / "0.1.0.json").write_text(json.dumps(release))
    paths = report.write_reports(comparison, tmp_path / "out")
    return injected, paths[-1]


def _visible_ids(page) -> set[str]:
    return {row.inner_text() for row in page.locator("tbody.diff:visible td.test-id").all()}


def test_filters_show_only_the_chosen_unit_and_outcome(dashboard, page, tmp_path):
    injected, index = dashboard
    page.goto(index.as_uri())
    assert page.locator("#shown").inner_text() == "10"
    assert len(_visible_ids(page)) == 10

    page.select_option("#f-unit", "test_pkg")
    test_pkg = {*injected.import_errors, injected.missing, injected.extra}
    assert _visible_ids(page) == test_pkg
    assert page.locator("#shown").inner_text() == "4"
    assert page.locator("#cluster-1").is_hidden()  # the AttributeError cluster is all test_import
    assert "dim" in page.locator('tr.unit[data-unit="test_import"]').get_attribute("class")
    assert page.url.endswith("#unit=test_pkg")

    page.select_option("#f-outcome", "error")
    assert _visible_ids(page) == set(injected.import_errors)
    assert page.locator("section.cluster:visible .count").all_inner_texts() == ["2"]

    page.select_option("#f-unit", "")
    page.select_option("#f-outcome", "failed")
    page.check("#f-unexpected")
    assert _visible_ids(page) == {injected.fails_where_cpython_skips}

    screenshot = tmp_path / "dashboard.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.errors == [] and page.requests == [index.as_uri()]


def test_filters_are_restored_from_the_address(dashboard, page):
    injected, index = dashboard
    page.goto(index.as_uri() + "#outcome=crashed&unit=no-such-unit")
    assert page.locator("#f-unit").input_value() == ""
    assert _visible_ids(page) == {injected.crashed}


def test_clicking_a_unit_filters_by_it_and_tracebacks_open(dashboard, page):
    injected, index = dashboard
    page.goto(index.as_uri())
    page.click('tr.unit[data-unit="test_import"]')
    assert page.locator("#f-unit").input_value() == "test_import"
    assert _visible_ids(page) == {*injected.attribute_errors, injected.crashed}
    crash = page.locator("section.cluster", has=page.locator("tbody.diff", has_text=injected.crashed))
    assert crash.locator("pre").is_hidden()  # the cause's one traceback, folded
    crash.locator("details.example summary").click()
    assert "Segmentation fault" in crash.locator("pre").inner_text()


def test_status_bars_and_history_show_the_panel(dashboard, page):
    _, index = dashboard
    page.goto(index.as_uri())
    bar = page.locator('tr.unit[data-unit="test_import"] .bar')
    widths = [seg.evaluate("e => e.style.width") for seg in bar.locator(".seg").all()]
    assert widths == ["60%", "30%", "10%"]
    headers = page.locator("table.history thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in headers] == ["unit", "0.1.0", "this run"]
    assert "9/21" in page.locator("table.history tr.total").inner_text()
