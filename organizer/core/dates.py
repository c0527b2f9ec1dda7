"""The days as a rep counts and says them: working days, "Fri 20 Nov", "12 days ago"."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DaysOff:
    """The rep's days off: dates of their own (holidays, vacation) and a country's public holidays.

    The public holidays are the well-kept ``holidays`` library's, read once per country and year.
    """

    dates: frozenset[dt.date] = frozenset()
    country: str | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return day in self.dates or (self.country is not None and day in public_holidays(self.country, day.year))

    def __bool__(self) -> bool:
        return bool(self.dates) or self.country is not None


NO_DAYS_OFF = DaysOff()


@functools.lru_cache(maxsize=64)
def public_holidays(country: str, year: int) -> frozenset[dt.date]:
    import holidays  # late: only a rep who named a country needs it

    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a code the library no longer knows: no public holidays, never a crash
        return frozenset()


def country_names() -> dict[str, str]:
    """ISO 3166 code → the country's English name, for every country the ``holidays`` library lists."""
    import holidays
    from holidays import registry

    names = {code: module.replace("_", " ").title() for module, (_cls, code, *_rest) in registry.COUNTRIES.items()}
    return {code: names.get(code, code) for code in sorted(holidays.list_supported_countries())}


def known_countries() -> frozenset[str]:
    """The ISO 3166 codes whose public holidays the ``holidays`` library lists."""
    import holidays

    return frozenset(holidays.list_supported_countries())


def is_working_day(day: dt.date, off: DaysOff = NO_DAYS_OFF) -> bool:
    return day.weekday() < 5 and day not in off


def working_days(start: dt.date, off: DaysOff = NO_DAYS_OFF) -> Iterator[dt.date]:
    """Monday to Friday from ``start`` on, without the rep's days off: the days a rep plans."""
    day = start
    while True:
        if is_working_day(day, off):
            yield day
        day += dt.timedelta(days=1)


def first_working_day(start: dt.date, off: DaysOff = NO_DAYS_OFF) -> dt.date:
    return next(working_days(start, off))


def nth_working_day_after(day: dt.date, count: int, off: DaysOff = NO_DAYS_OFF) -> dt.date:
    """The ``count``-th working day after ``day`` (1: the next one)."""
    days = working_days(day + dt.timedelta(days=1), off)
    for _ in range(count - 1):
        next(days)
    return next(days)


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


def day_ranges(days: Sequence[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Days off as the rep thinks of them: runs of consecutive dates (a weekend inside a vacation joins it)."""
    ranges: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if (
            ranges
            and (day - ranges[-1][1]).days <= 3
            and all((ranges[-1][1] + dt.timedelta(days=n)).weekday() >= 5 for n in range(1, (day - ranges[-1][1]).days))
        ):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def range_text(first: dt.date, last: dt.date, today: dt.date | None = None) -> str:
    """ "Thu 24 Dec", or "Mon 21 Dec – Fri 1 Jan": one run of days off as a rep reads it."""
    text = friendly(first, today)
    return text if last == first else f"{text} – {friendly(last, today)}"
