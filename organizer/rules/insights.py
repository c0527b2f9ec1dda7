"""The figures behind the charts and the weekly report (SPEC.md, "Insights")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, false, func, select, true
from sqlalchemy.orm import Session

from organizer.core.figures import Insights, WeekTouches, iso_week
from organizer.rules.evaluate import as_date
from organizer.store.models import Account, Day, Step, Touch

WEEKS = 12
PROMISE_DAYS = 90


def promises(session: Session, day: dt.date) -> tuple[int, int]:
    """Promises due in [D−90, D−1] (any status or goal) and how many were done on time."""
    return promises_of(session, day)


def promises_of(session: Session, day: dt.date, owner: str | None = None) -> tuple[int, int]:
    """The same, for one rep's accounts (team mode) when ``owner`` is given."""
    kept = case((Step.status == "done", case((Step.done <= Step.due, 1), else_=0)), else_=0)
    query = select(func.count(), func.coalesce(func.sum(kept), 0)).where(
        Step.promised == true(),
        Step.waiting == false(),
        Step.due.between(day - dt.timedelta(days=PROMISE_DAYS), day - dt.timedelta(days=1)),
    )
    if owner is not None:
        query = query.join(Account, Account.id == Step.account_id).where(Account.owner == owner)
    row = session.execute(query).one()
    return int(row[0]), int(row[1])


def touches_per_week(session: Session, day: dt.date) -> tuple[WeekTouches, ...]:
    """Touches in each of the 12 ISO weeks up to D, clients apart from new business."""
    monday = day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=WEEKS - 1)
    weeks = [iso_week(monday + dt.timedelta(weeks=n)) for n in range(WEEKS)]
    counts = {week: [0, 0] for week in weeks}
    rows = session.execute(
        select(Touch.date, Account.stage == "client", func.count())
        .join(Account, Account.id == Touch.account_id)
        .where(Touch.date.between(monday, day))
        .group_by(Touch.date, Account.stage == "client")
    )
    for touch_day, is_client, count in rows:
        week = iso_week(as_date(touch_day) or day)
        counts[week][0 if is_client else 1] += int(count)
    return tuple(WeekTouches(week, *counts[week]) for week in weeks)


def streak(session: Session, day: dt.date) -> int:
    """Confirmed mornings in a row ending at D (or the day before); weekends and days off neither break nor count."""
    from organizer.core.dates import is_working_day
    from organizer.store.settings import read_settings

    off = read_settings(session).off
    confirmed = {
        as_date(d) for d in session.execute(select(Day.date).where(Day.confirmed == true(), Day.date <= day)).scalars()
    }
    current = day if day in confirmed else day - dt.timedelta(days=1)
    count = 0
    while True:
        if not is_working_day(current, off):
            current -= dt.timedelta(days=1)
            continue
        if current not in confirmed:
            return count
        count += 1
        current -= dt.timedelta(days=1)


def insights(session: Session, day: dt.date) -> Insights:
    due, kept = promises(session, day)
    return Insights(day, due, kept, touches_per_week(session, day), streak(session, day))


def marks_per_day(session: Session, day: dt.date, days: int = 30) -> list[tuple[dt.date, int | None]]:
    """The question marks each morning opened with, over the ``days`` up to D (None: not recorded)."""
    first = day - dt.timedelta(days=days - 1)
    recorded = {
        as_date(d): n
        for d, n in session.execute(select(Day.date, Day.opening_marks).where(Day.date.between(first, day)))
    }
    return [(first + dt.timedelta(days=n), recorded.get(first + dt.timedelta(days=n))) for n in range(days)]


@dataclass(frozen=True, slots=True)
class WeekPromises:
    week: str
    due: int
    kept: int


def promises_per_week(session: Session, day: dt.date) -> tuple[WeekPromises, ...]:
    """Promises due in each of the 13 ISO weeks up to D (the 90 days of the trust figure), and how many were kept."""
    monday = day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=12)
    weeks = [iso_week(monday + dt.timedelta(weeks=n)) for n in range(13)]
    counts = {week: [0, 0] for week in weeks}
    rows = session.execute(
        select(Step.due, Step.status, Step.done).where(
            Step.promised == true(), Step.waiting == false(), Step.due.between(monday, day - dt.timedelta(days=1))
        )
    )
    for due, status, done in rows:
        due_day = as_date(due)
        if due_day is None:
            continue
        entry = counts[iso_week(due_day)]
        entry[0] += 1
        done_day = as_date(done)
        if status == "done" and done_day is not None and done_day <= due_day:
            entry[1] += 1
    return tuple(WeekPromises(week, *counts[week]) for week in weeks)
