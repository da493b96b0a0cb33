"""`importparity changes`: what a release changed, read from two versions' baselines."""

from runner import changes
from runner.report import versions
from tests.runner.cli import importparity


def test_3_15_adds_the_lazy_import_unit_and_drops_the_cached_tests():
    units = {u.unit: u for u in changes.between("3.14", "3.15")}
    assert len(units["test_lazy_import"].added) > 150 and not units["test_lazy_import"].removed
    assert "test.test_import.PycacheTests.test___cached__" in units["test_import"].removed
    assert all(tid.startswith("test.test_import.") for tid in units["test_import"].added)


def test_the_command_writes_markdown_and_a_page(tmp_path):
    proc = importparity("changes", "3.13", "3.14", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## What CPython 3.14 changed in the import tests, from 3.13")
    assert (tmp_path / "changes.md").read_text().strip() == proc.stdout.strip()
    assert "What CPython 3.14 changed" in (tmp_path / "changes.html").read_text()


def test_a_version_with_no_panel_is_one_line_and_exit_2():
    proc = importparity("changes", "3.14", "3.12")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "no panel for Python 3.12" in proc.stderr


def test_the_page_across_versions_puts_a_targets_cells_side_by_side(tmp_path):
    versions.write_summary(_version_dir(tmp_path, "3.13"), {"hook": versions.Cell(10, 2, 0, version="hook 1.0",
                                                                                  report="hook/report/index.html")})
    versions.write_summary(_version_dir(tmp_path, "3.15"), {"hook": versions.Cell(error="pip failed: <boom>")})
    page = versions.render(tmp_path, ["3.13", "3.15"], title="t", date="d")
    assert 'href="3.13/hook/report/index.html"' in page and "hook 1.0" in page
    assert "did not run" in page and "&lt;boom&gt;" in page and "<boom>" not in page


def _version_dir(root, version):
    (root / version).mkdir()
    return root / version
