"""vendored_tests/ is CPython's, byte for byte: any edit fails here, on every version's panel."""

import pytest

from runner import panel, vendor

from tests.runner.cli import importparity


def test_every_supported_version_has_a_panel():
    assert {"3.13", "3.14", "3.15"} <= set(panel.versions())
    assert panel.DEFAULT_VERSION in panel.versions()


@pytest.mark.parametrize("version", panel.versions())
def test_vendored_files_match_their_manifest(version):
    assert vendor.check(panel.root_of(version)) == []


@pytest.mark.parametrize("version", panel.versions())
def test_manifest_names_the_upstream_version_and_covers_every_unit(version):
    upstream, entries = vendor.read_manifest(vendor.manifest_of(version))
    assert upstream.startswith(f"{version}.")
    units = panel.read_units(version)
    assert len(units) >= 13
    for unit in units:
        assert any(path.startswith(f"test/{unit.path}") for path in entries), unit.name
    assert (panel.root_of(version) / "LICENSE").is_file()


def test_a_release_keeps_the_units_it_still_has_and_adds_the_named_ones():
    assert "test_lazy_import" in {u.name for u in panel.read_units("3.15")}
    assert "test_lazy_import" not in {u.name for u in panel.read_units("3.14")}
    assert [u.name for u in panel.read_units("3.13")] == [u.name for u in panel.read_units("3.14")]


def test_vendoring_a_new_release_takes_one_command_and_no_code(tmp_path, monkeypatch):
    lib_test = panel.root_of("3.15") / "test"  # stands in for a 3.16 Lib/test
    (tmp_path / "vendored_tests").mkdir()
    for version in panel.versions():
        (tmp_path / "vendored_tests" / version).mkdir()
        (tmp_path / "vendored_tests" / version / "MANIFEST").write_text(vendor.manifest_of(version).read_text())
        (tmp_path / "vendored_tests" / version / "UNITS").write_text((panel.root_of(version) / "UNITS").read_text())
    monkeypatch.setattr(panel, "PANELS", tmp_path / "vendored_tests")
    count = vendor.vendor(lib_test, "3.16.0")
    assert count > 200 and panel.versions()[-1] == "3.16"
    assert panel.read_units("3.16") == panel.read_units("3.15")
    assert vendor.check(panel.root_of("3.16")) == []


def test_a_units_shard_count_is_set_through_the_vendor_command_and_kept_by_the_next(tmp_path, monkeypatch):
    lib_test = panel.root_of("3.13") / "test"  # 3.13's own Lib/test, as vendored
    (tmp_path / "vendored_tests" / "3.13").mkdir(parents=True)
    (tmp_path / "vendored_tests" / "3.13" / "UNITS").write_text((panel.root_of("3.13") / "UNITS").read_text())
    monkeypatch.setattr(panel, "PANELS", tmp_path / "vendored_tests")
    vendor.vendor(lib_test, "3.13.18", shards={"test_zipimport": 2, "test_importlib": 1})
    shards = {u.name: u.shards for u in panel.read_units("3.13")}
    assert shards["test_zipimport"] == 2 and shards["test_importlib"] == 1
    vendor.vendor(lib_test, "3.13.18")
    assert {u.name: u.shards for u in panel.read_units("3.13")} == shards
    with pytest.raises(vendor.VendorError, match="--shards test_nothing=2: no unit test_nothing"):
        vendor.vendor(lib_test, "3.13.18", shards={"test_nothing": 2})


@pytest.mark.parametrize("bad", ["test_zipimport", "test_zipimport=0", "=2", "test_zipimport=two"])
def test_a_malformed_shards_option_is_one_line_and_exit_2(bad, tmp_path):
    proc = importparity("vendor", "--from", str(tmp_path), "--version", "3.13.18", "--shards", bad)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is not UNIT=N" in proc.stderr


def test_an_edited_file_is_reported(tmp_path, monkeypatch):
    copy = tmp_path / "vendored_tests"
    (copy / "test").mkdir(parents=True)
    (copy / "MANIFEST").write_text(vendor.MANIFEST.read_text())
    _, entries = vendor.read_manifest()
    for rel in entries:
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((panel.VENDORED / rel).read_bytes())
    (copy / "test" / "test_pkg.py").write_bytes(b"# edited\n")
    assert vendor.check(copy) == ["edited: test/test_pkg.py"]
