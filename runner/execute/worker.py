"""Worker: one job in a process of its own, in the environment CPython's runner gives its workers.

The executor's fork server imports this module once (with pytest, unittest and test.support),
so every job starts as a cheap fork instead of a fresh interpreter.  In the forked process,
before any test module is imported, :func:`run_job` builds regrtest's own worker settings
(libregrtest's ``setup_process`` and ``setup_tests`` with the RunTests ``python -m test -j2``
would make), moves into a temporary working directory, installs and probes the target, and
runs the job's tests through pytest with :mod:`runner.execute.plugin`.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import signal
import site

import sys
import sysconfig
import tempfile
from pathlib import Path

from runner.panel import VENDORED, current

# The vendored tests must be the `test` package this process imports, not the stdlib's copy.
for _root in {current().root, VENDORED}:
    if str(_root) not in sys.path:
        sys.path.insert(0, str(_root))
# sys.path as this interpreter made it: the fork server's, which preloads this module.
OWN_PATH = list(sys.path)
# The target's .pth boot line does nothing while this is set, so the fork server itself starts
# on CPython's import system; it is removed here so the tests' own children boot the target.
os.environ.pop("IMPORTPARITY_DEFER_BOOT", None)

import pytest  # noqa: E402  (preloaded into the fork server)

from test import support  # noqa: E402
from test.libregrtest.cmdline import _parse_args  # noqa: E402
from test.libregrtest.main import Regrtest  # noqa: E402
from test.libregrtest.setup import setup_process, setup_tests  # noqa: E402
from test.libregrtest.utils import get_temp_dir, get_work_dir  # noqa: E402
from test.support import os_helper  # noqa: E402

from runner import targets  # noqa: E402
from runner.execute import events  # noqa: E402
from runner.execute.jobs import Job  # noqa: E402
from runner.execute.plugin import JobPlugin, cpu_seconds  # noqa: E402

# pytest's own machinery stays out of the tests' way: no assertion rewriting, no warning
# filters, hooks or log handlers around tests, no output capture (unittest buffers, as regrtest).
# Plugins installed beside the runner are not searched for (hypothesis's, imported late under
# a hook target, would be instrumented and could break the worker), and every plugin the
# items do not use is left out, which is most of pytest.main's fixed cost per job.
PYTEST_ARGS = [
    "-q", "--assert=plain", "--noconftest", "--disable-plugin-autoload",
    "-p", "no:cacheprovider", "-p", "no:warnings",
    "-p", "no:logging", "-p", "no:faulthandler", "-p", "no:unraisableexception",
    "-p", "no:threadexception", "-p", "no:doctest", "-p", "no:pastebin", "-p", "no:stepwise",
    "-p", "no:junitxml", "-p", "no:python", "-p", "no:tmpdir", "-p", "no:monkeypatch",
    "-p", "no:debugging", "-p", "no:setuponly", "-p", "no:setupplan", "-p", "no:legacypath",
    "-p", "no:unittest", "-p", "no:subtests", "-p", "no:recwarn", "-p", "no:skipping", "-p", "no:capture",
]
# A directory: each job's worker writes its CPU profile there (bench/harness_profile.py reads them).
PROFILE_VAR = "IMPORTPARITY_PROFILE"
# Where the frozen-module tests expect the stdlib: the interpreter's, not vendored_tests/.
LOCATION_NAMES = {
    "STDLIB_DIR": sysconfig.get_path("stdlib"),
    "REPO_ROOT": os.path.dirname(sysconfig.get_path("stdlib")),
}


def regrtest_settings(units: list[str], options: tuple[str, ...] = ()):
    """The RunTests that `python -m test -j2 --junit-xml FILE [OPTIONS] <units>` gives its workers.

    ``options`` are regrtest's own resource and memory options (``-u cpu``, ``-M 4G``).
    """
    ns = _parse_args(["-j2", "--junit-xml", os.devnull, *options, *units])
    return Regrtest(ns).create_run_tests(tuple(units))


def correct_locations() -> None:
    """Re-point copies of test.support's location constants in loaded test modules.

    test.support derives STDLIB_DIR and REPO_ROOT from its own path; outside the stdlib they
    name vendored_tests/, and the frozen-module tests compare real stdlib paths with them.
    test.support keeps its own values (test discovery needs them); only the test modules'
    copies are corrected.
    """
    vendored = {support.STDLIB_DIR, support.REPO_ROOT}
    for name, module in list(sys.modules.items()):
        if not name.startswith("test.") or name.startswith(("test.support", "test.libregrtest")):
            continue
        for attr, real in LOCATION_NAMES.items():
            if getattr(module, attr, None) in vendored:
                setattr(module, attr, real)


def take_own_path() -> None:
    """Give back this interpreter's sys.path when the executor's, another interpreter's, replaced it.

    multiprocessing hands each worker the executor's sys.path; when the tests run on another
    interpreter (a target's ``interpreter``, such as PyPy) that path names CPython's stdlib.
    """
    if os.path.dirname(os.__file__) not in sys.path:
        sys.path[:] = OWN_PATH


def add_environment_site() -> None:
    """Make the target environment's site-packages (the hook's packages) importable.

    Jobs run on the target environment's python, but multiprocessing gives each the runner's
    sys.path; the environment's site-packages comes last, so the runner's own pytest stays
    the one the fork server preloaded.
    """
    for folder in site.getsitepackages() if sys.prefix != sys.base_prefix else ():
        if folder not in sys.path:
            sys.path.append(folder)
            sys.path.extend(p for p in pth_folders(folder) if p not in sys.path)


def pth_folders(site_dir: str) -> list[str]:
    """The folders the ``.pth`` files of ``site_dir`` name, as site.addsitedir would add them.

    An editable install of a src-layout project (``-e .``) is such a line.  The files' import
    lines are left alone: what a hook's start-up runs is the target's install code's to say.
    """
    found = []
    for pth in sorted(Path(site_dir).glob("*.pth")):
        try:
            lines = pth.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in map(str.strip, lines):
            if line and not line.startswith(("#", "import ", "import\t")):
                folder = os.path.join(site_dir, line)
                if os.path.isdir(folder):
                    found.append(os.path.abspath(folder))
    return found


def _redirect_output(log_path: str) -> None:
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdin = open(os.devnull)


def _profiled(func, name: str):
    """``func``, or ``func`` under cProfile (CPU time) saved as PROFILE_VAR/name.prof when that is set."""
    directory = os.environ.get(PROFILE_VAR)
    if not directory:
        return func

    def run(*args):
        import cProfile
        import time

        profile = cProfile.Profile(time.process_time)
        try:
            return profile.runcall(func, *args)
        finally:
            profile.dump_stats(os.path.join(directory, f"{name}.prof"))
    return run


def run_job(job_data: dict, target_spec: str, units: list[str], events_path: str, log_path: str,
            attribution: bool, regrtest_options: tuple[str, ...] = ()) -> None:
    """Run one job; called in a freshly forked process, whose exit code says if it finished."""
    os.setsid()  # its own process group: a timeout kills the tests' children too
    _redirect_output(log_path)
    # What the executor sends before killing a hung test: every thread's stack, into the log
    # (regrtest's setup_process registers the same once the job starts).
    faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)
    try:
        _profiled(_run_job, os.path.basename(events_path))(job_data, target_spec, units, events_path, attribution,
                                                           regrtest_options)
    except BaseException:
        # unittest buffers the tests' output; what kills the worker goes to the log directly.
        import traceback

        os.write(2, traceback.format_exc().encode(errors="replace"))
        raise


def _run_job(job_data: dict, target_spec: str, units: list[str], events_path: str, attribution: bool,
             regrtest_options: tuple[str, ...]) -> None:
    started = cpu_seconds()
    sink = events.Writer(events_path)
    take_own_path()
    add_environment_site()
    job = Job.from_json(job_data)
    tmp_dir = tempfile.mkdtemp(prefix="test_python_")
    for var in ("TMPDIR", "TEMP", "TMP"):
        os.environ[var] = tmp_dir
    tempfile.tempdir = None  # as a fresh regrtest worker would, read TMPDIR again
    runtests = regrtest_settings(units, regrtest_options)
    target = targets.get(target_spec)

    def before_collect() -> None:
        setup_process()
        setup_tests(runtests)
        target.install()
        sink(events.Probe(target.probe(), [f"{type(f).__module__}.{getattr(f, '__qualname__', type(f).__qualname__)}"
                                           for f in sys.meta_path]))

    plugin = JobPlugin(job, sink, before_collect, correct_locations)
    if attribution:
        from runner.attribution import AVAILABLE, Attribution

        if AVAILABLE:  # no sys.monitoring before 3.12: the outcomes carry no attribution
            plugin.result.attribution = Attribution(target.is_target_code)
    work_dir = get_work_dir(get_temp_dir(), worker=True)
    with os_helper.temp_cwd(work_dir, quiet=True):
        code = pytest.main(PYTEST_ARGS + ["--rootdir", work_dir], plugins=[plugin])
        support.reap_children()
    sink(events.Finished(int(code), cpu_phases(plugin, started)))
    os_helper.rmtree(tmp_dir)


def cpu_phases(plugin: JobPlugin, started: float) -> dict[str, float]:
    """The job's CPU seconds by phase (plugin.PHASES), from ``started`` until now."""
    total = cpu_seconds() - started
    setup = (plugin.collecting_from or cpu_seconds()) - started
    phases = {"set-up": setup, **plugin.cpu}
    phases["rest"] = total - sum(phases.values())
    return {name: round(seconds, 3) for name, seconds in phases.items()}


# The fork server imports this module once and forks every worker from it.  What it holds by
# now (pytest, test.support, the runner) lives as long as any worker: out of the collector's
# reach (gc.freeze, as the gc module's documentation advises before fork()), a worker's
# collections neither walk those objects nor write to the memory pages it shares with the
# server until written.  PyPy's collector has no freeze.
if hasattr(gc, "freeze"):
    gc.freeze()
