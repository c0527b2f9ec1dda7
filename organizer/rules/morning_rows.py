"""The morning made from the rules' rows: every word, order and sum of it, in plain Python.

The rules are SQL statements (``rules.py``, and each kind's own in ``organizer.rules.kinds``);
what turns their rows into question marks and the day's list lives here and in the kinds,
behind a :class:`ReadRows` that runs a statement by its name. Two readers share it:
SQLAlchemy's (``rules``: the app, the CLI, a team server) and plain ``sqlite3`` running the
same statements compiled ahead (``first_read``: the window's first start, before SQLAlchemy
is imported). So there is one morning, whichever reads it.

This module imports no SQLAlchemy (an import-linter contract keeps it so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from organizer.core.domain import DayItem, Morning, QuestionMark, Settings
from organizer.rules.kinds import RULES, SHOWN
from organizer.rules.rows import (
    ACCOUNT_COUNT,
    DAY_ROW,
    DUE_STEPS,
    SHARED_STATEMENTS,
    ReadRows,
    busy_by_day,
    read_settings,
)
from organizer.rules.rows import as_date as as_date  # re-exported: the rules' readers share it

# Every statement a morning reads, by name: the shared ones, then each kind's own (named after the kind).
STATEMENT_NAMES = (*SHARED_STATEMENTS, *(r.kind for r in SHOWN if r.statement is not None))
KIND_ORDER = {r.kind: place for place, r in enumerate(SHOWN)}  # the morning's order of kinds
_OVERDUE = [r.overdue for r in SHOWN if r.overdue is not None]
_DAY = [r.day for r in SHOWN if r.day is not None]


def due_steps(
    read: ReadRows, day: dt.date, only: Collection[str] | None = None
) -> tuple[list[QuestionMark], list[DayItem], list[DayItem]]:
    """One pass over the live steps due on or before ``day``.

    Returns the overdue ones' question marks (each is one kind's: the ``overdue`` of its rule), and
    the day's action steps and waiting steps (unordered).
    """
    marks: list[QuestionMark] = []
    today: list[DayItem] = []
    waiting: list[DayItem] = []
    for values in read(DUE_STEPS, day, only):
        item = DayItem(*values)
        if item.due == day:
            (waiting if item.waiting else today).append(item)
            continue
        marks += [mark for overdue in _OVERDUE if (mark := overdue(item, day)) is not None]
    return marks, today, waiting


def account_marks(
    read: ReadRows, day: dt.date, settings: Settings, only: Collection[str] | None = None
) -> list[QuestionMark]:
    """The question marks of the kinds with a statement of their own (those not about one overdue step)."""
    return [mark for r in SHOWN if r.marks is not None for mark in r.marks(read, day, settings, only)]


def order_items(items: Iterable[DayItem], order: Iterable[str]) -> list[DayItem]:
    """The day's order where given, then timed steps by time, then the rest."""
    position = {step: index for index, step in enumerate(order)}

    def key(item: DayItem) -> tuple[Any, ...]:
        if item.step in position:
            return (0, position[item.step], "", "", "")
        if item.time:
            return (1, 0, item.time, item.account_name.casefold(), item.title)
        return (2, 0, "", item.account_name.casefold(), item.title + "\x00" + item.step)

    return sorted(items, key=key)


def day_marks(marks: Iterable[QuestionMark], planned: int, capacity: int, busy: int = 0) -> list[QuestionMark]:
    """The accounts' marks with the day's own (over capacity, from the minutes planned), in the morning's order.

    A rep's morning and their manager's view of it (``team status``) both take them from here.
    """
    found = [m for m in marks if RULES[m.kind].day is None]
    found += [mark for day_mark in _DAY if (mark := day_mark(planned, capacity, busy)) is not None]
    found.sort(
        key=lambda m: (
            KIND_ORDER[m.kind],
            (m.account_name or "").casefold(),
            m.due or dt.date.min,
            m.step or "",
            m.goal or "",
        )
    )
    return found


def _assemble(
    read: ReadRows,
    day: dt.date,
    settings: Settings,
    marks: list[QuestionMark],
    today: Iterable[DayItem],
    waiting: Iterable[DayItem],
) -> Morning:
    """The day-wide parts (capacity, order, confirmed, over-capacity) around the accounts' marks and items."""
    confirmed, capacity, order = False, settings.capacity_minutes, ()
    for stored_confirmed, stored_capacity, stored_order in read(DAY_ROW, day):
        confirmed = bool(stored_confirmed)
        capacity = stored_capacity if stored_capacity is not None else capacity
        order = tuple(stored_order or ())
    ordered = order_items(today, order)
    waiting_list = sorted(waiting, key=lambda i: (i.time or "99", i.account_name.casefold(), i.title))
    busy = busy_by_day(read, day).get(day, 0)
    marks = day_marks(marks, sum(item.minutes or 0 for item in ordered), capacity, busy)
    return Morning(day, confirmed, tuple(marks), tuple(ordered), tuple(waiting_list), capacity, order, busy)


def morning(read: ReadRows, day: dt.date) -> Morning:
    settings = read_settings(read, day)
    marks, today, waiting = due_steps(read, day)
    marks += account_marks(read, day, settings)
    return _assemble(read, day, settings, marks, today, waiting)


def refresh_morning(read: ReadRows, previous: Morning, accounts: Collection[str]) -> Morning:
    """The morning after a change confined to ``accounts`` (and the day's own settings).

    Their marks and items are recomputed, every other account's are kept from ``previous``:
    completing a step at 5,000 accounts costs one account's queries, not the territory's.
    Equal to ``morning(read, previous.date)`` for such a change (the tests compare them).
    Not for changes that reach across accounts (a contact, the settings, an import).
    """
    day = previous.date
    scope = frozenset(accounts)
    marks = [m for m in previous.question_marks if m.account is not None and m.account not in scope]
    today = [item for item in previous.today if item.account not in scope]
    waiting = [item for item in previous.waiting if item.account not in scope]
    settings = read_settings(read, day)
    if scope:
        fresh_marks, fresh_today, fresh_waiting = due_steps(read, day, scope)
        marks += fresh_marks + account_marks(read, day, settings, scope)
        today += fresh_today
        waiting += fresh_waiting
    return _assemble(read, day, settings, marks, today, waiting)


def account_count(read: ReadRows, day: dt.date) -> int:
    return sum(int(count) for (count,) in read(ACCOUNT_COUNT, day))
