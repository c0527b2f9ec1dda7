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
