"""renewal-unplanned: a renewal R within the window and no action step due from D up to R."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from organizer.core.dates import friendly
from organizer.core.domain import QuestionMark, Settings
from organizer.core.marks import MarkSpec
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds._rule import rule
from organizer.rules.room import SCHEDULE_MINUTES, DayLoads, Room
from organizer.rules.rows import ReadRows

KIND = "renewal-unplanned"


def statement(scoped: bool) -> Any:
    """(account, name, renewal) of renewals between D and :horizon without a step before them."""
    from sqlalchemy import bindparam, select

    from organizer.rules.sql import DAY, action_step_exists, not_archived, within
    from organizer.store.models import Account

    return select(Account.id, Account.name, Account.renewal).where(
        not_archived(),
        Account.renewal.between(DAY, bindparam("horizon")),
        ~action_step_exists(Account.renewal),
        within(Account.id, scoped),
    )


def marks(read: ReadRows, day: dt.date, settings: Settings, only: Collection[str] | None) -> list[QuestionMark]:
    horizon = day + dt.timedelta(days=settings.renewal_window_days)
    return [
        QuestionMark(
            KIND, account, None, None, f"{name}: renewal on {friendly(renewal, day)} is not planned", name, due=renewal
        )
        for account, name, renewal in read(KIND, day, only, horizon=horizon)
    ]


def before_renewal(loads: DayLoads, day: dt.date, renewal: dt.date) -> dt.date:
    """The first working day with room from D + 1 up to R; else the least loaded of them; none of them: D."""
    candidates = []
    current = day + dt.timedelta(days=1)
    while current <= renewal:
        if loads.is_working(current):
            candidates.append(current)
        current += dt.timedelta(days=1)
    if not candidates:
        return day
    roomy = next((d for d in candidates if loads.fits(d, SCHEDULE_MINUTES)), None)
    return roomy or min(candidates, key=lambda d: (loads.load[d], d))


def schedule_before(mark: QuestionMark, room: Room) -> Suggestion:
    date = before_renewal(room.loads, room.day, mark.due or room.day)
    room.loads.move(SCHEDULE_MINUTES, date)
    return Suggestion("schedule", date)


RULE = rule(
    MarkSpec(KIND, "renewal to plan", "renewals to plan", "renewal unplanned", "renewal",
             (("renewal", "Plan the renewal…"),), about="renewal"),
    statement=statement, marks=marks, suggest=schedule_before,
)  # fmt: skip
