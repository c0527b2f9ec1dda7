"""A month of mornings played through the application layer, following the suggestions.

The product's promise across days: resolving today never quietly breaks tomorrow.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from typing import Any

import pytest

from organizer.app.planner import Planner
from organizer.app.transfer.demo import load_demo
from organizer.app.transfer.merge import import_document
from organizer.core.dates import is_working_day, nth_working_day_after
from organizer.rules.suggestions import mark_key

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL

START = dt.date(2026, 11, 23)  # a Monday


def working_mornings(count: int, off: frozenset[dt.date] = frozenset()) -> list[dt.date]:
    days, day = [], START
    while len(days) < count:
        if day.weekday() < 5 and day not in off:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def loads(planner: Planner, days: list[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """(planned minutes, capacity) of each day, as the morning of that day would count them."""
    return {day: (planner.morning(day).planned_minutes, planner.morning(day).capacity_minutes) for day in days}


def resolve_the_morning(planner: Planner, day: dt.date) -> int:
    """What a rep does at 8 a.m.: accept the suggestions, then name the steps and log the touches they ask for."""
    opening = len(planner.morning(day).question_marks)
    ahead = [day + dt.timedelta(days=n) for n in range(1, 30)]
    before = loads(planner, ahead)
    promises = {m.step: m.due for m in planner.morning(day).question_marks if m.kind == "promise-overdue"}
    off = planner.days_off()
    for suggestion in planner.suggestions(day).values():
        assert suggestion.date is None or is_working_day(suggestion.date, off) or suggestion.date == day, suggestion
        assert all(is_working_day(when, off) for _step, when in suggestion.moves), suggestion
    planner.days.accept_suggestions(day)
    second = nth_working_day_after(day, 2, off)
    for step, due in promises.items():  # a promise is never pushed past the second working day by a click
        stored = planner.step(step or "")
        assert stored.due is None or stored.due == due or stored.due <= second, (day, step, stored.due)
    renewal_days = set()  # a renewal with no room before it is planned on its least loaded day all the same
    for _pass in range(3):  # each action can change what the next card suggests: the rep goes down the cards
        for mark in planner.morning(day).question_marks:
            suggestion = planner.suggestions(day).get(mark_key(mark))  # as the cards show them: after each action
            if suggestion is not None:
                if mark.kind == "renewal-unplanned":
                    renewal_days.add(suggestion.date)
                act_on(planner, day, mark, suggestion)
        if planner.morning(day).ready:
            break
    after = loads(planner, ahead)
    for when, (planned, capacity) in after.items():
        was, _ = before[when]
        # A suggestion never pushes a day over its capacity that was within it (a renewal with no room aside).
        assert planned <= capacity or was > capacity or when in renewal_days, (day, when, was, planned, capacity)
    return opening


VACATION = frozenset(START + dt.timedelta(days=n) for n in range(14, 19))  # the third week, Monday to Friday


def act_on(planner: Planner, day: dt.date, mark: Any, suggestion: Any) -> None:
    """One card's suggestion, as the rep takes it."""
    if suggestion.action == "renegotiate" and mark.step:  # the rep asks them; they agree to a day with room
        planner.steps.renegotiate(mark.step, planner.days.first_day_with_room(mark.minutes or 0, day), day)
    elif suggestion.action == "touch" and mark.account:
        planner.accounts.log_touch(mark.account, day, "call", note="Checked in")
    elif suggestion.action == "schedule" and mark.account:
        values: dict[str, Any] = {"title": "Follow up", "due": suggestion.date, "minutes": 30}
        if mark.kind == "goal-without-step":
            values["goal"] = mark.goal
        planner.steps.add(mark.account, values)
    elif not suggestion.needs_words:
        planner.days.accept_suggestions(day, only=[mark.step] if mark.step else None)


@pytest.mark.parametrize("vacation", [False, True], ids=["", "with-a-vacation"])
def test_twenty_working_mornings_each_reach_ready_and_the_marks_do_not_grow(store: Any, vacation: bool) -> None:
    if vacation and store.engine.dialect.name == "postgresql":
        pytest.skip("days off are the same Python on both engines: PostgreSQL plays the plain month, SQLite both")
    rng = random.Random(11)
    off = VACATION if vacation else frozenset()
    mornings = working_mornings(20, off)
    if vacation:  # booked before the sample was planned (and Thanksgiving, Thu 26 Nov, is a US holiday)
        settings = {"days_off": sorted(day.isoformat() for day in off), "holidays_country": "US"}
        import_document(store, {"format": "daymap/1", "settings": settings})
        mornings = [day for day in mornings if is_working_day(day, Planner(store).days_off())]
    load_demo(store, 40, seed=3, day=mornings[0])
    opened: list[int] = []
    for day in mornings:
        planner = Planner(store, today=day)
        opened.append(resolve_the_morning(planner, day))
        morning = planner.morning(day)
        assert morning.ready, (day, [m.message for m in morning.question_marks])
        planner.days.confirm(day)
        for item in planner.morning(day).today:  # the day's work: about 70% done, the rest left to go overdue
            if rng.random() < 0.7:
                # The last next step of an account: the app asks for the next one right then (SPEC).
                follow_up = None
                if planner.leaves_no_next_step(item.step, day):
                    due = planner.days.first_day_with_room(30, day + dt.timedelta(days=1))
                    follow_up = {"account": item.account, "title": "Next step", "due": due, "minutes": 30}
                planner.steps.complete(item.step, "done", day, follow_up)
        for item in planner.morning(day).waiting:  # what others owe: most of it arrives on the day
            if rng.random() < 0.7:
                planner.steps.complete(item.step, "received", day)
    # The sample opens on a handful (its past is history, not a backlog); the question marks do not grow over
    # the month: the last two weeks open with no more than the first two (the day's unfinished 30% go overdue).
    assert opened[0] <= 8, opened
    assert max(opened) <= 20, opened
    assert statistics.mean(opened[10:]) <= 1.5 * statistics.mean(opened[1:10]) + 1, opened
