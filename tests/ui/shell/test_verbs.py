"""A verb declared once is a menu action too: its words in its spot, its key, greyed with the writes, and run
through the one door (the planner's action, one undo entry), its file asked for in a save dialog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from tests.organizer.app.verbs.test_verbs import figures_verb
from ui.shell.menus import MENUS, Placed

pytestmark = pytest.mark.gui


def menu_action(window: Any, words: str) -> tuple[str, QAction]:
    """The action with ``words`` and the path of menus it is in."""

    def walk(actions: list[QAction], path: str) -> tuple[str, QAction] | None:
        for action in actions:
            if action.menu() is not None:
                found = walk(action.menu().actions(), f"{path}/{action.text().replace('&', '')}")
                if found:
                    return found
            elif action.text() == words:
                return path, action
        return None

    found = walk(window.menuBar().actions(), "")
    assert found is not None, words
    return found


def test_a_new_verb_is_a_menu_action_with_its_key_that_saves_its_file(
    window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_parent: Any, title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(f"{title} | {Path(suggested).name} | {filters}")
        return (str(tmp_path / "figures.json"), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    with figures_verb():
        main = window()
        path, action = menu_action(main, "Insights &figures (.json)…")
        assert path == "/Reports"
        assert action.shortcut().toString() == "Ctrl+Shift+G"
        assert action not in main.write_actions  # it only reads: never greyed
        action.trigger()
    assert asked == ["Insights figures (.json) | figures.json | Daymap exchange (*.json)"]
    assert "streak" in json.loads((tmp_path / "figures.json").read_text())
    assert main.statusBar().currentMessage() == f"The figures saved to {tmp_path / 'figures.json'}"


def test_a_writing_verb_is_greyed_with_the_writes_and_refreshes_the_pages(window: Any) -> None:
    with figures_verb(writes=True):
        main = window()
        _path, action = menu_action(main, "Insights &figures (.json)…")
        assert action in main.write_actions
        action.trigger()
    assert main.statusBar().currentMessage().startswith("Added accounts: 3 added")
    assert main.planner.core.count_accounts() == 3
    main.show_view("accounts")
    assert main.accounts.model.rowCount() == 3  # its Change reached the pages


def test_every_spot_a_verb_names_is_in_the_menus() -> None:
    from organizer.app.verbs import VERBS

    def spots(entries: Any) -> set[str]:
        found: set[str] = set()
        for entry in entries:
            if isinstance(entry, Placed):
                found.add(entry.section)
            elif hasattr(entry, "entries"):
                found |= spots(entry.entries)
        return found

    menus = set().union(*(spots(entries) for _title, entries in MENUS))
    assert {place.section for declared in VERBS.values() for place in declared.places} <= menus


def test_a_daymap_file_dropped_on_the_window_goes_to_the_verb_that_reads_it(window: Any, tmp_path: Path) -> None:
    from tests.builders import account, doc

    dropped = tmp_path / "territory.json"
    dropped.write_text(json.dumps(doc(account("acme", name="Acme"), account("beta", name="Beta"))))
    main = window()
    assert main.import_dropped([dropped])
    assert main.planner.core.count_accounts() == 2
    assert main.statusBar().currentMessage().startswith(f"Imported {dropped}: accounts: 2 added")
