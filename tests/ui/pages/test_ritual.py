"""The morning ritual in the window, from the 40-account sample on a Friday, counted as a rep's actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.formats.demo import load_demo

pytestmark = pytest.mark.gui

FRIDAY = dt.date(2026, 11, 27)


@pytest.fixture
def territory_window(qtbot: Any, qapp: Any, store: Any, tmp_path: Any) -> Any:
    from PySide6.QtCore import QSettings

    from ui.session import QtSession
    from ui.shell.window import MainWindow

    load_demo(store, 40, seed=3, day=FRIDAY)
    main = MainWindow(QtSession(store, FRIDAY), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    return main


def test_the_forty_account_morning_reaches_ready_in_few_actions(
    territory_window: Any, dialogs: Any, qtbot: Any
) -> None:
    main = territory_window
    morning = main.morning
    session = main.session
    opened = len(session.morning().question_marks)
    assert opened >= 10
    ahead = [FRIDAY + dt.timedelta(days=n) for n in range(1, 15) if (FRIDAY + dt.timedelta(days=n)).weekday() < 5]
    before = {day: session.morning(day).planned_minutes for day in ahead}
    actions = 0
    dialogs.then(lambda _d: None)  # the preview, every suggestion ticked: OK
    qtbot.mouseClick(morning.accept_all, Qt.MouseButton.LeftButton)
    actions += 2  # Accept suggestions…, then Accept in the preview
    assert session.undo_stack.count() == 1  # one undo takes it all back
    for card in list(morning.cards.cards):
        mark = card.mark
        suggestion = card.suggestion
        assert suggestion is not None, mark
        assert suggestion.needs_words, mark  # only what needs the rep is left
        if suggestion.action == "schedule":
            dialogs.then(lambda d: d.field("title").setText("Call to agree the next step"))
            actions += 2  # the card's suggestion button, then the title + OK (the date is preset to a day with room)
        else:
            dialogs.then(lambda _d: None)
            actions += 2  # Log a touch today…, then OK
        card.accept.click()
    assert session.morning().ready, [m.message for m in session.morning().question_marks]
    qtbot.mouseClick(morning.confirm, Qt.MouseButton.LeftButton)
    actions += 1
    assert session.morning().confirmed
    print(f"{opened} question marks resolved to a confirmed plan in {actions} actions")
    assert actions <= 25, actions
    # Tomorrow is not broken by today: no working day of the next two weeks was pushed over its capacity.
    for day in ahead:
        after = session.morning(day)
        assert after.planned_minutes <= after.capacity_minutes or after.planned_minutes == before[day], (
            day, before[day], after.planned_minutes,
        )  # fmt: skip
