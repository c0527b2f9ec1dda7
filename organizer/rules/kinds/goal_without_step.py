"""goal-without-step: an open goal of a non-archived account with no live step at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from organizer.core.domain import QuestionMark, Settings
from organizer.core.marks import MarkSpec
from organizer.rules.kinds._rule import rule
from organizer.rules.kinds.no_next_step import schedule
from organizer.rules.rows import ReadRows

KIND = "goal-without-step"


def statement(scoped: bool) -> Any:
    """(goal, title, account, name) of open goals without an open step."""
    from sqlalchemy import exists, select

    from organizer.rules.sql import not_archived, within
    from organizer.store.models import Account, Goal, Step

    has_step = exists().where(Step.goal_id == Goal.id, Step.status == "open")
    return (
        select(Goal.id, Goal.title, Account.id, Account.name)
        .join(Account, Account.id == Goal.account_id)
        .where(not_archived(), Goal.status == "open", ~has_step, within(Goal.account_id, scoped))
    )


def marks(read: ReadRows, day: dt.date, _settings: Settings, only: Collection[str] | None) -> list[QuestionMark]:
    return [
        QuestionMark(KIND, account, goal, None, f"{name}: goal “{title}” has no step", name)
        for goal, title, account, name in read(KIND, day, only)
    ]


RULE = rule(
    MarkSpec(KIND, "goal without a step", "goals without a step", "goal without a step", "goal",
             (("schedule", "Add a step…"), ("achieve", "Achieved"), ("drop-goal", "Drop goal")), about="goal"),
    statement=statement, marks=marks, suggest=schedule,
)  # fmt: skip
