"""promise-overdue, overdue-step, waiting-overdue: an open step due before D (SPEC.md, "The question marks").

Their rows are the day's own (``DUE_STEPS``: every live step due on or before D), read once
for the day's list and these three kinds; each step due before D is exactly one of them.
"""

from __future__ import annotations

import datetime as dt

from organizer.core.dates import friendly, nth_working_day_after
from organizer.core.domain import DayItem, QuestionMark
from organizer.core.marks import STEP_RESOLUTIONS, MarkSpec
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds._rule import rule
from organizer.rules.room import Room

CHASE_AFTER_DAYS = 2
PROMISE_WORKING_DAYS = 2  # an overdue promise is moved by a click only this far; past it, the rep asks for a date


def _mark(kind: str, row: DayItem, message: str) -> QuestionMark:
    return QuestionMark(
        kind, row.account, row.goal, row.step, message, row.account_name, row.title, row.due, row.contact_name,
        row.minutes,
    )  # fmt: skip


def _promise(row: DayItem, day: dt.date) -> QuestionMark | None:
    if row.waiting or not row.promised:
        return None
    to = f" to {row.contact_name}" if row.contact_name else ""
    since = friendly(row.due or day, day)
    return _mark("promise-overdue", row, f"{row.account_name}: promise{to} overdue since {since} — “{row.title}”")


def _step(row: DayItem, day: dt.date) -> QuestionMark | None:
    if row.waiting or row.promised:
        return None
    return _mark(
        "overdue-step", row, f"{row.account_name}: “{row.title}” overdue since {friendly(row.due or day, day)}"
    )


def _waiting(row: DayItem, day: dt.date) -> QuestionMark | None:
    if not row.waiting:
        return None
    who, since = row.contact_name or "someone", friendly(row.due or day, day)
    return _mark("waiting-overdue", row, f"{row.account_name}: waiting on {who} since {since} — chase “{row.title}”")


def _reschedule(mark: QuestionMark, room: Room) -> Suggestion:
    """The first day with room for the step from D; a promise further than two working days out: ask for a date."""
    minutes = mark.minutes or 0
    date = room.loads.first_with_room(minutes, room.day)
    latest = nth_working_day_after(room.day, PROMISE_WORKING_DAYS, room.loads.off)
    if mark.kind == "promise-overdue" and date > latest:
        return Suggestion("renegotiate")  # a promise to a person is not pushed weeks out by a click
    room.loads.move(minutes, date)
    return Suggestion("reschedule", date)


def _chase(mark: QuestionMark, room: Room) -> Suggestion:
    return Suggestion("chase", room.loads.first_working_day(room.day + dt.timedelta(days=CHASE_AFTER_DAYS)))


PROMISE_OVERDUE = rule(
    MarkSpec("promise-overdue", "promise overdue", "promises overdue", "promise overdue", "promise",
             (("renegotiate", "New date…"), *STEP_RESOLUTIONS), about="promise"),
    overdue=_promise, suggest=_reschedule,
)  # fmt: skip
WAITING_OVERDUE = rule(
    MarkSpec("waiting-overdue", "waiting item to chase", "waiting items to chase", "chase", "waiting",
             (("chase", "Chase…"), ("done", "Received…"), ("drop", "Drop…")), about="waiting"),
    overdue=_waiting, suggest=_chase,
)  # fmt: skip
OVERDUE_STEP = rule(
    MarkSpec("overdue-step", "overdue step", "overdue steps", "overdue step", "overdue", STEP_RESOLUTIONS,
             about="step"),
    overdue=_step, suggest=_reschedule,
)  # fmt: skip
