"""The question marks and the day's action list (SPEC.md, "The question marks").

Each rule is one set-based query over indexed columns; nothing loads the whole
territory into Python, so a morning over 5,000 accounts stays in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from organizer.domain import ACTIVE_STAGES, DayItem, MarkKind, Morning, QuestionMark, Settings
from organizer.exchange import read_settings
from organizer.models import Account, Contact, Day, Goal, Step, Touch

KIND_ORDER = {kind: index for index, kind in enumerate(MarkKind)}


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


def live_step(step: Any = Step, goal: Any = Goal) -> ColumnElement[bool]:
    """Open, and its goal (if any) open: steps under achieved or dropped goals are ignored."""
    return and_(step.status == "open", or_(step.goal_id.is_(None), goal.status == "open"))


def _not_archived() -> ColumnElement[bool]:
    return Account.archived == false()


def _within(column: Any, only: Collection[str] | None) -> ColumnElement[bool]:
    """No condition for the whole territory; ``column IN only`` when recomputing some accounts."""
    return true() if only is None else column.in_(list(only))


def _active_account() -> ColumnElement[bool]:
    open_goal = exists().where(Goal.account_id == Account.id, Goal.status == "open")
    return and_(_not_archived(), or_(Account.stage.in_(ACTIVE_STAGES), open_goal))


def _action_step_exists(low: dt.date, high: Any = None) -> ColumnElement[bool]:
    """An action step of the account in the outer query, due in [low, high]."""
    step, goal = aliased(Step), aliased(Goal)
    due = step.due >= low if high is None else step.due.between(low, high)
    return (
        select(step.id)
        .outerjoin(goal, goal.id == step.goal_id)
        .where(step.account_id == Account.id, step.waiting == false(), due, live_step(step, goal))
        .correlate(Account)
        .exists()
    )


def _dated_steps(session: Session, condition: ColumnElement[bool], only: Collection[str] | None = None) -> list[Any]:
    """Live steps of non-archived accounts matching ``condition``, with names for the messages."""
    query = (
        select(
            Step.id,
            Step.account_id,
            Step.goal_id,
            Step.title,
            Step.due,
            Step.time,
            Step.minutes,
            Step.promised,
            Step.waiting,
            Step.contact_id,
            Account.name.label("account_name"),
            Contact.name.label("contact_name"),
        )
        .join(Account, Account.id == Step.account_id)
        .outerjoin(Goal, Goal.id == Step.goal_id)
        .outerjoin(Contact, Contact.id == Step.contact_id)
        .where(_not_archived(), live_step(), condition, _within(Step.account_id, only))
    )
    return list(session.execute(query))


def overdue_marks(session: Session, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    marks = []
    for row in _dated_steps(session, Step.due < day, only):
        since = friendly(row.due, day)
        if row.waiting:
            who = row.contact_name or "someone"
            kind, message = (
                MarkKind.WAITING_OVERDUE,
                f"{row.account_name}: waiting on {who} since {since} — chase “{row.title}”",
            )
        elif row.promised:
            to = f" to {row.contact_name}" if row.contact_name else ""
            kind, message = (
                MarkKind.PROMISE_OVERDUE,
                f"{row.account_name}: promise{to} overdue since {since} — “{row.title}”",
            )
        else:
            kind, message = MarkKind.OVERDUE_STEP, f"{row.account_name}: “{row.title}” overdue since {since}"
        marks.append(
            QuestionMark(
                kind,
                row.account_id,
                row.goal_id,
                row.id,
                message,
                row.account_name,
                row.title,
                row.due,
                row.contact_name,
            )
        )
    return marks


def no_next_step_marks(session: Session, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    query = select(Account.id, Account.name).where(
        _active_account(), ~_action_step_exists(day), _within(Account.id, only)
    )
    return [
        QuestionMark(MarkKind.NO_NEXT_STEP, row.id, None, None, f"{row.name}: no next step", row.name)
        for row in session.execute(query)
    ]


def goal_without_step_marks(session: Session, only: Collection[str] | None = None) -> list[QuestionMark]:
    has_step = exists().where(Step.goal_id == Goal.id, Step.status == "open")
    query = (
        select(Goal.id, Goal.title, Account.id.label("account_id"), Account.name)
        .join(Account, Account.id == Goal.account_id)
        .where(_not_archived(), Goal.status == "open", ~has_step, _within(Goal.account_id, only))
    )
    return [
        QuestionMark(
            MarkKind.GOAL_WITHOUT_STEP,
            row.account_id,
            row.id,
            None,
            f"{row.name}: goal “{row.title}” has no step",
            row.name,
        )
        for row in session.execute(query)
    ]


def out_of_touch_marks(session: Session, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    last = (
        select(func.max(Touch.date))
        .where(Touch.account_id == Account.id, Touch.date <= day)
        .correlate(Account)
        .scalar_subquery()
    )
    query = select(Account.id, Account.name, Account.cadence_days, last.label("last")).where(
        _not_archived(), Account.cadence_days.is_not(None), _within(Account.id, only)
    )
    marks = []
    for row in session.execute(query):
        last_day = as_date(row.last)
        if last_day is None:
            message = f"{row.name}: out of touch — no touch yet (every {row.cadence_days} days)"
        elif (day - last_day).days > row.cadence_days:
            message = (
                f"{row.name}: out of touch — last touch {friendly(last_day, day)}, "
                f"{(day - last_day).days} days ago (every {row.cadence_days} days)"
            )
        else:
            continue
        marks.append(QuestionMark(MarkKind.OUT_OF_TOUCH, row.id, None, None, message, row.name))
    return marks


def as_date(value: Any) -> dt.date | None:
    """A MAX() over a date column comes back as text on SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def renewal_marks(
    session: Session, day: dt.date, window_days: int, only: Collection[str] | None = None
) -> list[QuestionMark]:
    horizon = day + dt.timedelta(days=window_days)
    query = select(Account.id, Account.name, Account.renewal).where(
        _not_archived(),
        Account.renewal.between(day, horizon),
        ~_action_step_exists(day, Account.renewal),
        _within(Account.id, only),
    )
    return [
        QuestionMark(
            MarkKind.RENEWAL_UNPLANNED,
            row.id,
            None,
            None,
            f"{row.name}: renewal on {friendly(row.renewal, day)} is not planned",
            row.name,
            due=row.renewal,
        )
        for row in session.execute(query)
    ]


def day_items(
    session: Session, day: dt.date, only: Collection[str] | None = None
) -> tuple[list[DayItem], list[DayItem]]:
    """The action steps and the waiting steps due on ``day`` (unordered)."""
    today: list[DayItem] = []
    waiting: list[DayItem] = []
    for row in _dated_steps(session, Step.due == day, only):
        item = DayItem(
            row.id,
            row.account_id,
            row.account_name,
            row.goal_id,
            row.title,
            row.due,
            row.time,
            row.minutes,
            row.promised,
            row.waiting,
            row.contact_id,
            row.contact_name,
        )
        (waiting if row.waiting else today).append(item)
    return today, waiting


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


def _account_marks(
    session: Session, day: dt.date, window_days: int, only: Collection[str] | None = None
) -> list[QuestionMark]:
    """Every question mark that belongs to an account (all but over-capacity)."""
    return [
        *overdue_marks(session, day, only),
        *no_next_step_marks(session, day, only),
        *goal_without_step_marks(session, only),
        *out_of_touch_marks(session, day, only),
        *renewal_marks(session, day, window_days, only),
    ]


def _assemble(
    session: Session,
    day: dt.date,
    settings: Settings,
    marks: list[QuestionMark],
    today: Iterable[DayItem],
    waiting: Iterable[DayItem],
) -> Morning:
    """The day-wide parts (capacity, order, confirmed, over-capacity) around the accounts' marks and items."""
    stored_day = session.get(Day, day)
    capacity = settings.capacity_minutes
    if stored_day is not None and stored_day.capacity_minutes is not None:
        capacity = stored_day.capacity_minutes
    order = tuple(stored_day.order or ()) if stored_day is not None else ()
    ordered = order_items(today, order)
    waiting_list = sorted(waiting, key=lambda i: (i.time or "99", i.account_name.casefold(), i.title))
    marks = [m for m in marks if m.kind is not MarkKind.OVER_CAPACITY]
    planned = sum(item.minutes or 0 for item in ordered)
    if planned > capacity:
        marks.append(
            QuestionMark(
                MarkKind.OVER_CAPACITY,
                None,
                None,
                None,
                f"Today is over capacity: {planned} minutes planned, {capacity} available",
            )
        )
    marks.sort(
        key=lambda m: (
            KIND_ORDER[m.kind],
            (m.account_name or "").casefold(),
            m.due or dt.date.min,
            m.step or "",
            m.goal or "",
        )
    )
    return Morning(
        day,
        bool(stored_day and stored_day.confirmed),
        tuple(marks),
        tuple(ordered),
        tuple(waiting_list),
        capacity,
        order,
    )


def morning(session: Session, day: dt.date) -> Morning:
    settings = read_settings(session)
    today, waiting = day_items(session, day)
    marks = _account_marks(session, day, settings.renewal_window_days)
    return _assemble(session, day, settings, marks, today, waiting)


def refresh_morning(session: Session, previous: Morning, accounts: Collection[str]) -> Morning:
    """The morning after a change confined to ``accounts`` (and the day's own settings).

    Their marks and items are recomputed, every other account's are kept from ``previous``:
    completing a step at 5,000 accounts costs one account's queries, not the territory's.
    Equal to ``morning(session, previous.date)`` for such a change (the tests compare them).
    Not for changes that reach across accounts (a contact, the settings, an import).
    """
    day = previous.date
    scope = frozenset(accounts)
    marks = [m for m in previous.question_marks if m.account is not None and m.account not in scope]
    today = [item for item in previous.today if item.account not in scope]
    waiting = [item for item in previous.waiting if item.account not in scope]
    settings = read_settings(session)
    if scope:
        marks += _account_marks(session, day, settings.renewal_window_days, scope)
        fresh_today, fresh_waiting = day_items(session, day, scope)
        today += fresh_today
        waiting += fresh_waiting
    return _assemble(session, day, settings, marks, today, waiting)


def marks_per_account(session: Session, day: dt.date) -> Counter[str]:
    """How many question marks each account has on ``day`` (the accounts list's badge)."""
    return Counter(m.account for m in morning(session, day).question_marks if m.account)
