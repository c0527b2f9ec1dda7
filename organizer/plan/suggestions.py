"""Suggestions: every resolution proposes a day that has room (SPEC.md, "Suggestions").

Set-based: one query reads the loads of every day from D on, one the days' own
capacities; the marks are then walked in the spec's order, each suggestion counting the
minutes the ones before it moved, so no suggestion puts a day over its capacity that
was within it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, select
from sqlalchemy.orm import Session, aliased

from organizer.core.days import first_working_day, working_days
from organizer.core.domain import MarkKey, MarkKind, Morning, QuestionMark, Settings
from organizer.plan.rules import as_date, live_step
from organizer.store.models import Account, Day, Goal, Step
from organizer.store.settings import read_settings

SCHEDULE_MINUTES = 30  # a step the rep has yet to name counts half an hour on its day
CHASE_AFTER_DAYS = 2
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


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What to do about one question mark. ``date`` for reschedule / chase / schedule; ``moves`` for move."""

    action: str  # reschedule, chase, touch, schedule, move
    date: dt.date | None = None
    moves: tuple[tuple[str, dt.date], ...] = ()

    @property
    def needs_words(self) -> bool:
        """Schedule (the rep names the step) and touch (the rep gets in touch) are not applied for them."""
        return self.action in ("schedule", "touch")

    def to_json(self) -> dict[str, Any]:
        if self.action == "move":
            return {"action": "move", "moves": [{"step": step, "date": day.isoformat()} for step, day in self.moves]}
        if self.date is None:
            return {"action": self.action}
        return {"action": self.action, "date": self.date.isoformat()}


def mark_key(mark: QuestionMark) -> MarkKey:
    return mark.key


class Calendar:
    """The load and capacity of each day from D on, and the minutes suggestions have moved so far."""

    def __init__(self, settings: Settings, loads: Mapping[dt.date, int], capacities: Mapping[dt.date, int]) -> None:
        self.setting = settings.capacity_minutes
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

    def first_with_room(self, minutes: int, start: dt.date) -> dt.date:
        """The first working day on or after ``start`` with room; always found (the future is empty enough)."""
        key = (start, minutes)
        found = next(day for day in working_days(self._found.get(key, start)) if self.fits(day, minutes))
        self._found[key] = found
        return found

    def move(self, minutes: int, to: dt.date, away_from: dt.date | None = None) -> None:
        self.load[to] += minutes
        if away_from is not None:
            self.load[away_from] -= minutes


def _loads(session: Session, day: dt.date) -> tuple[dict[dt.date, int], dict[dt.date, int]]:
    """Minutes of action steps per day from ``day`` on (one grouped query), and the days' own capacities."""
    goal = aliased(Goal)
    query = (
        select(Step.due, func.sum(Step.minutes))
        .join(Account, Account.id == Step.account_id)
        .outerjoin(goal, goal.id == Step.goal_id)
        .where(Account.archived == false(), Step.waiting == false(), Step.due >= day, live_step(Step, goal))
        .group_by(Step.due)
    )
    loads = {as_date(due): int(total or 0) for due, total in session.execute(query)}
    capacities = {
        as_date(date): int(capacity or 0)
        for date, capacity in session.execute(
            select(Day.date, Day.capacity_minutes).where(Day.date >= day, Day.capacity_minutes.is_not(None))
        )
    }
    return {k: v for k, v in loads.items() if k is not None}, {k: v for k, v in capacities.items() if k is not None}


def calendar_from(session: Session, day: dt.date) -> Calendar:
    """The loads and capacities from ``day`` on, as the suggestions see them."""
    return Calendar(read_settings(session), *_loads(session, day))


def _order(mark: QuestionMark) -> tuple[Any, ...]:
    if mark.step is not None:
        return (_RANK[mark.kind], 0, mark.due or dt.date.min, mark.step, "")
    return (_RANK[mark.kind], 1, dt.date.min, mark.account or "", mark.goal or "")


def suggest(session: Session, morning: Morning) -> dict[MarkKey, Suggestion]:
    """A suggestion for every question mark of ``morning``."""
    settings = read_settings(session)
    day = morning.date
    calendar = calendar_from(session, day)
    found: dict[MarkKey, Suggestion] = {}
    for mark in sorted(morning.question_marks, key=_order):
        found[mark_key(mark)] = _one(session, mark, morning, calendar, settings)
    return found


def _one(session: Session, mark: QuestionMark, morning: Morning, calendar: Calendar, settings: Settings) -> Suggestion:
    day = morning.date
    kind = mark.kind
    if kind in (MarkKind.PROMISE_OVERDUE, MarkKind.OVERDUE_STEP):
        minutes = mark.minutes or 0
        date = calendar.first_with_room(minutes, day)
        calendar.move(minutes, date)
        return Suggestion("reschedule", date)
    if kind is MarkKind.WAITING_OVERDUE:
        return Suggestion("chase", first_working_day(day + dt.timedelta(days=CHASE_AFTER_DAYS)))
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
    return Suggestion("move", moves=_trim(session, morning, calendar, settings))


def _before_renewal(calendar: Calendar, day: dt.date, renewal: dt.date) -> dt.date:
    """The first working day with room from D + 1 up to R; else the least loaded of them; none of them: D."""
    candidates = []
    current = day + dt.timedelta(days=1)
    while current <= renewal:
        if current.weekday() < 5:
            candidates.append(current)
        current += dt.timedelta(days=1)
    if not candidates:
        return day
    roomy = next((d for d in candidates if calendar.fits(d, SCHEDULE_MINUTES)), None)
    return roomy or min(candidates, key=lambda d: (calendar.load[d], d))


def _trim(
    session: Session, morning: Morning, calendar: Calendar, settings: Settings
) -> tuple[tuple[str, dt.date], ...]:
    """D's unpromised action steps with minutes, untimed before timed, longest first, until D's load fits."""
    day = morning.date
    candidates = sorted(
        (item for item in morning.today if not item.promised and item.minutes),
        key=lambda item: (item.time is not None, -(item.minutes or 0), item.step),
    )
    guarded = _renewal_guards(session, day, settings, {item.account for item in candidates})
    moves: list[tuple[str, dt.date]] = []
    for item in candidates:
        if calendar.load[day] <= calendar.capacity(day):
            break
        minutes = item.minutes or 0
        target = calendar.first_with_room(minutes, day + dt.timedelta(days=1))
        renewal = guarded.get(item.account)
        if renewal is not None and renewal[1] == 1 and target > renewal[0]:
            continue  # the account's only step before its renewal: moving it past R would raise a question mark
        calendar.move(minutes, target, away_from=day)
        moves.append((item.step, target))
    return tuple(moves)


def _renewal_guards(
    session: Session, day: dt.date, settings: Settings, accounts: set[str]
) -> dict[str, tuple[dt.date, int]]:
    """Accounts with a renewal R in the window: R and how many action steps are due between D and R."""
    if not accounts:
        return {}
    horizon = day + dt.timedelta(days=settings.renewal_window_days)
    goal = aliased(Goal)
    steps = (
        select(func.count(Step.id))
        .outerjoin(goal, goal.id == Step.goal_id)
        .where(
            Step.account_id == Account.id,
            Step.waiting == false(),
            and_(Step.due >= day, Step.due <= Account.renewal),
            live_step(Step, goal),
        )
        .correlate(Account)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Account.id, Account.renewal, steps).where(
            Account.id.in_(sorted(accounts)), Account.renewal.between(day, horizon)
        )
    )
    return {account: (renewal_day, int(count)) for account, renewal, count in rows if (renewal_day := as_date(renewal))}
