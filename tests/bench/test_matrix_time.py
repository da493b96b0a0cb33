"""bench/matrix_time.py: a version the gallery ran beside the others overlaps them in the floors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load_matrix_time():
    sys.path.insert(0, str(BENCH))  # its `import figures`
    try:
        spec = importlib.util.spec_from_file_location("bench_matrix_time", BENCH / "matrix_time.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


matrix_time = _load_matrix_time()


def test_versions_in_turn_add_up():
    assert matrix_time.overlapped({"3.13": 70.0, "3.14": 60.0}, set()) == 130.0


def test_a_version_beside_the_others_counts_only_when_it_is_the_longest():
    floors = {"3.11": 90.0, "3.13": 70.0, "3.14": 60.0}
    assert matrix_time.overlapped(floors, {"3.11"}) == 130.0
    assert matrix_time.overlapped({**floors, "3.11": 200.0}, {"3.11"}) == 200.0


def test_only_versions_beside_each_other():
    assert matrix_time.overlapped({"3.11": 90.0, "pypy": 40.0}, {"3.11", "pypy"}) == 90.0
