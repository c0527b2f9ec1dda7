"""calendar-conflict: a step and its calendar event were both changed since the last sync.

Neither side is overwritten (SPEC.md "Conflicts"): the sync keeps the calendar's version on the
step (``step.calendar_conflict``) and the morning asks the rep to choose; the next sync writes
the kept side to the other. Listed, and suggested, before every other kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from organizer.core.dates import friendly
from organizer.core.domain import QuestionMark, Settings
from organizer.core.marks import MarkSpec
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds._rule import rule
from organizer.rules.room import Room
from organizer.rules.rows import ReadRows, as_date

KIND = "calendar-conflict"


def statement(scoped: bool) -> Any:
    """(step, account, name, goal, title, due, time, minutes, the calendar's version) of live steps in conflict."""
    from sqlalchemy import select

    from organizer.rules.sql import live_step, not_archived, within
    from organizer.store.models import Account, Goal, Step

    return (
        select(
            Step.id,
            Account.id,
            Account.name,
            Step.goal_id,
            Step.title,
            Step.due,
            Step.time,
            Step.minutes,
            Step.calendar_conflict,
        )
        .join(Account, Account.id == Step.account_id)
        .outerjoin(Goal, Goal.id == Step.goal_id)
        .where(not_archived(), live_step(), Step.calendar_conflict.is_not(None), within(Step.account_id, scoped))
    )


def describe(due: dt.date | None, time: str | None, minutes: int | None, day: dt.date) -> str:
    """ "Fri 27 Nov 15:30 (45 min)": one side's version, in the words of the card."""
    if due is None:
        return "undated"
    when = friendly(due, day) + (f" {time}" if time else " (no time)")
    return when + (f" ({minutes} min)" if minutes and time else "")


def calendar_side(version: Mapping[str, Any], day: dt.date) -> str:
    if version.get("deleted"):
        return "deleted in the calendar"
    return "in the calendar " + describe(as_date(version.get("due")), version.get("time"), version.get("minutes"), day)


def marks(read: ReadRows, day: dt.date, _settings: Settings, only: Collection[str] | None) -> list[QuestionMark]:
    found = []
    for step, account, name, goal, title, due, time, minutes, version in read(KIND, day, only):
        due_day = as_date(due)
        here = describe(due_day, time, minutes, day)
        message = f"{name}: “{title}” — here {here}; {calendar_side(version or {}, day)}. Keep which?"
        found.append(QuestionMark(KIND, account, goal, step, message, name, title, due_day, None, minutes))
    return found


def choose(_mark: QuestionMark, _room: Room) -> Suggestion:
    return Suggestion("choose")  # nothing moves: the rep keeps one side


RULE = rule(
    MarkSpec(KIND, "calendar conflict", "calendar conflicts", "calendar conflict", "calendar-conflict",
             (("keep-daymap", "Keep Daymap’s"), ("keep-calendar", "Keep the calendar’s")), about="calendar"),
    statement=statement, marks=marks, suggest=choose,
)  # fmt: skip
