"""The team's reps, one row each, as their manager sees them (``team status``)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from ui.models.base import WARNING, Column, SnapshotTableModel

if TYPE_CHECKING:
    from organizer.app.team import RepStatus


def _kept(row: RepStatus) -> str:
    if not row.promises_due:
        return "—"
    return f"{row.promises_kept} of {row.promises_due} ({row.promises_kept / row.promises_due:.0%})"


CENTRE = Qt.AlignmentFlag.AlignCenter


class TeamModel(SnapshotTableModel):
    """One row per rep: accounts, question marks, ready, confirmed, promises kept on time."""

    REP, ACCOUNTS, MARKS, READY, CONFIRMED, PROMISES = range(6)
    columns = (
        Column("Rep", lambda r: r.rep, lambda r: r.rep),
        Column("Accounts", lambda r: str(r.accounts), lambda r: r.accounts, CENTRE),
        Column("Question marks", lambda r: str(r.question_marks), lambda r: r.question_marks, CENTRE),
        Column("Ready", lambda r: "Ready" if r.question_marks == 0 else "Not yet", lambda r: r.question_marks == 0),
        Column("Plan confirmed", lambda r: "Yes" if r.confirmed else "No", lambda r: r.confirmed),
        Column(
            "Promises kept (90 days)",
            _kept,
            lambda r: r.promises_kept / r.promises_due if r.promises_due else -1.0,
            tooltip=lambda r: "Promises due in the last 90 days that were kept on time",
        ),
    )

    def key(self, item: RepStatus) -> Hashable:
        return item.rep

    def extra_data(self, item: RepStatus, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.MARKS, self.READY) and item.question_marks:
            return QBrush(WARNING)
        return None
