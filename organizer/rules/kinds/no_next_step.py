"""no-next-step: an active account with no action step due from D (undated and overdue ones are not next)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from organizer.core.domain import QuestionMark, Settings
from organizer.core.marks import MarkSpec
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds._rule import rule
from organizer.rules.room import SCHEDULE_MINUTES, Room
from organizer.rules.rows import ReadRows

KIND = "no-next-step"


def statement(scoped: bool) -> Any:
    """(account, name) of active accounts without a dated action step from D."""
    from sqlalchemy import select

    from organizer.rules.sql import action_step_exists, active_account, within
    from organizer.store.models import Account

    return select(Account.id, Account.name).where(active_account(), ~action_step_exists(), within(Account.id, scoped))


def marks(read: ReadRows, day: dt.date, _settings: Settings, only: Collection[str] | None) -> list[QuestionMark]:
    rows = read(KIND, day, only)
    return [QuestionMark(KIND, account, None, None, f"{name}: no next step", name) for account, name in rows]


def schedule(_mark: QuestionMark, room: Room) -> Suggestion:
    """The first day with room for a 30-minute step from D + 1: the rep names the step."""
    date = room.loads.first_with_room(SCHEDULE_MINUTES, room.day + dt.timedelta(days=1))
    room.loads.move(SCHEDULE_MINUTES, date)
    return Suggestion("schedule", date)


RULE = rule(
    MarkSpec(KIND, "account without a next step", "accounts without a next step", "no next step", "next-step",
             (("schedule", "Schedule next step…"),), about="account"),
    statement=statement, marks=marks, suggest=schedule,
)  # fmt: skip
