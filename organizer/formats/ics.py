"""Dated steps as an iCalendar file, for Outlook and Google Calendar.

UIDs are the step ids, so importing a newer export updates the events instead of
duplicating them; SEQUENCE follows the step's version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from organizer.core.recurrence import describe

DEFAULT_MINUTES = 30
REMIND_MINUTES_BEFORE = 10  # as the app's reminders


def _alarm(icalendar: Any, title: str, account: str) -> Any:
    """A timed step reminds in the calendar too: a display alarm a few minutes before."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{title} ({account})")
    alarm.add("trigger", dt.timedelta(minutes=-REMIND_MINUTES_BEFORE))
    return alarm


@dataclass(frozen=True, slots=True)
class StepEvent:
    """A dated step as its event shows it: the words and times, its account's, goal's and person's names."""

    step: str
    title: str
    account: str
    goal: str | None
    contact: str | None
    due: dt.date
    time: str | None
    minutes: int | None
    repeat: str | None
    waiting: bool
    promised: bool
    version: int


def write_ics(events: Iterable[StepEvent], now: dt.datetime | None = None) -> bytes:
    """The steps as one VCALENDAR (``now``: the events' DTSTAMP, else the clock)."""
    import icalendar  # late: only calendar exports need it

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Daymap//Daymap 1//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Daymap")
    stamp = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_event(icalendar, event, stamp))
    data: bytes = calendar.to_ical()
    return data


def _event(icalendar: Any, step: StepEvent, stamp: dt.datetime) -> Any:
    account, goal, contact = step.account, step.goal, step.contact
    event = icalendar.Event()
    event.add("uid", f"{step.step}@daymap")
    prefix = "Waiting on: " if step.waiting else ("Promised: " if step.promised else "")
    event.add("summary", f"{prefix}{step.title} ({account})")
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
