"""The accounts list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush

from organizer.core.domain import (
    AccountSummary,
)
from ui.models.base import (
    NO_INDEX,
    WARNING,
    Column,
    Index,
    Roles,
    SnapshotTableModel,
    _muted,
    due_text,
)
from ui.resources import meeting_icon

# --- accounts ---------------------------------------------------------------------------------------


class AccountsModel(SnapshotTableModel):
    """Every account's summary row; rows reach the view in batches (``fetchMore``) so 5,000 open fast."""

    BATCH = 200
    NAME, STAGE, MARKS, LAST_TOUCH, NEXT_STEP = range(5)

    def __init__(self, today: dt.date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[AccountSummary] = []
        self.today = today
        self.columns = (
            Column("Account", lambda a: a.name, lambda a: a.name.casefold()),
            Column("Stage", lambda a: a.stage.capitalize() + (" (archived)" if a.archived else "")),
            Column(
                "?",
                lambda a: str(a.marks) if a.marks else "",
                lambda a: a.marks,
                Qt.AlignmentFlag.AlignCenter,
                lambda a: f"{a.marks} question mark(s) this morning" if a.marks else "No question marks",
            ),
            Column(
                "Last touch",
                lambda a: due_text(a.last_touch, self.today) if a.last_touch else "never",
                lambda a: a.last_touch or dt.date.min,
            ),
            Column(
                "Next step",
                lambda a: f"{due_text(a.next_step_due, self.today)} · {a.next_step_title}" if a.next_step_due else "—",
                lambda a: a.next_step_due or dt.date.max,
            ),
        )

    def reset_summaries(self, summaries: Sequence[AccountSummary], today: dt.date) -> None:
        self.today = today
        self._all = list(summaries)
        self.reset_rows(self._all[: self.BATCH])

    def update_summaries(self, summaries: Sequence[AccountSummary]) -> None:
        self._all = list(summaries)
        shown = max(len(self._rows), min(self.BATCH, len(self._all)))
        self.update_rows(self._all[:shown])

    def canFetchMore(self, parent: Index = NO_INDEX) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: Index = NO_INDEX) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._all[start : start + self.BATCH]
        if not more:
            return
        self.beginInsertRows(NO_INDEX, start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def total(self) -> int:
        return len(self._all)

    def extra_data(self, item: AccountSummary, column: int, role: int) -> Any:
        if role == Roles.BADGE:
            return item.marks
        if role == Roles.STATUS:
            return item.stage
        if role == Qt.ItemDataRole.ForegroundRole and (item.archived or item.stage == "former"):
            return _muted()
        if role == Qt.ItemDataRole.ForegroundRole and column == self.NEXT_STEP and item.next_step_due is None:
            return QBrush(WARNING)
        if role == Qt.ItemDataRole.DecorationRole and column == self.NEXT_STEP and item.next_step_meeting:
            return meeting_icon()
        return None
