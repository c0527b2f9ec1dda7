"""out-of-touch: an account with a cadence and no touch within it, up to D."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from organizer.core.dates import friendly
from organizer.core.domain import QuestionMark, Settings
from organizer.core.marks import MarkSpec
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds._rule import rule
from organizer.rules.room import Room
from organizer.rules.rows import ReadRows, as_date

KIND = "out-of-touch"


def statement(scoped: bool) -> Any:
    """(account, name, cadence, last touch on or before D) of non-archived accounts with a cadence."""
    from sqlalchemy import func, select

    from organizer.rules.sql import DAY, not_archived, within
    from organizer.store.models import Account, Touch

    last = (
        select(func.max(Touch.date))
        .where(Touch.account_id == Account.id, Touch.date <= DAY)
        .correlate(Account)
        .scalar_subquery()
    )
    return select(Account.id, Account.name, Account.cadence_days, last).where(
        not_archived(), Account.cadence_days.is_not(None), within(Account.id, scoped)
    )


def marks(read: ReadRows, day: dt.date, _settings: Settings, only: Collection[str] | None) -> list[QuestionMark]:
    found = []
    for account, name, cadence, last in read(KIND, day, only):
        last_day = as_date(last)
        if last_day is None:
            message = f"{name}: out of touch — no touch yet (every {cadence} days)"
        else:
            gap = (day - last_day).days
            if gap <= cadence:
                continue
            message = (
                f"{name}: out of touch — last touch {friendly(last_day, day)}, {gap} days ago (every {cadence} days)"
            )
        found.append(QuestionMark(KIND, account, None, None, message, name))
    return found


def touch(_mark: QuestionMark, _room: Room) -> Suggestion:
    return Suggestion("touch")  # get in touch today and log it


RULE = rule(
    MarkSpec(KIND, "client out of touch", "clients out of touch", "out of touch", "touch",
             (("touch", "Log a touch…"),), about="touch"),
    statement=statement, marks=marks, suggest=touch,
)  # fmt: skip
