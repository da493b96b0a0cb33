"""The wheel built from this checkout, installed in a fresh venv, runs the panel in an empty folder.

Nothing of the checkout is on the installed tool's path: the panel, the baseline and the
expectations come from the wheel. Then a small hook made in that folder gets its target file
from `importparity init` and matches CPython too.
"""

import json
import subprocess
import zipfile

from tests.runner.installed import (ROOT, built_distributions, clean_env, fill_in_install, hook_project,
                                    make_venv, wheel)

UNITS = ["test_pkg", "test_import"]


def test_the_wheel_carries_every_panel_baseline_expectations_and_gallery_file(tmp_path_factory):
    dist = built_distributions(tmp_path_factory)
    tracked = subprocess.run(["git", "ls-files", "vendored_tests", "expectations", "gallery"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    names = set(zipfile.ZipFile(wheel(dist)).namelist())
    assert tracked and [f for f in tracked if f"runner/data/{f}" not in names] == []
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_installed_tool_matches_cpython_in_an_empty_folder_on_its_panel_and_on_a_hook_from_init(
        tmp_path, tmp_path_factory):
    bin_dir = make_venv(tmp_path / "venv", str(wheel(built_distributions(tmp_path_factory))))
    folder = tmp_path / "empty"
    folder.mkdir()

    def importparity(*args):
        return subprocess.run([str(bin_dir / "importparity"), *args], cwd=folder, capture_output=True, text=True,
                              env=clean_env(), timeout=1800)

    proc = importparity("parity", "--units", *UNITS)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "0 differences from CPython: 0 expected, 0 unexpected" in proc.stdout
    meta = json.loads((folder / "reports/latest/results.json").read_text())["meta"]
    assert meta["target"] == "pyimport"
    assert str(ROOT) not in json.dumps(meta)  # nothing came from the checkout

    hook_project(folder)
    proc = importparity("init")
    assert proc.returncode == 0, proc.stderr
    target_file = folder / "nullhook.toml"
    fill_in_install(target_file)
    proc = importparity("parity", "--target", "./nullhook.toml", "--units", *UNITS, "--out", "reports/hook")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "0 differences from CPython: 0 expected, 0 unexpected" in proc.stdout
    run = json.loads((folder / "reports/hook/results.json").read_text())
    assert run["meta"]["distributions"].get("nullhook") == "1.0"
    assert {t["unit"] for t in run["tests"].values()} == set(UNITS)
