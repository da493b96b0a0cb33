"""Before the panel runs: a child interpreter of the target's environment must boot the target.

Tests spawn children isolated (``-I``), where nothing of the runner's own environment is
importable; install code that works in a worker can still fail there (a package the target
file forgot to require).  One isolated child is started on the environment's python: it
must have run the install code at start-up and its probe must hold, or the run stops with
exit status 2 before any test ran: one line with the child's exception (or the probe's
message), and the child's whole output kept in the environment's folder
(``importparity-preflight.log``), whose path the line gives.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from runner.execute import buildlog
from runner.execute.environment import Environment, boot_files, path_with_bin
from runner.targets import Target, TargetError
from runner.targets.datafile import BOOT_MODULE

# Where a failed check keeps the child's whole output, in the environment's own folder.
LOG_NAME = "importparity-preflight.log"
# argv: the probe's source ("" for none), "1" if the install code must have been imported.
CHILD = f"""
import sys
probe, booted = sys.argv[1], sys.argv[2] == "1"
if booted and {BOOT_MODULE!r} not in sys.modules:
    sys.exit("the install code did not run at start-up")
try:
    exec(compile(probe, "<probe>", "exec"), {{"__name__": "__importparity_probe__"}})
except AssertionError as exc:
    sys.exit(f"its probe failed: {{exc or 'an assertion did not hold'}}")
except Exception as exc:
    sys.exit(f"its probe raised {{type(exc).__name__}}: {{exc}}")
"""


def check_child(target: Target, env: Environment) -> str:
    """Start one ``-I`` child on the environment's python; raise TargetError if it lacks the target."""
    if env.site is None:
        return "no environment: children run the interpreter's own import system"
    booted = target.needs_environment and boot_files(target)[1] is not None  # a bare interpreter boots nothing
    command = [env.python, "-I", "-c", CHILD, target.probe_code or "", "1" if booted else "0"]
    where = f"in a child interpreter ({env.python} -I)"
    with tempfile.TemporaryDirectory(prefix="importparity-probe-") as cwd:
        try:
            proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120,
                                  stdin=subprocess.DEVNULL,
                                  env=path_with_bin(target, os.environ))
        except subprocess.TimeoutExpired:
            raise TargetError(f"target {target.name} did not start {where} within 120 s") from None
    log = Path(env.python).parents[1] / LOG_NAME
    log.unlink(missing_ok=True)  # a log from an earlier failed check says nothing of this one
    lines = [line.strip() for line in proc.stderr.splitlines() if line.strip()]
    if any(line.startswith("Error processing line") for line in lines):
        # site.py printed the traceback, then "Remainder of file ignored": the line before it.
        ends = [n for n, line in enumerate(lines) if line.startswith("Remainder of file")]
        error = lines[ends[0] - 1] if ends and ends[0] > 0 else lines[-1]
        buildlog.keep(log, command, proc)
        raise TargetError(f"target {target.name}: its install code raised at start-up {where}: {error} "
                          f"(the child's whole output: {log})")
    if proc.returncode != 0:
        buildlog.keep(log, command, proc)
        raise TargetError(f"target {target.name} is not live {where}: "
                          f"{lines[-1] if lines else f'exit status {proc.returncode}'} (the child's whole output: {log})")
    return f"{where}: install code ran{', probe held' if target.probe_code else ''}"
