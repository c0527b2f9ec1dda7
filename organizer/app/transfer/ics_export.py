"""The dated steps of the coming days (or of one account) as an .ics file, for Outlook and Google Calendar."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from organizer.formats.ics import StepEvent, write_ics
from organizer.rules.sql import live_step
from organizer.store.models import Account, Contact, Goal, Step


def dated_steps(session: Session, start: dt.date, days: int, account_id: str | None = None) -> list[StepEvent]:
    """The live steps due from ``start`` for ``days`` days (at least one), by day and time."""
    end = start + dt.timedelta(days=max(days, 1) - 1)
    query = (
        select(Step, Account.name, Goal.title, Contact.name)
        .join(Account, Account.id == Step.account_id)
        .outerjoin(Goal, Goal.id == Step.goal_id)
        .outerjoin(Contact, Contact.id == Step.contact_id)
        .where(Account.archived == false(), live_step(), Step.due.between(start, end))
        .order_by(Step.due, Step.time, Step.id)
    )
    if account_id is not None:
        query = query.where(Step.account_id == account_id)
    return [
        StepEvent(step.id, step.title, account, goal, contact, step.due, step.time, step.minutes, step.repeat,
                  step.waiting, step.promised, step.version)
        for step, account, goal, contact in session.execute(query)
        if step.due is not None
    ]  # fmt: skip


def steps_ics(
    session: Session, start: dt.date, days: int, account_id: str | None = None, now: dt.datetime | None = None
) -> bytes:
    return write_ics(dated_steps(session, start, days, account_id), now)
