"""A kind of question mark as one object: its spec, its statement, its marks and its suggestion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from organizer.core.domain import DayItem, QuestionMark, Settings
from organizer.core.marks import MarkSpec, declare
from organizer.core.suggestion_types import Suggestion
from organizer.rules.room import Room
from organizer.rules.rows import ReadRows

# Builds the kind's SQLAlchemy statement (``scoped``: the shape with ``account IN :only``). It imports
# SQLAlchemy when called, not when its module is imported: the first read runs the compiled statement.
Statement = Callable[[bool], Any]
# Its rows (read by the kind's name) made marks: (read, day, settings, only accounts or None).
AccountMarks = Callable[[ReadRows, dt.date, Settings, Collection[str] | None], list[QuestionMark]]
OverdueMark = Callable[[DayItem, dt.date], QuestionMark | None]  # a step due before D that is this kind's
DayMark = Callable[[int, int, int], QuestionMark | None]  # (planned, capacity, busy minutes) → the day's mark


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind: exactly one of ``statement``+``marks``, ``overdue`` or ``day`` says where its marks come from."""

    spec: MarkSpec
    suggest: Callable[[QuestionMark, Room], Suggestion]
    statement: Statement | None = None
    marks: AccountMarks | None = None
    overdue: OverdueMark | None = None
    day: DayMark | None = None
    extra: Callable[[dt.date, Settings], dict[str, Any]] | None = None  # the statement's other parameters

    @property
    def kind(self) -> str:
        return self.spec.kind


RULES: dict[str, Rule] = {}


def rule(spec: MarkSpec, **parts: Any) -> Rule:
    """Declare a kind (its module calls this once): its words for every view, its rule for the morning."""
    made = Rule(declare(spec), **parts)
    if (made.statement is None) != (made.marks is None) or sum(
        part is not None for part in (made.marks, made.overdue, made.day)
    ) != 1:
        raise ValueError(f"{spec.kind}: a kind's marks come from one place (a statement, the overdue steps or the day)")
    RULES[spec.kind] = made
    return made
