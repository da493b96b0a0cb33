"""Target code: one predicate for code objects, adapted to traceback frames."""

from __future__ import annotations

import pytest

from runner import targetcode

from .synthetic import ROOT, TARGET_FILE

pytestmark = pytest.mark.usefixtures("synthetic_target")


def test_code_predicate_matches_code_compiled_from_target_files():
    is_target = targetcode.code_predicate([f"{ROOT}/pyimport/", "<frozen importlib._bootstrap>"])
    assert is_target(compile("x = 1", TARGET_FILE, "exec"))
    assert is_target(compile("x = 1", "<frozen importlib._bootstrap>", "exec"))
    assert not is_target(compile("x = 1", f"{ROOT}/runner/panel.py", "exec"))


def test_frame_predicate_asks_the_targets_code_predicate():
    is_frame = targetcode.frame_predicate(lambda code: code.co_filename.endswith("_core.py"))
    assert is_frame(TARGET_FILE)
    assert not is_frame(f"{ROOT}/pyimport/_path.py")


def test_a_predicate_that_cannot_judge_by_file_name_claims_no_frame():
    def by_identity(code):
        raise LookupError("not one of mine")

    assert not targetcode.frame_predicate(by_identity)(TARGET_FILE)


def test_for_run_uses_the_named_target():
    assert targetcode.for_run({"target": "pyimport"})(TARGET_FILE)
    assert targetcode.for_run({"target": "cpython"})("<frozen importlib._bootstrap_external>")
    assert not targetcode.for_run({"target": "cpython"})(TARGET_FILE)
    assert not targetcode.for_run({"target": "no-such-target"})(TARGET_FILE)
