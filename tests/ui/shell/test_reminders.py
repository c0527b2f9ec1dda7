"""A reminder's Done is the window's Done: the last next step is never closed without asking for the next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from organizer.app.transfer.merge import import_document
from tests.builders import D, account, doc, step

pytestmark = pytest.mark.gui


def reminders_on(store: Any, tmp_path: Path, **kwargs: Any) -> Any:
    from PySide6.QtCore import QSettings

    from ui.qt_planner import QtPlanner
    from ui.shell.reminders import Reminders

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return Reminders(QtPlanner(store, D), settings, lambda: None, **kwargs)


def test_done_on_the_accounts_last_next_step_asks_for_the_next_one(qapp: Any, store: Any, tmp_path: Path) -> None:
    import_document(store, doc(account("acme", name="Acme", steps=[step("call", 0, time="10:00")])))
    asked: list[str] = []
    reminders = reminders_on(store, tmp_path, ask_next=asked.append)
    reminders.answer("call", "done")
    assert asked == ["call"]
    assert [item.step for item in reminders.planner.morning(D).today] == ["call"]  # not closed quietly


def test_done_on_a_step_with_another_next_step_completes_it_at_once(qapp: Any, store: Any, tmp_path: Path) -> None:
    import_document(store, doc(account("acme", name="Acme", steps=[step("call", 0, time="10:00"), step("next", 2)])))
    asked: list[str] = []
    reminders = reminders_on(store, tmp_path, ask_next=asked.append)
    reminders.answer("call", "done")
    assert asked == []
    assert [item.step for item in reminders.planner.morning(D).today] == []
