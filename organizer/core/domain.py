"""The domain vocabulary of SPEC.md: enumerations, limits and plain snapshots (frozen dataclasses handed
to views and the CLI: no ORM object ever leaves a session)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from organizer.core.dates import DaysOff
from organizer.core.vocabulary import Channel, GoalStatus, Stage, StepStatus

SAMPLE_ACCOUNTS = 40  # the welcome's sample territory, as the README says
"""The app's sample territory: big enough to show every question mark, small enough to read in a morning."""


# Limits: bounded text keeps a typo (or a pasted novel) from reaching the store.
MAX_NAME = 200
MAX_TITLE = 500
MAX_SHORT = 200  # title, industry, email, phone, channel note
MAX_REFERENCE = 998  # a calendar event's UID, an email's Message-ID (a header line's length)
MAX_TEXT = 20_000  # notes, mission, resonates, outcome
MIN_MINUTES, MAX_MINUTES = 0, 1440
MIN_CADENCE, MAX_CADENCE = 1, 3650
MIN_WINDOW, MAX_WINDOW = 0, 3650
DEFAULT_CAPACITY = 360
# The dates a plan can hold. Outside them is a typo (0001-01-01, 9999-12-31), and every view that
# looks ahead or back (calendars, ISO weeks, suggestions searching for room) stays far from date.max.
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
DEFAULT_RENEWAL_WINDOW = 60


@dataclass(frozen=True, slots=True)
class Settings:
    capacity_minutes: int = DEFAULT_CAPACITY
    renewal_window_days: int = DEFAULT_RENEWAL_WINDOW
    days_off: tuple[dt.date, ...] = ()  # the rep's own: holidays, vacation (sorted)
    holidays_country: str | None = None  # ISO 3166: that country's public holidays are days off too

    @classmethod
    def stored(cls, capacity: int, window: int, days_off: Any, country: str | None) -> Settings:
        """The settings from their stored columns (``days_off`` a JSON list of ISO dates, or None)."""
        if isinstance(days_off, str):  # plain sqlite3 gives the JSON column's text
            import json

            days_off = json.loads(days_off)
        dates = tuple(sorted({dt.date.fromisoformat(text) for text in days_off or ()}))
        return cls(capacity, window, dates, country or None)

    def exchange(self) -> dict[str, Any]:
        """Every setting under its exchange-format name (an export leaves the empty ones out)."""
        return {
            "capacity_minutes": self.capacity_minutes,
            "renewal_window_days": self.renewal_window_days,
            "days_off": [day.isoformat() for day in self.days_off],
            "holidays_country": self.holidays_country,
        }

    @property
    def off(self) -> DaysOff:
        """What working days skip (SPEC.md "Suggestions")."""
        return DaysOff(frozenset(self.days_off), self.holidays_country)


MarkKey = tuple[str, str | None, str | None, str | None]  # (kind, account, goal, step): a mark's identity


@dataclass(frozen=True, slots=True)
class QuestionMark:
    kind: str  # its kind's name in SPEC.md (organizer.rules.kinds declares each)
    account: str | None
    goal: str | None
    step: str | None
    message: str
    account_name: str | None = None
    step_title: str | None = None
    due: dt.date | None = None
    contact_name: str | None = None
    minutes: int | None = None  # the step's estimate: a suggestion looks for a day with room for it

    @property
    def key(self) -> MarkKey:
        """The mark's identity (its suggestion is found by it)."""
        return (self.kind, self.account, self.goal, self.step)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "account": self.account,
            "goal": self.goal,
            "step": self.step,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class DayItem:
    """One line of the day's action list (or of "waiting on")."""

    step: str
    account: str
    account_name: str
    goal: str | None
    title: str
    due: dt.date | None
    time: str | None
    minutes: int | None
    promised: bool
    waiting: bool
    contact: str | None
    contact_name: str | None
    repeat: str | None = None  # a repeating step's rule (the lists mark it ↻)
    event: str | None = None  # a meeting from the calendar: its event (the lists show the calendar's icon)


@dataclass(frozen=True, slots=True)
class Morning:
    date: dt.date
    confirmed: bool
    question_marks: tuple[QuestionMark, ...]
    today: tuple[DayItem, ...]
    waiting: tuple[DayItem, ...]
    capacity_minutes: int
    order: tuple[str, ...] = ()
    busy_minutes: int = 0  # the calendar's busy time on the day (SPEC.md "The calendar")

    @property
    def ready(self) -> bool:
        return not self.question_marks

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes or 0 for item in self.today)

    def to_json(self, suggestions: Mapping[MarkKey, Any] | None = None) -> dict[str, Any]:
        """The contract's ``morning --json``; with ``suggestions`` (by mark key) each mark carries its ``suggest``."""
        marks = []
        for mark in self.question_marks:
            item = mark.to_json()
            if suggestions is not None:
                item["suggest"] = suggestions.get((mark.kind, mark.account, mark.goal, mark.step))
            marks.append(item)
        return {
            "date": self.date.isoformat(),
            "confirmed": self.confirmed,
            "ready": self.ready,
            "question_marks": marks,
            "today": [
                {
                    "step": i.step,
                    "account": i.account,
                    "goal": i.goal,
                    "title": i.title,
                    "time": i.time,
                    "minutes": i.minutes,
                    "promised": i.promised,
                }
                for i in self.today
            ],
            "waiting": [
                {"step": i.step, "account": i.account, "title": i.title, "contact": i.contact} for i in self.waiting
            ],
            "planned_minutes": self.planned_minutes,
            "busy_minutes": self.busy_minutes,
            "capacity_minutes": self.capacity_minutes,
        }


@dataclass(frozen=True, slots=True)
class ContactView:
    id: str
    account: str
    name: str
    title: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    resonates: str | None = None
    notes: str | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class Move:
    """A person who changed accounts: the VP who moved on brings the new company along (SPEC, "existing clients")."""

    contact: str
    name: str
    title: str | None
    earlier_account: str
    earlier_name: str
    until: dt.date | None
    now_account: str
    now_name: str


@dataclass(frozen=True, slots=True)
class StepView:
    id: str
    account: str
    goal: str | None
    title: str
    due: dt.date | None = None
    time: str | None = None
    minutes: int | None = None
    contact: str | None = None
    promised: bool = False
    waiting: bool = False
    status: str = StepStatus.OPEN.value
    done: dt.date | None = None
    outcome: str | None = None
    version: int = 1
    repeat: str | None = None
    event: str | None = None  # the calendar meeting it came from (SPEC.md "The calendar")

    @property
    def is_open(self) -> bool:
        return self.status == StepStatus.OPEN.value


@dataclass(frozen=True, slots=True)
class GoalView:
    id: str
    account: str
    title: str
    status: str = GoalStatus.OPEN.value
    target: dt.date | None = None
    notes: str | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class TouchView:
    id: str
    account: str
    date: dt.date
    channel: str = Channel.OTHER.value
    contact: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """One row of the accounts list: what the rep scans, not the whole plan."""

    id: str
    name: str
    stage: str
    archived: bool
    industry: str | None
    last_touch: dt.date | None
    next_step_due: dt.date | None
    next_step_title: str | None
    marks: int
    version: int = 1
    next_step_meeting: bool = False  # the next step is a meeting from the calendar (the list shows its icon)


@dataclass(frozen=True, slots=True)
class AccountView:
    """A whole plan map: the account with its people, goals, steps and touches."""

    id: str
    name: str
    stage: str = Stage.PROSPECT.value
    mission: str | None = None
    industry: str | None = None
    cadence_days: int | None = None
    renewal: dt.date | None = None
    archived: bool = False
    notes: str | None = None
    version: int = 1
    contacts: tuple[ContactView, ...] = ()
    goals: tuple[GoalView, ...] = ()
    steps: tuple[StepView, ...] = field(default=())
    touches: tuple[TouchView, ...] = ()
    moves: tuple[Move, ...] = ()  # its people who were elsewhere before, and people who were here and moved on

    def steps_of(self, goal_id: str | None) -> tuple[StepView, ...]:
        return tuple(s for s in self.steps if s.goal == goal_id)

    def contact(self, contact_id: str | None) -> ContactView | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def goal(self, goal_id: str | None) -> GoalView | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def is_live(self, step: StepView) -> bool:
        """Open, under an open goal or none: what the rules, the day's list and the next step count."""
        goal = self.goal(step.goal)
        return step.is_open and (goal is None or goal.status == "open")

    def is_parked(self, step: StepView) -> bool:
        """Open, but under an achieved or dropped goal: kept, shown greyed, ignored by every rule."""
        return step.is_open and not self.is_live(step)


@dataclass(frozen=True)
class Change:
    """What one operation changed, so views refresh only that."""

    kind: str
    ids: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()
    days: frozenset[dt.date] = frozenset()
    created: str | None = None
    deleted: bool = False
    before: Mapping[str, Any] = field(default_factory=dict)
    version: int | None = None  # the updated object's version after the write (the next edit expects it)
    spawned: str | None = None  # a repeating step closed: the id of its next occurrence, made in the same write

    def touches_account(self, account_id: str) -> bool:
        return account_id in self.accounts

    wide: bool = False  # a combined change with a part that reaches beyond its accounts

    @classmethod
    def combine(cls, changes: list[Change]) -> Change:
        """One user action's changes as one (an action may write several objects in its transaction)."""
        if len(changes) == 1:
            return changes[0]
        kinds = {change.kind for change in changes}
        return cls(
            kinds.pop() if len(kinds) == 1 else "batch",
            frozenset().union(*(c.ids for c in changes)),
            frozenset().union(*(c.accounts for c in changes)),
            frozenset().union(*(c.days for c in changes)),
            created=next((c.created for c in changes if c.created), None),
            deleted=any(c.deleted for c in changes),
            version=changes[-1].version,
            spawned=next((c.spawned for c in changes if c.spawned), None),
            wide=not all(c.confined for c in changes),
        )

    @property
    def confined(self) -> bool:
        """Does this change reach only ``accounts``' question marks and items (and the day's own settings)?

        Then ``evaluate.refresh_morning`` may recompute just those accounts. A contact's name shows in
        other accounts' marks; the settings, an import or a deleted account reach further.
        """
        if self.wide:
            return False
        if self.kind in ("day", "batch"):
            return True
        if self.kind == "account" and self.deleted:
            return False
        return self.kind in ("account", "goal", "step", "touch") and bool(self.accounts)


ID_PREFIX = {"account": "a", "contact": "c", "goal": "g", "step": "s", "touch": "t"}


def new_id(kind: str) -> str:
    """A fresh id for an object created in the app (or given without one in a file)."""
    return f"{ID_PREFIX[kind]}-{secrets.token_hex(8)}"
