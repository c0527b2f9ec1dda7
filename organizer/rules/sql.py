"""The pieces every rule's statement is built from: a live step, an active account, the bound day.

The statements are built once (per shape) with bound parameters: building a Select costs as
much as running the small ones. ``scoped`` shapes add ``account IN :only`` (recomputing some
accounts after an edit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from organizer.core.vocabulary import ACTIVE_STAGES
from organizer.store.models import Account, Goal, Step

DAY: BindParameter[dt.date] = bindparam("day")
ONLY: BindParameter[list[str]] = bindparam("only", expanding=True)


def live_step(step: Any = Step, goal: Any = Goal) -> ColumnElement[bool]:
    """Open, and its goal (if any) open: steps under achieved or dropped goals are ignored."""
    return and_(step.status == "open", or_(step.goal_id.is_(None), goal.status == "open"))


def not_archived() -> ColumnElement[bool]:
    return Account.archived == false()


def within(column: Any, scoped: bool) -> ColumnElement[bool]:
    return column.in_(ONLY) if scoped else true()


def active_account() -> ColumnElement[bool]:
    open_goal = exists().where(Goal.account_id == Account.id, Goal.status == "open")
    return and_(not_archived(), or_(Account.stage.in_(ACTIVE_STAGES), open_goal))


def action_step_exists(until: Any = None) -> ColumnElement[bool]:
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
