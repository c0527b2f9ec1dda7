"""The team's reps, one row each, as their manager sees them (``team status``)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from ui.models.base import WARNING, Column, SnapshotTableModel

if TYPE_CHECKING:
    from organizer.app.team_server import RepStatus


def _kept(row: RepStatus) -> str:
    if not row.promises_due:
        return "—"
    return f"{row.promises_kept} of {row.promises_due} ({row.promises_kept / row.promises_due:.0%})"


def _ready(row: RepStatus) -> str:
    if row.away:
        return "Away"  # a day off: not "not ready"
    return "Ready" if row.question_marks == 0 else "Not yet"


def _day(row: RepStatus) -> str:
    """Their own capacity that day, and their calendar's busy time in it."""
    hours = f"{row.capacity_minutes / 60:g} h"
    return f"{hours}, {row.busy_minutes / 60:g} h busy" if row.busy_minutes else hours


def _days_off(row: RepStatus) -> str:
    """Their own coming days off, as runs of days: "Tue 24 Nov – Wed 25 Nov, Thu 24 Dec"."""
    from organizer.core.dates import day_ranges, range_text

    return ", ".join(range_text(first, last) for first, last in day_ranges(row.days_off)[:3]) or "—"


CENTRE = Qt.AlignmentFlag.AlignCenter


class TeamModel(SnapshotTableModel):
    """One row per rep: accounts, question marks, ready, confirmed, promises kept on time."""

    REP, ACCOUNTS, MARKS, READY, CONFIRMED, PROMISES, DAY, DAYS_OFF = range(8)
    columns = (
        Column("Rep", lambda r: r.rep, lambda r: r.rep),
        Column("Accounts", lambda r: str(r.accounts), lambda r: r.accounts, CENTRE),
        Column("Question marks", lambda r: str(r.question_marks), lambda r: r.question_marks, CENTRE),
        Column("Ready", _ready, lambda r: (r.away, r.question_marks == 0)),
        Column("Plan confirmed", lambda r: "Yes" if r.confirmed else "No", lambda r: r.confirmed),
        Column(
            "Promises kept (90 days)",
            _kept,
            lambda r: r.promises_kept / r.promises_due if r.promises_due else -1.0,
            tooltip=lambda r: "Promises due in the last 90 days that were kept on time",
        ),
        Column(
            "Their day",
            _day,
            lambda r: r.capacity_minutes - r.busy_minutes,
            tooltip=lambda r: "Their own capacity today (their settings, or the day's), and their calendar's busy time",
        ),
        Column("Days off", _days_off, lambda r: r.days_off[:1], tooltip=lambda r: "Their own coming days off"),
    )

    def key(self, item: RepStatus) -> Hashable:
        return item.rep

    def extra_data(self, item: RepStatus, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.MARKS, self.READY) and item.question_marks:
            if item.away:
                return None
            return QBrush(WARNING)
        return None
