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

from sqlalchemy import bindparam, false, func, select
from sqlalchemy.orm import Session, aliased

from organizer.core.domain import DayItem, Morning, QuestionMark, Settings
from organizer.rules import morning_rows
from organizer.rules.kinds import SHOWN
from organizer.rules.morning_rows import KIND_ORDER as KIND_ORDER  # re-exported: the morning's order of kinds
from organizer.rules.morning_rows import day_marks as day_marks
from organizer.rules.morning_rows import order_items as order_items
from organizer.rules.rows import (
    ACCOUNT_COUNT,
    CALENDAR,
    DAY_CAPACITIES,
    DAY_LOADS,
    DAY_LOADS_UNTIL,
    DAY_ROW,
    DUE_STEPS,
    RENEWAL_STEPS,
    SETTINGS,
    ReadRows,
)
from organizer.rules.rows import as_date as as_date
from organizer.rules.sql import DAY, live_step, not_archived, within
from organizer.store.models import Account, Contact, Day, Goal, Step
from organizer.store.settings import CALENDAR_QUERY, SETTINGS_QUERY

_DAY_QUERY = select(Day.confirmed, Day.capacity_minutes, Day.order.label("order")).where(Day.date == DAY)
_ACCOUNT_COUNT_QUERY = select(func.count()).select_from(Account)


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
            Step.event,
        )
        .join(Account, Account.id == Step.account_id)
        .outerjoin(Goal, Goal.id == Step.goal_id)
        .outerjoin(Contact, Contact.id == Step.contact_id)
        .where(not_archived(), live_step(), Step.due <= DAY, within(Step.account_id, scoped))
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
        .where(not_archived(), Step.waiting == false(), due, live_step(Step, goal))
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
        not_archived(), Account.renewal.between(DAY, bindparam("horizon")), within(Account.id, scoped)
    )


# Every statement of the morning by its name; ``scoped`` (True) is the shape with ``account IN :only``.
# A kind's statement is its own (``organizer.rules.kinds``), named after the kind.
STATEMENTS: dict[str, Callable[[bool], Any]] = {
    DUE_STEPS: _due_steps_query,
    DAY_ROW: lambda scoped: _DAY_QUERY,
    SETTINGS: lambda scoped: SETTINGS_QUERY,
    ACCOUNT_COUNT: lambda scoped: _ACCOUNT_COUNT_QUERY,
    DAY_LOADS: _day_loads_query,
    DAY_LOADS_UNTIL: lambda scoped: _day_loads_query(scoped, bounded=True),
    DAY_CAPACITIES: lambda scoped: _DAY_CAPACITIES_QUERY,
    RENEWAL_STEPS: _renewal_steps_query,
    CALENDAR: lambda scoped: CALENDAR_QUERY,
    **{r.kind: functools.cache(r.statement) for r in SHOWN if r.statement is not None},
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
    session: Session, day: dt.date, settings: Settings, only: Collection[str] | None = None
) -> list[QuestionMark]:
    """The question marks of the kinds with a statement of their own (not about one overdue step)."""
    return morning_rows.account_marks(session_rows(session), day, settings, only)


def morning(session: Session, day: dt.date) -> Morning:
    return morning_rows.morning(session_rows(session), day)


def refresh_morning(session: Session, previous: Morning, accounts: Collection[str]) -> Morning:
    """The morning after a change confined to ``accounts`` (``morning_rows.refresh_morning``)."""
    return morning_rows.refresh_morning(session_rows(session), previous, accounts)


def marks_per_account(session: Session, day: dt.date) -> Counter[str]:
    """How many question marks each account has on ``day`` (the accounts list's badge)."""
    return Counter(m.account for m in morning(session, day).question_marks if m.account)
