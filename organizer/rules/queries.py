"""Read-side queries that hand out plain snapshots (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session, aliased

from organizer.core.domain import (
    AccountSummary,
    AccountView,
    ContactView,
    GoalView,
    Move,
    StepView,
    TouchView,
)
from organizer.core.errors import NotFoundError
from organizer.core.vocabulary import ACTIVE_STAGES
from organizer.rules.rows import as_date
from organizer.rules.sql import live_step
from organizer.store.models import MODELS, Account, Contact, ContactHistory, Goal, Step, Touch


def find_account_id(session: Session, key: str) -> str:
    """An account by id, else by exact name, else by a unique case-insensitive name."""
    if session.get(Account, key) is not None:
        return key
    for condition in (Account.name == key, func.lower(Account.name) == key.casefold()):
        ids = list(session.execute(select(Account.id).where(condition).limit(2)).scalars())
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise NotFoundError(f"more than one account is called {key!r}: name it by id")
    raise NotFoundError(f"no account with the id or name {key!r}")


def step_view(step: Step) -> StepView:
    return StepView(
        step.id,
        step.account_id,
        step.goal_id,
        step.title,
        step.due,
        step.time,
        step.minutes,
        step.contact_id,
        step.promised,
        step.waiting,
        step.status,
        step.done,
        step.outcome,
        step.version,
        step.repeat,
        step.event,
    )


def step_of(session: Session, step_id: str) -> StepView:
    step = session.get(Step, step_id)
    if step is None:
        raise NotFoundError(f"no step {step_id!r} (it may have been deleted elsewhere)")
    return step_view(step)


def calendar_state(session: Session, step_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the event as both sides last agreed, the calendar's version while in conflict) of one step."""
    step = session.get(Step, step_id)
    if step is None:
        raise NotFoundError(f"no step {step_id!r} (it may have been deleted elsewhere)")
    return step.calendar, step.calendar_conflict


def contacts_by_address(session: Session) -> dict[str, tuple[str, str]]:
    """Each contact's address (lower case) → (contact, account); the first by id where two share one.

    How mail and the calendar know a person: a message's sender, a meeting's attendee.
    """
    found: dict[str, tuple[str, str]] = {}
    rows = session.execute(
        select(Contact.email, Contact.id, Contact.account_id).where(Contact.email.is_not(None)).order_by(Contact.id)
    )
    for email, contact, account in rows:
        found.setdefault(str(email).strip().lower(), (contact, account))
    return found


def last_email_with(session: Session, step_id: str) -> tuple[dt.date, str | None] | None:
    """The newest email touch with the person a step is with (its day and subject), if any."""
    step = session.get(Step, step_id)
    if step is None or step.contact_id is None:
        return None
    row = session.execute(
        select(Touch.date, Touch.note)
        .where(Touch.contact_id == step.contact_id, Touch.channel == "email", Touch.message.is_not(None))
        .order_by(Touch.date.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row is not None else None


def load_account(session: Session, account_id: str) -> AccountView:
    """A whole plan map as one snapshot: five indexed queries, no lazy loading."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFoundError(f"no account {account_id!r}")
    contacts = tuple(
        ContactView(c.id, c.account_id, c.name, c.title, c.role, c.email, c.phone, c.resonates, c.notes, c.version)
        for c in session.execute(
            select(Contact).where(Contact.account_id == account_id).order_by(Contact.name)
        ).scalars()
    )
    goals = tuple(
        GoalView(g.id, g.account_id, g.title, g.status, g.target, g.notes, g.version)
        for g in session.execute(
            select(Goal)
            .where(Goal.account_id == account_id)
            .order_by(Goal.status != "open", Goal.target.is_(None), Goal.target, Goal.title)
        ).scalars()
    )
    steps = tuple(
        step_view(s)
        for s in session.execute(
            select(Step)
            .where(Step.account_id == account_id)
            .order_by(Step.status != "open", Step.due.is_(None), Step.due, Step.time, Step.title)
        ).scalars()
    )
    touches = tuple(
        TouchView(t.id, t.account_id, t.date, t.channel, t.contact_id, t.note)
        for t in session.execute(
            select(Touch).where(Touch.account_id == account_id).order_by(Touch.date.desc(), Touch.id)
        ).scalars()
    )
    return AccountView(
        account.id,
        account.name,
        account.stage,
        account.mission,
        account.industry,
        account.cadence_days,
        account.renewal,
        account.archived,
        account.notes,
        account.version,
        contacts,
        goals,
        steps,
        touches,
        _moves(session, account_id),
    )


def _moves(session: Session, account_id: str) -> tuple[Move, ...]:
    """People of this account who were elsewhere before, and people who were here and moved on."""
    earlier, now = aliased(Account), aliased(Account)
    rows = session.execute(
        select(
            Contact.id,
            Contact.name,
            Contact.title,
            earlier.id,
            earlier.name,
            ContactHistory.until,
            now.id,
            now.name,
        )
        .join(Contact, Contact.id == ContactHistory.contact_id)
        .join(earlier, earlier.id == ContactHistory.account_id)
        .join(now, now.id == Contact.account_id)
        .where(or_(Contact.account_id == account_id, ContactHistory.account_id == account_id))
        .order_by(ContactHistory.until.is_(None), ContactHistory.until.desc(), Contact.name)
    )
    return tuple(Move(*row) for row in rows)


def account_summaries(
    session: Session, day: dt.date, marks: Counter[str] | None = None, *, include_archived: bool = True
) -> list[AccountSummary]:
    """Every account's row for the accounts list, in three grouped queries."""
    last_touch = dict(
        session.execute(
            select(Touch.account_id, func.max(Touch.date)).where(Touch.date <= day).group_by(Touch.account_id)
        ).all()
    )
    next_due = (
        select(Step.account_id, func.min(Step.due).label("due"))
        .outerjoin(Goal, Goal.id == Step.goal_id)
        .where(live_step(), Step.waiting == false(), Step.due >= day)
        .group_by(Step.account_id)
        .subquery()
    )
    next_title = dict(
        session.execute(
            select(Step.account_id, func.min(Step.title))
            .join(next_due, (next_due.c.account_id == Step.account_id) & (next_due.c.due == Step.due))
            .outerjoin(Goal, Goal.id == Step.goal_id)
            .where(live_step(), Step.waiting == false())
            .group_by(Step.account_id)
        ).all()
    )
    next_dates = dict(session.execute(select(next_due.c.account_id, next_due.c.due)).all())
    meetings = set(
        session.execute(
            select(Step.account_id)
            .join(next_due, (next_due.c.account_id == Step.account_id) & (next_due.c.due == Step.due))
            .outerjoin(Goal, Goal.id == Step.goal_id)
            .where(live_step(), Step.waiting == false(), Step.event.is_not(None))
        ).scalars()
    )
    query = select(Account).order_by(func.lower(Account.name), Account.id)
    if not include_archived:
        query = query.where(Account.archived == false())
    counts = marks or Counter()
    return [
        AccountSummary(
            a.id,
            a.name,
            a.stage,
            a.archived,
            a.industry,
            as_date(last_touch.get(a.id)),
            as_date(next_dates.get(a.id)),
            next_title.get(a.id),
            counts.get(a.id, 0),
            a.version,
            a.id in meetings,
        )
        for a in session.execute(query).scalars()
    ]


def count_accounts(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Account)).scalar_one())


def account_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every account that is not archived, by name: the list to pick an account from."""
    rows = session.execute(select(Account.id, Account.name).where(Account.archived == false()).order_by(Account.name))
    return [(row.id, row.name) for row in rows]


def leaves_no_next_step(session: Session, step_id: str, day: dt.date) -> bool:
    """Would closing this step leave its (active) account without a dated next step?

    The app asks for the next step at that moment instead of raising a question mark later.
    """
    step = session.get(Step, step_id)
    if step is None:
        raise NotFoundError(f"no step {step_id!r} (it may have been deleted elsewhere)")
    account = session.get(Account, step.account_id)
    if account is None or account.archived or step.waiting or step.repeat:
        return False  # a repeating step's next occurrence is the next step
    open_goal = session.execute(
        select(Goal.id).where(Goal.account_id == account.id, Goal.status == "open").limit(1)
    ).first()
    if account.stage not in ACTIVE_STAGES and open_goal is None:
        return False
    goal = aliased(Goal)
    other = session.execute(
        select(Step.id)
        .outerjoin(goal, goal.id == Step.goal_id)
        .where(
            Step.account_id == account.id,
            Step.id != step_id,
            Step.waiting == false(),
            Step.due >= day,
            live_step(Step, goal),
        )
        .limit(1)
    ).first()
    return other is None


def account_of(session: Session, kind: str, object_id: str) -> str:
    """The account an object belongs to (an account is its own)."""
    row = session.get(MODELS[kind], object_id)
    if row is None:
        raise NotFoundError(f"no {kind} {object_id!r} (it may have been deleted elsewhere)")
    return str(object_id if kind == "account" else row.account_id)
