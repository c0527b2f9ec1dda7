"""Dated steps as an iCalendar file, for Outlook and Google Calendar.

UIDs are the step ids, so importing a newer export updates the events instead of
duplicating them; SEQUENCE follows the step's version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from organizer.core.recurrence import describe
from organizer.rules.sql import live_step
from organizer.store.models import Account, Contact, Goal, Step

DEFAULT_MINUTES = 30
REMIND_MINUTES_BEFORE = 10  # as the app's reminders


def _alarm(icalendar: Any, title: str, account: str) -> Any:
    """A timed step reminds in the calendar too: a display alarm a few minutes before."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{title} ({account})")
    alarm.add("trigger", dt.timedelta(minutes=-REMIND_MINUTES_BEFORE))
    return alarm


def build_calendar(
    session: Session, start: dt.date, days: int, account_id: str | None = None, now: dt.datetime | None = None
) -> bytes:
    import icalendar  # late: only calendar exports need it

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Daymap//Daymap 1//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Daymap")
    stamp = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
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
    for step, account_name, goal_title, contact_name in session.execute(query):
        calendar.add_component(_event(icalendar, step, account_name, goal_title, contact_name, stamp))
    data: bytes = calendar.to_ical()
    return data


def _event(icalendar: Any, step: Step, account: str, goal: str | None, contact: str | None, stamp: dt.datetime) -> Any:
    event = icalendar.Event()
    event.add("uid", f"{step.id}@daymap")
    prefix = "Waiting on: " if step.waiting else ("Promised: " if step.promised else "")
    event.add("summary", f"{prefix}{step.title} ({account})")
    assert step.due is not None  # selected by due date
    if step.time:
        hour, minute = (int(part) for part in step.time.split(":"))
        begin = dt.datetime.combine(step.due, dt.time(hour, minute))
        event.add("dtstart", begin)
        event.add("dtend", begin + dt.timedelta(minutes=step.minutes or DEFAULT_MINUTES))
        event.add_component(_alarm(icalendar, step.title, account))
    else:
        event.add("dtstart", step.due)
        event.add("dtend", step.due + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    lines = [f"Account: {account}"]
    if goal:
        lines.append(f"Goal: {goal}")
    if contact:
        lines.append(f"Contact: {contact}")
    if step.minutes:
        lines.append(f"Estimate: {step.minutes} min")
    if step.repeat:
        lines.append(f"Repeats: {describe(step.repeat)}")
    event.add("description", "\n".join(lines))
    event.add("dtstamp", stamp)
    event.add("sequence", max(step.version - 1, 0))
    event.add("categories", ["Daymap"])
    return event
