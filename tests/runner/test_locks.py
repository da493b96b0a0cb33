"""Concurrent importparity processes: a second writer of a run directory is refused, of a cache entry waits."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from runner import locks
from tests.runner.cli import ROOT, importparity


def _python(code: str, env: dict | None = None) -> subprocess.Popen:
    """A child running ``code`` with the project importable, its output captured."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")} | (env or {})
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=environ, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_lock_waits_for_its_holder_and_names_it_when_refusing(tmp_path):
    path = tmp_path / "x.lock"
    with locks.locked(path):
        assert locks.holder(path) == os.getpid()
        child = _python(f"""
            from runner import locks
            try:
                with locks.locked({str(path)!r}, wait=False):
                    print("got it")
            except locks.Busy as exc:
                print("busy", exc.pid)
            with locks.locked({str(path)!r}):
                print("got it after waiting")
        """)
        time.sleep(0.5)
        assert child.poll() is None, "the waiting child must not get the lock while it is held"
    out, err = child.communicate(timeout=60)
    assert out.split("\n")[:2] == [f"busy {os.getpid()}", "got it after waiting"], out + err


def test_a_lock_file_removed_while_a_process_waits_on_it_is_never_held_twice(tmp_path):
    path = tmp_path / "x.lock"
    with locks.locked(path, remove=True):
        child = _python(f"""
            import time
            from runner import locks
            with locks.locked({str(path)!r}):
                print("child", time.monotonic())
        """)
        time.sleep(0.5)  # the child has opened the file and waits on it
    # The holder removed the file as it released it; a third process takes the new file's lock.
    with locks.locked(path):
        taken = time.monotonic()
        time.sleep(1.0)
        released = time.monotonic()
    out, err = child.communicate(timeout=60)
    assert out.startswith("child"), err
    assert float(out.split()[1]) >= released or float(out.split()[1]) < taken, \
        "the child held the lock while another process held the new lock file"


def test_a_second_command_into_a_run_directory_is_refused_on_one_line(tmp_path):
    out = tmp_path / "run"
    with locks.run_dir(out):
        proc = importparity("run", "--target", "cpython", "--units", "test_pkg", "--out", str(out), "--quiet")
        assert [p.name for p in out.iterdir()] == [locks.RUN_DIR_LOCK], "the refused run wrote nothing"
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr == (f"importparity: another importparity run is writing {out} (pid {os.getpid()}); "
                           f"wait for it or choose another --out\n")
    assert not out.exists(), "the lock is gone, and the directory it was made for"


def test_two_parity_runs_into_one_directory_at_once_one_runs_and_the_other_is_refused(tmp_path):
    out = tmp_path / "run"
    args = [sys.executable, "-m", "runner.cli", "parity", "--target", "cpython", "--units", "test_pkg",
            "--out", str(out), "--quiet"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    first = subprocess.Popen(args, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: (out / locks.RUN_DIR_LOCK).exists() or first.poll() is not None)
    second = subprocess.run(args, cwd=ROOT, env=env, text=True, capture_output=True, timeout=300)
    stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stdout + stderr
    assert second.returncode == 2 and len(second.stderr.splitlines()) == 1, second.stderr
    assert f"another importparity run is writing {out} (pid {first.pid})" in second.stderr
    assert (out / "results.json").is_file() and (out / "report" / "summary.md").is_file()
    assert not (out / locks.RUN_DIR_LOCK).exists()


def test_two_builds_of_one_target_environment_at_once_build_it_once(tmp_path):
    (tmp_path / "hook.toml").write_text('name = "booting"\ndescription = "d"\ninstall = "import sys"\n')
    code = f"""
        from pathlib import Path
        from runner.execute import environment
        from runner.targets import datafile
        build = environment._build
        def counted(*args):
            print("built")
            build(*args)
        environment._build = counted
        print(environment.prepare(datafile.load(Path({str(tmp_path / "hook.toml")!r}))).python)
    """
    env = {"IMPORTPARITY_CACHE": str(tmp_path / "cache")}
    children = [_python(code, env) for _ in range(2)]
    outputs = [child.communicate(timeout=300) for child in children]
    assert all(child.returncode == 0 for child in children), outputs
    printed = [out.split() for out, _ in outputs]
    assert sorted(len(lines) for lines in printed) == [1, 2], printed  # one built, the other waited
    assert printed[0][-1] == printed[1][-1] and Path(printed[0][-1]).exists()


def test_two_recordings_of_one_drift_baseline_at_once_record_it_once(tmp_path):
    code = """
        import time
        from runner.compare import drift
        from runner.results import Outcome, Run, Status
        def record(units, out):
            print("recorded")
            time.sleep(1.0)  # long enough for the other process to arrive while this one records
            return Run(meta={}, tests={"test.test_pkg.t": Outcome("test.test_pkg.t", "test_pkg", Status.PASSED)})
        print(list(drift.local_baseline(["test_pkg"], record).tests))
    """
    env = {"IMPORTPARITY_CACHE": str(tmp_path / "cache")}
    children = [_python(code, env) for _ in range(2)]
    outputs = [child.communicate(timeout=300) for child in children]
    assert all(child.returncode == 0 for child in children), outputs
    joined = "".join(out for out, _ in outputs)
    assert joined.count("recorded") == 1, outputs  # the second waited, then found it cached
    assert joined.count("['test.test_pkg.t']") == 2, outputs


def test_a_run_directory_that_cannot_be_made_is_one_line_and_leaves_nothing(tmp_path):
    out = tmp_path / "new" / "a-file" / "run"  # a folder inside a regular file: no one can make it
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "a-file").write_text("")
    proc = importparity("run", "--target", "cpython", "--units", "test_pkg", "--out", str(out))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"importparity: --out {out}: cannot write there"), lines
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["new", "new/a-file"]
