"""The pre-call card: everything to start a call well, at a glance.

For a step with a person: their role, what resonated with them, the open promises to
them, what we are waiting on from them, and the last touch with them (or the account).
Built from the account's plan-map snapshot: one read, no query of its own.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from organizer.core.dates import days_ago, friendly
from organizer.core.domain import AccountView, ContactView, StepView
from organizer.core.recurrence import describe


@dataclass(frozen=True)
class PreCall:
    account: str
    step: StepView
    person: ContactView | None
    promises: tuple[StepView, ...]  # open promises to this person (or the account, with nobody named)
    waiting: tuple[StepView, ...]  # what they owe us
    last_touch: str | None  # "lunch, 12 days ago: invited the HR manager"

    def lines(self, today: dt.date) -> list[str]:
        """The card as short lines (a notification's body, the small window's text)."""
        out = []
        if self.person is not None:
            who = self.person.name + (f", {self.person.title}" if self.person.title else "")
            role = f" — {self.person.role}" if self.person.role else ""
            out.append(f"{who}{role} ({self.account})")
            if self.person.resonates:
                out.append(f"Resonates: {self.person.resonates}")
        else:
            out.append(self.account)
        for step in self.promises:
            out.append(f"Promised: {step.title}" + (f" (due {friendly(step.due, today)})" if step.due else ""))
        for step in self.waiting:
            when = ""
            if step.due:
                when = f" ({'since' if step.due < today else 'expected'} {friendly(step.due, today)})"
            out.append(f"Waiting on: {step.title}{when}")
        out.append(f"Last touch: {self.last_touch}" if self.last_touch else "No touch logged yet")
        if self.step.repeat:
            out.append(f"Repeats {describe(self.step.repeat)}")
        return out

    def html(self, today: dt.date) -> str:
        lines = self.lines(today)
        head, rest = lines[0], lines[1:]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in rest)
        return f"<p><b>{html.escape(self.step.title)}</b><br>{html.escape(head)}</p><ul>{items}</ul>"


def precall(account: AccountView, step_id: str, today: dt.date) -> PreCall:
    """The card for one step of ``account`` (its plan-map snapshot)."""
    step = next(s for s in account.steps if s.id == step_id)
    person = account.contact(step.contact)
    about = step.contact

    def concerns(other: StepView) -> bool:
        return other.is_open and other.id != step.id and (about is None or other.contact == about)

    promises = tuple(s for s in account.steps if concerns(s) and s.promised and not s.waiting)
    waiting = tuple(s for s in account.steps if concerns(s) and s.waiting)
    touches = [t for t in account.touches if t.date <= today and (about is None or t.contact == about)]
    last = max(touches, key=lambda t: t.date, default=None)
    said = None
    if last is not None:
        said = f"{last.channel}, {days_ago(last.date, today)}" + (f": {last.note}" if last.note else "")
    return PreCall(account.name, step, person, promises, waiting, said)
