"""Exercise attribution: target code called during a test or not, test after test."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from runner import targetcode
from runner.attribution import Attribution


@pytest.fixture
def target_module(tmp_path):
    """A module standing for the target's code, in a directory of its own."""
    package = tmp_path / "fake_target"
    package.mkdir()
    (package / "core.py").write_text("def find_spec(name):\n    return helper(name)\n\n"
                                     "def helper(name):\n    return name.upper()\n")
    spec = importlib.util.spec_from_file_location("fake_target_core", package / "core.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, targetcode.code_predicate([f"{package}/"])


def not_target(n):
    return sum(range(n))


def test_reports_whether_target_code_ran_test_by_test(target_module):
    module, is_target = target_module
    seen = []
    with Attribution(is_target) as attribution:
        for calls in ([module.find_spec], [not_target], [not_target, module.find_spec], [module.find_spec], []):
            attribution.begin_test()
            for call in calls:
                call(3) if call is not_target else call("x")
            seen.append(attribution.end_test())
    assert seen == [True, False, True, True, False]


def test_target_code_reached_through_other_code_counts(target_module):
    module, is_target = target_module
    with Attribution(is_target) as attribution:
        attribution.begin_test()
        list(map(module.find_spec, ["a"]))
        assert attribution.end_test() is True


def test_code_run_between_tests_is_not_attributed(target_module):
    module, is_target = target_module
    with Attribution(is_target) as attribution:
        attribution.begin_test()
        attribution.end_test()
        module.find_spec("outside")
        attribution.begin_test()
        assert attribution.end_test() is False


def test_stop_frees_the_tool_id(target_module):
    _, is_target = target_module
    attribution = Attribution(is_target)
    attribution.start()
    tool = attribution._tool
    assert sys.monitoring.get_tool(tool) == "importparity attribution"
    attribution.stop()
    assert sys.monitoring.get_tool(tool) is None


def test_a_busy_profiler_id_is_left_alone(target_module):
    module, is_target = target_module
    profiler = sys.monitoring.PROFILER_ID
    sys.monitoring.use_tool_id(profiler, "someone else")
    try:
        with Attribution(is_target) as attribution:
            assert attribution._tool != profiler
            attribution.begin_test()
            module.find_spec("x")
            assert attribution.end_test()
    finally:
        sys.monitoring.free_tool_id(profiler)


def leaf():
    return 1


def test_the_same_target_function_is_seen_in_every_test():
    with Attribution(lambda code: code is leaf.__code__) as attribution:
        seen = []
        for calls in ([leaf], [not_target], [leaf], [leaf], [not_target, leaf]):
            attribution.begin_test()
            for call in calls:
                call() if call is leaf else call(2)
            seen.append(attribution.end_test())
    assert seen == [True, False, True, True, True]


def test_other_code_costs_one_callback_only():
    asked = []

    def is_target(code):
        asked.append(code.co_name)
        return False

    with Attribution(is_target) as attribution:
        for _ in range(3):
            attribution.begin_test()
            not_target(2)
            attribution.end_test()
    assert asked.count("not_target") == 1
