"""pyimport: the project's own pure-Python import system (the default target)."""

import pyimport
from pyimport.install import state as install_state

from runner.targets.base import Target, TargetError

# The releases pyimport is written for (pyimport/versions.py: what each one changed); the
# control is installed by pyimport's mechanism, so it shares them.
PYTHONS = ("3.13", "3.14", "3.15")


def make_target(name: str, variant: str, description: str) -> Target:
    """A target installing one of pyimport's variants ('pyimport', 'cpython-source', …)."""

    def install() -> None:
        if pyimport.installed_variant() != variant:
            pyimport.install(variant)

    def probe() -> str:
        evidence = pyimport.probe()
        if evidence["variant"] != variant or not evidence["ran"]:
            raise TargetError(f"{variant} is not running imports (probe saw {evidence})")
        return f"{variant}: {', '.join(evidence['functions'][:3])}"

    def is_target_code(code) -> bool:
        # Runs inside a sys.monitoring callback: no imports here (an import would run the
        # import system's own code, and so this callback, again).
        state = install_state()
        return state is not None and id(code) in state.code_ids

    def boot_line() -> str:
        # exec(...) keeps the .pth line one expression after the runner's guard.  pth_line()
        # may write pyimport's stored boot code, so it runs only when an environment is built.
        return f"exec({pyimport.pth_line(variant).strip()!r})"

    return Target(name, description, install, probe, is_target_code, boot_line=boot_line, pythons=PYTHONS)


TARGET = make_target("pyimport", "pyimport", "importparity's own pure-Python import system")
