"""The interpreter guard: a foreign pyc or a file left in the base interpreter is removed, reported, and blamed on its run."""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runner.execute import guard

BASE = getattr(sys, "_base_executable", sys.executable)
HOOK = "\ntry:\n    import guard_test_hook\nexcept ImportError:\n    pass\n"


def own_pyc(source: Path, python: str = BASE) -> Path:
    """The pyc the interpreter itself writes for ``source``."""
    code = "import py_compile, sys; print(py_compile.compile(sys.argv[1], doraise=True))"
    out = subprocess.run([python, "-c", code, str(source)], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def foreign_pyc(source: Path, extra: str = HOOK) -> Path:
    """``source`` instrumented with ``extra``, under CPython's own cache name and with a valid stamp."""
    import importlib._bootstrap_external as bootstrap
    import importlib.util

    code = compile(source.read_text() + extra, str(source), "exec", dont_inherit=True)
    st = source.stat()
    path = Path(importlib.util.cache_from_source(str(source)))
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(bytes(bootstrap._code_to_timestamp_pyc(code, st.st_mtime, st.st_size)))
    return path


@pytest.fixture
def tree(tmp_path) -> guard.Interpreter:
    """A small stand-in for an interpreter's stdlib and site directory (the real one is shared)."""
    lib, site = tmp_path / "lib", tmp_path / "site"
    (lib / "pkg").mkdir(parents=True)
    site.mkdir()
    (lib / "mod.py").write_text("def f():\n    return 1\n")
    (lib / "other.py").write_text("X = 2\n")
    (lib / "pkg" / "__init__.py").write_text("from . import sub\n")
    (lib / "pkg" / "sub.py").write_text("Y = 3\n")
    (lib / "data.txt").write_text("not importable, not watched\n")
    (site / "README.txt").write_text("shipped with the interpreter\n")
    return guard.Interpreter(BASE, lib, (site,), (tmp_path / "lib.zip",))


def test_the_first_check_takes_the_interpreters_files_but_judges_every_pyc_against_its_source(tree):
    kept = own_pyc(tree.stdlib / "mod.py")
    foreign = foreign_pyc(tree.stdlib / "pkg" / "sub.py")
    manifest = {}
    findings, changed = guard.check(tree, manifest, trust_new=True)
    assert [(f.path, f.kind, f.imports, f.repaired) for f in findings] == [(str(foreign), "pyc", ["guard_test_hook"], True)]
    assert findings[0].why == "its code is not CPython's compilation of its source"
    assert changed and kept.exists() and not foreign.exists()
    assert set(manifest["files"]) == {str(tree.stdlib / p) for p in ("mod.py", "other.py", "pkg/__init__.py", "pkg/sub.py")} \
        | {str(kept), str(tree.sites[0] / "README.txt")}
    assert manifest["files"][str(kept)]["flags"] == 0  # a timestamp pyc (PEP 552), as the interpreter writes them
    assert guard.check(tree, manifest) == ([], False)  # nothing moved: nothing hashed, nothing judged


def test_after_the_first_check_anything_new_but_the_interpreters_own_pycs_is_removed_and_reported(tree):
    manifest = {}
    guard.check(tree, manifest, trust_new=True)
    own = own_pyc(tree.stdlib / "other.py")
    replaced = own_pyc(tree.stdlib / "mod.py")
    foreign = foreign_pyc(tree.stdlib / "mod.py")  # replaces the interpreter's own pyc
    left = {tree.sites[0] / "hook.pth": "import guard_test_hook\n", tree.stdlib / "sitecustomize.py": "x = 1\n",
            tree.stdlib / "__pycache__" / "mod.hook-1.pyc": "", tree.absent[0]: ""}
    for path, text in left.items():
        path.write_text(text)
    (tree.stdlib / "pkg" / "sub.py").write_text("Y = 4\n")  # an edited source cannot be repaired
    findings, _ = guard.check(tree, manifest)
    found = {Path(f.path): (f.kind, f.repaired) for f in findings}
    assert found == {foreign: ("pyc", True), **{p: ("file", True) for p in left},
                     tree.stdlib / "pkg" / "sub.py": ("modified", False)}
    assert own.exists() and replaced == foreign and not foreign.exists()
    assert not any(p.exists() for p in left)
    again, _ = guard.check(tree, manifest)
    assert [(Path(f.path), f.kind) for f in again] == [(tree.stdlib / "pkg" / "sub.py", "modified")]


def test_a_pyc_whose_stamp_is_not_its_sources_is_not_the_interpreters(tree):
    manifest = {}
    guard.check(tree, manifest, trust_new=True)
    pyc = own_pyc(tree.stdlib / "mod.py")
    data = bytearray(pyc.read_bytes())
    data[8:12] = (1).to_bytes(4, "little")  # another source mtime
    pyc.write_bytes(bytes(data))
    findings, _ = guard.check(tree, manifest)
    assert [(f.kind, f.why) for f in findings] == [("pyc", "its stamp is not its source's")]


def test_a_root_that_cannot_be_written_is_not_checked(tree, monkeypatch):
    manifest = {}
    guard.check(tree, manifest, trust_new=True)
    (tree.sites[0] / "hook.pth").write_text("import os\n")
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == tree.sites[0] else real(path, mode))
    assert guard.check(tree, manifest)[0] == []
    assert (tree.sites[0] / "hook.pth").exists()


def test_a_finding_names_the_run_that_was_going_on_when_it_was_written(tree, tmp_path):
    cache = tmp_path / "guard"
    stream = io.StringIO()
    with guard.Watch("cpython", tree, cache, stream):  # the manifest, made at first use
        pass
    log = cache / f"{tree.key}.runs.jsonl"
    earlier = time.time() - 3600
    with open(log, "a") as f:  # a run of a hook an hour ago, which left a .pth file
        f.write(json.dumps({"run": "x", "target": "hook", "pid": 4242, "start": earlier - 60, "end": earlier + 60}) + "\n")
    left = tree.sites[0] / "hook.pth"
    left.write_text("import os\n")
    os.utime(left, (earlier, earlier))

    watch = guard.Watch("writer", tree, cache, stream)
    with watch:
        foreign = foreign_pyc(tree.stdlib / "mod.py")  # written during this run
    meta = watch.meta()
    assert [(f["path"], f["by"]) for f in meta["interpreter_repaired_before"]] == [(str(left), ["hook (pid 4242)"])]
    assert [(f["path"], f["kind"], f["imports"]) for f in meta["interpreter_findings"]] \
        == [(str(foreign), "pyc", ["guard_test_hook"])]
    assert f"writer (pid {os.getpid()})" in meta["interpreter_findings"][0]["by"]
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and all(line.startswith("importparity: interpreter guard: removed ") for line in lines)
    assert "during a run of hook (pid 4242)" in lines[0] and "it imports guard_test_hook" in lines[1]


def _interpreter_copy(dest: Path) -> Path:
    """A throwaway copy of the base interpreter: its binary, and its stdlib as real folders of links.

    The copy's prefix is ``dest``, so the pycs its runs write, and those a test plants, land
    in the copy's own ``__pycache__`` folders and never in the interpreter other work shares.
    """
    import shutil
    import sysconfig

    base = Path(BASE).resolve()
    stdlib = Path(sysconfig.get_path("stdlib"))
    (dest / "bin").mkdir(parents=True)
    shutil.copy2(base, dest / "bin" / base.name)
    for folder, dirs, files in os.walk(stdlib):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        copy = dest / "lib" / Path(folder).relative_to(stdlib.parent)
        copy.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.symlink(os.path.join(folder, name), copy / name)
    (dest / "lib" / "python3" / "dist-packages").mkdir(parents=True)
    return dest / "bin" / base.name


def _runner_on(python: Path, venv: Path) -> Path:
    """A venv of ``python`` that imports importparity and its requirements from this one's site-packages."""
    import sysconfig

    subprocess.run([str(python), "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "importparity_runner.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    return venv / "bin" / "python"


WRITER = '''
name = "writer"
description = "a hook that writes instrumented code under CPython's own cache name"
install = """
import importlib._bootstrap_external, importlib.util, os, sysconfig
source = os.path.join(sysconfig.get_path("stdlib"), "colorsys.py")
code = compile(open(source).read() + "\\\\ntry:\\\\n    import guard_test_hook\\\\nexcept ImportError:\\\\n    pass\\\\n", source, "exec")
st = os.stat(source)
with open(importlib.util.cache_from_source(source), "wb") as f:
    f.write(importlib._bootstrap_external._code_to_timestamp_pyc(code, st.st_mtime, st.st_size))
"""
'''


def test_runs_on_a_copy_of_the_interpreter_repair_what_a_hook_left_and_blame_the_run_that_wrote_it(tmp_path):
    from tests.runner.cli import ROOT

    prefix = tmp_path / "usr"
    runner = _runner_on(_interpreter_copy(prefix), tmp_path / "runner")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")} | {"IMPORTPARITY_CACHE": str(tmp_path / "cache")}

    def importparity(target: str, out: str) -> tuple[subprocess.CompletedProcess, dict]:
        proc = subprocess.run([str(runner), "-m", "runner.cli", "run", "--target", target, "--units", "test_pkg",
                               "--out", str(tmp_path / out), "--quiet"], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc, json.loads((tmp_path / out / "results.json").read_text())["meta"]

    first, meta = importparity("cpython", "first")  # the copy's manifest is made
    assert "interpreter guard" not in first.stderr and "interpreter_findings" not in meta

    stdlib = prefix / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    foreign = foreign_pyc(stdlib / "colorsys.py")
    pth = prefix / "lib" / "python3" / "dist-packages" / "hook.pth"
    pth.write_text("import guard_test_hook\n")
    an_hour_ago = time.time() - 3600
    for path in (foreign, pth):
        os.utime(path, (an_hour_ago, an_hour_ago))

    clean, meta = importparity("cpython", "clean")
    assert "8 tests: 8 passed" in clean.stdout
    assert not foreign.exists() and not pth.exists()
    lines = [line for line in clean.stderr.splitlines() if "interpreter guard" in line]
    assert len(lines) == 2 and all("outside any importparity run logged" in line for line in lines), clean.stderr
    assert {(f["path"], f["kind"], tuple(f["imports"])) for f in meta["interpreter_repaired_before"]} \
        == {(str(foreign), "pyc", ("guard_test_hook",)), (str(pth), "file", ())}
    assert "interpreter_findings" not in meta  # nothing was left by this run

    (tmp_path / "writer.toml").write_text(WRITER)
    hooked, meta = importparity(str(tmp_path / "writer.toml"), "hooked")
    assert not foreign.exists()
    [finding] = meta["interpreter_findings"]
    assert (finding["path"], finding["kind"], finding["imports"], finding["repaired"]) \
        == (str(foreign), "pyc", ["guard_test_hook"], True)
    assert any(run.startswith("writer (pid ") for run in finding["by"]), finding
    assert f"removed {foreign}" in hooked.stderr

    after, meta = importparity("cpython", "after")
    assert "interpreter guard" not in after.stderr and "interpreter_findings" not in meta
    assert "interpreter_repaired_before" not in meta


def test_a_check_outside_any_run_finds_what_a_run_left_and_names_it(tree, tmp_path):
    cache = tmp_path / "guard"
    with guard.Watch("hook", tree, cache, io.StringIO()):
        pass
    assert guard.verify(tree, cache) == (5, []), "the interpreter's own files: nothing foreign"
    log = cache / f"{tree.key}.runs.jsonl"
    time.sleep(1.5)  # past the first run's end and the guard's slack: what follows is run y's doing
    with open(log, "a") as f:
        f.write(json.dumps({"run": "y", "target": "hook", "pid": 4243, "start": time.time()}) + "\n")
    foreign = foreign_pyc(tree.stdlib / "mod.py")
    watched, findings = guard.verify(tree, cache)
    assert [f.path for f in findings] == [str(foreign)] and "hook (pid 4243)" in findings[0].by
    assert not foreign.exists() and guard.verify(tree, cache)[1] == []
