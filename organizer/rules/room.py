"""Days with room: the loads and capacities ahead that every suggestion reads and fills (SPEC.md, "Suggestions").

Every kind's suggestion (``organizer.rules.kinds``) reads and fills one :class:`DayLoads`, so
each counts the minutes the ones before it moved. Working days skip the rep's days off (their
dates, a country's holidays). No SQLAlchemy here: the first read carries the suggestions too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from organizer.core.dates import first_working_day, is_working_day, working_days
from organizer.core.domain import Morning, Settings
from organizer.rules.rows import (
    DAY_CAPACITIES,
    DAY_LOADS,
    DAY_LOADS_UNTIL,
    RENEWAL_STEPS,
    ReadRows,
    as_date,
    busy_by_day,
    read_settings,
)

SCHEDULE_MINUTES = 30  # a step the rep has yet to name counts half an hour on its day


class DayLoads:
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


def read_day_loads(
    read: ReadRows, day: dt.date, settings: Settings | None = None, until: dt.date | None = None
) -> DayLoads:
    """The loads and capacities from ``day`` on (up to ``until`` only, where given), as the suggestions see them."""
    rows = read(DAY_LOADS, day) if until is None else read(DAY_LOADS_UNTIL, day, until=until)
    loads = {due: int(total or 0) for row_due, total in rows if (due := as_date(row_due))}
    for busy_day, minutes in busy_by_day(read, day).items():  # the calendar's meetings fill a day too
        if busy_day >= day and (until is None or busy_day <= until):
            loads[busy_day] = loads.get(busy_day, 0) + minutes
    capacities = {when: int(cap or 0) for row_date, cap in read(DAY_CAPACITIES, day) if (when := as_date(row_date))}
    return DayLoads(settings or read_settings(read, day), loads, capacities)


def next_step_day(read: ReadRows, after: dt.date) -> dt.date:
    """A new step's day when the rep gives none: the first working day after ``after`` with room for a step
    not named yet (:data:`SCHEDULE_MINUTES`), as the suggestions propose it."""
    start = after + dt.timedelta(days=1)
    return read_day_loads(read, start).first_with_room(SCHEDULE_MINUTES, start)


@dataclass(frozen=True, slots=True)
class Room:
    """What a kind's suggestion reads: the morning, the days ahead, and the renewals' guarding steps."""

    morning: Morning
    loads: DayLoads
    renewals: Mapping[str, tuple[dt.date, int]]  # account → (renewal R, action steps due from D to R)

    @property
    def day(self) -> dt.date:
        return self.morning.date


def renewal_steps(read: ReadRows, day: dt.date, settings: Settings) -> dict[str, tuple[dt.date, int]]:
    """Accounts with a renewal R in the window: R and how many action steps are due between D and R."""
    horizon = day + dt.timedelta(days=settings.renewal_window_days)
    return {
        str(account): (renewal_day, int(count))
        for account, renewal, count in read(RENEWAL_STEPS, day, horizon=horizon)
        if (renewal_day := as_date(renewal)) is not None
    }
