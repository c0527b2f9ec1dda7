"""The tree reads as the architecture: no import cycle in the core or the window, no module past 400 lines."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

from tests.conftest import ROOT

MAX_LINES = 400


@pytest.mark.parametrize("package", ["organizer", "ui"])
def test_no_import_cycle(package: str) -> None:
    """Counting imports made only for type checking: a cycle there is a cycle of knowledge all the same."""
    graph = grimp.build_graph(package)
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if module != imported and graph.chain_exists(importer=imported, imported=module)
        }
    )
    assert cycles == []


def test_no_module_is_over_max_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("organizer", "ui")
        for path in Path(ROOT, folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_tests_mirror_the_tree() -> None:
    """Each folder of tests names a package of the code it tests (tests/organizer/rules → organizer/rules)."""
    folders = {
        path.relative_to(ROOT / "tests")
        for top in ("organizer", "ui")
        for path in (ROOT / "tests" / top).rglob("*")
        if path.is_dir() and path.name != "__pycache__"
    }
    assert folders
    assert {str(folder) for folder in folders if not (ROOT / folder / "__init__.py").is_file()} == set()


def test_each_page_is_one_module_of_ui_pages_and_the_rest_of_it_is_what_only_pages_draw() -> None:
    from ui.shell.pages import PAGES

    page_modules = {spec.factory.partition(":")[0] for spec in PAGES}
    assert all(module.startswith("ui.pages.") for module in page_modules)
    assert len(page_modules) == len(PAGES)  # one module per page
    drawn_by_pages = {"ui.pages.cards", "ui.pages.plan_map", "ui.pages.brief_tab"}  # the Morning's cards, the map
    modules = {f"ui.pages.{path.stem}" for path in (ROOT / "ui" / "pages").glob("*.py") if path.stem != "__init__"}
    assert modules == page_modules | drawn_by_pages
