"""The question marks and the day's action list (SPEC.md, "The question marks"): the rules as SQL.

Each rule is one set-based query over indexed columns; nothing loads the whole
territory into Python, so a morning over 5,000 accounts stays in milliseconds.
The statements are declared here, once, by name (``STATEMENTS``); what makes a
morning of their rows is ``morning_rows``. The same statements compiled for SQLite
(``compiled_rules``) let the window's first start read the morning before SQLAlchemy loads.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from organizer.core.domain import ACTIVE_STAGES, DayItem, Morning, QuestionMark
from organizer.plan import morning_rows
from organizer.plan.morning_rows import KIND_ORDER as KIND_ORDER  # re-exported: the morning's words and order
from organizer.plan.morning_rows import ReadRows
from organizer.plan.morning_rows import as_date as as_date
from organizer.plan.morning_rows import day_marks as day_marks
from organizer.plan.morning_rows import order_items as order_items
from organizer.store.models import Account, Contact, Day, Goal, Step, Touch
from organizer.store.settings import SETTINGS_QUERY


def live_step(step: Any = Step, goal: Any = Goal) -> ColumnElement[bool]:
    """Open, and its goal (if any) open: steps under achieved or dropped goals are ignored."""
    return and_(step.status == "open", or_(step.goal_id.is_(None), goal.status == "open"))


def _not_archived() -> ColumnElement[bool]:
    return Account.archived == false()


# The queries are built once (per shape) with bound parameters: building a Select costs as much as running
# the small ones. ``scoped`` adds ``account IN :only`` (recomputing some accounts after an edit).
DAY: BindParameter[dt.date] = bindparam("day")
ONLY: BindParameter[list[str]] = bindparam("only", expanding=True)


_DAY_QUERY = select(Day.confirmed, Day.capacity_minutes, Day.order.label("order")).where(Day.date == DAY)
_ACCOUNT_COUNT_QUERY = select(func.count()).select_from(Account)


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


@functools.cache
def _no_next_step_query(scoped: bool) -> Any:
    return select(Account.id, Account.name).where(
        _active_account(), ~_action_step_exists(), _within(Account.id, scoped)
    )


@functools.cache
def _goal_without_step_query(scoped: bool) -> Any:
    has_step = exists().where(Step.goal_id == Goal.id, Step.status == "open")
    return (
        select(Goal.id, Goal.title, Account.id, Account.name)
        .join(Account, Account.id == Goal.account_id)
        .where(_not_archived(), Goal.status == "open", ~has_step, _within(Goal.account_id, scoped))
    )


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


@functools.cache
def _renewal_query(scoped: bool) -> Any:
    return select(Account.id, Account.name, Account.renewal).where(
        _not_archived(),
        Account.renewal.between(DAY, bindparam("horizon")),
        ~_action_step_exists(Account.renewal),
        _within(Account.id, scoped),
    )




@functools.cache
def _day_loads_query(scoped: bool, bounded: bool = False) -> Any:
    """Minutes of action steps per day from D on (one grouped query): what the suggestions fill.

    ``bounded``: only up to ``:until`` (the backlog's few weeks, not the whole future).
    """
    goal = aliased(Goal)
    due = Step.due.between(DAY, bindparam("until")) if bounded else Step.due >= DAY
    return (
        select(Step.due, func.sum(Step.minutes))
        .join(Account, Account.id == Step.account_id)
        .outerjoin(goal, goal.id == Step.goal_id)
        .where(_not_archived(), Step.waiting == false(), due, live_step(Step, goal))
        .group_by(Step.due)
    )


_DAY_CAPACITIES_QUERY = select(Day.date, Day.capacity_minutes).where(Day.date >= DAY, Day.capacity_minutes.is_not(None))


@functools.cache
def _renewal_steps_query(scoped: bool) -> Any:
    """Renewals in the window and how many action steps are due from D up to each (a move must not empty it)."""
    goal = aliased(Goal)
    steps = (
        select(func.count(Step.id))
        .outerjoin(goal, goal.id == Step.goal_id)
        .where(
            Step.account_id == Account.id,
            Step.waiting == false(),
            Step.due.between(DAY, Account.renewal),
            live_step(Step, goal),
        )
        .correlate(Account)
        .scalar_subquery()
    )
    return select(Account.id, Account.renewal, steps).where(
        _not_archived(), Account.renewal.between(DAY, bindparam("horizon")), _within(Account.id, scoped)
    )


# Every statement of the morning by its name; ``scoped`` (True) is the shape with ``account IN :only``.
STATEMENTS: dict[str, Callable[[bool], Any]] = {
    morning_rows.DUE_STEPS: _due_steps_query,
    morning_rows.NO_NEXT_STEP: _no_next_step_query,
    morning_rows.GOAL_WITHOUT_STEP: _goal_without_step_query,
    morning_rows.OUT_OF_TOUCH: _out_of_touch_query,
    morning_rows.RENEWAL: _renewal_query,
    morning_rows.DAY_ROW: lambda scoped: _DAY_QUERY,
    morning_rows.SETTINGS: lambda scoped: SETTINGS_QUERY,
    morning_rows.ACCOUNT_COUNT: lambda scoped: _ACCOUNT_COUNT_QUERY,
    morning_rows.DAY_LOADS: _day_loads_query,
    morning_rows.DAY_LOADS_UNTIL: lambda scoped: _day_loads_query(scoped, bounded=True),
    morning_rows.DAY_CAPACITIES: lambda scoped: _DAY_CAPACITIES_QUERY,
    morning_rows.RENEWAL_STEPS: _renewal_steps_query,
}


def session_rows(session: Session) -> ReadRows:
    """The rules' rows through ``session``'s connection (Core: these select columns, so the ORM's loading adds
    only cost), with what the session holds unwritten flushed first, as ``session.execute`` would."""

    def read(name: str, day: dt.date, only: Collection[str] | None = None, **extra: Any) -> Iterable[Sequence[Any]]:
        session.flush()  # a no-op when clean
        params: dict[str, Any] = {"day": day, **extra}
        if only is not None:
            params["only"] = sorted(only)
        return session.connection().execute(STATEMENTS[name](only is not None), params)

    return read


def due_steps(
    session: Session, day: dt.date, only: Collection[str] | None = None
) -> tuple[list[QuestionMark], list[DayItem], list[DayItem]]:
    """The overdue steps' question marks, and the day's action steps and waiting steps (unordered)."""
    return morning_rows.due_steps(session_rows(session), day, only)


def account_marks(
    session: Session, day: dt.date, window_days: int, only: Collection[str] | None = None
) -> list[QuestionMark]:
    """The question marks of accounts that are not about one dated step (those come from ``due_steps``)."""
    return morning_rows.account_marks(session_rows(session), day, window_days, only)


def morning(session: Session, day: dt.date) -> Morning:
    return morning_rows.morning(session_rows(session), day)


def refresh_morning(session: Session, previous: Morning, accounts: Collection[str]) -> Morning:
    """The morning after a change confined to ``accounts`` (``morning_rows.refresh_morning``)."""
    return morning_rows.refresh_morning(session_rows(session), previous, accounts)


def marks_per_account(session: Session, day: dt.date) -> Counter[str]:
    """How many question marks each account has on ``day`` (the accounts list's badge)."""
    return Counter(m.account for m in morning(session, day).question_marks if m.account)
