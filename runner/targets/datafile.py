"""Target files: a target declared as TOML data, read into a :class:`~runner.targets.base.Target`.

A hook's author keeps one in their own repository (or the project ships one in gallery/)::

    name = "typeguard"
    description = "typeguard's import hook: instruments every imported module"
    requirements = ["typeguard==4.4.4"]      # pip requirements; "./hook" is a local path
    install = '''
    from typeguard import install_import_hook
    install_import_hook(["test"])
    '''
    probe = "import sys; assert ..., 'why it is not live'"
    expectations = "typeguard.expectations.json"
    pythons = ["3.13", "3.14", "3.15"]      # optional: the versions it supports (default: every panel's)
    timeout = 30                             # optional: seconds a test may run (default: --timeout's)
    [code]
    packages = ["typeguard"]
    paths = []
    [install-options]                        # optional: how pip installs the requirements
    build-isolation = false                  # pip --no-build-isolation
    build-requirements = ["meson-python==0.18.0"]   # installed first, in the environment
    config-settings = { "editable.mode" = "redirect" }   # pip -C key=value
    bin-on-path = true                       # the environment's bin/ first on PATH

A target can also be another interpreter's own import system: ``interpreter`` names it (a
name of runner/provision.py's table such as ``"pypy3.11"``, or a path to an executable) and
``python`` the panel it runs (``"3.11"``); ``install`` is then optional, and with no install
code and no requirements the tests run on that interpreter's runner environment as it is
(runner/targets/pypy.toml).

Every mistake is a :class:`TargetError` naming the file and the key, on one line.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

from runner.panel import versions as panel_versions
from runner.targets.base import InstallOptions, Target, TargetError

NAME = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
KEYS = {"name", "description", "requirements", "install", "probe", "expectations", "code", "install-options",
        "pythons", "interpreter", "python", "timeout"}
PYTHON = re.compile(r"3\.[0-9]+\Z")
CODE_KEYS = {"packages", "paths"}
OPTION_KEYS = {"build-isolation", "build-requirements", "config-settings", "bin-on-path"}
# The module a data target's install code becomes in its environment (and in workers).
BOOT_MODULE = "_importparity_boot"
# Requirements that are paths on this machine, relative to the target file.
LOCAL_PREFIXES = ("./", "../", "/", "~", "file:")
EDITABLE = ("-e ", "--editable ")


def load(path: Path, *, gallery: bool = False) -> Target:
    """The target ``path`` declares; a gallery file's (``gallery``) expectations pair with it by name."""
    path = Path(path).expanduser().resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TargetError(f"no target file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetError(f"cannot read target file {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TargetError(f"{path} does not parse as TOML: {exc}") from None
    return _target(path, text, data, gallery)


def _target(path: Path, text: str, data: dict, gallery: bool) -> Target:
    fields = _Fields(path, data)
    fields.check_keys(data, KEYS, "")
    name = fields.string("name", required=True)
    if not NAME.match(name):
        fields.fail("name", f"{name!r} is not a name: lower-case letters, digits, '.', '_' and '-', "
                            f"starting with a letter or digit")
    if gallery and name != path.stem:
        fields.fail("name", f"a gallery file's name is its file name: say name = {path.stem!r}")
    interpreter = fields.string("interpreter") or None
    if interpreter and ("/" in interpreter or interpreter.startswith("~")):
        interpreter = str(_local(path, interpreter))
    python = fields.string("python") or None
    if python and not PYTHON.match(python):
        fields.fail("python", f"{python!r} is not a Python version such as '3.11'")
    install = fields.code("install", required=interpreter is None) or None
    probe = fields.code("probe")
    code = data.get("code", {})
    if not isinstance(code, dict):
        fields.fail("code", "must be a table ([code]) with packages and paths")
    fields.check_keys(code, CODE_KEYS, "code.")
    packages = fields.strings("packages", code, "code.")
    # A trailing slash keeps "src/" from also claiming "src2/".
    paths = [str(_local(path, p)) + ("/" if p.endswith("/") else "") for p in fields.strings("paths", code, "code.")]
    expectations = fields.string("expectations")
    return Target(
        name=name,
        description=fields.string("description", required=True),
        install=functools.partial(_install, install, str(path)) if install else _nothing,
        probe=functools.partial(_probe, probe, name),
        is_target_code=_code_predicate(packages, paths),
        requirements=tuple(_requirement(path, r) for r in fields.strings("requirements", data)),
        install_options=_install_options(fields, data.get("install-options", {})),
        pythons=_pythons(fields, data),
        install_code=install,
        probe_code=probe or None,
        spec=name if gallery else str(path),
        path=path,
        source=text,
        expectations=(_local(path, expectations) if expectations
                      else None if gallery else path.with_name(f"{path.stem}.expectations.json")),
        interpreter=interpreter,
        python=python,
        timeout=fields.seconds("timeout"),
    )


def _pythons(fields: "_Fields", data: dict) -> tuple[str, ...]:
    """``pythons``: the versions the target supports, each one with a panel."""
    versions = fields.strings("pythons", data)
    for version in versions:
        if version not in panel_versions():
            fields.fail("pythons", f"names Python {version}, which has no panel (panels: {', '.join(panel_versions())})")
    return tuple(versions)


def _install_options(fields: "_Fields", table) -> InstallOptions:
    """``[install-options]``: how pip installs the requirements; every key typed and checked."""
    if not isinstance(table, dict):
        fields.fail("install-options", f"must be a table ([install-options]) with {', '.join(sorted(OPTION_KEYS))}")
    fields.check_keys(table, OPTION_KEYS, "install-options.")
    build = fields.strings("build-requirements", table, "install-options.")
    for requirement in build:
        if requirement.startswith("-"):
            fields.fail("install-options.build-requirements", f"{requirement!r} is a pip option, not a requirement")
    return InstallOptions(
        build_isolation=fields.boolean("build-isolation", table, "install-options.", default=True),
        build_requirements=tuple(_requirement(fields.path, r) for r in build),
        config_settings=tuple(_settings(fields, table.get("config-settings", {}), "")),
        bin_on_path=fields.boolean("bin-on-path", table, "install-options.", default=False),
    )


def _settings(fields: "_Fields", table, prefix: str):
    """``config-settings`` as (key, value) pairs; a nested table's keys are dotted (``editable.mode``)."""
    key = "install-options.config-settings"
    if not isinstance(table, dict):
        fields.fail(key + (f".{prefix.rstrip('.')}" if prefix else ""),
                    f"must be a table of setting = value (a string, boolean or integer), not {table!r:.60}")
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _settings(fields, value, f"{prefix}{name}.")
        elif isinstance(value, bool):
            yield f"{prefix}{name}", "true" if value else "false"
        elif isinstance(value, (str, int)) and str(value).strip():
            yield f"{prefix}{name}", str(value)
        else:
            fields.fail(f"{key}.{prefix}{name}", f"must be a string, boolean or integer, not {value!r:.60}")


class _Fields:
    """Typed reads of a target file's keys; a wrong one is a TargetError naming file and key."""

    def __init__(self, path: Path, data: dict):
        self.path, self.data = path, data

    def fail(self, key: str, message: str):
        raise TargetError(f"{self.path}: {key}: {message}")

    def check_keys(self, table: dict, known: set[str], prefix: str) -> None:
        unknown = sorted(set(table) - known)
        if unknown:
            where = f"[{prefix.rstrip('.')}]" if prefix else "a target file"
            self.fail(prefix + unknown[0], f"unknown key; {where} has {', '.join(sorted(known))}")

    def string(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "missing (required)")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(key, f"must be a non-empty string, not {value!r:.60}")
        return value

    def strings(self, key: str, table: dict, prefix: str = "") -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(prefix + key, f"must be a list of non-empty strings, not {value!r:.60}")
        return value

    def boolean(self, key: str, table: dict, prefix: str = "", *, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.fail(prefix + key, f"must be true or false, not {value!r:.60}")
        return value

    def seconds(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            self.fail(key, f"must be a number of seconds above 0, not {value!r:.60}")
        return float(value)

    def code(self, key: str, *, required: bool = False) -> str:
        source = self.string(key, required=required)
        try:
            compile(source, f"<{key} of {self.path.name}>", "exec")
        except SyntaxError as exc:
            self.fail(key, f"line {exc.lineno}: SyntaxError: {exc.msg}")
        return source


def _local(base: Path, value: str) -> Path:
    """``value`` as a path, relative to the target file's folder."""
    return (base.parent / Path(value).expanduser()).resolve()


def _requirement(path: Path, requirement: str) -> str:
    """A pip requirement, with a local path made absolute (pip resolves it from the cwd).

    ``-e PATH`` (an editable install of a local project) is the one pip option allowed.
    """
    editable = requirement.startswith(EDITABLE)
    if editable:
        requirement = requirement.split(None, 1)[1] if len(requirement.split(None, 1)) > 1 else ""
        if not _is_local(requirement):
            raise TargetError(f"{path}: requirements: '-e' takes a local path (./project), not {requirement!r}")
    elif requirement.startswith("-"):
        raise TargetError(f"{path}: requirements: {requirement!r} is a pip option, not a requirement")
    if not _is_local(requirement):
        return requirement
    local = _local(path, requirement.removeprefix("file://").removeprefix("file:"))
    if not local.exists():
        raise TargetError(f"{path}: requirements: the local path {requirement!r} does not exist ({local})")
    return f"-e {local}" if editable else str(local)


def _is_local(requirement: str) -> bool:
    """A path on this machine: ``.`` (the target file's own folder, as ``importparity init`` writes), ``./hook``…"""
    return requirement in (".", "..") or requirement.startswith(LOCAL_PREFIXES)


def local_path(requirement: str) -> Path | None:
    """The local path a resolved requirement installs from, if it is one."""
    requirement = requirement.removeprefix("-e ")
    return Path(requirement) if requirement.startswith("/") else None


def pip_arguments(requirements) -> list[str]:
    """The requirements as pip install's arguments (``-e PATH`` is two)."""
    return [arg for r in requirements for arg in (["-e", r[3:]] if r.startswith("-e ") else [r])]


def _nothing() -> None:
    """The install of a target that is an interpreter's own import system: nothing to install."""


def _install(source: str, filename: str) -> None:
    """Run the install code in a worker: as the environment's boot module, as children do."""
    if BOOT_MODULE in sys.modules:
        return
    if importlib.util.find_spec(BOOT_MODULE) is not None:
        importlib.import_module(BOOT_MODULE)
    else:  # outside the target's environment (the project's own tests)
        exec(compile(source, f"<install of {filename}>", "exec"), {"__name__": BOOT_MODULE})


def _probe(source: str, name: str) -> str:
    """Run the probe; a failed assertion's message (or any exception) says why it is not live."""
    if not source:
        return "install code ran (the target file declares no probe)"
    try:
        exec(compile(source, f"<probe of {name}>", "exec"), {"__name__": "__importparity_probe__"})
    except AssertionError as exc:
        raise TargetError(f"its probe failed: {exc or 'an assertion did not hold'}") from None
    except Exception as exc:
        raise TargetError(f"its probe raised {type(exc).__name__}: {exc}") from None
    return "the probe held"


def _code_predicate(packages: list[str], paths: list[str]):
    """``code -> bool``: code under one of ``paths`` or in an installed copy of ``packages``."""
    names = [BOOT_MODULE, *packages]
    inside = tuple(f"/site-packages/{p}/" for p in names)
    modules = tuple(f"/site-packages/{p}.py" for p in names)
    prefixes = tuple(paths)

    # Runs inside a sys.monitoring callback: string tests only, nothing that imports.
    @functools.lru_cache(maxsize=4096)
    def is_target_file(filename: str) -> bool:
        return (filename.startswith(prefixes) or filename.endswith(modules)
                or any(part in filename for part in inside))

    return lambda code: is_target_file(code.co_filename)
