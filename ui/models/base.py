"""The models' common ground: roles, the snapshot table model and ``sync_rows`` (only what changed moves)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from organizer.core.dates import friendly
from organizer.core.marks import MARKS, MarkKind

Index = QModelIndex | QPersistentModelIndex
NO_INDEX = QModelIndex()
STEP_MIME = "application/x-daymap-step-ids"


class Roles(IntEnum):
    """Custom roles, from Qt.UserRole; OBJECT returns the row's domain snapshot."""

    OBJECT = Qt.ItemDataRole.UserRole
    ID = Qt.ItemDataRole.UserRole + 1
    KIND = Qt.ItemDataRole.UserRole + 2
    ACCOUNT = Qt.ItemDataRole.UserRole + 3
    SORT = Qt.ItemDataRole.UserRole + 4
    BADGE = Qt.ItemDataRole.UserRole + 5
    STATUS = Qt.ItemDataRole.UserRole + 6


def sync_rows(
    model: QAbstractItemModel,
    rows: list[Any],
    new: Sequence[Any],
    key: Callable[[Any], Hashable],
    parent: Index = NO_INDEX,
    same: Callable[[Any, Any], bool] | None = None,
    on_replace: Callable[[Any, Any], None] | None = None,
) -> None:
    """Make ``rows`` (the model's own list) equal ``new`` through removes, moves, inserts and dataChanged.

    ``same`` says whether two rows with one key look the same (default: ==); ``on_replace``
    lets a tree model carry a node's children over instead of replacing the node.
    """
    wanted = {key(item) for item in new}
    row = len(rows) - 1
    while row >= 0:  # removals, bottom up, a contiguous run at a time
        if key(rows[row]) in wanted:
            row -= 1
            continue
        last = row
        while row > 0 and key(rows[row - 1]) not in wanted:
            row -= 1
        model.beginRemoveRows(parent, row, last)
        del rows[row : last + 1]
        model.endRemoveRows()
        row -= 1
    equal = same or (lambda a, b: a == b)
    # a list model's columnCount is private in PySide6: it has one column
    last_column = 0 if isinstance(model, QAbstractListModel) else max(model.columnCount(parent) - 1, 0)
    for position, item in enumerate(new):
        item_key = key(item)
        if position < len(rows) and key(rows[position]) == item_key:
            pass
        else:
            found = next((j for j in range(position + 1, len(rows)) if key(rows[j]) == item_key), None)
            if found is None:
                model.beginInsertRows(parent, position, position)
                rows.insert(position, item)
                model.endInsertRows()
                if on_replace is not None:
                    on_replace(None, item)
                continue
            model.beginMoveRows(parent, found, found, parent, position)
            rows.insert(position, rows.pop(found))
            model.endMoveRows()
        old = rows[position]
        if on_replace is not None:
            on_replace(old, item)
        if not equal(old, item):
            rows[position] = item if on_replace is None else rows[position]
            model.dataChanged.emit(model.index(position, 0, parent), model.index(position, last_column, parent), [])


def _muted() -> QBrush:
    palette = QApplication.palette()
    return palette.brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


WARNING = QColor("#c0392b")


def due_text(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return "—"
    if due == today:
        return "Today"
    if due == today + dt.timedelta(days=1):
        return "Tomorrow"
    return friendly(due, today)


def minutes_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


@dataclass(frozen=True)
class Column:
    header: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[Any], str | None] | None = None


class SnapshotTableModel(QAbstractTableModel):
    """A table over a list of frozen snapshots, keyed by ``key``; subclasses name the columns."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    # --- the adapter -------------------------------------------------------------------------

    def key(self, item: Any) -> Hashable:
        key: Hashable = item.id
        return key

    def reset_rows(self, rows: Sequence[Any]) -> None:
        """A new query: another day, another account."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[Any]) -> None:
        """The same query, refreshed: only what changed is signalled."""
        sync_rows(self, self._rows, rows, self.key)

    def item(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, key: Hashable) -> int | None:
        return next((row for row, item in enumerate(self._rows) if self.key(item) == key), None)

    # --- Qt -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(item)
        if role == Roles.OBJECT:
            return item
        if role == Roles.ID:
            return self.key(item)
        if role == Roles.SORT:
            return column.sort(item) if column.sort else column.display(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(item)
        return self.extra_data(item, index.column(), role)

    def extra_data(self, item: Any, column: int, role: int) -> Any:
        return None


def mark_icon_name(kind: MarkKind | str) -> str:
    return MARKS[kind].icon
