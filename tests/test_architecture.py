"""The tree reads as the architecture: no import cycle in the core, no module past 400 lines."""

from __future__ import annotations

from pathlib import Path

import grimp

from tests.conftest import ROOT

MAX_LINES = 400


def test_the_core_has_no_import_cycle() -> None:
    graph = grimp.build_graph("organizer")
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if module != imported and graph.chain_exists(importer=imported, imported=module)
        }
    )
    assert cycles == []


def test_no_module_is_over_five_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for folder in ("organizer", "ui")
        for path in Path(ROOT, folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
