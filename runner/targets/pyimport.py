"""pyimport: the project's own pure-Python import system (the default target)."""

from pyimport.install import state as install_state

from runner.targets import Target, TargetError


def installer(variant: str):
    """install/probe/is_target_code for one of pyimport's install variants."""

    def install() -> None:
        import pyimport

        if pyimport.installed_variant() != variant:
            pyimport.install(variant)

    def probe() -> str:
        import pyimport

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
        import pyimport

        return pyimport.pth_line(variant).strip()

    return install, probe, is_target_code, boot_line


def make_target(name: str, variant: str, description: str) -> Target:
    install, probe, is_target_code, boot_line = installer(variant)
    # exec(...) keeps the .pth line a single expression after the runner's guard.
    return Target(name, description, install, probe, is_target_code, boot_line=f"exec({boot_line()!r})")


TARGET = make_target("pyimport", "pyimport", "importparity's own pure-Python import system")
