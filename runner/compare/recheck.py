"""Environment drift: each differing test is run again on stock CPython here; what CPython itself does otherwise here is the machine's.

The baseline was recorded on one machine, as one user, with some of regrtest's resources on.
Elsewhere CPython itself does some tests otherwise: a test that skips as root ("incompatible
with CAP_DAC_OVERRIDE") runs for any other user; a case-insensitive file system, regrtest's
resources (``--use``) or memory limit (``--memlimit``) turn skips on or off.  So after a
``parity`` run every test that differs from the baseline is run again on stock CPython (the
``cpython`` target) on the same machine, as the same user, with the same options.  A test
whose CPython outcome here is not the baseline's is *environment drift*: the target is
compared with CPython here for it, and it is reported apart, with its likely cause, never
counted against the target.

The re-check is kept in the run's ``meta["recheck"]`` (the tests re-run and CPython's outcomes
here), so a report made later from the run directory compares as ``parity`` did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runner.results import Outcome, Run, Status

# Words of a skip reason, and the cause of a machine-dependent skip they name.
CAUSES = (
    (("cap_dac_override", "root", "privilege", "permission", "setuid"), "privileges"),
    (("case-insensitive", "case insensitive", "case-sensitive", "case sensitive"), "file system"),
    (("not enough memory", "memlimit", "bigmem"), "memory (--memlimit)"),
    (("writing bytecode", "dont_write_bytecode", "optimization", "-o "), "interpreter flags (PYTHON* variables, --inherit-env)"),
    (("resource '", "resource \"", "use of the"), "resources (--use)"),
    (("windows", "macos", "darwin", "linux", "platform", "altsep", "os."), "platform"),
)


@dataclass
class EnvironmentDrift:
    """CPython's own outcomes here against the baseline's, for the tests the target did differently."""

    # Tests re-run on CPython here; None when the re-check was turned off (--no-recheck).
    checked: list[str] | None
    # The tests CPython itself does differently here: baseline = the baseline's, target = CPython's here.
    differences: list = field(default_factory=list)

    @property
    def disabled(self) -> bool:
        return self.checked is None


def cause(base: Outcome | None, here: Outcome | None) -> str:
    """The likely cause of a drift, read from the skip reason here (why it moved), else the baseline's."""
    for side in (here, base):
        reason = side.reason.lower() if side is not None and side.outcome is Status.SKIPPED else ""
        for words, name in CAUSES:
            if reason and any(w in reason for w in words):
                return name
    return "unknown"


def record(run: Run, checked: list[str], outcomes: list[Outcome], *, reused: int = 0, seconds: float = 0.0) -> None:
    """Keep the re-check in the run: the tests re-run and CPython's outcome of each here.

    ``reused``: how many of the outcomes a gallery's earlier target had already re-checked (with
    the same options on the same interpreter); ``seconds``: the re-check's wall time.
    """
    run.meta["recheck"] = {"checked": sorted(checked),
                           "cpython": {o.id: o.to_json() for o in outcomes},
                           "reused": reused, "seconds": round(seconds, 2)}


def record_disabled(run: Run) -> None:
    run.meta["recheck"] = {"checked": None}


def here(run: Run) -> tuple[list[str] | None, dict[str, Outcome]] | None:
    """The run's re-check: (tests re-run or None if turned off, CPython's outcomes here); None if never asked."""
    data = run.meta.get("recheck")
    if not isinstance(data, dict):
        return None
    outcomes = {tid: Outcome.from_json(tid, o) for tid, o in (data.get("cpython") or {}).items()}
    return data.get("checked"), outcomes
