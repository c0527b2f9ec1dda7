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


def test_a_document_that_cannot_be_saved_is_said_and_nothing_is_left(window: Any, dialogs: Any, tmp_path: Path) -> None:
    main = window()
    target = tmp_path / "no-such-folder" / "week.ics"
    assert not main.run_verb("ics", {"days": 7, "output": target})
    assert dialogs.messages[-1].startswith("The calendar was not saved.\n\n")
    assert not target.parent.exists()


def test_a_file_that_is_not_a_daymap_file_imports_nothing_and_says_where(
    window: Any, dialogs: Any, tmp_path: Path
) -> None:
    import os

    main = window()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "daymap", "accounts": [')
    assert not main.run_verb("import", {"file": broken})
    assert dialogs.messages[-1].startswith("Nothing was imported.\n\n")
    assert "broken.json" in dialogs.messages[-1]
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert not main.run_verb("import", {"file": fifo})  # refused at once: reading a FIFO could hang the window
    assert "named pipe" in dialogs.messages[-1]
    assert main.planner.core.count_accounts() == 0


def test_a_refused_write_is_said_before_any_file_dialog(
    window: Any, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_dialog(*_args: Any) -> Any:
        raise AssertionError("a file dialog opened for a write that will be refused")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", no_dialog)
    main = window()
    monkeypatch.setattr(main.planner, "write_refusal", lambda what="plan": "This store is read-only.")
    assert not main.run_placed("import")
    assert dialogs.messages == ["This store is read-only."]


def test_the_sample_asks_before_it_joins_accounts_already_there(
    window: Any, load: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.dialogs
    from tests.builders import account, doc

    load(doc(account("acme", name="Acme")))
    main = window()
    asked: list[str] = []
    monkeypatch.setattr(ui.dialogs, "ask", lambda _parent, _title, question: asked.append(question) or False)
    assert not main.run_placed("demo")
    assert asked == ["Add 40 made-up accounts to this store?"]
    assert main.planner.core.count_accounts() == 1  # "No": nothing added


def test_file_dialogs_open_in_the_reps_documents_never_the_process_folder(
    window: Any, load: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.builders import account, doc
    from ui.dialogs import documents_folder

    documents = documents_folder()  # Documents, else home: what matters is that it is never the process's folder
    assert Path(documents).is_absolute()
    assert Path(documents) != Path.cwd()
    opened: list[str] = []

    def cancel(_parent: Any, _title: str, folder: str, *_filters: Any) -> tuple[Any, str]:
        opened.append(folder)
        return ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", cancel)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args: ([], cancel(*args)[1]))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel)
    load(doc(account("acme", name="Acme")))
    main = window()
    assert not main.run_placed("import")  # File ▸ Import ▸ A Daymap file: cancelled, nothing asked after
    main.import_crm_file()
    main.import_mail_files()
    main.open_plan("acme")
    main.plan._on_export_clicked()  # the map as a PNG
    assert opened[:3] == [documents] * 3
    assert Path(opened[3]).parent == Path(documents)
    assert Path(opened[3]).name == "Acme.png"
