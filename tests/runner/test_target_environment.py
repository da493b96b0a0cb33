"""A target's environment: built once, cached by what it is made of, and booting every child."""

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest

from runner.execute import environment
from runner.targets import Target, datafile
from tests.runner.cli import importparity


@pytest.fixture
def envs(tmp_path, monkeypatch) -> Path:
    """Environments built under tmp_path, none remembered from an earlier test."""
    monkeypatch.setattr(environment, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(environment, "_built", {})
    return tmp_path / "cache" / "envs"


def data_target(folder: Path, install: str = "import sys; sys.booted = True", **keys) -> Target:
    lines = [f'name = "{keys.pop("name", "booting")}"', 'description = "sets sys.booted"',
             f"install = {install!r}"] + [f"{k} = {json.dumps(v)}" for k, v in keys.items()]
    path = folder / "target.toml"
    path.write_text("\n".join(lines) + "\n")
    return datafile.load(path)


def test_a_python_target_with_a_colon_in_its_name_gets_its_own_directory(envs):
    def api(name):
        return Target(name, "d", lambda: None, lambda: "", lambda code: False, boot_line=lambda: "None")

    first, second = environment.prepare(api("pkg.mod:TARGET")), environment.prepare(api("pkg.mod_TARGET"))
    assert Path(first.python).parents[1].name.startswith("pkg.mod_TARGET-")
    assert first.python != second.python  # the same directory-safe name, never the same environment
    assert Path(first.python).exists()


def test_a_cached_environment_is_reused_and_a_half_built_one_rebuilt(envs, tmp_path, monkeypatch):
    target = data_target(tmp_path)
    env = environment.prepare(target)
    venv = Path(env.python).parents[1]
    marker = venv / environment.COMPLETE
    stamp = marker.stat().st_mtime_ns
    assert (Path(env.site) / "_importparity_boot.py").read_text() == target.install_code

    monkeypatch.setattr(environment, "_built", {})
    assert environment.prepare(target) == env and marker.stat().st_mtime_ns == stamp

    marker.unlink()  # as a build stopped by Ctrl-C leaves it
    monkeypatch.setattr(environment, "_built", {})
    assert environment.prepare(target) == env and marker.exists()


def test_building_an_environment_prunes_those_no_run_has_taken_for_two_weeks(envs, tmp_path):
    import fcntl
    import time

    def fake(name: str, days_unused: float | None, complete: bool = True) -> Path:
        venv = envs / name
        venv.mkdir(parents=True)
        if complete:
            (venv / environment.COMPLETE).write_text("{}")
        if days_unused is not None:
            (venv / environment.USED).touch()
            old = time.time() - days_unused * 86400
            os.utime(venv / environment.USED, (old, old))
        return venv

    stale, recent, building = fake("old-1", 30), fake("new-1", 1), fake("half-1", None, complete=False)
    in_use = fake("locked-1", 30)
    (envs / "stale-only-marker").mkdir()  # not an environment at all
    with open(envs / "locked-1.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # being rebuilt by another run right now
        built = environment.prepare(data_target(tmp_path))
    kept = Path(built.python).parents[1]
    assert not stale.exists() and recent.exists() and building.exists() and in_use.exists()
    assert kept.exists() and (kept / environment.USED).exists()


def test_the_install_options_are_part_of_the_environments_key(envs, tmp_path):
    plain = environment.prepare(data_target(tmp_path))
    options = data_target(tmp_path)
    with_options = environment.prepare(datafile.load(_with_table(options.path, "[install-options]\nbin-on-path = true\n")))
    assert plain.python != with_options.python


def _with_table(path: Path, table: str) -> Path:
    path.write_text(path.read_text() + table)
    return path


BIN_FIRST = """
import os, sys
first = os.environ["PATH"].split(os.pathsep)[0]
assert first == os.path.dirname(sys.executable), f"PATH starts with {first}, not the environment's bin/"
"""


def test_bin_on_path_reaches_the_preflight_child_and_every_worker(tmp_path):
    body = HEAD + f'install = "pass"\nprobe = {json.dumps(BIN_FIRST)}\n[install-options]\nbin-on-path = true\n'
    proc = run_target(tmp_path, body)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    meta = json.loads((tmp_path / "run" / "results.json").read_text())["meta"]
    assert meta["path_prepended"] == str(Path(meta["tests_interpreter"]).parent)
    assert meta["install_options"]["bin-on-path"] is True
    without = run_target(tmp_path, HEAD + f'install = "pass"\nprobe = {json.dumps(BIN_FIRST)}\n')
    assert without.returncode == 2 and "PATH starts with" in without.stderr  # the probe tells them apart


def test_a_local_requirement_is_fingerprinted_without_its_build_output(tmp_path):
    hook = tmp_path / "hook"
    (hook / "src").mkdir(parents=True)
    (hook / "src" / "h.py").write_text("x = 1\n")
    before = environment.fingerprint(hook)
    for made_by_building in ("build/lib/h.py", "h.egg-info/PKG-INFO", "src/__pycache__/h.pyc"):
        (hook / made_by_building).parent.mkdir(parents=True, exist_ok=True)
        (hook / made_by_building).write_text("")
    assert environment.fingerprint(hook) == before
    (hook / "src" / "h.py").write_text("x = 22\n")  # the author's edit
    assert environment.fingerprint(hook) != before


def run_target(tmp_path: Path, body: str, *args: str, extra_env: dict | None = None):
    path = tmp_path / "hook.toml"
    path.write_text(textwrap.dedent(body))
    env = {"IMPORTPARITY_CACHE": str(tmp_path / "cache")} | (extra_env or {})
    return importparity("run", "--target", str(path), "--out", str(tmp_path / "run"), "--units", "test_pkg",
                        "--quiet", *args, extra_env=env)


def assert_stopped_before_the_panel(proc, tmp_path: Path, *words: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert all(line.startswith("importparity: building") for line in lines[:-1]), lines
    for word in words:
        assert word in lines[-1]
    assert not (tmp_path / "run" / "results.json").exists()


HEAD = 'name = "hook"\ndescription = "d"\n'
FAILURES = {
    "install code raises": (HEAD + 'install = "raise RuntimeError(\'hook broke\')"',
                            ["install code raised", "-I", "RuntimeError: hook broke", "preflight.log"]),
    "probe fails": (HEAD + 'install = "pass"\nprobe = "assert False, \'finder missing\'"',
                    ["not live in a child", "its probe failed: finder missing", "preflight.log"]),
    # junitparser is in importparity's own environment, so a worker would import it; an
    # isolated child of the target's environment cannot.
    "works in the worker, fails in a child": (HEAD + 'install = "import junitparser"',
                                              ["install code raised", "No module named 'junitparser'"]),
    "pip cannot install a requirement": (HEAD + 'install = "pass"\nrequirements = ["importparity-no-such-dist==0"]',
                                         ["pip could not install", "importparity-no-such-dist"]),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_target_that_cannot_boot_stops_before_the_panel_with_exit_2(tmp_path, case):
    body, words = FAILURES[case]
    proc = run_target(tmp_path, body, extra_env={"PIP_NO_INDEX": "1"})  # pip: no network needed
    assert_stopped_before_the_panel(proc, tmp_path, *words)
    if "pip" in case:  # a failed build leaves nothing a later run could take for an environment
        assert not [p for p in (tmp_path / "cache" / "envs").iterdir() if p.is_dir()]


# An in-tree build back-end (no build requirement to fetch) with a mistake in it.
BROKEN_BACKEND = """\
def get_requires_for_build_wheel(config_settings=None):
    raise RuntimeError("mistake in build config")

build_wheel = get_requires_for_build_editable = build_editable = get_requires_for_build_wheel
"""


@pytest.mark.parametrize("editable", [False, True], ids=["wheel", "editable"])
def test_a_build_that_fails_names_the_back_ends_error_and_keeps_pips_whole_output(tmp_path, editable):
    project = tmp_path / "broken"
    project.mkdir()
    (project / "backend.py").write_text(BROKEN_BACKEND)
    (project / "pyproject.toml").write_text('[build-system]\nrequires = []\nbuild-backend = "backend"\n'
                                            'backend-path = ["."]\n\n[project]\nname = "broken"\nversion = "0"\n')
    requirement = "-e ./broken" if editable else "./broken"
    proc = run_target(tmp_path, HEAD + f'install = "pass"\nrequirements = ["{requirement}"]',
                      extra_env={"PIP_NO_INDEX": "1"})
    assert_stopped_before_the_panel(proc, tmp_path, "pip could not install its requirements",
                                    "RuntimeError: mistake in build config")
    message = proc.stderr.strip().splitlines()[-1]
    assert "hint:" not in message and "See above" not in message
    log = Path(message.rsplit("pip's whole output: ", 1)[1].rstrip(")"))
    assert log.parent == tmp_path / "cache" / "envs" and log.name.endswith(".pip.log")
    kept = log.read_text()
    assert "Traceback (most recent call last)" in kept and 'raise RuntimeError("mistake in build config")' in kept


PIP_EDITABLE_FAILURE = """\
Obtaining file:///src/demo
  Installing build dependencies ... done
  Checking if build backend supports build_editable ... done
  Preparing editable metadata (pyproject.toml) ... error
  error: subprocess-exited-with-error

  × Preparing editable metadata (pyproject.toml) did not run successfully.
  │ exit code: 1
  ╰─> [9 lines of output]
      Traceback (most recent call last):
        File "/x/_in_process.py", line 389, in <module>
          main()
        File "/x/editables/__init__.py", line 58, in map
          raise EditableException(
      editables.EditableException: Cannot map demo to /src/demo/lib, it is not a top-level package
      [end of output]

  note: This error originates from a subprocess, and is likely not a problem with pip.
error: metadata-generation-failed

× Encountered error while generating package metadata.
╰─> See above for output.

note: This is an issue with the package mentioned above, not pip.
hint: See above for details.
"""


def test_the_cause_of_a_failed_build_is_the_back_ends_line_not_pips_closing_hint():
    from runner.execute import buildlog

    assert buildlog.cause(PIP_EDITABLE_FAILURE) == (
        "editables.EditableException: Cannot map demo to /src/demo/lib, it is not a top-level package")
    backend_error = "  ╰─> [3 lines of output]\n      running egg_info\n" \
                    "      error: package directory 'lib' does not exist\n      [end of output]\n" \
                    "ERROR: Failed to build 'file:///src/demo'\n"
    assert buildlog.cause(backend_error) == "error: package directory 'lib' does not exist"
    meson = "  ╰─> [2 lines of output]\n\n      meson-python: error: meson executable \"meson\" not found\n" \
            "      [end of output]\nerror: metadata-generation-failed\nhint: See above for details.\n"
    assert buildlog.cause(meson) == 'meson-python: error: meson executable "meson" not found'
    assert buildlog.cause("ERROR: Could not find a version\nERROR: No matching distribution found for x==0\n") \
        == "ERROR: No matching distribution found for x==0"


HOOK = '''\
"""A meta-path finder that wraps the path finder and counts the modules it finds."""
import os
import sys
import sys
from importlib.machinery import PathFinder

LOG = {log!r}


class CountingFinder:
    found = 0

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        spec = PathFinder.find_spec(name, path, target)
        cls.found += spec is not None
        return spec

    @classmethod
    def invalidate_caches(cls):
        PathFinder.invalidate_caches()


def install():
    if CountingFinder not in sys.meta_path:
        sys.meta_path.insert(sys.meta_path.index(PathFinder), CountingFinder)
    with open(LOG, "a") as f:
        f.write(f"{{os.getpid()}} isolated={{sys.flags.isolated}}\\n")
'''
PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "counthook"
version = "0.1"

[tool.setuptools]
py-modules = ["counthook"]
"""
TARGET = '''\
name = "counthook"
description = "a user's hook: counts what the path finder finds"
requirements = ["./hook"]
install = "import counthook; counthook.install()"
probe = """
import sys, counthook
assert counthook.CountingFinder in sys.meta_path, "CountingFinder is not on sys.meta_path"
"""
[code]
packages = ["counthook"]
'''


def test_a_users_own_hook_runs_the_panel_in_workers_and_isolated_children(tmp_path):
    log = tmp_path / "boots.log"
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "counthook.py").write_text(HOOK.format(log=str(log)))
    (tmp_path / "hook" / "pyproject.toml").write_text(PYPROJECT)
    target = tmp_path / "counthook.toml"
    target.write_text(TARGET)
    out = tmp_path / "run"
    env = {"IMPORTPARITY_CACHE": str(tmp_path / "cache")}
    proc = importparity("parity", "--target", str(target), "--units", "test_pkg", "test_cmd_line_script",
                        "--out", str(out), "--quiet", extra_env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "57     57       0" in proc.stdout  # every test ran and matched CPython

    meta = json.loads((out / "results.json").read_text())["meta"]
    assert meta["distributions"] == {"counthook": "0.1"}
    assert meta["target_file"] == TARGET and meta["install_code"] == "import counthook; counthook.install()"
    assert meta["tests_interpreter"].startswith(str(tmp_path / "cache" / "envs" / "counthook-"))
    boots = log.read_text().splitlines()
    # test_cmd_line_script spawns -I children: the hook was installed in them, not only in workers.
    assert sum(line.endswith("isolated=1") for line in boots) > 10
    assert sum(line.endswith("isolated=0") for line in boots) > 10

    update = importparity("expectations", "update", str(out))
    assert update.returncode == 0, update.stderr
    written = tmp_path / "counthook.expectations.json"  # beside the target file, paired by its name
    assert json.loads(written.read_text()) == {"target": "counthook", "tests": {}}


def test_a_python_targets_boot_line_may_be_statements(envs):
    import subprocess

    statements = "import sys\nsys.booted = 'by statements'"
    target = Target("stmts", "d", lambda: None, lambda: "", lambda code: False, boot_line=lambda: statements)
    env = environment.prepare(target)
    child = subprocess.run([env.python, "-I", "-c", "import sys; print(sys.booted)"],
                           capture_output=True, text=True, env={k: v for k, v in os.environ.items()
                                                                if k != environment.DEFER_VAR})
    assert child.stdout.strip() == "by statements", child.stderr


def test_an_environment_whose_python_is_gone_is_rebuilt(envs, tmp_path, monkeypatch):
    env = environment.prepare(data_target(tmp_path))
    Path(env.python).unlink()
    monkeypatch.setattr(environment, "_built", {})
    assert Path(environment.prepare(data_target(tmp_path)).python).exists()


def test_a_cache_that_cannot_be_written_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    proc = run_target(tmp_path, HEAD + 'install = "pass"')
    assert_stopped_before_the_panel(proc, tmp_path, "cannot prepare the environment of target hook")


@pytest.mark.parametrize("flags, environ", [(["-I"], None), (["-E"], None), ([], {})],
                         ids=["isolated", "ignore-environment", "scrubbed-environment"])
def test_every_kind_of_child_runs_the_install_code_at_start_up(envs, tmp_path, flags, environ):
    import subprocess

    env = environment.prepare(data_target(tmp_path))
    if environ is None:
        environ = {k: v for k, v in os.environ.items() if k != environment.DEFER_VAR}
    child = subprocess.run([env.python, *flags, "-c", "import sys; print(sys.booted)"],
                           capture_output=True, text=True, env=environ, cwd=tmp_path)
    assert child.stdout.strip() == "True", child.stderr


MESON_BUILD = """\
project('mesondemo', version: '0.1')
py = import('python').find_installation(pure: true)
py.install_sources('mesondemo/__init__.py', subdir: 'mesondemo')
"""
MESON_PYPROJECT = """\
[build-system]
requires = ["meson-python"]
build-backend = "mesonpy"

[project]
name = "mesondemo"
version = "0.1"
"""
MESON_TARGET = '''\
name = "mesondemo"
description = "a meson-python project installed editable: its finder rebuilds with ninja on import"
requirements = ["-e ./mesondemo"]
install = "import _mesondemo_editable_loader"
probe = """
import sys
finder = next(f for f in sys.meta_path if type(f).__name__ == "MesonpyMetaFinder")
spec = finder.find_spec("mesondemo")  # runs ninja in the build folder
assert spec is not None and spec.origin.endswith("mesondemo/__init__.py"), spec
"""
[install-options]
build-isolation = false
build-requirements = ["meson-python==0.22.1", "meson==1.12.1", "ninja==1.13.2"]
bin-on-path = true
[code]
packages = ["_mesondemo_editable_loader"]
'''


def test_a_meson_python_project_installed_editable_runs_the_panel(tmp_path):
    project = tmp_path / "mesondemo"
    (project / "mesondemo").mkdir(parents=True)
    (project / "mesondemo" / "__init__.py").write_text("GREETING = 'hello'\n")
    (project / "meson.build").write_text(MESON_BUILD)
    (project / "pyproject.toml").write_text(MESON_PYPROJECT)
    target = tmp_path / "mesondemo.toml"
    target.write_text(MESON_TARGET)
    out = tmp_path / "run"
    proc = importparity("parity", "--target", str(target), "--units", "test_pkg", "--out", str(out), "--quiet",
                        extra_env={"IMPORTPARITY_CACHE": str(tmp_path / "cache")}, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "8      8       0" in proc.stdout
    meta = json.loads((out / "results.json").read_text())["meta"]
    assert {"meson-python", "meson", "ninja", "mesondemo"} <= set(meta["distributions"])
    assert meta["path_prepended"] == str(Path(meta["tests_interpreter"]).parent)
    assert (project / "build").is_dir()  # built in place, as the editable finder rebuilds it


def test_the_boot_files_go_into_the_venv_never_into_the_base_interpreter(envs, tmp_path, monkeypatch):
    # Debian's 3.13 under -S takes a venv's python for the base one and names the base's
    # /usr/local/lib/python3.13/dist-packages as purelib.
    from runner import provision

    base = provision.find_python("3.13")
    monkeypatch.setattr(sys, "_base_executable", str(base))
    env = environment.prepare(data_target(tmp_path))
    venv = Path(env.python).parents[1]
    assert venv in Path(env.site).parents
    assert (Path(env.site) / "_importparity_boot.py").exists()


def test_a_target_needing_no_environment_runs_on_the_base_interpreter(envs):
    """cpython's tests, and their children, run on the interpreter regrtest would use: not on the
    runner's own venv, whose .pth files (an editable install's finder) would run in every child."""
    from runner import targets

    env = environment.prepare(targets.get("cpython"))
    assert env == environment.Environment(getattr(sys, "_base_executable", sys.executable))
    assert not envs.exists()  # nothing was built for it
