"""Fixtures for the runner's tests: private baseline, expectations and history directories."""

from __future__ import annotations

import pytest

from runner import history
from runner.compare import baseline
from runner.compare import expectations as target_expectations


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    """Point every default data directory of the comparison into tmp_path."""
    paths = {name: tmp_path / name for name in ("baseline", "targets", "history")}
    for path in paths.values():
        path.mkdir()
    monkeypatch.setattr(baseline, "BASELINE_DIR", paths["baseline"])
    monkeypatch.setattr(target_expectations, "TARGETS_DIR", paths["targets"])
    monkeypatch.setattr(history, "HISTORY_DIR", paths["history"])
    return paths


@pytest.fixture
def synthetic_target(monkeypatch):
    """The target "pyimport" of these tests: code under pyimport/, whatever pyimport/ holds today."""
    from runner import targets

    from .synthetic import TARGET

    real_get = targets.get
    monkeypatch.setattr(targets, "get", lambda name: TARGET if name == "pyimport" else real_get(name))
