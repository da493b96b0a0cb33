"""`importparity init`: a target file for a hook's project that loads as it is, never over an existing one."""

import argparse
import sys
from pathlib import Path

import pytest

from runner import scaffold
from runner.pipeline import BadInput
from runner.targets import TargetError, datafile
from tests.runner.cli import importparity


def hook_project(folder: Path, *, name: str | None = "Demo_Hook", src: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if name is not None:
        (folder / "pyproject.toml").write_text(f'[project]\nname = "{name}"\nversion = "1.0"\n')
    base = folder / "src" if src else folder
    (base / "demohook").mkdir(parents=True)
    (base / "demohook" / "__init__.py").write_text("")
    (folder / "tests").mkdir()
    (folder / "tests" / "__init__.py").write_text("")
    (folder / "setup.py").write_text("")
    return folder


def test_init_writes_a_target_file_named_for_the_project_that_loads(tmp_path, capsys):
    project = hook_project(tmp_path / "repo")
    assert scaffold.main(argparse.Namespace(project=project)) == 0
    path = project / "demo_hook.toml"
    target = datafile.load(path)
    assert target.name == "demo_hook"
    assert target.requirements == (f"-e {project}",)
    assert target.expectations == project / "demo_hook.expectations.json"
    out = capsys.readouterr().out
    assert "uses: " + scaffold.ACTION in out and "target: " in out  # GitHub Actions
    assert "importparity parity --target" in out and "artifacts:" in out  # GitLab CI
    # The install code is a template: until it is filled in, the probe says what to do.
    target.install()
    with pytest.raises(TargetError, match="no finder of demohook .* fill in install in demo_hook.toml"):
        target.probe()


def test_the_probe_holds_once_the_install_code_puts_the_packages_finder_on_meta_path(tmp_path, monkeypatch):
    project = hook_project(tmp_path / "repo")
    scaffold.main(argparse.Namespace(project=project))
    (project / "src" / "demohook" / "__init__.py").write_text(
        "class Finder:\n    @classmethod\n    def find_spec(cls, *args):\n        return None\n")
    monkeypatch.syspath_prepend(str(project / "src"))
    from demohook import Finder

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    monkeypatch.delitem(sys.modules, "demohook")
    assert datafile.load(project / "demo_hook.toml").probe() == "the probe held"


def test_packages_are_guessed_from_a_flat_layout_and_the_name_from_the_folder(tmp_path):
    project = hook_project(tmp_path / "Flat Hook", name=None, src=False)
    (project / "tool.py").write_text("")
    assert scaffold.guess_packages(project) == ["demohook", "tool"]  # not tests/, not setup.py
    assert scaffold.project_name(project) == "flat-hook"


def test_init_refuses_to_overwrite_a_target_file(tmp_path):
    project = hook_project(tmp_path / "repo")
    (project / "demo_hook.toml").write_text("mine")
    with pytest.raises(BadInput, match="exists"):
        scaffold.main(argparse.Namespace(project=project))
    proc = importparity("init", str(project))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "demo_hook.toml exists" in proc.stderr
    assert (project / "demo_hook.toml").read_text() == "mine"
