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
from organizer.core.domain import MarkKind
from organizer.formats.demo import load_demo
from organizer.plan.suggestions import mark_key

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL

START = dt.date(2026, 11, 23)  # a Monday


def working_mornings(count: int) -> list[dt.date]:
    days, day = [], START
    while len(days) < count:
        if day.weekday() < 5:
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
    planner.accept_suggestions(day)
    suggestions = planner.suggestions(day)
    for mark in planner.morning(day).question_marks:
        suggestion = suggestions[mark_key(mark)]
        if suggestion.action == "touch" and mark.account:
            planner.log_touch(mark.account, day, "call", note="Checked in")
        elif suggestion.action == "schedule" and mark.account:
            values: dict[str, Any] = {"title": "Follow up", "due": suggestion.date, "minutes": 30}
            if mark.kind is MarkKind.GOAL_WITHOUT_STEP:
                values["goal"] = mark.goal
            planner.add_step(mark.account, values)
    after = loads(planner, ahead)
    for when, (planned, capacity) in after.items():
        was, _ = before[when]
        # A suggestion never pushes a day over its capacity that was within it (a renewal with no room aside).
        renewal_forced = any(m.kind is MarkKind.RENEWAL_UNPLANNED for m in planner.morning(day).question_marks)
        assert planned <= capacity or was > capacity or renewal_forced, (day, when, was, planned, capacity)
    return opening


def test_twenty_working_mornings_each_reach_ready_and_the_marks_do_not_grow(store: Any) -> None:
    rng = random.Random(11)
    mornings = working_mornings(20)
    load_demo(store, 40, seed=3, day=mornings[0])
    opened: list[int] = []
    for day in mornings:
        planner = Planner(store, today=day)
        opened.append(resolve_the_morning(planner, day))
        morning = planner.morning(day)
        assert morning.ready, (day, [m.message for m in morning.question_marks])
        planner.confirm(day)
        for item in planner.morning(day).today:  # the day's work: about 70% done, the rest left to go overdue
            if rng.random() < 0.7:
                # The last next step of an account: the app asks for the next one right then (SPEC).
                follow_up = None
                if planner.leaves_no_next_step(item.step, day):
                    due = planner.first_day_with_room(30, day + dt.timedelta(days=1))
                    follow_up = {"account": item.account, "title": "Next step", "due": due, "minutes": 30}
                planner.complete_step(item.step, "done", day, follow_up)
        for item in planner.morning(day).waiting:  # what others owe: most of it arrives on the day
            if rng.random() < 0.7:
                planner.complete_step(item.step, "received", day)
    # The question marks do not grow over the month: the first morning's backlog is the most there ever is,
    # and the last two weeks open with no more than the first two (the day's unfinished 30% go overdue).
    assert max(opened[1:]) <= opened[0], opened
    assert statistics.mean(opened[10:]) <= 1.5 * statistics.mean(opened[1:10]) + 1, opened
