"""A page is declared once: a new page is its module and one PageSpec, and the window does the rest."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from organizer.core.domain import Change

pytestmark = pytest.mark.gui


class NotesPage(QWidget):
    """A page as a new module would write it: built with the planner, loaded and refreshed by the window."""

    def __init__(self, planner: Any) -> None:
        super().__init__()
        self.loads = 0
        self.refreshes = 0
        self.label = QLabel("Notes")
        QVBoxLayout(self).addWidget(self.label)

    def load(self) -> None:
        self.loads += 1

    def refresh(self, _change: Change | None) -> None:
        self.refreshes += 1


def test_one_registry_entry_gives_a_page_its_sidebar_row_stack_go_menu_and_reload(
    window: Any, load: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui_helpers import ready_territory
    from ui.shell import connect, pages
    from ui.shell import window as window_module

    spec = pages.PageSpec("notes", "Notes", "&Notes", f"{__name__}:NotesPage", at_start=False, icon="plan")
    for module in (pages, window_module, connect):
        monkeypatch.setattr(module, "PAGES", (*pages.PAGES, spec))
    load(ready_territory())
    main = window()
    assert main.views[-1] == "notes"
    assert main.nav.item(main.nav.count() - 1).text() == "Notes"
    assert "&Notes" in [action.text() for action in main._go_menu.actions()]
    assert main.pages["notes"].page is None  # built when first shown
    main.show_view("notes")
    page = main.pages["notes"].page
    assert isinstance(page, NotesPage)
    assert page.loads == 1
    assert main.stack.currentWidget().page is page
    main.reload_all()
    assert page.loads == 2
