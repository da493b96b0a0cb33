"""Guard: before and after every run, the base interpreter's own files are as its manifest says; anything foreign is removed and reported.

Every target runs on a venv of one base interpreter, whose stdlib ``__pycache__`` folders and
site directories all of them share: a hook that writes its instrumented code under CPython's
own cache name, or leaves a ``.pth`` file there, changes every later run of every target.  The
*manifest* (``~/.cache/importparity/guard/<interpreter>.json``) records, per watched file, its
stat, sha256 and, for a pyc, its PEP 552 stamp.  Watched: in the stdlib (lib-dynload
included) the files an import can load (``.py``, ``.pyc``, extension modules) and ``.pth``
files; in the base's site directories every file; its zipped-stdlib path, which must not
appear.  A pyc is the interpreter's own if the manifest has it unchanged, or if it is what
the interpreter writes for its source (judged by the base interpreter, ``pycheck.py``);
any other new file, or foreign pyc, is removed (the interpreter rewrites its pycs) and
reported; a changed source cannot be repaired and is reported.  A check stats every file
and hashes only those whose stat moved since the manifest.  A log of runs (target, pid,
start, end) tells which run was going on when a foreign file was written.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import importlib.machinery
import json
import marshal
import os
import re
import site
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from runner import locks, provision

PYCHECK = Path(__file__).with_name("pycheck.py")
# Findings printed on stderr per check; all of them are in results.json's meta.
SHOWN = 10
# Runs kept in the log (it is trimmed to these when it grows to twice as many).
KEEP_RUNS = 200
IMPORTABLE = (*importlib.machinery.all_suffixes(), ".pth")
CACHE_NAME = re.compile(rf"(?P<stem>.+)\.{re.escape(sys.implementation.cache_tag or '')}(?:\.opt-(?P<opt>[12]))?\.pyc\Z")
_IMPORTED = time.time()
_last_end = 0.0  # when the last run this process watched ended


@dataclasses.dataclass(frozen=True)
class Interpreter:
    """The files of a base interpreter that the guard watches."""

    python: str
    stdlib: Path  # the importable files and .pth files in it (its site directories apart)
    sites: tuple[Path, ...]  # every file in them
    absent: tuple[Path, ...] = ()  # paths on its sys.path that do not exist and must not appear

    @classmethod
    def base(cls) -> "Interpreter":
        """The base interpreter of the one running importparity, which every target's venv is made from."""
        prefix = Path(sys.base_prefix)
        sites = tuple(sorted({Path(p) for p in site.getsitepackages([sys.base_prefix])}))
        zipped = prefix / "lib" / f"python{sys.version_info[0]}{sys.version_info[1]}.zip"
        return cls(getattr(sys, "_base_executable", sys.executable), Path(sysconfig.get_path("stdlib")),
                   sites, (zipped,) if not zipped.exists() else ())

    @property
    def key(self) -> str:
        watched = "\0".join([os.path.realpath(self.python), sys.version, str(self.stdlib), *map(str, self.sites)])
        return f"{Path(self.python).name}-{hashlib.sha256(watched.encode()).hexdigest()[:16]}"


@dataclasses.dataclass
class Finding:
    """A file of the base interpreter that is not its own."""

    path: str
    kind: str  # "pyc": foreign code under CPython's cache name; "file": a file left there; "modified"
    why: str
    written: float  # its mtime
    repaired: bool = False
    imports: list[str] = dataclasses.field(default_factory=list)  # a foreign pyc's non-stdlib imports
    by: list[str] = dataclasses.field(default_factory=list)  # the logged runs going on when it was written

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        data["written"] = _iso(self.written)
        return data

    def line(self) -> str:
        action = "removed" if self.repaired else "found (not repaired)"
        imports = f"; it imports {', '.join(self.imports)}" if self.imports else ""
        by = f"during a run of {' or '.join(self.by)}" if self.by else "outside any importparity run logged"
        return f"interpreter guard: {action} {self.path}: {self.why}{imports}; written {_iso(self.written)} {by}"


def _iso(when: float) -> str:
    return datetime.datetime.fromtimestamp(when, datetime.timezone.utc).isoformat(timespec="seconds")


def scan(interp: Interpreter) -> dict[str, os.stat_result]:
    """Every watched file of ``interp`` there is now, with its stat (roots we cannot write are skipped)."""
    found: dict[str, os.stat_result] = {}
    sites = {str(p) for p in interp.sites}
    for root, importable_only in ((interp.stdlib, True), *((s, False) for s in interp.sites)):
        if os.access(root, os.W_OK):  # what we cannot write, no run of ours can have written either
            _walk(str(root), importable_only, sites - {str(root)}, found)
    for path in interp.absent:
        try:
            found[str(path)] = os.stat(path)
        except OSError:
            pass
    return found


def _walk(root: str, importable_only: bool, skip: set[str], found: dict) -> None:
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        cache = folder.endswith(os.sep + "__pycache__")
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.path not in skip:
                        stack.append(entry.path)
                elif (entry.name.endswith(".pyc") if cache
                      else not importable_only or entry.name.endswith(IMPORTABLE)):
                    found[entry.path] = entry.stat()
            except OSError:
                continue  # gone while we looked, or a dangling link


def cache_source(path: str, files) -> tuple[str, int] | None:
    """The source and optimization level of a pyc under a name CPython loads (``files``: the scan), else None."""
    folder, name = os.path.split(path)
    match = CACHE_NAME.match(name)
    if not match or os.path.basename(folder) != "__pycache__":
        return None
    source = os.path.join(os.path.dirname(folder), match["stem"] + ".py")
    return (source, int(match["opt"] or 0)) if source in files else None


def check(interp: Interpreter, manifest: dict, *, trust_new: bool = False) -> tuple[list[Finding], bool]:
    """Compare ``interp``'s files with ``manifest``; repair what is foreign and return it, and whether
    the manifest changed (it is updated in place with the files found to be the interpreter's own).

    ``trust_new``: the first check of an interpreter takes every file but pycs as its own
    (a pyc is judged against its source even then).
    """
    files = manifest.setdefault("files", {})
    now = scan(interp)
    findings, judge, recorded = [], [], len(files)
    changed = False
    for path, st in now.items():
        signature = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
        record = files.get(path)
        if record and record["stat"] == signature:
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(data).hexdigest()
        if record and record["sha256"] == digest:
            record["stat"], changed = signature, True
            continue
        entry = {"stat": signature, "sha256": digest}
        source = cache_source(path, now)
        if source is not None:
            judge.append((path, *source, {**entry, "flags": int.from_bytes(data[4:8], "little"),
                                          "stamp": data[8:16].hex()}, st.st_mtime))
        elif trust_new and record is None:
            files[path], changed = entry, True
        elif record is not None and not path.endswith(".pyc"):
            findings.append(Finding(path, "modified", "changed since the interpreter was first used "
                                    "(remove the interpreter to provision it again)", st.st_mtime))
        else:
            why = "a pyc under a name CPython does not load" if path.endswith(".pyc") else "a file left there"
            findings.append(Finding(path, "file", why, st.st_mtime))
    for (path, _, _, entry, written), verdict in zip(judge, _judge(interp, [j[:3] for j in judge])):
        if verdict["own"]:
            files[path], changed = entry, True
        else:
            findings.append(Finding(path, "pyc", verdict["why"], written, imports=list(verdict["imports"])))
    for path in [p for p in files if p not in now and p.endswith(".pyc")]:
        del files[path]  # removed: the interpreter writes it again when it needs it
    for finding in findings:
        _repair(finding)
    return findings, changed or len(files) != recorded


def _judge(interp: Interpreter, items: list[tuple[str, str, int]]) -> list[dict]:
    """pycheck.py's verdicts, from the base interpreter itself; if it fails, none is its own."""
    if not items:
        return []
    try:
        proc = subprocess.run([interp.python, "-I", "-S", "-B", str(PYCHECK)], input=marshal.dumps(items),
                              capture_output=True, timeout=600)
        verdicts = marshal.loads(proc.stdout) if proc.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, EOFError, ValueError, TypeError):
        verdicts = None
    if not isinstance(verdicts, list) or len(verdicts) != len(items):
        failed = {"own": False, "why": "could not be checked by the base interpreter", "imports": []}
        return [failed] * len(items)
    return verdicts


def _repair(finding: Finding) -> None:
    if finding.kind == "modified":
        return
    try:
        os.unlink(finding.path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        finding.why += f" (could not remove it: {exc.strerror})"
        return
    finding.repaired = True


def load_manifest(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None  # none yet (or cut short): the next check makes it again
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, dict) and "stat" in v and "sha256" in v
                                              for v in files.values()):
        return None
    return data


def save_manifest(path: Path, manifest: dict) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(manifest, separators=(",", ":")))
    os.replace(temporary, path)  # a reader sees the old manifest or the new one, never half of one


class Watch:
    """One run under the guard: a check before it (what earlier runs left), one after (what it left).

    Each check prints a line per finding on stderr (up to ``SHOWN``); ``meta()`` lists them all
    for results.json: ``interpreter_findings`` (written while this run went on: it is this
    target's doing, or one of the runs logged beside it) and ``interpreter_repaired_before``
    (left by an earlier run, or outside importparity).
    """

    def __init__(self, target: str, interp: Interpreter | None = None, cache: Path | None = None,
                 stream=None):
        self.target = target
        self.interp = interp or Interpreter.base()
        self.cache = cache or provision.CACHE / "guard"
        self.stream = stream or sys.stderr
        # From this process's start (a target's child checked before the run may write too), or
        # from the end of the last run this process made (the gallery runs one target after another).
        self.run = {"run": f"{os.getpid()}-{time.time_ns()}", "target": target, "pid": os.getpid(),
                    "start": max(process_start(), _last_end)}
        self.findings: list[Finding] = []
        self.earlier: list[Finding] = []
        self.seconds = 0.0

    def __enter__(self) -> "Watch":
        self._log(self.run)
        try:
            self._check()
        except BaseException:  # stopped while checking: the run ends here
            self._log({"run": self.run["run"], "end": time.time()})
            raise
        return self

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None:  # a stopped run is checked by the next one's first check
                self._check()
        finally:
            global _last_end
            _last_end = time.time()
            self._log({"run": self.run["run"], "end": _last_end})

    def meta(self) -> dict:
        meta = {"interpreter_guard_seconds": round(self.seconds, 3)}
        if self.findings:
            meta["interpreter_findings"] = [f.to_json() for f in self.findings]
        if self.earlier:
            meta["interpreter_repaired_before"] = [f.to_json() for f in self.earlier]
        return meta

    def _check(self) -> None:
        started = time.perf_counter()
        try:
            findings, _ = _check_against_manifest(self.interp, self.cache)
            runs = logged_runs(self.interp, self.cache)
        except OSError as exc:
            print(f"importparity: interpreter guard: not checked ({exc})", file=self.stream)
            return
        finally:
            self.seconds += time.perf_counter() - started
        now = time.time()
        seen = {f.path for f in self.findings + self.earlier}
        findings = [f for f in findings if f.path not in seen]  # written again since the first check: said once
        for finding in findings:
            finding.by = attribute(finding.written, runs, now)
            ours = attribute(finding.written, [self.run], now)
            (self.findings if ours else self.earlier).append(finding)
        for finding in findings[:SHOWN]:
            print(f"importparity: {finding.line()}", file=self.stream)
        if len(findings) > SHOWN:
            print(f"importparity: interpreter guard: and {len(findings) - SHOWN} more, listed in results.json's "
                  f"meta (interpreter_findings, interpreter_repaired_before)", file=self.stream)

    def _log(self, entry: dict) -> None:
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            log = self.cache / f"{self.interp.key}.runs.jsonl"
            with locks.locked(log.with_suffix(".lock")):
                lines = log.read_text().splitlines() if log.exists() else []
                if len(lines) > 4 * KEEP_RUNS:  # two lines a run
                    log.write_text("".join(f"{line}\n" for line in lines[-2 * KEEP_RUNS:]))
                with open(log, "a") as f:
                    f.write(json.dumps(entry) + "\n")
        except OSError:
            pass  # the log only names who wrote a finding; the check goes on without it

def logged_runs(interp: Interpreter, cache: Path) -> list[dict]:
    """The runs logged beside ``interp``'s manifest, oldest first (one killed before it logged
    its end is taken to have ended when the next one started)."""
    runs: dict[str, dict] = {}
    try:
        lines = (cache / f"{interp.key}.runs.jsonl").read_text().splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            entry = json.loads(line)
            runs.setdefault(entry["run"], {}).update(entry)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    found = sorted((r for r in runs.values() if "start" in r and "target" in r), key=lambda r: r["start"])
    for run, following in zip(found, [*found[1:], None]):
        if not run.get("end") and not _alive(run.get("pid")) and following is not None:
            run["end"] = following["start"]  # killed before logging its end: it ended by the next one's start
    return found


def verify(interp: Interpreter | None = None, cache: Path | None = None) -> tuple[int, list[Finding]]:
    """Check the base interpreter once, outside any run (e.g. after a whole gallery): how many files
    are watched, and what is foreign (removed, and named after the run that wrote it)."""
    interp = interp or Interpreter.base()
    cache = cache or provision.CACHE / "guard"
    findings, watched = _check_against_manifest(interp, cache)
    runs = logged_runs(interp, cache)
    now = time.time()
    for finding in findings:
        finding.by = attribute(finding.written, runs, now)
    return watched, findings


def _check_against_manifest(interp: Interpreter, cache: Path) -> tuple[list[Finding], int]:
    """Check ``interp`` against its manifest in ``cache`` (made at first use), under its lock;
    return the findings (repaired) and how many files the manifest watches."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{interp.key}.json"
    with locks.locked(path.with_suffix(".lock")):
        manifest = load_manifest(path)
        first = manifest is None
        manifest = manifest or {"python": interp.python, "files": {}}
        findings, changed = check(interp, manifest, trust_new=first)
        if first or changed:
            save_manifest(path, manifest)
    return findings, len(manifest["files"])


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, TypeError, ValueError):
        return False
    return True


def _describe(run: dict) -> str:
    return f"{run['target']} (pid {run.get('pid', '?')})"


def attribute(written: float, runs: list[dict], now: float, slack: float = 1.0) -> list[str]:
    """The logged runs that were going on at ``written`` (one with no end yet: until ``now``)."""
    return [_describe(r) for r in runs if r["start"] - slack <= written <= (r.get("end") or now) + slack]


def process_start() -> float:
    """When this process started (a target's child checked before the run may write too)."""
    try:
        fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime
    except (OSError, ValueError, IndexError, StopIteration):
        return _IMPORTED
