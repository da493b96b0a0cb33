"""``importparity init``: a target file for the hook in a project's folder, and the CI that runs it.

The file is ``<name>.toml`` in the project's folder, ``name`` from ``pyproject.toml``'s
``[project] name`` (else the folder's), made a target name.  It installs the project editable
(``requirements = ["-e ."]``), leaves the install code as a commented template to fill in, and
guesses ``[code] packages`` from the project's top-level packages and modules (flat or ``src/``
layout); its probe checks that one of those packages has put a finder on ``sys.meta_path`` or
``sys.path_hooks``, so a run stops with a clear line until the install code is written.  An
existing file is never overwritten.  The CI snippets it prints run the file on every push:
the project's GitHub Action (``action.yml``) and a GitLab CI job.
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from pathlib import Path

from runner.pipeline import EXIT_OK, BadInput

# Where the composite action (action.yml at the root of importparity's repository) is published.
ACTION = "importparity/importparity@v0.2.0"
# Not the hook's packages, though they sit at a project's top level.
NOT_PACKAGES = {"test", "tests", "testing", "doc", "docs", "examples", "benchmarks", "bench", "build", "dist",
                "reports", "scripts", "tools"}
NOT_MODULES = {"setup", "conftest", "noxfile", "fabfile", "tasks", "manage"}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity init [DIR]``."""
    parser = subparsers.add_parser("init", help="write a target file for the hook in a project's folder; print CI snippets")
    parser.add_argument("project", nargs="?", type=Path, default=Path("."), metavar="DIR",
                        help="the hook's project folder (default: the current one)")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    if not project.is_dir():
        raise BadInput(f"{args.project} is not a folder; give the hook's project folder")
    name = project_name(project)
    path = project / f"{name}.toml"
    if path.exists():
        raise BadInput(f"{path} exists; edit it, or remove it to write a new one")
    packages = guess_packages(project)
    path.write_text(target_file(name, packages), encoding="utf-8")
    relative = os.path.relpath(path)
    shown = relative if relative.startswith("..") else f"./{relative}"  # as CI names it from the repository's root
    print(f"wrote {path}: fill in its install code (and check [code] packages: {', '.join(packages) or 'none found'})")
    print(f"then: importparity parity --target {shown}   # and after it: importparity expectations update reports/latest")
    print()
    print(ci_snippets(shown))
    return EXIT_OK


def project_name(project: Path) -> str:
    """The project's name as a target name: pyproject.toml's ``[project] name``, else the folder's."""
    name = ""
    try:
        name = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8")).get("project", {}).get("name", "")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
        pass
    if not isinstance(name, str) or not name.strip():
        name = project.name
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.strip().lower()).strip("-._")
    return slug or "hook"


def guess_packages(project: Path) -> list[str]:
    """The project's top-level import names: packages and modules in ``src/`` or the folder itself."""
    found: set[str] = set()
    for root in (project / "src", project):
        if not root.is_dir():
            continue
        for entry in root.iterdir():
            stem = entry.name.removesuffix(".py")
            if not stem.isidentifier() or stem.startswith(("_", ".")) or stem in NOT_PACKAGES:
                continue
            if entry.is_dir() and (entry / "__init__.py").is_file():
                found.add(stem)
            elif entry.is_file() and entry.suffix == ".py" and stem not in NOT_MODULES:
                found.add(stem)
        if found:
            break  # a src/ layout's packages are the project's; its top level holds only tooling
    return sorted(found)


def target_file(name: str, packages: list[str]) -> str:
    """The target file's text: a TOML file ``runner.targets.datafile`` loads as it is."""
    first = packages[0] if packages else name.replace("-", "_")
    names = ", ".join(repr(p) for p in packages) or repr(first)
    return f'''# importparity's target for {name}: `importparity parity --target ./{name}.toml`
# runs CPython's import tests with this hook installed and compares them with CPython's outcomes.
# Known differences: `importparity expectations update reports/latest` writes {name}.expectations.json.
name = "{name}"
description = "{name}'s import hook"
# The project itself, editable: a run always tests the code in this folder.
requirements = ["-e ."]
# Python that installs the hook, run before any test and at start-up of every child
# interpreter the tests spawn (it must need nothing but the project's environment).
install = """
# import {first}
# {first}.install()        # e.g. sys.meta_path.insert(0, {first}.Finder())
"""
# Python that must run without raising once the hook is installed: the run stops otherwise.
probe = """
import sys
ours = ({names},)
finders = [f for f in [*sys.meta_path, *sys.path_hooks] if str(getattr(f, "__module__", "")).split(".")[0] in ours]
assert finders, "no finder of {"/".join(packages) or first} on sys.meta_path or sys.path_hooks: fill in install in {name}.toml"
"""

[code]  # the hook's own code: frames in it explain differences (clusters, attribution)
packages = [{", ".join(f'"{p}"' for p in packages)}]
paths = []
'''


def ci_snippets(target: str) -> str:
    """A GitHub Actions workflow using importparity's action, and the GitLab CI job doing the same."""
    return f"""# GitHub Actions: .github/workflows/importparity.yml
name: importparity
on: [push, pull_request]
jobs:
  parity:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: {ACTION}
        with:
          target: {target}
          pythons: "3.14"

# GitLab CI: .gitlab-ci.yml
importparity:
  image: python:3.14
  script:
    - pip install importparity
    - importparity parity --target {target} --out importparity-report
  artifacts:
    when: always
    paths: [importparity-report/]"""
