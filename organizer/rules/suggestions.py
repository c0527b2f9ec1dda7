"""Suggestions: every resolution proposes a day that has room (SPEC.md, "Suggestions").

Set-based: one statement reads the loads of every day from D on, one the days' own
capacities; the marks are then walked in the spec's order (``core.marks.SUGGESTION_ORDER``),
and each kind's own suggestion (``organizer.rules.kinds``) counts the minutes the ones before
it moved, so no suggestion puts a day over its capacity that was within it.

The rows come through a :class:`ReadRows` (``rules.session_rows`` or the first read's plain
``sqlite3``), so every path that draws a morning carries its suggestions. This module
imports no SQLAlchemy (an import-linter contract keeps it so).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from organizer.core.domain import MarkKey, Morning, QuestionMark
from organizer.core.suggestion_types import Suggestion
from organizer.rules.kinds import RULES, SUGGESTED
from organizer.rules.room import DayLoads as DayLoads  # re-exported: the app's date pickers read days with room
from organizer.rules.room import Room, renewal_steps
from organizer.rules.room import read_day_loads as read_day_loads
from organizer.rules.rows import ReadRows, read_settings

SUGGESTION_ORDER = tuple(r.kind for r in SUGGESTED)  # the order suggestions are made in
_RANK = {kind: index for index, kind in enumerate(SUGGESTION_ORDER)}


def mark_key(mark: QuestionMark) -> MarkKey:
    return mark.key


def _order(mark: QuestionMark) -> tuple[Any, ...]:
    if mark.step is not None:
        return (_RANK[mark.kind], 0, mark.due or dt.date.min, mark.step, "")
    return (_RANK[mark.kind], 1, dt.date.min, mark.account or "", mark.goal or "")


def suggest(read: ReadRows, morning: Morning) -> dict[MarkKey, Suggestion]:
    """A suggestion for every question mark of ``morning``."""
    settings = read_settings(read, morning.date)
    room = Room(morning, read_day_loads(read, morning.date, settings), renewal_steps(read, morning.date, settings))
    return {mark.key: RULES[mark.kind].suggest(mark, room) for mark in sorted(morning.question_marks, key=_order)}
