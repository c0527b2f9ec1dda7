"""How the rules' rows are read, whoever runs the statements (SQLAlchemy, or plain ``sqlite3`` ahead).

No SQLAlchemy here (an import-linter contract keeps it so): the first read of the window's
start turns rows into a morning before SQLAlchemy is imported.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol

from organizer.core.domain import Settings

# The statements every morning reads besides the kinds' own (``evaluate.STATEMENTS`` builds them by name;
# a kind's statement is named after the kind).
DUE_STEPS = "due_steps"  # live steps due on or before D: a DayItem's columns, in its order
DAY_ROW = "day_row"  # (confirmed, capacity, order) of D's stored day, if any
SETTINGS = "settings"  # (capacity, renewal window, days off, holidays country) of the store
ACCOUNT_COUNT = "account_count"  # (count,): the welcome screen shows at zero
# What the suggestions read: the days ahead, and the steps guarding renewals.
DAY_LOADS = "day_loads"  # (due, minutes) of action steps from D on, per day
DAY_LOADS_UNTIL = "day_loads_until"  # the same from D to :until (the backlog looks a few weeks ahead only)
DAY_CAPACITIES = "day_capacities"  # (date, capacity) of the days from D on that have their own
RENEWAL_STEPS = "renewal_steps"  # (account, renewal, action steps due from D to it) of renewals in the window
CALENDAR = "calendar"  # (the calendar settings,): each day's busy time, from the calendar and its feeds
SHARED_STATEMENTS = (
    DUE_STEPS, DAY_ROW, SETTINGS, ACCOUNT_COUNT, DAY_LOADS, DAY_LOADS_UNTIL, DAY_CAPACITIES, RENEWAL_STEPS, CALENDAR,
)  # fmt: skip


class ReadRows(Protocol):
    """Run the rules' statement ``name`` for day ``day`` (``only``: those accounts alone) and give its rows."""

    def __call__(
        self, name: str, day: dt.date, only: Collection[str] | None = None, **extra: Any
    ) -> Iterable[Sequence[Any]]: ...


def as_date(value: Any) -> dt.date | None:
    """A MAX() over a date column comes back as text on SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return iso_date(str(value))


@functools.lru_cache(maxsize=4096)
def iso_date(text: str) -> dt.date:
    """Parsed once per distinct date: the morning meets the same few hundred dates thousands of times."""
    return dt.date.fromisoformat(text)


def busy_by_day(read: ReadRows, day: dt.date) -> dict[dt.date, int]:
    """Each day's busy minutes (the calendar's other events and its feeds' timed ones), overlaps once.

    Kept as spans of minutes of the day ("busy": {"2026-11-24": [[540, 600], …]}) per source, so
    a meeting in two calendars counts once.
    """
    return {when: sum(end - begin for begin, end in ranges) for when, ranges in busy_spans(read, day).items()}


def busy_spans(read: ReadRows, day: dt.date) -> dict[dt.date, list[tuple[int, int]]]:
    """Each day's busy spans (minutes of the day), merged across the calendar and its feeds."""
    return calendar_spans(stored for (stored,) in read(CALENDAR, day))


def calendar_spans(documents: Iterable[Any]) -> dict[dt.date, list[tuple[int, int]]]:
    """The busy spans of calendar settings documents (a dict, or its JSON text as plain sqlite3 gives it)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for stored in documents:
        calendar = stored if isinstance(stored, dict) else json.loads(stored) if stored else {}
        sources = [
            calendar.get("busy") or {},
            *((feed or {}).get("busy") or {} for feed in (calendar.get("feeds") or {}).values()),
        ]
        for source in sources:
            for when, ranges in source.items():
                spans.setdefault(when, []).extend((int(a), int(b)) for a, b in ranges)
    merged: dict[dt.date, list[tuple[int, int]]] = {}
    for when, ranges in spans.items():
        joined: list[tuple[int, int]] = []
        for begin, end in sorted(ranges):
            if joined and begin <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], end))
            else:
                joined.append((begin, end))
        merged[iso_date(when)] = joined
    return merged


def read_settings(read: ReadRows, day: dt.date) -> Settings:
    for capacity, window, days_off, country in read(SETTINGS, day):
        return Settings.stored(capacity, window, days_off, country)
    return Settings()  # a store that never wrote its settings
