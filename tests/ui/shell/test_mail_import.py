"""Mail into the window: dropped files or a chosen folder become touches, shown on the plan map's Touches tab."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.organizer.cli.test_cli_mail import TERRITORY
from tests.organizer.formats.test_mail import message

pytestmark = pytest.mark.gui


def test_mail_dropped_on_the_window_is_logged_once_and_shows_on_the_touches_tab(
    window: Any, load: Any, tmp_path: Path, qtbot: Any
) -> None:
    load(TERRITORY)
    main = window()
    eml = tmp_path / "reply.eml"
    eml.write_text(message(sender="Jane Roe <jane@acme.example>", subject="Headcount figures", message_id="<r@x>"))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(eml))])
    drop = QDropEvent(QPointF(QPoint(50, 50)), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    main.dropEvent(drop)
    assert "1 touch logged" in main.statusBar().currentMessage()
    assert main.planner.undo_stack.undoText() == "Import mail"
    main.open_plan("acme")
    model = main.plan.touches_model
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[1:] == ["Email", "Jane Roe", "Headcount figures"]
    assert main.import_dropped([eml]) is True  # the same message again: nothing new
    assert "1 logged before" in main.statusBar().currentMessage()
    assert model.rowCount() == 1


def test_a_folder_that_is_not_mail_is_refused_with_nothing_written(
    window: Any, load: Any, tmp_path: Path, dialogs: Any
) -> None:
    load(TERRITORY)
    main = window()
    (tmp_path / "photos").mkdir()
    assert main.import_mail_paths([tmp_path / "photos"]) is False
    assert "not a Maildir" in dialogs.messages[0]
    assert main.planner.undo_stack.count() == 0


def test_a_waiting_card_names_the_newest_email_with_the_person(window: Any, load: Any, tmp_path: Path) -> None:
    from tests.builders import D

    territory = {**TERRITORY, "accounts": [
        {**TERRITORY["accounts"][0], "steps": [
            {"id": "w", "title": "Signed order", "due": "2026-11-20", "waiting": True, "contact": "jane"},
            {"id": "n", "title": "Next", "due": "2026-12-20"}]},
        TERRITORY["accounts"][1]]}  # fmt: skip
    load(territory)
    main = window()
    assert main.planner.today == D
    waiting = next(card for card in main.morning.cards.cards if card.mark.kind == "waiting-overdue")
    assert not waiting.detail.isVisible()
    mail = tmp_path / "reply.eml"
    mail.write_text(
        message(sender="jane@acme.example", subject="Signed order attached", date="Mon, 23 Nov 2026 08:00:00 +0000")
    )
    assert main.import_mail_paths([mail])
    waiting = next(card for card in main.morning.cards.cards if card.mark.kind == "waiting-overdue")
    assert waiting.detail.text() == "Last email with Jane: Mon 23 Nov — “Signed order attached”"
    assert "done" in waiting.buttons  # one click: Received…


def test_new_people_at_known_companies_are_offered_after_an_import(
    window: Any, load: Any, tmp_path: Path, dialogs: Any
) -> None:
    load(TERRITORY)
    main = window()
    eml = tmp_path / "sam.eml"
    eml.write_text(message(sender="Sam Lee <sam@acme.example>", message_id="<s@x>"))
    offered: list[int] = []

    def look(dialog: Any) -> None:
        offered.append(dialog.people.count())
        assert dialog.people.item(0).text() == "Sam Lee <sam@acme.example> — Acme"

    dialogs.then(look)
    assert main.import_mail_paths([eml])
    assert offered == [1]
    assert "Sam Lee" in [c.name for c in main.planner.account("acme").contacts]
    assert main.planner.undo_stack.undoText() == "Add people from mail"
