"""The days as a rep counts and says them: working days, "Fri 20 Nov", "12 days ago"."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator


def working_days(start: dt.date) -> Iterator[dt.date]:
    """Monday to Friday from ``start`` on: the days a rep plans."""
    day = start
    while True:
        if day.weekday() < 5:
            yield day
        day += dt.timedelta(days=1)


def first_working_day(start: dt.date) -> dt.date:
    return next(working_days(start))


@functools.lru_cache(maxsize=4096)
def friendly(day: dt.date, today: dt.date | None = None) -> str:
    """A date as a rep says it: 'Fri 20 Nov' (with the year when it is not this year's)."""
    text = f"{day:%a} {day.day} {day:%b}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def days_ago(day: dt.date, today: dt.date) -> str:
    """How long ago, as a rep says it: 'today', 'yesterday', '12 days ago'."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago" if days > 1 else f"in {-days} days"
