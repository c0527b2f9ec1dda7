"""The morning's question marks, the day's action list and "waiting on"."""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)

from organizer.app.views import Clash, overlaps
from organizer.core.domain import DayItem, MarkKey, QuestionMark
from organizer.core.recurrence import describe
from ui.models.base import (
    NO_INDEX,
    STEP_MIME,
    WARNING,
    Column,
    Index,
    Roles,
    SnapshotTableModel,
    minutes_text,
    sync_rows,
)
from ui.resources import icon, meeting_icon

# --- the morning's question marks --------------------------------------------------------------


def mark_key(mark: QuestionMark) -> MarkKey:
    return (mark.kind, mark.account, mark.goal, mark.step)


class QuestionMarkModel(QAbstractListModel):
    """The morning's question marks, one row each; a resolved mark's row is removed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marks: list[QuestionMark] = []

    def reset_marks(self, marks: Sequence[QuestionMark]) -> None:
        self.beginResetModel()
        self._marks = list(marks)
        self.endResetModel()

    def update_marks(self, marks: Sequence[QuestionMark]) -> None:
        sync_rows(self, self._marks, marks, mark_key)

    def mark(self, row: int) -> QuestionMark:
        return self._marks[row]

    def rowCount(self, parent: Index = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._marks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._marks):
            return None
        mark = self._marks[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return mark.message
        if role == Roles.OBJECT:
            return mark
        if role == Roles.KIND:
            return mark.kind
        if role == Roles.ACCOUNT:
            return mark.account
        if role == Roles.ID:
            return "|".join(str(part) for part in mark_key(mark))
        return None


# --- the day's action list and "waiting on" ---------------------------------------------------------


class DayModel(SnapshotTableModel):
    """The day's action list, in the day's order; drag and drop asks for a new order.

    A step whose time overlaps another's is flagged in the Time column.
    """

    order_requested = Signal(list)  # step ids in the wanted order
    completion_requested = Signal(str)  # a step id whose box was ticked: the view asks for the outcome

    DONE, TIME, TITLE, WITH, ACCOUNT, MINUTES = range(6)
    columns = (
        Column("", lambda i: ""),
        Column("Time", lambda i: i.time or "", lambda i: i.time or "99:99"),
        Column("Step", lambda i: _step_title(i), tooltip=lambda i: _step_tip(i)),
        Column("With", lambda i: i.contact_name or ""),
        Column("Account", lambda i: i.account_name),
        Column(
            "Minutes",
            lambda i: minutes_text(i.minutes),
            lambda i: i.minutes or 0,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clashes: dict[str, Clash] = {}

    def key(self, item: DayItem) -> Hashable:
        return item.step

    def reset_rows(self, rows: Sequence[DayItem]) -> None:
        self._clashes = overlaps(rows)
        super().reset_rows(rows)

    def update_rows(self, rows: Sequence[DayItem]) -> None:
        """Rows that did not change can still start or stop clashing: their Time cell is signalled too."""
        before = self._clashes
        self._clashes = overlaps(rows)
        super().update_rows(rows)
        for step in before.keys() ^ self._clashes.keys():
            row = self.row_of(step)
            if row is not None:
                cell = self.index(row, self.TIME)
                self.dataChanged.emit(cell, cell, [])

    def clash(self, step: str) -> Clash | None:
        return self._clashes.get(step)

    def step_ids(self) -> list[str]:
        return [item.step for item in self._rows]

    def extra_data(self, item: DayItem, column: int, role: int) -> Any:
        clash = self._clashes.get(item.step)
        if clash is not None and column == self.TIME:
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("overdue")
            if role == Qt.ItemDataRole.ForegroundRole:
                return WARNING
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                return f"Overlaps “{clash.other_title}” ({clash.other_start}–{clash.other_end})"
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            return Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE and item.event:
            return meeting_icon()
        if role == Roles.ACCOUNT:
            return item.account
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.DONE:
            return f"Mark “{item.title}” done"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base | Qt.ItemFlag.ItemIsDropEnabled
        base |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == self.DONE:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ticking the box is a request: finishing a step needs its outcome, which the view asks for."""
        if index.isValid() and index.column() == self.DONE and role == Qt.ItemDataRole.CheckStateRole:
            self.completion_requested.emit(self._rows[index.row()].step)
        return False

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [STEP_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        data.setData(STEP_MIME, json.dumps([self._rows[row].step for row in rows]).encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return data.hasFormat(STEP_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Work out the order the drop asks for; the store changes it, and the refresh moves the rows.

        Returns False so the view does not also remove the dragged rows itself.
        """
        if not data.hasFormat(STEP_MIME):
            return False
        moved = json.loads(bytes(data.data(STEP_MIME).data()).decode())
        target = parent.row() if parent.isValid() else (row if row >= 0 else len(self._rows))
        self.order_requested.emit(reorder(self.step_ids(), moved, target))
        return False


def reorder(order: Sequence[str], moved: Sequence[str], target: int) -> list[str]:
    """``order`` with ``moved`` taken out and put back before the row that was at ``target``."""
    before = [step for step in order[:target] if step not in moved]
    after = [step for step in order[target:] if step not in moved]
    return [*before, *[m for m in moved if m in order], *after]


def _step_title(item: DayItem) -> str:
    """★ a promise, ↻ a repeating step."""
    return ("★ " if item.promised else "") + item.title + (" ↻" if item.repeat else "")


def _step_tip(item: DayItem) -> str:
    parts = [item.title, item.account_name]
    if item.repeat:
        parts.append(f"repeats {describe(item.repeat)}")
    if item.contact_name:
        parts.append(f"with {item.contact_name}")
    if item.promised:
        parts.append("a promise")
    if item.event:
        parts.append("a meeting from your calendar")
    return " · ".join(parts)


class WaitingModel(SnapshotTableModel):
    """What the rep is waiting on today: from whom, for which account."""

    columns = (
        Column("Waiting on", lambda i: i.title + (" ↻" if i.repeat else "")),
        Column("From", lambda i: i.contact_name or "—"),
        Column("Account", lambda i: i.account_name),
    )

    def key(self, item: DayItem) -> Hashable:
        return item.step

    def extra_data(self, item: DayItem, column: int, role: int) -> Any:
        return item.account if role == Roles.ACCOUNT else None
