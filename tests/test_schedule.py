"""Which of the day's timed steps overlap."""

from __future__ import annotations

from organizer.core.domain import DayItem
from organizer.plan.schedule import overlaps


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
