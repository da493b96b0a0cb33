"""Where a test lives: its method's file and line in vendored_tests/, from its id."""

from runner.sourceline import label, link, location


def test_location_finds_the_method_of_a_generated_class():
    path, line = location("test.test_importlib.test_api.Source_ImportModuleTests.test_module_import")
    assert path.name == "test_api.py"
    assert path.read_text().splitlines()[line - 1].strip() == "def test_module_import(self):"


def test_label_and_link_name_the_same_line(tmp_path):
    path, line = location("test.test_pkg.TestPkg.test_3")
    assert label("test.test_pkg.TestPkg.test_3") == f"vendored_tests/3.14/test/test_pkg.py:{line}"
    href = link("test.test_pkg.TestPkg.test_3", path.parent)
    assert href == f"test_pkg.py#L{line}"


def test_an_id_outside_the_panel_has_no_location():
    assert location("nowhere.Nothing.test_x") is None and label("nowhere.Nothing.test_x") == ""
