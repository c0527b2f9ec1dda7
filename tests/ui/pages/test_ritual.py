"""The morning ritual in the window, from the 40-account sample on a Friday, counted as a rep's actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.app.transfer.demo import load_demo
from tests.gui_helpers import Rep, store_window

pytestmark = pytest.mark.gui

FRIDAY = dt.date(2026, 11, 27)


@pytest.fixture
def territory_window(qtbot: Any, qapp: Any, store: Any, tmp_path: Any) -> Any:
    load_demo(store, 40, seed=3, day=FRIDAY)
    return store_window(qtbot, store, FRIDAY, tmp_path)


def test_the_forty_account_morning_reaches_ready_in_few_actions(
    territory_window: Any, dialogs: Any, qtbot: Any
) -> None:
    main = territory_window
    morning = main.morning
    planner = main.planner
    opened = len(planner.morning().question_marks)
    assert 3 <= opened <= 8  # a sample a newcomer can finish: its past is history, not a backlog
    ahead = [FRIDAY + dt.timedelta(days=n) for n in range(1, 15) if (FRIDAY + dt.timedelta(days=n)).weekday() < 5]
    before = {day: planner.morning(day).planned_minutes for day in ahead}
    rep = Rep(qtbot, dialogs)
    dialogs.then(lambda _d: None)  # the preview, every suggestion ticked: OK
    rep.click(morning.accept_all)
    assert planner.undo_stack.count() == 1  # one undo takes it all back
    for card in list(morning.cards.cards):
        mark = card.mark
        suggestion = card.suggestion
        assert suggestion is not None, mark
        assert suggestion.needs_words, mark  # only what needs the rep is left
        if suggestion.action == "schedule":  # the step's title typed; its date is preset to a day with room
            dialogs.then(lambda d: d.field("title").setText("Call to agree the next step"))
        else:  # Log a touch today… (or Ask … for a new date…, preset to a day with room): OK as it is
            dialogs.then(lambda _d: None)
        rep.click(card.accept)
    assert planner.morning().ready, [m.message for m in planner.morning().question_marks]
    rep.click(morning.confirm)
    assert planner.morning().confirmed
    print(f"{opened} question marks resolved to a confirmed plan in {rep.actions} actions")
    # each question mark at most its button, a field typed and OK; the rest is Accept, its OK and Confirm
    assert rep.actions <= 3 * opened + 3, (rep.clicks, dialogs.actions)
    # Tomorrow is not broken by today: no working day of the next two weeks was pushed over its capacity.
    for day in ahead:
        after = planner.morning(day)
        assert after.planned_minutes <= after.capacity_minutes or after.planned_minutes == before[day], (
            day, before[day], after.planned_minutes,
        )  # fmt: skip


def test_three_mornings_on_the_sample_with_a_day_off_and_the_store_carried_over(
    qtbot: Any, qapp: Any, store: Any, tmp_path: Any, dialogs: Any
) -> None:
    """Every card has its suggestion button from the start; an accept moves no promise past the second working
    day; no suggestion lands on a day off; and when the days ahead fill up, the Morning says so."""
    from organizer.app.transfer.merge import import_document
    from organizer.core.dates import is_working_day, nth_working_day_after

    monday = dt.date(2026, 11, 30)
    day_off = dt.date(2026, 12, 2)  # Wednesday
    import_document(store, {"format": "daymap/1", "settings": {"days_off": [day_off.isoformat()]}})
    load_demo(store, 40, seed=5, day=monday)
    mornings = [monday, dt.date(2026, 12, 1), dt.date(2026, 12, 3)]
    for number, day in enumerate(mornings):
        main = store_window(qtbot, store, day, tmp_path)
        planner, morning = main.planner, main.morning
        off = planner.core.days_off()
        cards = list(morning.cards.cards)
        for card in cards:  # the cards' one-click buttons, from the first frame
            assert card.accept.isVisibleTo(main), card.mark.message
            suggestion = card.suggestion
            assert suggestion is not None
            assert suggestion.date is None or suggestion.date == day or is_working_day(suggestion.date, off)
            assert all(is_working_day(when, off) for _step, when in suggestion.moves)
        promises = {c.mark.step: c.mark.due for c in cards if c.mark.kind == "promise-overdue"}
        if any(not c.suggestion.needs_words for c in cards):
            dialogs.then(lambda _d: None)
            qtbot.mouseClick(morning.accept_all, Qt.MouseButton.LeftButton)
        second = nth_working_day_after(day, 2, off)
        for step, due in promises.items():
            moved = planner.core.step(step or "").due
            assert moved == due or (moved is not None and moved <= second), (day, step, moved)
        for card in list(morning.cards.cards):
            if card.suggestion.action == "schedule":
                dialogs.then(lambda d: d.field("title").setText("Call to agree the next step"))
            else:
                dialogs.then(lambda _d: None)
            card.accept.click()
        assert planner.morning().ready, (day, [m.message for m in planner.morning().question_marks])
        qtbot.mouseClick(morning.confirm, Qt.MouseButton.LeftButton)
        assert planner.morning().confirmed
        for index, item in enumerate(planner.morning().today):  # two thirds of the day's work gets done
            if index % 3 != 2:
                planner.core.steps.complete(item.step, "done", day)
        if number == len(mornings) - 1:  # the next working days fill up: the Morning says so plainly
            for ahead in (nth_working_day_after(day, n, off) for n in range(1, 6)):
                planner.core.days.set_capacity(ahead, 15)
            main.morning.load(day)
            assert main.morning.backlog.isVisibleTo(main)
            assert "working days are full" in main.morning.backlog.text()
        main.close()
