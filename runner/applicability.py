"""Not applicable: tests the panel itself marks as not for the interpreter that ran them.

CPython's tests say so in their skip reasons, written by test.support: ``@cpython_only`` and
``@impl_detail(...)`` skip with "implementation detail not available on cpython" (or "...
specific to pypy"), and a test that needs one of CPython's test extension modules skips when
the interpreter has none ("No module named '_testcapi'" from ``import_helper.import_module``,
"_testinternalcapi required", "_testcapi not available").  :func:`category` reads a skip's
reason and names the mark; such a test is not applicable there, neither a match nor a
difference from CPython (runner/compare/comparison.py counts it apart).

Only skips count: a test that imports a test module without a guard and errors is a
difference with a reason, as anything else the tests do not mark.
"""

from __future__ import annotations

import re

# CPython's test extension modules, which other implementations do not have.
TEST_MODULES = ("_testcapi", "_testinternalcapi", "_testsinglephase", "_testmultiphase")
IMPL_DETAIL = "impl_detail"
_IMPL_DETAIL = re.compile(r"implementation detail (?:not available on|specific to) ")
_MODULE = re.compile(r"No module named '(?P<a>\w+)'|\b(?P<b>_test\w+) (?:not available|required|is required)"
                     r"|\brequires (?P<c>_test\w+)")


def meaning(mark: str) -> str:
    """What a mark :func:`category` names says about the test, for the reports."""
    if mark == IMPL_DETAIL:
        return "@cpython_only or @impl_detail: the tests check an implementation detail of CPython"
    module = mark.removeprefix("requires ")
    return f"needs {module}, one of CPython's test extension modules, which this interpreter lacks"


def category(status: str, reason: str) -> str:
    """Why a test with this status and reason does not apply here: ``impl_detail``,
    ``requires _testcapi`` (and the other test modules), or ``""`` when it does."""
    if status != "skipped":
        return ""
    if _IMPL_DETAIL.match(reason.strip()):
        return IMPL_DETAIL
    for match in _MODULE.finditer(reason):
        module = match.group("a") or match.group("b") or match.group("c")
        if module in TEST_MODULES:
            return f"requires {module}"
    return ""
