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

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from organizer.core.domain import ACTIVE_STAGES, DayItem, MarkKind, Morning, QuestionMark, Settings
from organizer.core.domain import days_ago as days_ago  # re-exported: the date words live in domain
from organizer.core.domain import friendly as friendly
from organizer.store.models import Account, Contact, Day, Goal, Step, Touch
from organizer.store.settings import read_settings

# The morning shows an over-full day first (trimming it changes what the other cards can go to), then MarkKind's order.
KIND_ORDER = {kind: index for index, kind in enumerate(sorted(MarkKind, key=lambda k: k is not MarkKind.OVER_CAPACITY))}


def live_step(step: Any = Step, goal: Any = Goal) -> ColumnElement[bool]:
    """Open, and its goal (if any) open: steps under achieved or dropped goals are ignored."""
    return and_(step.status == "open", or_(step.goal_id.is_(None), goal.status == "open"))


def _not_archived() -> ColumnElement[bool]:
    return Account.archived == false()


def _rows(session: Session, query: Any, day: dt.date, only: Collection[str] | None, **extra: Any) -> Any:
    """Plain rows through Core: these queries select columns, not entities, so the ORM's loading adds only cost."""
    session.flush()  # what the session holds unwritten counts, as with session.execute (a no-op when clean)
    params: dict[str, Any] = {"day": day, **extra}
    if only is not None:
        params["only"] = sorted(only)
    return session.connection().execute(query, params)


# The queries are built once (per shape) with bound parameters: building a Select costs as much as running
# the small ones. ``scoped`` adds ``account IN :only`` (recomputing some accounts after an edit).
DAY: BindParameter[dt.date] = bindparam("day")
ONLY: BindParameter[list[str]] = bindparam("only", expanding=True)


_DAY_QUERY = select(Day.confirmed, Day.capacity_minutes, Day.order.label("order")).where(Day.date == DAY)


def _within(column: Any, scoped: bool) -> ColumnElement[bool]:
    return column.in_(ONLY) if scoped else true()


def _active_account() -> ColumnElement[bool]:
    open_goal = exists().where(Goal.account_id == Account.id, Goal.status == "open")
    return and_(_not_archived(), or_(Account.stage.in_(ACTIVE_STAGES), open_goal))


def _action_step_exists(until: Any = None) -> ColumnElement[bool]:
    """An action step of the account in the outer query, due from D (up to ``until``, if given)."""
    step, goal = aliased(Step), aliased(Goal)
    due = step.due >= DAY if until is None else step.due.between(DAY, until)
    return (
        select(step.id)
        .outerjoin(goal, goal.id == step.goal_id)
        .where(step.account_id == Account.id, step.waiting == false(), due, live_step(step, goal))
        .correlate(Account)
        .exists()
    )


@functools.cache
def _due_steps_query(scoped: bool) -> Any:
    """Live steps of non-archived accounts due on or before D: the columns of a ``DayItem``, in its order."""
    return (
        select(
            Step.id,
            Step.account_id,
            Account.name,
            Step.goal_id,
            Step.title,
            Step.due,
            Step.time,
            Step.minutes,
            Step.promised,
            Step.waiting,
            Step.contact_id,
            Contact.name,
            Step.repeat,
        )
        .join(Account, Account.id == Step.account_id)
        .outerjoin(Goal, Goal.id == Step.goal_id)
        .outerjoin(Contact, Contact.id == Step.contact_id)
        .where(_not_archived(), live_step(), Step.due <= DAY, _within(Step.account_id, scoped))
    )


def due_steps(
    session: Session, day: dt.date, only: Collection[str] | None = None
) -> tuple[list[QuestionMark], list[DayItem], list[DayItem]]:
    """One pass over the live steps due on or before ``day``.

    Returns the overdue ones' question marks, and the day's action steps and waiting steps (unordered).
    """
    marks: list[QuestionMark] = []
    today: list[DayItem] = []
    waiting: list[DayItem] = []
    for row in _rows(session, _due_steps_query(only is not None), day, only):
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


@functools.cache
def _no_next_step_query(scoped: bool) -> Any:
    return select(Account.id, Account.name).where(
        _active_account(), ~_action_step_exists(), _within(Account.id, scoped)
    )


def no_next_step_marks(session: Session, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    return [
        QuestionMark(MarkKind.NO_NEXT_STEP, account_id, None, None, f"{name}: no next step", name)
        for account_id, name in _rows(session, _no_next_step_query(only is not None), day, only)
    ]


@functools.cache
def _goal_without_step_query(scoped: bool) -> Any:
    has_step = exists().where(Step.goal_id == Goal.id, Step.status == "open")
    return (
        select(Goal.id, Goal.title, Account.id, Account.name)
        .join(Account, Account.id == Goal.account_id)
        .where(_not_archived(), Goal.status == "open", ~has_step, _within(Goal.account_id, scoped))
    )


def goal_without_step_marks(session: Session, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    return [
        QuestionMark(MarkKind.GOAL_WITHOUT_STEP, account_id, goal_id, None, f"{name}: goal “{title}” has no step", name)
        for goal_id, title, account_id, name in _rows(session, _goal_without_step_query(only is not None), day, only)
    ]


@functools.cache
def _out_of_touch_query(scoped: bool) -> Any:
    last = (
        select(func.max(Touch.date))
        .where(Touch.account_id == Account.id, Touch.date <= DAY)
        .correlate(Account)
        .scalar_subquery()
    )
    return select(Account.id, Account.name, Account.cadence_days, last).where(
        _not_archived(), Account.cadence_days.is_not(None), _within(Account.id, scoped)
    )


def out_of_touch_marks(session: Session, day: dt.date, only: Collection[str] | None = None) -> list[QuestionMark]:
    marks = []
    for account_id, name, cadence, last in _rows(session, _out_of_touch_query(only is not None), day, only):
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


def as_date(value: Any) -> dt.date | None:
    """A MAX() over a date column comes back as text on SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return _iso_date(str(value))


@functools.lru_cache(maxsize=4096)
def _iso_date(text: str) -> dt.date:
    """Parsed once per distinct date: the morning meets the same few hundred dates thousands of times."""
    return dt.date.fromisoformat(text)


@functools.cache
def _renewal_query(scoped: bool) -> Any:
    return select(Account.id, Account.name, Account.renewal).where(
        _not_archived(),
        Account.renewal.between(DAY, bindparam("horizon")),
        ~_action_step_exists(Account.renewal),
        _within(Account.id, scoped),
    )


def renewal_marks(
    session: Session, day: dt.date, window_days: int, only: Collection[str] | None = None
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
        for account_id, name, renewal in _rows(session, _renewal_query(only is not None), day, only, horizon=horizon)
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


def account_marks(
    session: Session, day: dt.date, window_days: int, only: Collection[str] | None = None
) -> list[QuestionMark]:
    """The question marks of accounts that are not about one dated step (those come from ``due_steps``)."""
    return [
        *no_next_step_marks(session, day, only),
        *goal_without_step_marks(session, day, only),
        *out_of_touch_marks(session, day, only),
        *renewal_marks(session, day, window_days, only),
    ]


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


def _assemble(
    session: Session,
    day: dt.date,
    settings: Settings,
    marks: list[QuestionMark],
    today: Iterable[DayItem],
    waiting: Iterable[DayItem],
) -> Morning:
    """The day-wide parts (capacity, order, confirmed, over-capacity) around the accounts' marks and items."""
    stored_day = _rows(session, _DAY_QUERY, day, None).first()  # Core: no ORM identity map to set up
    capacity = settings.capacity_minutes
    if stored_day is not None and stored_day.capacity_minutes is not None:
        capacity = stored_day.capacity_minutes
    order = tuple(stored_day.order or ()) if stored_day is not None else ()
    ordered = order_items(today, order)
    waiting_list = sorted(waiting, key=lambda i: (i.time or "99", i.account_name.casefold(), i.title))
    marks = day_marks(marks, sum(item.minutes or 0 for item in ordered), capacity)
    return Morning(
        day,
        bool(stored_day is not None and stored_day.confirmed),
        tuple(marks),
        tuple(ordered),
        tuple(waiting_list),
        capacity,
        order,
    )


def morning(session: Session, day: dt.date) -> Morning:
    settings = read_settings(session)
    marks, today, waiting = due_steps(session, day)
    marks += account_marks(session, day, settings.renewal_window_days)
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
        fresh_marks, fresh_today, fresh_waiting = due_steps(session, day, scope)
        marks += fresh_marks + account_marks(session, day, settings.renewal_window_days, scope)
        today += fresh_today
        waiting += fresh_waiting
    return _assemble(session, day, settings, marks, today, waiting)


def marks_per_account(session: Session, day: dt.date) -> Counter[str]:
    """How many question marks each account has on ``day`` (the accounts list's badge)."""
    return Counter(m.account for m in morning(session, day).question_marks if m.account)
