"""Target files: TOML read into a Target, and every mistake in one named, one-line TargetError."""

import textwrap
from pathlib import Path

import pytest

from runner import targets
from runner.targets import Target, TargetError, datafile

GOOD = """
name = "counting"
description = "a finder that counts"
requirements = ["somehook==1.0", "./hook"]
install = '''
import sys
sys.counted = True
'''
probe = "import sys; assert sys.counted, 'not counted'"
[code]
packages = ["somehook"]
paths = ["src/"]
"""


def write(folder: Path, text: str, name: str = "t.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def good(tmp_path) -> Path:
    (tmp_path / "hook").mkdir()
    return write(tmp_path, GOOD, "counting.toml")


def test_a_target_file_gives_every_field(good):
    target = datafile.load(good)
    assert isinstance(target, Target)
    assert (target.name, target.description) == ("counting", "a finder that counts")
    assert target.requirements == ("somehook==1.0", str(good.parent / "hook"))
    assert "sys.counted = True" in target.install_code
    assert target.source == good.read_text()
    assert target.spec == str(good) and target.path == good
    assert target.expectations == good.parent / "counting.expectations.json"


def test_an_editable_local_requirement_is_resolved_and_given_to_pip_as_two_arguments(tmp_path):
    (tmp_path / "demo").mkdir()
    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninstall = "pass"\nrequirements = ["-e ./demo", "a==1"]')
    target = datafile.load(path)
    assert target.requirements == (f"-e {tmp_path / 'demo'}", "a==1")
    assert datafile.pip_arguments(target.requirements) == ["-e", str(tmp_path / "demo"), "a==1"]
    assert [datafile.local_path(r) for r in target.requirements] == [tmp_path / "demo", None]


def test_install_and_probe_run_the_files_code(good, monkeypatch):
    import sys

    target = datafile.load(good)
    monkeypatch.setattr(sys, "counted", False, raising=False)
    with pytest.raises(TargetError, match="its probe failed: not counted"):
        target.probe()
    monkeypatch.delitem(sys.modules, datafile.BOOT_MODULE, raising=False)
    target.install()
    monkeypatch.delitem(sys.modules, datafile.BOOT_MODULE, raising=False)
    assert sys.counted is True
    assert target.probe() == "the probe held"


def test_target_code_is_the_packages_installed_copy_and_the_paths(good):
    target = datafile.load(good)

    def code(filename):
        return compile("pass", filename, "exec")

    assert target.is_target_code(code("/env/lib/python3.14/site-packages/somehook/finder.py"))
    assert target.is_target_code(code(str(good.parent / "src" / "x.py")))
    assert target.is_target_code(code("/env/lib/python3.14/site-packages/_importparity_boot.py"))
    assert not target.is_target_code(code("/env/lib/python3.14/site-packages/somehook2/x.py"))
    assert not target.is_target_code(code(str(good.parent / "src2" / "x.py")))
    assert not target.is_target_code(code("<frozen importlib._bootstrap>"))


def test_install_options_say_how_pip_installs_the_requirements(tmp_path):
    path = write(tmp_path, """
        name = "x"
        description = "d"
        install = "pass"
        requirements = ["demo==1"]
        [install-options]
        build-isolation = false
        build-requirements = ["meson-python==0.18.0", "ninja==1.13.0"]
        bin-on-path = true
        [install-options.config-settings]
        editable.mode = "redirect"
        editable.rebuild = true
        "cmake.define.X" = 3
    """)
    options = datafile.load(path).install_options
    assert options.build_requirements == ("meson-python==0.18.0", "ninja==1.13.0")
    assert options.bin_on_path and not options.build_isolation
    assert options.pip_options() == ["--no-build-isolation", "--config-settings=editable.mode=redirect",
                                     "--config-settings=editable.rebuild=true", "--config-settings=cmake.define.X=3"]
    default = write(tmp_path, 'name = "y"\ndescription = "d"\ninstall = "pass"\n', "y.toml")
    assert datafile.load(default).install_options == targets.InstallOptions()
    assert targets.InstallOptions().pip_options() == []


def test_expectations_key_is_relative_to_the_file(tmp_path):
    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninstall = "pass"\nexpectations = "known/x.json"\n')
    assert datafile.load(path).expectations == tmp_path / "known" / "x.json"


BAD = [
    ('name = "x', "does not parse as TOML"),
    ('description = "d"\ninstall = "pass"', "name: missing (required)"),
    ('name = "x"\ninstall = "pass"', "description: missing (required)"),
    ('name = "x"\ndescription = "d"', "install: missing (required)"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\ncolour = "red"', "colour: unknown key"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[code]\npackage = ["x"]', "code.package: unknown key"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\ncode = 1', "code: must be a table"),
    ('name = "X Y"\ndescription = "d"\ninstall = "pass"', "name: 'X Y' is not a name"),
    ('name = "x"\ndescription = 3\ninstall = "pass"', "description: must be a non-empty string"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\nrequirements = "a==1"', "requirements: must be a list"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\nrequirements = ["--index-url=http://x"]',
     "is a pip option"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\nrequirements = ["-e somedist"]',
     "'-e' takes a local path"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\nrequirements = ["./nowhere"]',
     "requirements: the local path './nowhere' does not exist"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\ninstall-options = 1', "install-options: must be a table"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nbuild-isolaton = false',
     "install-options.build-isolaton: unknown key; [install-options] has bin-on-path, build-isolation"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nbuild-isolation = "no"',
     "install-options.build-isolation: must be true or false"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nbin-on-path = 1',
     "install-options.bin-on-path: must be true or false"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nbuild-requirements = "meson"',
     "install-options.build-requirements: must be a list"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nbuild-requirements = ["--pre"]',
     "install-options.build-requirements: '--pre' is a pip option"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nconfig-settings = "editable.mode=redirect"',
     "install-options.config-settings: must be a table"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options.config-settings]\neditable.mode = ["a"]',
     "install-options.config-settings.editable.mode: must be a string, boolean or integer"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\npythons = ["3.12"]',
     "pythons: names Python 3.12, which has no panel"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\npythons = "3.13"', "pythons: must be a list"),
    ('name = "x"\ndescription = "d"\ninstall = "def f(:"', "install: line 1: SyntaxError"),
    ('name = "x"\ndescription = "d"\ninstall = "pass"\nprobe = "assert ("', "probe: line 1: SyntaxError"),
    ('name = "x"\ndescription = "d"\ninterpreter = "pypy3.11"\npython = "3.x"', "python: '3.x' is not a Python version"),
]


@pytest.mark.parametrize("text, message", BAD, ids=[m for _, m in BAD])
def test_a_bad_target_file_is_one_line_naming_file_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(TargetError) as caught:
        datafile.load(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_a_missing_target_file(tmp_path):
    with pytest.raises(TargetError, match="no target file"):
        targets.get(str(tmp_path / "absent.toml"))


def test_get_finds_built_in_gallery_file_and_python_targets(tmp_path, monkeypatch, good):
    monkeypatch.setattr(targets, "GALLERY", tmp_path)
    write(tmp_path, 'name = "hooky"\ndescription = "d"\ninstall = "pass"\n', "hooky.toml")
    assert targets.gallery_names() == ["counting", "hooky"]
    gallery = targets.get("hooky")
    assert gallery.spec == "hooky" and gallery.expectations is None  # expectations/targets/hooky.json
    by_path = targets.get(str(tmp_path / "hooky.toml"))  # named by its path: the same target
    assert (by_path.spec, by_path.expectations) == ("hooky", None)
    assert targets.get(str(good)).name == "counting"
    assert targets.get("pyimport").name == "pyimport"
    api = targets.get("tests.runner.fake_targets:NOT_LIVE")
    assert api.name == api.spec == "tests.runner.fake_targets:NOT_LIVE"
    with pytest.raises(TargetError, match="gallery: counting, hooky"):
        targets.get("nope")


def test_a_gallery_file_is_named_for_its_target(tmp_path, monkeypatch):
    monkeypatch.setattr(targets, "GALLERY", tmp_path)
    write(tmp_path, 'name = "other"\ndescription = "d"\ninstall = "pass"\n', "hooky.toml")
    with pytest.raises(TargetError, match="name: a gallery file's name is its file name"):
        targets.get("hooky")


def test_the_command_line_reports_a_bad_target_file_on_one_line(tmp_path):
    from tests.runner.cli import importparity

    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninstall = "pass"\nrequirement = ["a"]\n')
    proc = importparity("run", "--target", str(path), "--out", str(tmp_path / "run"), "--units", "test_pkg")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"importparity: {path}: requirement: unknown key; a target file has code, " \
                                  f"description, expectations, install, install-options, interpreter, name, probe, python, pythons, requirements, timeout"


def test_a_target_run_on_a_version_it_does_not_support_is_one_line_and_exit_2(tmp_path):
    from tests.runner.cli import importparity

    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninstall = "pass"\npythons = ["3.13", "3.15"]\n')
    assert datafile.load(path).supports("3.13") and not datafile.load(path).supports("3.14")
    proc = importparity("run", "--target", str(path), "--out", str(tmp_path / "run"), "--units", "test_pkg")
    assert proc.returncode == 2 and proc.stderr.strip() == \
        "importparity: target x supports Python 3.13, 3.15, not 3.14 (its file's `pythons`)"
    assert not (tmp_path / "run").exists()


def test_the_command_line_reports_a_bad_install_option_on_one_line(tmp_path):
    from tests.runner.cli import importparity

    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninstall = "pass"\n[install-options]\nbuild-isolation = "off"\n')
    proc = importparity("run", "--target", str(path), "--out", str(tmp_path / "run"), "--units", "test_pkg")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"importparity: {path}: install-options.build-isolation: must be true or false, not 'off'"


def test_parity_reads_the_expectations_beside_a_target_file(tmp_path):
    from tests.runner.cli import importparity

    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninstall = "pass"\n', "mine.toml")
    (tmp_path / "mine.expectations.json").write_text("{not json")
    proc = importparity("parity", "--target", str(path), "--out", str(tmp_path / "run"), "--units", "test_pkg")
    assert proc.returncode == 2, proc.stderr
    assert f"expectations file {tmp_path / 'mine.expectations.json'} is corrupt" in proc.stderr


def test_the_target_file_reader_imports_the_interface_not_the_package_that_loads_it():
    import ast

    tree = ast.parse(Path(datafile.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "runner.targets.base" in imported
    assert not imported & {"runner.targets", "runner"}  # runner.targets imports datafile: no cycle


def test_a_target_on_another_interpreter_needs_no_install_code(tmp_path):
    path = write(tmp_path, 'name = "x"\ndescription = "d"\ninterpreter = "./bin/python"\npython = "3.11"\n')
    target = datafile.load(path)
    assert target.interpreter == str(tmp_path / "bin" / "python") and target.python == "3.11"
    assert target.install_code is None and not target.needs_environment
    target.install()  # nothing to install: the interpreter's own import system is the target


def test_the_built_in_pypy_target_is_a_data_file():
    target = targets.get("pypy")
    assert (target.interpreter, target.python, target.install_code, target.load_spec) == ("pypy3.11", "3.11", None, "pypy")


def test_a_target_file_may_give_its_tests_a_timeout_which_the_command_line_overrides(tmp_path):
    import argparse

    from runner import pipeline
    from runner.execute import DEFAULT_TIMEOUT

    path = tmp_path / "slow.toml"
    path.write_text('name = "slow"\ndescription = "d"\ninstall = "pass"\ntimeout = 30\n')
    target = targets.get(str(path))
    args = argparse.Namespace(workers=1, timeout=None, inherit_env=False, use=None, memlimit=None)
    assert pipeline.worker_options(args, target)["timeout"] == 30.0
    assert pipeline.worker_options(args)["timeout"] == DEFAULT_TIMEOUT, "CPython's re-check keeps the default"
    args.timeout = 5.0
    assert pipeline.worker_options(args, target)["timeout"] == 5.0
    path.write_text('name = "slow"\ndescription = "d"\ninstall = "pass"\ntimeout = "soon"\n')
    with pytest.raises(targets.TargetError, match="timeout: must be a number of seconds above 0"):
        targets.get(str(path))
