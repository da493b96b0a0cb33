import contextlib
with contextlib.nullcontext():
    lazy import test.test_lazy_import.data.basic2 as basic2
