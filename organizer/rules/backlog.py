"""An honest backlog: how full the coming working days are, said plainly.

"Ready" must not hide a growing backlog: when the next working days are full, or some
are already over capacity, the Morning and Today say so (and the terminal's morning).
Read from the same :class:`~organizer.rules.room.DayLoads` the suggestions fill.
This module imports no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from organizer.core.dates import friendly
from organizer.rules.room import SCHEDULE_MINUTES, DayLoads, read_day_loads
from organizer.rules.rows import ReadRows

LOOK_AHEAD = 15  # working days: three weeks
FULL_RUN = 3  # this many full working days in a row is worth saying
FREE_HOUR = 60
SHOWN_OVER = 3  # days over capacity named in the line; the rest are counted
READ_DAYS = 60  # calendar days of loads it reads: its 15 working days, with weekends and a vacation


@dataclass(frozen=True, slots=True)
class Backlog:
    full_days: int  # working days in a row from the day after D with no room for a half-hour step
    first_free_hour: dt.date | None  # the first working day after D with an hour free (within the look-ahead)
    over: tuple[tuple[dt.date, int, int], ...]  # (day, load, capacity) of the days ahead already over capacity

    @property
    def worth_saying(self) -> bool:
        return self.full_days >= FULL_RUN or bool(self.over)

    def describe(self, today: dt.date | None = None) -> str:
        """'The next 8 working days are full; first free hour Thu 17 Dec.' and the days over capacity ahead."""
        parts = []
        if self.full_days >= FULL_RUN:
            if self.first_free_hour is None:
                parts.append(f"The next {LOOK_AHEAD} working days or more are full.")
            else:
                free = friendly(self.first_free_hour, today)
                parts.append(f"The next {self.full_days} working days are full; first free hour {free}.")
        if self.over:
            named = ", ".join(
                f"{friendly(day, today)} ({load} of {capacity} min)" for day, load, capacity in self.over[:SHOWN_OVER]
            )
            more = len(self.over) - SHOWN_OVER
            parts.append(f"Over capacity ahead: {named}" + (f" and {more} more." if more > 0 else "."))
        return " ".join(parts)


def read_backlog(read: ReadRows, day: dt.date) -> Backlog:
    """The backlog after ``day`` from the store's rows: the loads of the next :data:`READ_DAYS` only."""
    return backlog(read_day_loads(read, day, until=day + dt.timedelta(days=READ_DAYS)), day)


def backlog(loads: DayLoads, day: dt.date) -> Backlog:
    """The next :data:`LOOK_AHEAD` working days after ``day`` as their loads have them."""
    full = 0
    counting = True
    free: dt.date | None = None
    over: list[tuple[dt.date, int, int]] = []
    days = loads.working_days(day + dt.timedelta(days=1))
    for _ in range(LOOK_AHEAD):
        when = next(days)
        load, capacity = loads.load[when], loads.capacity(when)
        if counting and load + SCHEDULE_MINUTES > capacity:
            full += 1
        else:
            counting = False
        if free is None and load + FREE_HOUR <= capacity:
            free = when
        if load > capacity:
            over.append((when, load, capacity))
    return Backlog(full, free, tuple(over))
