"""calendar-conflict (SPEC.md "Conflicts"): both sides changed, neither overwritten; the rep keeps one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from organizer.app.history import CalendarState
from organizer.app.planner import Planner
from organizer.app.transfer.merge import import_document
from organizer.core.errors import ValidationError
from tests.builders import D, account, doc, step

pytestmark = pytest.mark.both_engines

AGREED = {"href": "/cal/s1.ics", "etag": '"1"', "due": "2026-11-26", "time": "10:00", "minutes": 60}
THEIRS = {"due": "2026-11-27", "time": "14:00", "minutes": 45, "etag": '"2"'}


@pytest.fixture
def planner(store: Any) -> Planner:
    """s1 moved here to 11:00, and in the calendar to Friday 14:00, since the last sync."""
    import_document(store, doc(account("a", name="Acme", steps=[step("s1", 2, time="11:00", minutes=60)])))
    planner = Planner(store, today=D)
    planner.run("sync", [CalendarState("s1", {"calendar": AGREED, "calendar_conflict": THEIRS})])
    planner.history.clear()
    return planner


def test_a_conflict_is_a_question_mark_before_every_other_kind_and_names_both_versions(planner: Planner) -> None:
    planner.documents.import_document(doc(account("b", name="Brill", steps=[step("old", -3), step("next", 4)])))
    suggestions = {key: s.to_json() for key, s in planner.suggestions().items()}
    result = planner.morning().to_json(suggestions)
    first, second = result["question_marks"]
    assert first["kind"] == "calendar-conflict"
    assert second["kind"] == "overdue-step"
    assert (first["account"], first["goal"], first["step"]) == ("a", None, "s1")
    assert "11:00" in first["message"]
    assert "14:00" in first["message"]
    assert "in the calendar" in first["message"]
    assert first["suggest"] == {"action": "choose"}
    planner.days.accept_suggestions()  # the overdue step moves; the conflict waits for the rep
    assert [m.kind for m in planner.morning().question_marks] == ["calendar-conflict"]


def test_keeping_the_calendars_version_moves_the_step_and_agrees_with_the_calendar(planner: Planner) -> None:
    planner.steps.resolve_conflict("s1", "calendar")
    s1 = planner.step("s1")
    assert (s1.due, s1.time, s1.minutes) == (dt.date(2026, 11, 27), "14:00", 45)
    assert planner.morning().ready
    with planner.store.read() as session:
        from organizer.rules.queries import calendar_state

        agreed, theirs = calendar_state(session, "s1")
    assert theirs is None
    assert agreed == {**AGREED, "due": "2026-11-27", "time": "14:00", "minutes": 45, "etag": '"2"'}


def test_keeping_daymaps_version_leaves_the_step_and_sees_the_calendars_change(planner: Planner) -> None:
    before = planner.step("s1")
    planner.steps.resolve_conflict("s1", "daymap")
    after = planner.step("s1")
    assert (after.due, after.time, after.minutes) == (before.due, before.time, before.minutes)
    with planner.store.read() as session:
        from organizer.rules.queries import calendar_state

        agreed, theirs = calendar_state(session, "s1")
    assert theirs is None
    assert agreed == {**AGREED, **THEIRS}  # the calendar's version is seen: the next sync sends ours over it


def test_settling_a_conflict_is_one_undo(planner: Planner) -> None:
    planner.steps.resolve_conflict("s1", "calendar")
    planner.undo()
    s1 = planner.step("s1")
    assert (s1.due, s1.time) == (D + dt.timedelta(days=2), "11:00")
    assert [m.kind for m in planner.morning().question_marks] == ["calendar-conflict"]


def test_there_is_nothing_to_settle_without_a_conflict(planner: Planner) -> None:
    planner.steps.resolve_conflict("s1", "daymap")
    with pytest.raises(ValidationError, match="no calendar conflict"):
        planner.steps.resolve_conflict("s1", "calendar")
    with pytest.raises(ValidationError, match="daymap or calendar"):
        planner.steps.resolve_conflict("s1", "phone")
