"""The morning ritual driven as a rep would: click a card's resolution, answer its dialog,
see the card leave and the count fall; the store is checked after each."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.core.marks import MARKS
from organizer.store.models import Step, Touch
from tests.builders import D
from tests.gui_helpers import every_mark_territory

pytestmark = pytest.mark.gui


@pytest.fixture
def morning(window: Any, load: Any) -> Any:
    load(every_mark_territory())
    main = window()
    assert main.current_view() == "morning"
    return main.morning


def card(page: Any, kind: str, account: str | None = None) -> Any:
    for candidate in page.cards.cards:
        if candidate.mark.kind == kind and (account is None or candidate.mark.account == account):
            return candidate
    raise AssertionError(f"no {kind} card for {account}")


def kinds(page: Any) -> set[str]:
    return {c.mark.kind for c in page.cards.cards}


def click(qtbot: Any, target: Any, action: str) -> None:
    qtbot.mouseClick(target.buttons[action], Qt.MouseButton.LeftButton)


def step_row(store: Any, step_id: str) -> SimpleNamespace:
    """A plain copy of a stored step (the read planner rolls back and expires its objects)."""
    with store.read() as s:
        row = s.get(Step, step_id)
        assert row is not None
        return SimpleNamespace(due=row.due, status=row.status, outcome=row.outcome, done=row.done)


def test_the_morning_shows_one_card_per_question_mark(morning: Any) -> None:
    assert kinds(morning) == set(MARKS) - {"calendar-conflict"}  # a sync's to raise: below
    assert morning.count.text() == "8 question marks"
    assert card(morning, "promise-overdue").text.text().startswith("Promise Co: promise to Ray Chen overdue")


def test_a_calendar_conflict_card_offers_both_versions_and_keeps_the_one_clicked(
    window: Any, load: Any, store: Any, qtbot: Any
) -> None:
    from organizer.app.history import CalendarState
    from organizer.app.planner import Planner

    load(every_mark_territory())
    agreed = {"etag": '"1"', "due": D.isoformat(), "time": "09:00", "minutes": 30}
    theirs = {"etag": '"2"', "due": (D + dt.timedelta(days=3)).isoformat(), "time": "15:30", "minutes": 30}
    Planner(store, today=D).run("sync", [CalendarState("p-1", {"calendar": agreed, "calendar_conflict": theirs})])
    page = window().morning
    conflict = page.cards.cards[0]
    assert conflict.mark.kind == "calendar-conflict"
    assert "in the calendar Fri 27 Nov 15:30 (30 min)" in conflict.text.text()
    assert not conflict.accept.isVisible()  # nothing to accept blindly: the rep chooses
    assert set(conflict.buttons) - {"accept"} == {"keep-daymap", "keep-calendar"}
    click(qtbot, conflict, "keep-calendar")
    assert "calendar-conflict" not in kinds(page)
    assert step_row(store, "p-1").due == D + dt.timedelta(days=3)
    assert page.planner.undo_stack.undoText() == "Keep the calendar’s version"


def test_reschedule_an_overdue_promise(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    new_day = D + dt.timedelta(days=2)

    def answer(dialog: Any) -> None:
        dialog.field("due").setDate(dialog.field("due").date().fromString(new_day.isoformat(), "yyyy-MM-dd"))

    dialogs.then(answer)
    click(qtbot, card(morning, "promise-overdue"), "reschedule")
    assert step_row(store, "p-1").due == new_day
    assert "promise-overdue" not in kinds(morning)
    assert morning.count.text() == "7 question marks"


def test_mark_an_overdue_step_done_with_its_outcome(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("text").setText("Met the whole team"))
    click(qtbot, card(morning, "overdue-step"), "done")
    row = step_row(store, "o-1")
    assert (row.status, row.outcome, row.done) == ("done", "Met the whole team", D)
    assert "overdue-step" not in kinds(morning)


def test_drop_an_overdue_step_with_a_reason(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("text").setText("Office closed"))
    click(qtbot, card(morning, "overdue-step"), "drop")
    row = step_row(store, "o-1")
    assert (row.status, row.outcome) == ("dropped", "Office closed")
    assert "overdue-step" not in kinds(morning)


def test_chase_a_waiting_item_logs_a_touch_and_waits_again(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("note").setText("Chased Mo by email"))
    click(qtbot, card(morning, "waiting-overdue"), "chase")
    row = step_row(store, "w-1")
    assert row.due is not None
    assert row.due > D
    assert row.status == "open"
    with store.read() as s:
        touches = [(t.date, t.contact_id, t.note) for t in s.query(Touch).filter_by(account_id="waiting")]
    assert touches == [(D, "mo", "Chased Mo by email")]
    assert "waiting-overdue" not in kinds(morning)


def test_schedule_a_next_step_preset_to_the_next_working_day(
    morning: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    seen: dict[str, Any] = {}

    def answer(dialog: Any) -> None:
        seen["due"] = dialog.field("due").value()
        dialog.field("title").setText("Call the buyer")

    dialogs.then(answer)
    click(qtbot, card(morning, "no-next-step"), "schedule")
    assert seen["due"] == D + dt.timedelta(days=1)  # D is a Tuesday
    with store.read() as s:
        steps = [(st.title, st.due) for st in s.query(Step).filter_by(account_id="nonext")]
    assert steps == [("Call the buyer", D + dt.timedelta(days=1))]
    assert "no-next-step" not in kinds(morning)


def test_a_goal_without_a_step_gets_one_under_that_goal(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("title").setText("Ask for the budget owner"))
    click(qtbot, card(morning, "goal-without-step"), "schedule")
    with store.read() as s:
        steps = [st.title for st in s.query(Step).filter_by(goal_id="goal-1")]
    assert steps == ["Ask for the budget owner"]
    assert "goal-without-step" not in kinds(morning)


def test_a_goal_without_a_step_can_be_closed_as_achieved(morning: Any, qtbot: Any, store: Any) -> None:
    from organizer.store.models import Goal

    click(qtbot, card(morning, "goal-without-step"), "achieve")
    with store.read() as s:
        assert s.get(Goal, "goal-1").status == "achieved"
    assert "goal-without-step" not in kinds(morning)


def test_plan_the_renewal(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    seen: dict[str, Any] = {}

    def answer(dialog: Any) -> None:
        seen["title"] = dialog.field("title").text()
        seen["due"] = dialog.field("due").value()

    dialogs.then(answer)
    click(qtbot, card(morning, "renewal-unplanned"), "renewal")
    assert seen["title"] == "Renewal conversation"
    assert D <= seen["due"] <= D + dt.timedelta(days=20)
    assert "renewal-unplanned" not in kinds(morning)


def test_log_a_touch_for_an_account_out_of_touch(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("note").setText("Coffee with the team"))
    click(qtbot, card(morning, "out-of-touch"), "touch")
    with store.read() as s:
        notes = [t.note for t in s.query(Touch).filter_by(account_id="touch", date=D)]
    assert notes == ["Coffee with the team"]
    assert "out-of-touch" not in kinds(morning)


def test_trim_today_moves_ticked_steps_to_the_next_working_day(
    morning: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    dialogs.then(lambda d: d.check("b-2"))
    click(qtbot, card(morning, "over-capacity"), "trim")
    assert step_row(store, "b-2").due == D + dt.timedelta(days=1)
    assert "over-capacity" not in kinds(morning)


def test_trim_shows_the_suggested_moves_ticked_with_their_days_and_a_running_total(
    morning: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    seen: list[tuple[list[str], str, str]] = []
    suggestion = morning.suggestion_for(card(morning, "over-capacity").mark)
    assert suggestion is not None
    assert suggestion.action == "move"
    suggested = dict(suggestion.moves)

    def look(dialog: Any) -> None:
        ticked = dialog._ticked()
        seen.append((ticked, dialog.total.text(), dialog.table.item(0, dialog.TO).text()))
        for step in ticked:
            dialog.check(step, False)
        seen.append((dialog._ticked(), dialog.total.text(), ""))
        for step in ticked:
            dialog.check(step)

    dialogs.then(look)
    click(qtbot, card(morning, "over-capacity"), "trim")
    (ticked, total, _to), (unticked, total_unticked, _) = seen
    assert ticked == list(suggested)
    assert unticked == []
    assert "fits" in total
    assert "over" in total_unticked
    assert "Moving 0 min (0 steps)" in total_unticked
    assert dialogs.seen[0].startswith("Trim today: ")
    for step, day in suggested.items():
        assert step_row(store, step).due == day
    assert "over-capacity" not in kinds(morning)


def test_trim_today_can_raise_the_day_capacity_instead(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("capacity_minutes").setValue(480))
    click(qtbot, card(morning, "over-capacity"), "trim")
    assert morning.planner.morning().capacity_minutes == 480
    assert "over-capacity" not in kinds(morning)


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_written(
    morning: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    def answer(dialog: Any) -> None:
        dialog.field("title").setText("Call")
        dialog.field("time").setText("25:99")

    dialogs.then(answer)
    click(qtbot, card(morning, "no-next-step"), "schedule")
    dialog = dialogs.last
    assert dialog._errors["time"].isVisibleTo(dialog)
    assert "not a time" in dialog._errors["time"].text()
    with store.read() as s:
        assert s.query(Step).filter_by(account_id="nonext").count() == 0
    assert "no-next-step" in kinds(morning)


def test_cancelling_a_resolution_writes_nothing(morning: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: False)
    click(qtbot, card(morning, "overdue-step"), "done")
    assert step_row(store, "o-1").status == "open"
    assert len(morning.cards.cards) == 8


def test_resolving_everything_reaches_ready_and_confirms_the_plan(
    morning: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    dialogs.then(
        lambda d: None,  # reschedule the promise to the next working day
        lambda d: d.field("note").setText("chased"),
        lambda d: None,  # overdue step: done, no outcome
        lambda d: d.field("title").setText("First call"),
        lambda d: d.field("title").setText("Find the budget owner"),
        lambda d: None,
        lambda d: None,
        lambda d: d.check("b-2"),
    )
    click(qtbot, card(morning, "promise-overdue"), "reschedule")
    click(qtbot, card(morning, "waiting-overdue"), "chase")
    click(qtbot, card(morning, "overdue-step"), "done")
    click(qtbot, card(morning, "no-next-step"), "schedule")
    click(qtbot, card(morning, "goal-without-step"), "schedule")
    click(qtbot, card(morning, "renewal-unplanned"), "renewal")
    click(qtbot, card(morning, "out-of-touch"), "touch")
    click(qtbot, card(morning, "over-capacity"), "trim")
    assert morning.cards.cards == []
    assert morning.ready.isVisibleTo(morning)
    assert not morning.cards.isVisibleTo(morning)
    assert morning.count.text() == "Ready"
    qtbot.mouseClick(morning.confirm, Qt.MouseButton.LeftButton)
    assert morning.planner.morning().confirmed
    assert not morning.confirm.isEnabled()
    assert dialogs.answers == []


def test_a_big_morning_shows_cards_a_page_at_a_time(
    window: Any, load: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.pages.cards import MarkCardList

    monkeypatch.setattr(MarkCardList, "PAGE", 3)
    load(every_mark_territory())
    page = window().morning
    assert len(page.cards.cards) == 3
    assert page.cards.more.text() == "Show 3 more of 5 question marks"
    qtbot.mouseClick(page.cards.more, Qt.MouseButton.LeftButton)
    assert len(page.cards.cards) == 6
    page.planner.edit("step", "p-1", {"due": D})  # the first card's mark is resolved elsewhere
    assert len(page.cards.cards) == 6  # the next one moves up into view
    assert page.count.text() == "7 question marks"


@pytest.mark.parametrize(
    ("hour", "said"), [(0, "Planning"), (7, "Good morning"), (13, "Good afternoon"), (20, "Good evening")]
)
def test_the_greeting_follows_the_clock(hour: int, said: str) -> None:
    from ui.pages.morning import greeting

    assert greeting(hour) == said


def test_every_declared_resolution_has_a_flow_on_the_morning(window: Any, load: Any) -> None:
    load(every_mark_territory())
    flows = window().morning.resolutions()
    for spec in MARKS.values():
        for action, _label in spec.resolutions:
            assert action in flows, (spec.kind, action)


def test_a_cards_button_applies_its_own_suggestion_and_nothing_else(morning: Any, qtbot: Any, store: Any) -> None:
    """Enter (or a click) on "over capacity — move 1 step" moves that step; the overdue ones stay as they were."""
    over = card(morning, "over-capacity")
    suggestion = morning.suggestion_for(over.mark)
    assert suggestion is not None
    assert suggestion.action == "move"
    overdue = card(morning, "overdue-step").mark.step
    waiting = card(morning, "waiting-overdue").mark.step
    before = {step: step_row(store, step).due for step in (overdue, waiting)}
    with store.read() as s:
        touches = s.query(Touch).count()
    over.setFocus()
    qtbot.keyClick(over, Qt.Key.Key_Return)
    for step, day in suggestion.moves:
        assert step_row(store, step).due == day
    assert {step: step_row(store, step).due for step in (overdue, waiting)} == before
    with store.read() as s:
        assert s.query(Touch).count() == touches  # no chase logged
    assert {"overdue-step", "waiting-overdue"} <= kinds(morning)
    assert "over-capacity" not in kinds(morning)
    assert morning.planner.core.history.undo_text == "Accept the suggestion"


def test_every_suggestion_that_needs_the_rep_opens_one_of_the_mornings_flows(morning: Any) -> None:
    """A suggestion type names its form by a key of ``MorningPage.resolutions``: every key it can name exists."""
    from organizer.core.domain import QuestionMark
    from organizer.core.marks import MARKS
    from organizer.core.suggestion_types import SUGGESTION_TYPES

    flows = morning.resolutions()
    named = {
        declared.flow(QuestionMark(kind, "a", None, "s", "m"))
        for declared in SUGGESTION_TYPES.values()
        if declared.flow is not None
        for kind in MARKS
    }
    assert named - {None} <= set(flows)
    assert {"schedule", "renewal", "touch", "renegotiate"} <= named
