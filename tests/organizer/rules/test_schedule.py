"""Which of the day's timed steps overlap."""

from __future__ import annotations

import datetime as dt

from organizer.app.transfer.demo import generate
from organizer.core.domain import DayItem
from organizer.rules.schedule import end_to_end, overlaps


def item(step: str, time: str | None, minutes: int | None = None) -> DayItem:
    return DayItem(step, "a", "Acme", None, f"Step {step}", None, time, minutes, False, False, None, None)


def test_steps_that_run_into_each_other_are_both_flagged_with_the_other() -> None:
    found = overlaps([item("a", "09:00", 60), item("b", "09:30", 30), item("c", "11:00", 15)])
    assert set(found) == {"a", "b"}
    assert (found["a"].other_title, found["a"].other_start, found["a"].other_end) == ("Step b", "09:30", "10:00")
    assert found["b"].other_title == "Step a"


def test_back_to_back_steps_and_untimed_ones_do_not_clash() -> None:
    assert overlaps([item("a", "09:00", 30), item("b", "09:30", 30), item("c", None, 60), item("d", None)]) == {}


def test_a_moment_clashes_with_what_runs_then_and_with_another_moment_at_the_same_time() -> None:
    assert set(overlaps([item("a", "10:00"), item("b", "09:45", 30)])) == {"a", "b"}
    assert set(overlaps([item("a", "10:00"), item("b", "10:00")])) == {"a", "b"}
    assert overlaps([item("a", "10:00"), item("b", "09:00", 60)]) == {}


def test_a_long_step_clashes_with_every_step_inside_it() -> None:
    found = overlaps([item("long", "09:00", 240), item("x", "10:00", 15), item("y", "12:00", 15), item("z", "13:00")])
    assert set(found) == {"long", "x", "y"}


def test_a_step_past_midnight_says_so() -> None:
    found = overlaps([item("late", "23:30", 60), item("later", "23:45", 10)])
    assert found["later"].other_end == "00:30 (next day)"


def test_clashing_steps_are_laid_end_to_end_and_late_ones_lose_their_time() -> None:
    placed = end_to_end([("a", "09:00", 60), ("b", "09:30", 30), ("c", "12:00", 15), ("d", "09:40", 20)])
    assert placed == {"a": "09:00", "b": "10:00", "d": "10:30", "c": "12:00"}
    assert end_to_end([("a", "17:30", 45), ("b", "17:45", 30)]) == {"a": "17:30", "b": None}
    assert end_to_end([("a", "10:00", 0), ("b", "10:00", 0)]) == {"a": "10:00", "b": "10:15"}


def test_the_sample_territory_books_no_two_steps_at_once() -> None:
    document = generate(40, seed=3, day=dt.date(2026, 11, 27))
    days: dict[str, list[DayItem]] = {}
    for account in document["accounts"]:
        for step in [*account["steps"], *(s for goal in account["goals"] for s in goal["steps"])]:
            if step.get("status", "open") == "open":
                days.setdefault(step["due"], []).append(item(step["id"], step.get("time"), step.get("minutes")))
    assert sum(1 for steps in days.values() for s in steps if s.time) > 40
    assert all(overlaps(steps) == {} for steps in days.values())
