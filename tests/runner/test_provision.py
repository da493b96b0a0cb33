"""runner/provision.py: the table of interpreters, the order of the search, its errors and its lock.

Nothing here downloads: provisioning itself is replaced by fakes, except in the last test,
which runs the interpreters already in the real cache (and skips those that are not).
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from runner import provision

REAL_CACHE = provision.CACHE


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No override from the environment, an empty PATH and cache; no download may start."""
    for var in list(os.environ):
        if var.startswith("IMPORTPARITY_PYTHON"):
            monkeypatch.delenv(var)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(provision, "CACHE", tmp_path / "cache")

    real_provision = provision.provision

    def no_provisioning(name=provision.DEFAULT):
        if provision.INTERPRETERS[name].suite is None:
            return real_provision(name)  # the find-only error, reached before any download
        raise AssertionError(f"provision({name!r}) reached")

    monkeypatch.setattr(provision, "provision", no_provisioning)
    return bin_dir


def fake_python(directory: Path, command: str, says: dict | None) -> Path:
    """An executable ``command`` that prints ``says`` as the probe would, or fails if None."""
    path = directory / command
    body = f"echo '{json.dumps(says)}'" if says is not None else "exit 1"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def says(version="3.13", implementation="cpython", executable="/opt/python/bin/python3.13", missing=()):
    return {"implementation": implementation, "version": version, "executable": executable,
            "missing": list(missing)}


def test_the_table_names_each_interpreter_once_and_keeps_314s_cache_directory():
    assert provision.NAMES == ("3.11", "3.13", "3.14", "3.15", "pypy3.11")
    assert provision.DEFAULT == "3.14"
    directories = [e.directory for e in provision.INTERPRETERS.values()]
    assert len(set(directories)) == len(directories)
    assert provision.INTERPRETERS["3.14"].directory == "cpython-3.14"
    assert provision.PREFIX == REAL_CACHE / "cpython-3.14"
    assert provision.INTERPRETERS["3.14"].modules == provision.TEST_MODULES


@pytest.mark.parametrize("version", ["3.13", "3.14", "3.15"])
def test_cpython_entries_unpack_the_interpreter_its_stdlib_testsuite_and_libc(version):
    entry = provision.INTERPRETERS[version]
    assert entry.suite == "unstable" and entry.command == f"python{version}"
    for package in (f"python{version}", f"python{version}-minimal", f"libpython{version}-minimal",
                    f"libpython{version}-stdlib", f"libpython{version}-testsuite", *provision.LIBC_SET):
        assert package in entry.packages
    assert entry.rpath_globs == (f"usr/lib/python{version}/lib-dynload/*.so",)
    assert set(entry.modules) == {"_testcapi", "_testinternalcapi", "_testsinglephase", "_testmultiphase"}


def test_pypy_entry_patches_its_shared_library_and_cffi_modules_and_needs_no_test_modules():
    entry = provision.INTERPRETERS["pypy3.11"]
    assert entry.implementation == "pypy" and entry.version == "3.11" and entry.command == "pypy3.11"
    assert {"pypy3", "pypy3-lib", "libgdbm6t64", *provision.LIBC_SET} <= set(entry.packages)
    assert "usr/lib/x86_64-linux-gnu/libpypy3.11-c.so" in entry.rpath_globs
    assert "usr/lib/pypy3.11/**/*.so" in entry.rpath_globs
    assert not set(entry.modules) & set(provision.TEST_MODULES)


def test_311_is_found_only_and_does_not_ask_for_singlephase():
    entry = provision.INTERPRETERS["3.11"]
    assert entry.suite is None
    assert "_testsinglephase" not in entry.modules


@pytest.mark.parametrize("name", ["3.12", "pypy3.10", "", "python3.14"])
def test_an_unknown_name_is_a_one_line_error(name):
    with pytest.raises(provision.ProvisionError) as caught:
        provision.find_interpreter(name)
    assert "\n" not in str(caught.value) and "known: 3.11, 3.13, 3.14, 3.15, pypy3.11" in str(caught.value)


def test_find_python_is_for_cpython_names_only():
    with pytest.raises(provision.ProvisionError, match="no CPython version 'pypy3.11'"):
        provision.find_python("pypy3.11")


def test_overrides_from_the_environment_are_taken_as_they_are(monkeypatch):
    monkeypatch.setenv("IMPORTPARITY_PYTHON", "/nowhere/python-default")
    monkeypatch.setenv("IMPORTPARITY_PYTHON_3_13", "/nowhere/python-313")
    monkeypatch.setenv("IMPORTPARITY_PYTHON_PYPY3_11", "/nowhere/pypy")
    assert provision.find_python() == Path("/nowhere/python-default")
    assert provision.find_python("3.13") == Path("/nowhere/python-313")
    assert provision.find_interpreter("pypy3.11") == Path("/nowhere/pypy")


def test_the_default_override_does_not_apply_to_other_versions(monkeypatch):
    monkeypatch.setenv("IMPORTPARITY_PYTHON", "/nowhere/python-default")
    with pytest.raises(provision.ProvisionError, match="IMPORTPARITY_PYTHON_3_11"):
        provision.find_python("3.11")


def test_a_314_on_path_is_taken_unchecked(isolated):
    on_path = fake_python(isolated, "python3.14", None)
    assert provision.find_python() == on_path


def test_another_version_on_path_is_checked_and_resolved_to_its_own_executable(isolated, tmp_path, monkeypatch):
    elsewhere = tmp_path / "bin2"
    elsewhere.mkdir()
    fake_python(isolated, "python3.13", None)  # a shim that fails, as pyenv's does for a version not selected
    fake_python(elsewhere, "python3.13", says(executable="/opt/python/bin/python3.13"))
    monkeypatch.setenv("PATH", f"{isolated}{os.pathsep}{elsewhere}")
    assert provision.find_python("3.13") == Path("/opt/python/bin/python3.13")


def test_a_path_command_that_does_not_run_is_probed_once_until_its_file_changes(isolated, monkeypatch):
    shim = fake_python(isolated, "python3.13", None)  # pyenv's shim for a version pyenv lacks
    monkeypatch.setattr(provision, "provision", lambda name: Path(f"/provisioned/{name}"))
    probed = []
    real_probe_run = provision._probe_run
    monkeypatch.setattr(provision, "_probe_run", lambda python, modules: probed.append(python) or
                        real_probe_run(python, modules))
    assert provision.find_python("3.13") == Path("/provisioned/3.13")
    assert provision.find_python("3.13") == Path("/provisioned/3.13")
    assert probed.count(shim) == 1, "remembered not to run"
    # `pyenv install` rewrites the shims: a new file is probed again, and taken when it runs.
    shim.unlink()
    fake_python(isolated, "python3.13", says())
    assert provision.find_python("3.13") == Path("/opt/python/bin/python3.13")
    assert probed.count(shim) == 2


def test_a_path_command_that_runs_but_is_of_the_wrong_kind_is_not_remembered(isolated, monkeypatch):
    fake_python(isolated, "python3.13", says(missing=["_testcapi"]))
    monkeypatch.setattr(provision, "provision", lambda name: Path(f"/provisioned/{name}"))
    assert provision.find_python("3.13") == Path("/provisioned/3.13")
    assert not (provision.CACHE / provision.NOT_RUNNING).exists(), \
        "installing its test modules later must make it count: it is probed every time"


@pytest.mark.parametrize("wrong", [says(version="3.12"), says(implementation="pypy"),
                                   says(missing=["_testsinglephase"])])
def test_a_path_interpreter_of_the_wrong_kind_is_passed_over(isolated, monkeypatch, wrong):
    fake_python(isolated, "python3.13", wrong)
    monkeypatch.setattr(provision, "provision", lambda name: Path(f"/provisioned/{name}"))
    assert provision.find_python("3.13") == Path("/provisioned/3.13")


def test_a_working_cached_interpreter_comes_before_provisioning():
    entry = provision.INTERPRETERS["pypy3.11"]
    entry.binary.parent.mkdir(parents=True)
    fake_python(entry.binary.parent, "pypy3.11",
                says(version="3.11", implementation="pypy", executable=str(entry.binary)))
    assert provision.find_interpreter("pypy3.11") == entry.binary


def test_nothing_found_for_311_says_what_to_set(capsys):
    assert provision.main(["3.11"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "IMPORTPARITY_PYTHON_3_11" in err and "python3.11" in err


def test_main_prints_the_path_or_one_line_and_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("IMPORTPARITY_PYTHON_3_15", "/nowhere/python3.15")
    assert provision.main(["3.15"]) == 0
    assert capsys.readouterr().out == "/nowhere/python3.15\n"
    for argv in (["nope"], ["3.13", "3.15"]):
        assert provision.main(argv) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and err.startswith("importparity: ")


def test_two_processes_provisioning_at_once_build_once(monkeypatch, tmp_path):
    """The second caller waits on the lock, then finds the first one's interpreter."""
    monkeypatch.undo()  # the autouse fixture's fake provision() is not wanted here
    monkeypatch.setattr(provision, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(provision.shutil, "which", lambda command: f"/usr/bin/{command}")
    monkeypatch.setattr(provision, "_check", lambda python, entry: python if python.exists() else None)
    downloads = []

    def slow_download(work, entry):
        downloads.append(entry.name)
        time.sleep(0.3)
        work.mkdir(parents=True, exist_ok=True)
        return work  # no .deb files: nothing to unpack

    def patch(entry, unpacked):
        binary = unpacked / entry.binary.relative_to(entry.prefix)
        binary.parent.mkdir(parents=True)
        binary.write_text("")

    monkeypatch.setattr(provision, "_download", slow_download)
    monkeypatch.setattr(provision, "_patch", patch)
    results = []
    threads = [threading.Thread(target=lambda: results.append(provision.provision("3.13"))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entry = provision.INTERPRETERS["3.13"]
    assert downloads == ["3.13"]
    assert results == [entry.binary, entry.binary]
    assert (tmp_path / "cache" / "cpython-3.13.lock").exists()


def test_provisioning_a_find_only_name_is_a_one_line_error(monkeypatch):
    monkeypatch.undo()
    with pytest.raises(provision.ProvisionError, match="none can be provisioned"):
        provision.provision("3.11")


@pytest.mark.parametrize("name", [n for n, e in provision.INTERPRETERS.items() if e.suite])
def test_a_cached_interpreter_runs_and_imports_its_modules(monkeypatch, name):
    monkeypatch.setattr(provision, "CACHE", REAL_CACHE)
    entry = provision.INTERPRETERS[name]
    if not entry.binary.exists():
        pytest.skip(f"{name} is not provisioned in {REAL_CACHE} (`python runner/provision.py {name}` does it)")
    assert provision._check(entry.binary, entry) == entry.binary
    assert provision.missing_test_modules(entry.binary, name) == []
