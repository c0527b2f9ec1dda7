"""Suggestions: every resolution proposes a day that has room (SPEC.md, "Suggestions").

Set-based: one statement reads the loads of every day from D on, one the days' own
capacities; the marks are then walked in the spec's order, each suggestion counting the
minutes the ones before it moved, so no suggestion puts a day over its capacity that
was within it. Working days skip the rep's days off (their dates, a country's holidays).

The rows come through a :class:`ReadRows` (``rules.session_rows`` or the first read's plain
``sqlite3``), so every path that draws a morning carries its suggestions. This module
imports no SQLAlchemy (an import-linter contract keeps it so).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from organizer.core.days import first_working_day, is_working_day, nth_working_day_after, working_days
from organizer.core.domain import MarkKey, MarkKind, Morning, QuestionMark, Settings
from organizer.plan.morning_rows import (
    DAY_CAPACITIES,
    DAY_LOADS,
    DAY_LOADS_UNTIL,
    RENEWAL_STEPS,
    ReadRows,
    as_date,
    read_settings,
)

SCHEDULE_MINUTES = 30  # a step the rep has yet to name counts half an hour on its day
CHASE_AFTER_DAYS = 2
PROMISE_WORKING_DAYS = 2  # an overdue promise is moved by a click only this far; past it, the rep asks for a date
# The order suggestions are made in (each counts the minutes the ones before it moved).
SUGGESTION_ORDER = (
    MarkKind.PROMISE_OVERDUE,
    MarkKind.OVERDUE_STEP,
    MarkKind.WAITING_OVERDUE,
    MarkKind.NO_NEXT_STEP,
    MarkKind.GOAL_WITHOUT_STEP,
    MarkKind.OUT_OF_TOUCH,
    MarkKind.RENEWAL_UNPLANNED,
    MarkKind.OVER_CAPACITY,
)
_RANK = {kind: index for index, kind in enumerate(SUGGESTION_ORDER)}
WORDLESS = ("reschedule", "chase", "move")  # what "Accept suggestions" applies; the rest need the rep


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What to do about one question mark. ``date`` for reschedule / chase / schedule; ``moves`` for move."""

    action: str  # reschedule, renegotiate, chase, touch, schedule, move
    date: dt.date | None = None
    moves: tuple[tuple[str, dt.date], ...] = ()

    @property
    def needs_words(self) -> bool:
        """Schedule (the rep names the step), touch and renegotiate (the rep talks to someone) are not applied."""
        return self.action not in WORDLESS

    def to_json(self) -> dict[str, Any]:
        if self.action == "move":
            return {"action": "move", "moves": [{"step": step, "date": day.isoformat()} for step, day in self.moves]}
        if self.date is None:
            return {"action": self.action}
        return {"action": self.action, "date": self.date.isoformat()}

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Suggestion:
        """The inverse of :meth:`to_json` (a kept morning carries its suggestions)."""
        moves = tuple((str(m["step"]), dt.date.fromisoformat(m["date"])) for m in document.get("moves", ()))
        date = document.get("date")
        return cls(str(document["action"]), dt.date.fromisoformat(date) if date else None, moves)


def mark_key(mark: QuestionMark) -> MarkKey:
    return mark.key


class Calendar:
    """The load and capacity of each day from D on, and the minutes suggestions have moved so far."""

    def __init__(self, settings: Settings, loads: Mapping[dt.date, int], capacities: Mapping[dt.date, int]) -> None:
        self.setting = settings.capacity_minutes
        self.off = settings.off
        self.load: defaultdict[dt.date, int] = defaultdict(int, loads)
        self.capacities = dict(capacities)
        # (start, minutes) → the last answer: loads only grow as suggestions are made (trimming lowers D's,
        # and its searches start after D), so the next search for the same need starts where the last ended.
        self._found: dict[tuple[dt.date, int], dt.date] = {}

    def capacity(self, day: dt.date) -> int:
        return self.capacities.get(day, self.setting)

    def fits(self, day: dt.date, minutes: int) -> bool:
        if minutes > self.setting:  # longer than a usual day: a working day with nothing planned
            return self.load[day] == 0
        return self.load[day] + minutes <= self.capacity(day)

    def is_working(self, day: dt.date) -> bool:
        return is_working_day(day, self.off)

    def working_days(self, start: dt.date) -> Any:
        return working_days(start, self.off)

    def first_working_day(self, start: dt.date) -> dt.date:
        return first_working_day(start, self.off)

    def first_with_room(self, minutes: int, start: dt.date) -> dt.date:
        """The first working day on or after ``start`` with room; always found (the future is empty enough)."""
        key = (start, minutes)
        found = next(day for day in working_days(self._found.get(key, start), self.off) if self.fits(day, minutes))
        self._found[key] = found
        return found

    def move(self, minutes: int, to: dt.date, away_from: dt.date | None = None) -> None:
        self.load[to] += minutes
        if away_from is not None:
            self.load[away_from] -= minutes


def calendar_from(
    read: ReadRows, day: dt.date, settings: Settings | None = None, until: dt.date | None = None
) -> Calendar:
    """The loads and capacities from ``day`` on (up to ``until`` only, where given), as the suggestions see them."""
    rows = read(DAY_LOADS, day) if until is None else read(DAY_LOADS_UNTIL, day, until=until)
    loads = {due: int(total or 0) for row_due, total in rows if (due := as_date(row_due))}
    capacities = {when: int(cap or 0) for row_date, cap in read(DAY_CAPACITIES, day) if (when := as_date(row_date))}
    return Calendar(settings or read_settings(read, day), loads, capacities)


def _order(mark: QuestionMark) -> tuple[Any, ...]:
    if mark.step is not None:
        return (_RANK.get(mark.kind, -1), 0, mark.due or dt.date.min, mark.step, "")
    return (_RANK.get(mark.kind, -1), 1, dt.date.min, mark.account or "", mark.goal or "")


def suggest(read: ReadRows, morning: Morning) -> dict[MarkKey, Suggestion]:
    """A suggestion for every question mark of ``morning``."""
    settings = read_settings(read, morning.date)
    calendar = calendar_from(read, morning.date, settings)
    renewals = _renewal_steps(read, morning.date, settings)
    found: dict[MarkKey, Suggestion] = {}
    for mark in sorted(morning.question_marks, key=_order):
        found[mark_key(mark)] = _one(mark, morning, calendar, renewals)
    return found


def _one(
    mark: QuestionMark, morning: Morning, calendar: Calendar, renewals: Mapping[str, tuple[dt.date, int]]
) -> Suggestion:
    day = morning.date
    kind = mark.kind
    if kind in (MarkKind.PROMISE_OVERDUE, MarkKind.OVERDUE_STEP):
        minutes = mark.minutes or 0
        date = calendar.first_with_room(minutes, day)
        if kind is MarkKind.PROMISE_OVERDUE and date > nth_working_day_after(day, PROMISE_WORKING_DAYS, calendar.off):
            return Suggestion("renegotiate")  # a promise to a person is not pushed weeks out by a click
        calendar.move(minutes, date)
        return Suggestion("reschedule", date)
    if kind is MarkKind.WAITING_OVERDUE:
        return Suggestion("chase", calendar.first_working_day(day + dt.timedelta(days=CHASE_AFTER_DAYS)))
    if kind is MarkKind.OUT_OF_TOUCH:
        return Suggestion("touch")
    if kind in (MarkKind.NO_NEXT_STEP, MarkKind.GOAL_WITHOUT_STEP):
        date = calendar.first_with_room(SCHEDULE_MINUTES, day + dt.timedelta(days=1))
        calendar.move(SCHEDULE_MINUTES, date)
        return Suggestion("schedule", date)
    if kind is MarkKind.RENEWAL_UNPLANNED:
        date = _before_renewal(calendar, day, mark.due or day)
        calendar.move(SCHEDULE_MINUTES, date)
        return Suggestion("schedule", date)
    return Suggestion("move", moves=_trim(morning, calendar, renewals))


def _before_renewal(calendar: Calendar, day: dt.date, renewal: dt.date) -> dt.date:
    """The first working day with room from D + 1 up to R; else the least loaded of them; none of them: D."""
    candidates = []
    current = day + dt.timedelta(days=1)
    while current <= renewal:
        if calendar.is_working(current):
            candidates.append(current)
        current += dt.timedelta(days=1)
    if not candidates:
        return day
    roomy = next((d for d in candidates if calendar.fits(d, SCHEDULE_MINUTES)), None)
    return roomy or min(candidates, key=lambda d: (calendar.load[d], d))


def _trim(
    morning: Morning, calendar: Calendar, renewals: Mapping[str, tuple[dt.date, int]]
) -> tuple[tuple[str, dt.date], ...]:
    """D's unpromised action steps with minutes, untimed before timed, longest first, until D's load fits."""
    day = morning.date
    candidates = sorted(
        (item for item in morning.today if not item.promised and item.minutes),
        key=lambda item: (item.time is not None, -(item.minutes or 0), item.step),
    )
    moves: list[tuple[str, dt.date]] = []
    for item in candidates:
        if calendar.load[day] <= calendar.capacity(day):
            break
        minutes = item.minutes or 0
        target = calendar.first_with_room(minutes, day + dt.timedelta(days=1))
        renewal = renewals.get(item.account)
        if renewal is not None and renewal[1] == 1 and target > renewal[0]:
            continue  # the account's only step before its renewal: moving it past R would raise a question mark
        calendar.move(minutes, target, away_from=day)
        moves.append((item.step, target))
    return tuple(moves)


def _renewal_steps(read: ReadRows, day: dt.date, settings: Settings) -> dict[str, tuple[dt.date, int]]:
    """Accounts with a renewal R in the window: R and how many action steps are due between D and R."""
    horizon = day + dt.timedelta(days=settings.renewal_window_days)
    return {
        str(account): (renewal_day, int(count))
        for account, renewal, count in read(RENEWAL_STEPS, day, horizon=horizon)
        if (renewal_day := as_date(renewal)) is not None
    }
