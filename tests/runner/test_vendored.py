"""vendored_tests/ is CPython's, byte for byte: any edit fails here."""

from runner import panel, vendor


def test_vendored_files_match_their_manifest():
    assert vendor.check() == []


def test_manifest_names_the_upstream_version_and_covers_every_unit():
    version, entries = vendor.read_manifest()
    assert version.startswith("3.14.")
    for unit in panel.UNITS:
        assert any(path.startswith(f"test/{unit.path}") for path in entries), unit.name
    assert (panel.VENDORED / "LICENSE").is_file()


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
    monkeypatch.setattr(panel, "VENDORED", copy)
    monkeypatch.setattr(vendor, "MANIFEST", copy / "MANIFEST")
    assert vendor.check() == ["edited: test/test_pkg.py"]
