"""The application layer: every action one transaction, one Change, one undo entry; suggestions' edge cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from organizer.app.planner import Planner
from organizer.app.transfer.merge import import_document
from organizer.core.errors import ConflictError, ValidationError
from organizer.core.suggestion_types import Suggestion
from organizer.rules.queries import load_account
from organizer.rules.suggestions import mark_key
from tests.builders import D, account, doc, step, write

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL


def steps(store: Any, account_id: str = "acme") -> dict[str, Any]:
    with store.read() as session:
        return {s.id: s for s in load_account(session, account_id).steps}


def suggested(planner: Planner) -> dict[tuple[str, str | None], Suggestion]:
    by_key = planner.suggestions()
    return {(m.kind, m.step or m.account): by_key[mark_key(m)] for m in planner.morning().question_marks}


def test_accepting_suggestions_is_one_undo_and_listeners_hear_one_change(store: Any) -> None:
    import_document(store, doc(account("acme", steps=[step("a", -3, minutes=30), step("b", -2, minutes=30)])))
    planner = Planner(store, today=D)
    opened = len(planner.morning().question_marks)
    heard: list[Any] = []
    planner.subscribe(heard.append)
    applied = planner.days.accept_suggestions()
    assert [s.action for s in applied] == ["reschedule", "reschedule"]
    assert len(heard) == 1
    assert heard[0].accounts == {"acme"}
    assert planner.morning().ready  # rescheduled to today: the account has its next step again
    assert planner.history.undo_text == "Accept suggestions"
    planner.undo()
    assert {s.due for s in steps(store).values()} == {D - dt.timedelta(days=3), D - dt.timedelta(days=2)}
    assert len(planner.morning().question_marks) == opened  # the cached morning followed the undo
    planner.redo()
    assert planner.morning().ready


def test_undo_of_completing_a_repeating_step_removes_its_next_occurrence(store: Any) -> None:
    import_document(store, doc(account("acme", steps=[step("r", 0, repeat="FREQ=WEEKLY")])))
    planner = Planner(store, today=D)
    change = planner.steps.complete("r", "sent")
    assert change.spawned is not None
    assert steps(store)[change.spawned].due == D + dt.timedelta(days=7)
    planner.undo()
    assert set(steps(store)) == {"r"}
    assert steps(store)["r"].is_open


def test_an_undo_never_overwrites_what_another_program_changed_since(store: Any) -> None:
    import_document(store, doc(account("acme", steps=[step("s", 2)])))
    planner = Planner(store, today=D)
    planner.steps.reschedule("s", D + dt.timedelta(days=5))
    from organizer.app import operations

    write(store, operations.update, "step", "s", {"title": "Changed elsewhere"})
    with pytest.raises(ConflictError):
        planner.undo()
    assert steps(store)["s"].title == "Changed elsewhere"


def test_confirm_needs_a_ready_morning(store: Any) -> None:
    import_document(store, doc(account("acme", stage="client")))
    planner = Planner(store, today=D)
    with pytest.raises(ValidationError, match="question mark"):
        planner.days.confirm()


# --- suggestions: the spec's corners --------------------------------------------------------------------


def test_a_step_longer_than_a_day_goes_to_the_first_working_day_with_nothing_planned(store: Any) -> None:
    import_document(
        store,
        doc(account("acme", steps=[step("long", -1, minutes=500), step("x", 1, minutes=10), step("y", 2)]),
            settings={"capacity_minutes": 360}),
    )  # fmt: skip
    found = suggested(Planner(store, today=D + dt.timedelta(days=1)))  # Wed: x's 10 minutes are planned
    assert found[("overdue-step", "long")] == Suggestion("reschedule", D + dt.timedelta(days=2))  # Thu: y has none


def test_a_renewal_is_planned_before_it_on_the_least_loaded_day_when_none_has_room(store: Any) -> None:
    renewal = D + dt.timedelta(days=3)  # Friday
    full = [step(f"f{n}", n, minutes=360) for n in (1, 2, 3)]
    lighter = step("l", 2, minutes=350)
    import_document(
        store,
        doc(
            account("acme", renewal=renewal.isoformat(), steps=[step("n", 9)]),
            account("other", steps=[*full, lighter]),
        ),
    )
    found = suggested(Planner(store, today=D))
    assert found[("renewal-unplanned", "acme")] == Suggestion("schedule", D + dt.timedelta(days=1))
    # Wed and Fri carry 360, Thu 710: the least loaded and earliest is Wed


def test_a_renewal_with_no_working_day_before_it_is_suggested_for_today(store: Any) -> None:
    saturday = D + dt.timedelta(days=4)
    import_document(store, doc(account("acme", renewal=(D + dt.timedelta(days=5)).isoformat(), steps=[step("n", 9)])))
    found = suggested(Planner(store, today=saturday))
    assert found[("renewal-unplanned", "acme")] == Suggestion("schedule", saturday)


def test_over_capacity_never_moves_a_promise_nor_the_only_step_before_a_renewal(store: Any) -> None:
    renewal = D.isoformat()  # any move of beta's only step goes past its renewal
    import_document(
        store,
        doc(
            account("acme", steps=[step("p", 0, minutes=300, promised=True), step("big", 0, minutes=100)]),
            account("beta", renewal=renewal, steps=[step("only", 0, minutes=200)]),
        ),
    )
    found = suggested(Planner(store, today=D))
    move = found[("over-capacity", None)]
    assert move.action == "move"
    assert [step_id for step_id, _day in move.moves] == ["big"]  # 'only' would leave beta's renewal unplanned


def test_every_kind_of_question_mark_gets_a_suggestion(store: Any) -> None:
    from organizer.app.history import CalendarState
    from organizer.core.marks import MARKS

    agreed = {"href": "/cal/c.ics", "etag": '"1"', "due": D.isoformat(), "time": "10:00", "minutes": 30}
    theirs = {"due": D.isoformat(), "time": "14:00", "minutes": 30, "etag": '"2"'}
    import_document(
        store,
        doc(
            account("acme", stage="client", cadence_days=10, steps=[step("o", -1), step("w", -1, waiting=True)],
                    goals=[{"id": "g", "title": "G"}], renewal=(D + dt.timedelta(days=20)).isoformat()),
            account("brill", steps=[step("p", -2, promised=True), step("big", 0, minutes=600),
                                    step("c", 0, time="10:00", minutes=30)]),
        ),
    )  # fmt: skip
    planner = Planner(store, today=D)
    planner.run("sync", [CalendarState("c", {"calendar": agreed, "calendar_conflict": theirs})])
    marks = planner.morning().question_marks
    assert {m.kind for m in marks} == set(MARKS)  # every kind the core declares, each at least once
    assert set(planner.suggestions()) == {mark_key(m) for m in marks}


def test_the_done_flow_reads_what_it_shows_in_one_transaction(store: Any) -> None:
    """The step, its account, whether a next step is owed and its day, from one read (it took four)."""
    import_document(store, doc(account("acme", name="Acme", steps=[step("only", 0, title="Send the deck")])))
    planner = Planner(store, today=D)
    reads: list[int] = []
    opened = store.read

    def counted() -> Any:
        reads.append(1)
        return opened()

    store.read = counted
    completing = planner.steps.completing("only")
    store.read = opened
    assert reads == [1]
    shown = (completing.account.name, completing.step.title, completing.owes_next_step)
    assert shown == ("Acme", "Send the deck", True)
    assert completing.next_step_date == planner.days.next_step_date()
