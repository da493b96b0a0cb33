"""Failure clusters: folding, traceback parsing, grouping by innermost target frame."""

from __future__ import annotations

from runner import compare, targetcode
from runner.compare import Frame, clusters

from ..synthetic import ROOT, TARGET_FILE, make_run, outcome, in_test, traceback

IS_TARGET = targetcode.frame_predicate(targetcode.code_predicate([f"{ROOT}/pyimport/"]))


def test_fold_replaces_names_numbers_addresses_and_paths():
    assert clusters.fold("No module named 'spam.eggs'") == "No module named '…'"
    assert clusters.fold("can't find 'a'") == clusters.fold("can't find 'b'") == "can't find '…'"
    assert clusters.fold("<module 'x' at 0x7f00ab> has 3 items") == "<…> has N items"
    assert clusters.fold("bad magic number in /tmp/tmpab12/pkg/mod.pyc: b'3\\r'") == clusters.fold(
        "bad magic number in /tmp/zz9/other.pyc: b'7\\r'")
    assert clusters.fold("first line 12\nsecond line") == "first line N"


def test_fold_keeps_what_tells_causes_apart():
    assert clusters.fold("No module named 'x'") != clusters.fold("cannot import name 'x'")


def test_parse_reads_the_last_exception_of_a_chain():
    text = (traceback("KeyError: 'x'", in_test()) + "\nDuring handling of the above exception, "
            "another exception occurred:\n\n" + traceback("ImportError: no 'x'", (TARGET_FILE, 7, "find")))
    exc_type, message, frames = clusters.parse(text)
    assert (exc_type, message) == ("ImportError", "no 'x'")
    assert frames == [Frame(TARGET_FILE, 7, "find")]


def test_parse_keeps_multi_line_messages_and_bare_exceptions():
    assert clusters.parse(traceback("AssertionError: 1 != 2\n- a\n+ b", in_test()))[:2] == (
        "AssertionError", "1 != 2\n- a\n+ b")
    assert clusters.parse(traceback("AssertionError", in_test()))[:2] == ("AssertionError", "")


def test_parse_reads_faulthandler_dumps_innermost_last():
    dump = ("Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f (most recent call first):\n"
            f'  File "{TARGET_FILE}", line 40 in _load\n  File "{ROOT}/x.py", line 3 in main\n\nExtension modules: x\n')
    exc_type, message, frames = clusters.parse(dump)
    assert exc_type == ""
    assert message == "Fatal Python error: Segmentation fault"
    assert [f.name for f in frames] == ["main", "_load"]


def _diff(tid, tb, status="failed"):
    return outcome(tid, status, traceback=tb)


def test_differences_cluster_by_type_folded_message_and_target_frame():
    ids = [f"test.test_pkg.T.test_{i}" for i in range(6)]
    got = [
        _diff(ids[0], traceback("AttributeError: 'm' has no '_x'", in_test(), (TARGET_FILE, 10, "spec"))),
        _diff(ids[1], traceback("AttributeError: 'n' has no '_y'", in_test(), (TARGET_FILE, 10, "spec"),
                                (f"{ROOT}/vendored_tests/3.14/test/support/x.py", 5, "helper"))),
        _diff(ids[2], traceback("AttributeError: 'n' has no '_y'", in_test(), (TARGET_FILE, 99, "load"))),
        _diff(ids[3], traceback("AssertionError: 3 != 4", in_test())),
        outcome(ids[4], "skipped", "not supported by pyimport"),
    ]
    comparison = compare.compare(make_run(*got), make_run(*(outcome(t) for t in ids)))
    found = clusters.cluster(comparison.differences, IS_TARGET)
    assert [len(c.differences) for c in found] == [2, 1, 1, 1, 1]
    top = found[0]
    assert top.cause.frame == Frame(TARGET_FILE, 10, "spec")
    assert top.cause.type == "AttributeError"
    assert {d.id for d in top.differences} == {ids[0], ids[1]}
    causes = {c.cause.type: c for c in found[1:]}
    assert causes["AssertionError"].cause.frame is None
    assert causes["skipped"].cause.message == "not supported by pyimport"
    assert causes["missing"].differences[0].id == ids[5]


def test_what_counts_as_target_code_is_a_parameter():
    frozen = "<frozen importlib._bootstrap>"
    tb = traceback("ImportError: x", in_test(), (frozen, 1371, "_find_and_load"), (TARGET_FILE, 3, "f"))
    diff = compare.compare(make_run(_diff("test.test_pkg.T.test_a", tb)),
                           make_run(outcome("test.test_pkg.T.test_a"))).differences[0]
    assert clusters.cause(diff, targetcode.frame_predicate(targetcode.code_predicate([frozen]))).frame.name == "_find_and_load"
    assert clusters.cause(diff, IS_TARGET).frame.name == "f"
    assert clusters.cause(diff, lambda f: False).frame is None


def test_parse_ignores_tracebacks_in_captured_output():
    text = traceback("OSError: [Errno 2] nope", in_test()) + "\nStderr:\n" + traceback("KeyError: 'other'", in_test())
    assert clusters.parse(text)[:2] == ("OSError", "[Errno 2] nope")
