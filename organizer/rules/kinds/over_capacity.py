"""over-capacity: the day's action steps (and, with a calendar, its busy time) exceed its capacity.

A mark of the whole day (no account). Its suggestion moves D's unpromised steps that have
minutes, the untimed before the timed, the longest first, each to the first day with room,
until D fits; never a promise, nor the account's only step before its renewal moved past it.
"""

from __future__ import annotations

import datetime as dt

from organizer.core.domain import QuestionMark
from organizer.core.marks import MarkSpec
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds._rule import rule
from organizer.rules.room import Room

KIND = "over-capacity"


def day_mark(planned: int, capacity: int, busy: int = 0) -> QuestionMark | None:
    """Over when the steps' minutes and the calendar's busy time exceed the day's capacity."""
    if planned + busy <= capacity:
        return None
    meetings = f" and {busy} busy in the calendar" if busy else ""
    message = f"Today is over capacity: {planned} minutes planned{meetings}, {capacity} available"
    return QuestionMark(KIND, None, None, None, message)


def trim(_mark: QuestionMark, room: Room) -> Suggestion:
    day, loads = room.day, room.loads
    candidates = sorted(
        (item for item in room.morning.today if not item.promised and item.minutes),
        key=lambda item: (item.time is not None, -(item.minutes or 0), item.step),
    )
    moves: list[tuple[str, dt.date]] = []
    for item in candidates:
        if loads.load[day] <= loads.capacity(day):
            break
        minutes = item.minutes or 0
        target = loads.first_with_room(minutes, day + dt.timedelta(days=1))
        renewal = room.renewals.get(item.account)
        if renewal is not None and renewal[1] == 1 and target > renewal[0]:
            continue  # the account's only step before its renewal: moving it past R would raise a question mark
        loads.move(minutes, target, away_from=day)
        moves.append((item.step, target))
    return Suggestion("move", moves=tuple(moves))


# Shown first: trimming the day changes which days the other cards can go to.
RULE = rule(
    MarkSpec(KIND, "day over capacity", "days over capacity", "over capacity", "capacity",
             (("trim", "Trim today…"),), about="day"),
    day=day_mark, suggest=trim,
)  # fmt: skip
