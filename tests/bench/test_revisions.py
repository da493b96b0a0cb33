"""bench/revisions.py: the tree at a revision, whole or in part; an unknown revision is one line."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_revisions", ROOT / "bench" / "revisions.py")
revisions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(revisions)


def test_the_tree_at_a_revision_holds_what_git_holds_there(tmp_path):
    head = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:runner/__init__.py"], capture_output=True)
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    tree = revisions.tree_at("HEAD", tmp_path / "whole")
    assert (tree / "runner" / "__init__.py").read_bytes() == head.stdout
    part = revisions.tree_at("HEAD", tmp_path / "part", "bench")
    assert (part / "bench" / "figures.py").is_file() and not (part / "runner").exists()


def test_an_unknown_revision_ends_the_bench_with_one_line(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        revisions.tree_at("no-such-revision-here", tmp_path / "t")
    assert str(stopped.value).startswith("no tree at 'no-such-revision-here'") and "\n" not in str(stopped.value)
