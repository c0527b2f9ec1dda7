"""When to remind: at a timed step's time and a few minutes before, once each; missed ones as one summary.

Pure: the window's timer asks :class:`ReminderClock` what is due now (a test passes the
clock in). A computer that slept through reminders gets them once on waking, as one
summary, never as a burst.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from organizer.core.domain import DayItem

DEFAULT_LEAD_MINUTES = 10
SNOOZE_MINUTES = 10
LATE_AFTER = dt.timedelta(minutes=3)  # a reminder more than this late was missed (the computer slept)


@dataclass(frozen=True, slots=True)
class Reminder:
    item: DayItem
    at: dt.datetime  # when to show it
    starts: dt.datetime  # the step's time
    before: bool  # the heads-up a few minutes before (else: at the time)

    @property
    def key(self) -> tuple[str, dt.datetime]:
        return (self.item.step, self.at)

    def summary(self) -> str:
        when = f"{self.starts:%H:%M}"
        return f"{'In a few minutes' if self.before else 'Now'}, {when}: {self.item.title}"


def reminders_for(items: Iterable[DayItem], day: dt.date, lead_minutes: int = DEFAULT_LEAD_MINUTES) -> list[Reminder]:
    """Every reminder of the day's timed steps, in time order."""
    found = []
    for item in items:
        if not item.time:
            continue
        hour, minute = (int(part) for part in item.time.split(":"))
        starts = dt.datetime.combine(day, dt.time(hour, minute))
        if lead_minutes > 0:
            found.append(Reminder(item, starts - dt.timedelta(minutes=lead_minutes), starts, before=True))
        found.append(Reminder(item, starts, starts, before=False))
    return sorted(found, key=lambda r: (r.at, r.item.step))


@dataclass
class ReminderClock:
    """What has been shown; what is due now; what was missed while the computer slept."""

    shown: set[tuple[str, dt.datetime]] = field(default_factory=set)
    snoozed: dict[str, dt.datetime] = field(default_factory=dict)  # step → when to remind again
    last_look: dt.datetime | None = None

    def due(self, reminders: Iterable[Reminder], now: dt.datetime) -> tuple[list[Reminder], list[Reminder]]:
        """(to show one by one, missed while asleep: to show as one summary). Each reminder comes once.

        The first look (the app just started) shows nothing from before it: that is not a missed reminder.
        """
        every = list(reminders)
        first_look = self.last_look is None
        self.last_look = now
        fresh: list[Reminder] = []
        missed: list[Reminder] = []
        for reminder in every:
            if reminder.key in self.shown or reminder.at > now:
                continue
            self.shown.add(reminder.key)
            if now - reminder.at <= LATE_AFTER:
                fresh.append(reminder)
            elif not first_look:
                missed.append(reminder)
        for step, at in list(self.snoozed.items()):
            if at <= now:
                del self.snoozed[step]
                fresh.extend(r for r in every if r.item.step == step and not r.before)
        # A heads-up missed together with its start: the start alone says it.
        started = {r.item.step for r in missed if not r.before}
        return fresh, [r for r in missed if not (r.before and r.item.step in started)]

    def snooze(self, step: str, now: dt.datetime, minutes: int = SNOOZE_MINUTES) -> None:
        self.snoozed[step] = now + dt.timedelta(minutes=minutes)
