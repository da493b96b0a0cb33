"""Causes of a real hook's run read as the tests' own messages, names and all, never as folded '…'."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from runner import compare, report
from runner.compare.clusters import fold
from runner.report import view

from ..synthetic import make_run, outcome

pytestmark = pytest.mark.usefixtures("synthetic_target")

# Differing tests of a gallery run of typeguard, as results.json stored them.
RUN = json.loads((Path(__file__).with_name("data") / "typeguard_run.json").read_text())["tests"]


@pytest.fixture
def clusters(dirs):
    base = make_run(*(outcome(tid) for tid in RUN))
    run = make_run(*(outcome(tid, t["outcome"], t["reason"], t["traceback"], exercised=True) for tid, t in RUN.items()),
                   target="typeguard")
    comparison = compare.compare(run, base)
    return comparison, compare.cluster(comparison.differences, lambda filename: "/typeguard/" in filename)


def test_no_headline_is_made_of_folded_placeholders(clusters):
    _, found = clusters
    assert len(found) >= 5
    for cluster in found:
        headline = view.cause(cluster)
        assert "'…'" not in headline and "<…>" not in headline, headline
        # each headline is one of its tests' own messages, which the cause folds to its key
        own = headline.partition(": ")[2]
        assert any(own in d.target.traceback for d in cluster.differences), headline
        assert fold(headline.partition(": ")[2]) == cluster.cause.message


def test_headlines_name_the_classes_that_explain_them(clusters):
    _, found = clusters
    headlines = [view.cause(c) for c in found]
    assert any("<class 'typeguard._importhook.TypeguardLoader'> != <class '_frozen_importlib_external.SourceFileLoader'>"
               in h for h in headlines), headlines
    assert any(re.search(r"TypeguardLoader object at 0x[0-9a-f]+> is not <class '_frozen_importlib.FrozenImporter'>", h)
               for h in headlines), headlines


def test_the_summary_and_dashboard_start_with_the_largest_cause_and_its_real_message(clusters, tmp_path):
    comparison, found = clusters
    summary, _, dashboard = report.write_reports(comparison, tmp_path / "report")
    largest = max(found, key=lambda c: len(c.differences))
    assert found[0] is largest
    text = summary.read_text()
    assert f"1. **{len(largest.differences)}** × " in text
    assert "'…'" not in text
    assert "'…'" not in dashboard.read_text()
