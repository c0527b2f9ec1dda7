"""The domain vocabulary of SPEC.md: enumerations, limits and plain snapshots.

Snapshots are frozen dataclasses handed to views and the CLI: no ORM object ever
leaves a session, so nothing lazy-loads on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Stage(StrEnum):
    PROSPECT = "prospect"
    CLIENT = "client"
    FORMER = "former"


class Role(StrEnum):
    DECISION_MAKER = "decision-maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    OTHER = "other"


class GoalStatus(StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class StepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Channel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"
    LUNCH = "lunch"
    MEETING = "meeting"
    LETTER = "letter"
    SOCIAL = "social"
    NEWSLETTER = "newsletter"
    TRAINING = "training"
    OTHER = "other"


class MarkKind(StrEnum):
    """The eight question marks, in the order the morning view shows them."""

    PROMISE_OVERDUE = "promise-overdue"
    WAITING_OVERDUE = "waiting-overdue"
    OVERDUE_STEP = "overdue-step"
    NO_NEXT_STEP = "no-next-step"
    GOAL_WITHOUT_STEP = "goal-without-step"
    RENEWAL_UNPLANNED = "renewal-unplanned"
    OUT_OF_TOUCH = "out-of-touch"
    OVER_CAPACITY = "over-capacity"


ACTIVE_STAGES = (Stage.PROSPECT.value, Stage.CLIENT.value)

# Limits: bounded text keeps a typo (or a pasted novel) from reaching the store.
MAX_ID = 100
MAX_NAME = 200
MAX_TITLE = 500
MAX_SHORT = 200  # title, industry, email, phone, channel note
MAX_TEXT = 20_000  # notes, mission, resonates, outcome
MIN_MINUTES, MAX_MINUTES = 0, 1440
MIN_CADENCE, MAX_CADENCE = 1, 3650
MIN_WINDOW, MAX_WINDOW = 0, 3650
DEFAULT_CAPACITY = 360
DEFAULT_RENEWAL_WINDOW = 60


@dataclass(frozen=True, slots=True)
class Settings:
    capacity_minutes: int = DEFAULT_CAPACITY
    renewal_window_days: int = DEFAULT_RENEWAL_WINDOW


@dataclass(frozen=True, slots=True)
class QuestionMark:
    kind: MarkKind
    account: str | None
    goal: str | None
    step: str | None
    message: str
    account_name: str | None = None
    step_title: str | None = None
    due: dt.date | None = None
    contact_name: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
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


@dataclass(frozen=True, slots=True)
class Morning:
    date: dt.date
    confirmed: bool
    question_marks: tuple[QuestionMark, ...]
    today: tuple[DayItem, ...]
    waiting: tuple[DayItem, ...]
    capacity_minutes: int
    order: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return not self.question_marks

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes or 0 for item in self.today)

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "confirmed": self.confirmed,
            "ready": self.ready,
            "question_marks": [m.to_json() for m in self.question_marks],
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

    def steps_of(self, goal_id: str | None) -> tuple[StepView, ...]:
        return tuple(s for s in self.steps if s.goal == goal_id)

    def contact(self, contact_id: str | None) -> ContactView | None:
        return next((c for c in self.contacts if c.id == contact_id), None)

    def goal(self, goal_id: str | None) -> GoalView | None:
        return next((g for g in self.goals if g.id == goal_id), None)
