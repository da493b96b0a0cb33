"""A run with 300 differences in 25 causes: the dashboard stays small and shows every cause at once."""

from __future__ import annotations

import pytest

import html

from runner import compare, report, targetcode

from ..synthetic import many_differences

pytestmark = pytest.mark.usefixtures("synthetic_target")

# index.html of this very run as the dashboard rendered it before causes were shown once
# (commit 74f08e7): 831,739 bytes, from runner.report.html.render(comparison, clusters, [], current)
# over many_differences().  The dashboard must now be at most a third of that.
BEFORE = 831_739


@pytest.fixture
def dashboard(tmp_path, dirs):
    base, run = many_differences()
    comparison = compare.compare(run, base)
    return report.write_reports(comparison, tmp_path / "run" / "report")[-1]


def test_the_dashboard_is_at_most_a_third_of_what_it_was(dashboard):
    assert len(dashboard.read_bytes()) <= BEFORE / 3


def test_every_cause_is_on_the_first_screen(dashboard, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(dashboard.as_uri())
    causes = page.locator("#causes li")
    assert causes.count() == 25
    assert page.locator("#causes h2").inner_text() == "25 causes"
    for item in causes.all():
        box = item.bounding_box()
        assert item.is_visible() and box["y"] + box["height"] <= 800, item.inner_text()
    assert page.evaluate("window.scrollY") == 0


def test_each_cause_shows_one_traceback_and_its_tests_open_on_a_click(dashboard, page):
    page.goto(dashboard.as_uri())
    first = page.locator("#cluster-1")
    assert first.locator("pre").count() == 1 and first.locator("pre").is_hidden()
    first.locator("details.example summary").click()
    assert "the alpha hook refused" in first.locator("pre").inner_text()
    tests = first.locator("tbody.diff")
    assert tests.count() == 18 and tests.first.is_hidden()  # 18 tests: listed closed
    first.locator("details.tests summary").click()
    assert tests.first.is_visible()
    link = tests.first.locator("a").get_attribute("href")
    assert link.startswith("../../") and "vendored_tests/3.14/test/test_importlib/" in link and "#L" in link


def test_summary_shows_each_cause_once_and_lands_in_the_github_step_summary(tmp_path, dirs, monkeypatch):
    step_summary = tmp_path / "step_summary.md"
    step_summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    base, run = many_differences()
    report.publish(compare.compare(run, base), tmp_path / "report", stream=open(tmp_path / "stdout", "w"))
    summary = (tmp_path / "report" / "summary.md").read_text()
    assert summary.count("<pre>") == 25 and summary.count("<details><summary>message and traceback") == 25
    # the headline's "start here", the cause's line, and its one traceback: not once per test
    assert summary.count("the alpha hook refused") == 3
    assert "(vendored\\_tests/3.14/test/test\\_importlib/builtin/test\\_finder.py:" in summary
    assert step_summary.read_text() == "earlier step\n" + summary + "\n"


def test_messages_differing_only_in_reprs_paths_and_numbers_make_one_cause_headed_by_a_real_one(dirs):
    base, run = many_differences(vary=True)
    comparison = compare.compare(run, base)
    clusters = compare.cluster(comparison.differences, targetcode.for_run(comparison.meta))
    assert len(clusters) == 25
    assert [len(c.differences) for c in clusters] == sorted((len(c.differences) for c in clusters), reverse=True)
    top = clusters[0]
    assert top.headline.startswith("ImportError: the alpha hook refused the module")
    assert "<alpha.Loader object at 0x7f00000000> from '/tmp/tmp0x0q/alpha.py' after 3 attempts" in top.headline
    assert "'…'" not in top.headline and "<…>" not in top.headline


def test_the_dashboard_of_varied_messages_stays_small_and_shows_each_message_at_most_three_times(tmp_path, dirs):
    base, run = many_differences(vary=True)
    comparison = compare.compare(run, base)
    page = report.write_reports(comparison, tmp_path / "run" / "report")[-1].read_text()
    assert len(page.encode()) <= 215_000
    for diff in comparison.differences:
        message = diff.target.traceback.rstrip().splitlines()[-1]
        assert page.count(html.escape(message)) <= 3, message
        assert page.count(html.escape(diff.target.reason)) <= 3, diff.target.reason
    # The cause that explains the most differences comes first, with one real traceback.
    first = page.index('id="cluster-1"')
    assert page.index("alpha hook refused", first) < page.index("bravo hook refused", first)
    assert page[first:page.index('id="cluster-2"')].count("<pre>") == 1
