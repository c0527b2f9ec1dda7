"""The morning made from the rules' rows: every word, order and sum of it, in plain Python.

The rules (``rules.py``) are SQL statements; what turns their rows into question marks and
the day's list lives here, behind a :class:`ReadRows` that runs a statement by its name.
Two readers share it: SQLAlchemy's (``rules``: the app, the CLI, a team server) and plain
``sqlite3`` running the same statements compiled ahead (``first_read``: the window's first
start, before SQLAlchemy is imported). So there is one morning, whichever reads it.

This module imports no SQLAlchemy (an import-linter contract keeps it so).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Sequence
from typing import Any, Protocol

from organizer.core.days import friendly
from organizer.core.domain import DayItem, MarkKind, Morning, QuestionMark, Settings

# The rules' statements, by name (``rules.STATEMENTS`` builds them; ``compiled_rules`` holds them as SQLite SQL).
DUE_STEPS = "due_steps"  # live steps due on or before D: a DayItem's columns, in its order
NO_NEXT_STEP = "no_next_step"  # (account, name) of active accounts without a dated action step
GOAL_WITHOUT_STEP = "goal_without_step"  # (goal, title, account, name) of open goals without an open step
OUT_OF_TOUCH = "out_of_touch"  # (account, name, cadence, last touch) of accounts with a cadence
RENEWAL = "renewal"  # (account, name, renewal) of renewals in the window without a step before them
DAY_ROW = "day_row"  # (confirmed, capacity, order) of D's stored day, if any
SETTINGS = "settings"  # (capacity, renewal window, days off, holidays country) of the store
ACCOUNT_COUNT = "account_count"  # (count,): the welcome screen shows at zero
# What the suggestions read (``suggestions``): the days ahead, and the steps guarding renewals.
DAY_LOADS = "day_loads"  # (due, minutes) of action steps from D on, per day
DAY_LOADS_UNTIL = "day_loads_until"  # the same from D to :until (the backlog looks a few weeks ahead only)
DAY_CAPACITIES = "day_capacities"  # (date, capacity) of the days from D on that have their own
RENEWAL_STEPS = "renewal_steps"  # (account, renewal, action steps due from D to it) of renewals in the window
STATEMENT_NAMES = (
    DUE_STEPS, NO_NEXT_STEP, GOAL_WITHOUT_STEP, OUT_OF_TOUCH, RENEWAL, DAY_ROW, SETTINGS, ACCOUNT_COUNT,
    DAY_LOADS, DAY_LOADS_UNTIL, DAY_CAPACITIES, RENEWAL_STEPS,
)  # fmt: skip


class ReadRows(Protocol):
    """Run the rules' statement ``name`` for day ``day`` (``only``: those accounts alone) and give its rows."""

    def __call__(
        self, name: str, day: dt.date, only: Collection[str] | None = None, **extra: Any
    ) -> Iterable[Sequence[Any]]: ...


# The morning shows an over-full day first (trimming it changes what the other cards can go to), then MarkKind's order.
KIND_ORDER = {kind: index for index, kind in enumerate(sorted(MarkKind, key=lambda k: k is not MarkKind.OVER_CAPACITY))}


def as_date(value: Any) -> dt.date | None:
    """A MAX() over a date column comes back as text on SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return iso_date(str(value))


@functools.lru_cache(maxsize=4096)
def iso_date(text: str) -> dt.date:
    """Parsed once per distinct date: the morning meets the same few hundred dates thousands of times."""
    return dt.date.fromisoformat(text)


def due_steps(
    read: ReadRows, day: dt.date, only: Collection[str] | None = None
) -> tuple[list[QuestionMark], list[DayItem], list[DayItem]]:
    """One pass over the live steps due on or before ``day``.

    Returns the overdue ones' question marks, and the day's action steps and waiting steps (unordered).
    """
    marks: list[QuestionMark] = []
    today: list[DayItem] = []
    waiting: list[DayItem] = []
    for row in read(DUE_STEPS, day, only):
        step_id, account_id, account_name, goal_id, title, due, _t, minutes, promised, is_waiting, _c, contact, _r = row
        if due == day:
            (waiting if is_waiting else today).append(DayItem(*row))
            continue
        since = friendly(due, day)
        if is_waiting:
            kind = MarkKind.WAITING_OVERDUE
            message = f"{account_name}: waiting on {contact or 'someone'} since {since} — chase “{title}”"
        elif promised:
            to = f" to {contact}" if contact else ""
            kind = MarkKind.PROMISE_OVERDUE
            message = f"{account_name}: promise{to} overdue since {since} — “{title}”"
        else:
            kind, message = MarkKind.OVERDUE_STEP, f"{account_name}: “{title}” overdue since {since}"
        marks.append(
            QuestionMark(kind, account_id, goal_id, step_id, message, account_name, title, due, contact, minutes)
        )
    return marks, today, waiting


def no_next_step_marks(read: ReadRows, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    return [
        QuestionMark(MarkKind.NO_NEXT_STEP, account_id, None, None, f"{name}: no next step", name)
        for account_id, name in read(NO_NEXT_STEP, day, only)
    ]


def goal_without_step_marks(read: ReadRows, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    return [
        QuestionMark(MarkKind.GOAL_WITHOUT_STEP, account_id, goal_id, None, f"{name}: goal “{title}” has no step", name)
        for goal_id, title, account_id, name in read(GOAL_WITHOUT_STEP, day, only)
    ]


def out_of_touch_marks(read: ReadRows, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    marks = []
    for account_id, name, cadence, last in read(OUT_OF_TOUCH, day, only):
        last_day = as_date(last)
        if last_day is None:
            message = f"{name}: out of touch — no touch yet (every {cadence} days)"
        else:
            gap = (day - last_day).days
            if gap <= cadence:
                continue
            message = (
                f"{name}: out of touch — last touch {friendly(last_day, day)}, {gap} days ago (every {cadence} days)"
            )
        marks.append(QuestionMark(MarkKind.OUT_OF_TOUCH, account_id, None, None, message, name))
    return marks


def renewal_marks(
    read: ReadRows, day: dt.date, window_days: int, only: Collection[str] | None = None
) -> list[QuestionMark]:
    horizon = day + dt.timedelta(days=window_days)
    return [
        QuestionMark(
            MarkKind.RENEWAL_UNPLANNED,
            account_id,
            None,
            None,
            f"{name}: renewal on {friendly(renewal, day)} is not planned",
            name,
            due=renewal,
        )
        for account_id, name, renewal in read(RENEWAL, day, only, horizon=horizon)
    ]


def account_marks(
    read: ReadRows, day: dt.date, window_days: int, only: Collection[str] | None = None
) -> list[QuestionMark]:
    """The question marks of accounts that are not about one dated step (those come from ``due_steps``)."""
    return [
        *no_next_step_marks(read, day, only),
        *goal_without_step_marks(read, day, only),
        *out_of_touch_marks(read, day, only),
        *renewal_marks(read, day, window_days, only),
    ]


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


def day_marks(marks: Iterable[QuestionMark], planned: int, capacity: int) -> list[QuestionMark]:
    """The accounts' marks with the day's own (over capacity, from the minutes planned), in the morning's order.

    A rep's morning and their manager's view of it (``team status``) both take them from here.
    """
    found = [m for m in marks if m.kind is not MarkKind.OVER_CAPACITY]
    if planned > capacity:
        message = f"Today is over capacity: {planned} minutes planned, {capacity} available"
        found.append(QuestionMark(MarkKind.OVER_CAPACITY, None, None, None, message))
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


def read_settings(read: ReadRows, day: dt.date) -> Settings:
    for capacity, window, days_off, country in read(SETTINGS, day):
        return Settings.stored(capacity, window, days_off, country)
    return Settings()  # a store that never wrote its settings


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
    marks = day_marks(marks, sum(item.minutes or 0 for item in ordered), capacity)
    return Morning(day, confirmed, tuple(marks), tuple(ordered), tuple(waiting_list), capacity, order)


def morning(read: ReadRows, day: dt.date) -> Morning:
    settings = read_settings(read, day)
    marks, today, waiting = due_steps(read, day)
    marks += account_marks(read, day, settings.renewal_window_days)
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
        marks += fresh_marks + account_marks(read, day, settings.renewal_window_days, scope)
        today += fresh_today
        waiting += fresh_waiting
    return _assemble(read, day, settings, marks, today, waiting)


def account_count(read: ReadRows, day: dt.date) -> int:
    return sum(int(count) for (count,) in read(ACCOUNT_COUNT, day))
