"""Qt models: thin adapters over the domain's snapshots.

The domain owns the data. A model holds the last snapshot it was given and, on a
refresh, translates the difference into Qt's vocabulary: rows that went are removed,
new rows inserted, moved rows moved, and ``dataChanged`` covers only the rows whose
snapshot changed. A model is reset only for a new query (another day, another account).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from organizer.core.domain import (
    AccountSummary,
    AccountView,
    ContactView,
    DayItem,
    GoalView,
    MarkKind,
    QuestionMark,
    StepView,
    TouchView,
    friendly,
)

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


# --- the morning's question marks --------------------------------------------------------------


def mark_key(mark: QuestionMark) -> tuple[MarkKind, str | None, str | None, str | None]:
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
            return mark.kind.value
        if role == Roles.ACCOUNT:
            return mark.account
        if role == Roles.ID:
            return "|".join(str(part) for part in mark_key(mark))
        return None


# --- the day's action list and "waiting on" ---------------------------------------------------------


class DayModel(SnapshotTableModel):
    """The day's action list, in the day's order; drag and drop asks for a new order."""

    order_requested = Signal(list)  # step ids in the wanted order
    completion_requested = Signal(str)  # a step id whose box was ticked: the view asks for the outcome

    DONE, TIME, TITLE, ACCOUNT, MINUTES = range(5)
    columns = (
        Column("", lambda i: ""),
        Column("Time", lambda i: i.time or "", lambda i: i.time or "99:99"),
        Column("Step", lambda i: ("★ " if i.promised else "") + i.title, tooltip=lambda i: _step_tip(i)),
        Column("Account", lambda i: i.account_name),
        Column(
            "Minutes",
            lambda i: minutes_text(i.minutes),
            lambda i: i.minutes or 0,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
    )

    def key(self, item: DayItem) -> Hashable:
        return item.step

    def step_ids(self) -> list[str]:
        return [item.step for item in self._rows]

    def extra_data(self, item: DayItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            return Qt.CheckState.Unchecked
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


def _step_tip(item: DayItem) -> str:
    parts = [item.title, item.account_name]
    if item.contact_name:
        parts.append(f"with {item.contact_name}")
    if item.promised:
        parts.append("a promise")
    return " · ".join(parts)


class WaitingModel(SnapshotTableModel):
    """What the rep is waiting on today: from whom, for which account."""

    columns = (
        Column("Waiting on", lambda i: i.title),
        Column("From", lambda i: i.contact_name or "—"),
        Column("Account", lambda i: i.account_name),
    )

    def key(self, item: DayItem) -> Hashable:
        return item.step

    def extra_data(self, item: DayItem, column: int, role: int) -> Any:
        return item.account if role == Roles.ACCOUNT else None


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
        return None


# --- one account's plan map -----------------------------------------------------------------------------


class ContactsModel(SnapshotTableModel):
    columns = (
        Column("Name", lambda c: c.name),
        Column("Role", lambda c: (c.role or "").replace("-", " ").capitalize()),
        Column("Title", lambda c: c.title or ""),
        Column("What resonated", lambda c: c.resonates or "", tooltip=lambda c: c.resonates),
    )

    def extra_data(self, item: ContactView, column: int, role: int) -> Any:
        return item.account if role == Roles.ACCOUNT else None


class TouchesModel(SnapshotTableModel):
    """The touches timeline, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self.today = dt.date.today()
        self.columns = (
            Column("Date", lambda t: friendly(t.date, self.today), lambda t: t.date),
            Column("Channel", lambda t: t.channel.capitalize()),
            Column("With", lambda t: self._names.get(t.contact or "", "")),
            Column("Note", lambda t: t.note or "", tooltip=lambda t: t.note),
        )

    def set_names(self, names: dict[str, str], today: dt.date) -> None:
        self._names = names
        self.today = today

    def extra_data(self, item: TouchView, column: int, role: int) -> Any:
        return item.account if role == Roles.ACCOUNT else None


class _Group:
    """A top-level row of the plan tree: a goal, or the steps that belong to no goal."""

    __slots__ = ("goal", "steps")

    def __init__(self, goal: GoalView | None, steps: list[StepView]) -> None:
        self.goal = goal
        self.steps = steps

    @property
    def key(self) -> str | None:
        return self.goal.id if self.goal else None


_ROOT = object()


class PlanTreeModel(QAbstractItemModel):
    """Goals with their steps, editable in place; edits go to the store as one operation each."""

    edit_requested = Signal(str, str, dict, int)  # kind, id, exchange-format values, the version edited
    TITLE, DUE, TIME, MINUTES, STATUS, CONTACT = range(6)
    HEADERS = ("Goal / step", "Due", "Time", "Minutes", "Status", "With")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._account: AccountView | None = None
        self.today = dt.date.today()

    # --- the adapter ---------------------------------------------------------------------------

    @property
    def account(self) -> AccountView | None:
        return self._account

    def _build(self, account: AccountView) -> list[_Group]:
        groups = [_Group(goal, list(account.steps_of(goal.id))) for goal in account.goals]
        loose = list(account.steps_of(None))
        if loose:
            groups.append(_Group(None, loose))
        return groups

    def reset_account(self, account: AccountView | None, today: dt.date) -> None:
        self.beginResetModel()
        self._account = account
        self.today = today
        self._groups = self._build(account) if account else []
        self.endResetModel()

    def update_account(self, account: AccountView) -> None:
        self._account = account
        new = self._build(account)

        def carry(old: _Group | None, fresh: _Group) -> None:
            if old is None:
                return
            row = self._groups.index(old)
            if old.goal != fresh.goal:
                old.goal = fresh.goal
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1), [])
            sync_rows(self, old.steps, fresh.steps, lambda s: s.id, self.index(row, 0))

        sync_rows(self, self._groups, new, lambda g: g.key, same=lambda a, b: True, on_replace=carry)

    def object_at(self, index: Index) -> GoalView | StepView | None:
        if not index.isValid():
            return None
        owner = index.internalPointer()
        if owner is _ROOT:
            return self._groups[index.row()].goal
        step: StepView = owner.steps[index.row()]
        return step

    def index_of(self, object_id: str) -> QModelIndex:
        for row, group in enumerate(self._groups):
            if group.key == object_id:
                return self.index(row, 0)
            for step_row, step in enumerate(group.steps):
                if step.id == object_id:
                    return self.index(step_row, 0, self.index(row, 0))
        return QModelIndex()

    # --- Qt: the tree -------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = NO_INDEX) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _ROOT)
        if parent.internalPointer() is _ROOT:
            return self.createIndex(row, column, self._groups[parent.row()])
        return QModelIndex()

    def parent(self, index: Index = NO_INDEX) -> QModelIndex:  # type: ignore[override]  # Qt's parent() is also QObject's
        if not index.isValid():
            return QModelIndex()
        owner = index.internalPointer()
        if owner is _ROOT:
            return QModelIndex()
        try:
            row = next(r for r, g in enumerate(self._groups) if g is owner)
        except StopIteration:
            return QModelIndex()
        return self.createIndex(row, 0, _ROOT)

    def rowCount(self, parent: Index = NO_INDEX) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0:
            return 0
        if parent.internalPointer() is _ROOT:
            return len(self._groups[parent.row()].steps)
        return 0

    def columnCount(self, parent: Index = NO_INDEX) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        obj = self.object_at(index)
        if isinstance(obj, StepView) and index.column() in (self.TITLE, self.DUE, self.TIME, self.MINUTES):
            flags |= Qt.ItemFlag.ItemIsEditable
        if isinstance(obj, GoalView) and index.column() in (self.TITLE, self.DUE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        obj = self.object_at(index)
        column = index.column()
        if obj is None:  # the group of steps without a goal
            if role == Qt.ItemDataRole.DisplayRole and column == self.TITLE:
                return "Steps outside any goal"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Roles.OBJECT:
            return obj
        if role == Roles.ID:
            return obj.id
        if role == Roles.KIND:
            return "goal" if isinstance(obj, GoalView) else "step"
        if role == Roles.STATUS:
            return obj.status
        if isinstance(obj, GoalView):
            return self._goal_data(obj, column, role)
        return self._step_data(obj, column, role)

    def _goal_data(self, goal: GoalView, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.TITLE:
                return goal.title
            if column == self.DUE:
                if role == Qt.ItemDataRole.EditRole:
                    return goal.target
                return f"by {friendly(goal.target, self.today)}" if goal.target else ""
            if column == self.STATUS:
                return goal.status.capitalize()
        if role == Qt.ItemDataRole.FontRole and column == self.TITLE:
            font = QFont()
            font.setBold(True)
            font.setStrikeOut(goal.status == "dropped")
            return font
        if role == Qt.ItemDataRole.ForegroundRole and goal.status != "open":
            return _muted()
        return None

    def _step_data(self, step: StepView, column: int, role: int) -> Any:
        account = self._account
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.TITLE: ("★ " if step.promised else "") + ("Waiting: " if step.waiting else "") + step.title,
                self.DUE: due_text(step.due, self.today) if step.is_open else due_text(step.done, self.today),
                self.TIME: step.time or "",
                self.MINUTES: minutes_text(step.minutes),
                self.STATUS: step.status.capitalize(),
                self.CONTACT: (c.name if account and (c := account.contact(step.contact)) else ""),
            }.get(column)
        if role == Qt.ItemDataRole.EditRole:
            return {
                self.TITLE: step.title,
                self.DUE: step.due,
                self.TIME: step.time or "",
                self.MINUTES: step.minutes if step.minutes is not None else 0,
            }.get(column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not step.is_open:
                return _muted()
            if step.due is not None and step.due < self.today:
                return QBrush(WARNING)
        if role == Qt.ItemDataRole.FontRole and step.status == "dropped":
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edit in the tree is a request; the store's answer comes back as a refresh."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        obj = self.object_at(index)
        column = index.column()
        if isinstance(obj, GoalView):
            key = {self.TITLE: "title", self.DUE: "target"}.get(column)
            kind = "goal"
        elif isinstance(obj, StepView):
            key = {self.TITLE: "title", self.DUE: "due", self.TIME: "time", self.MINUTES: "minutes"}.get(column)
            kind = "step"
        else:
            return False
        if key is None:
            return False
        if isinstance(value, str):
            value = value.strip() or (None if key != "title" else value)
        if hasattr(value, "toPython"):
            value = value.toPython()
        self.edit_requested.emit(kind, obj.id, {key: value}, obj.version)
        return True


def mark_icon_name(kind: MarkKind | str) -> str:
    return {
        MarkKind.PROMISE_OVERDUE: "promise",
        MarkKind.WAITING_OVERDUE: "waiting",
        MarkKind.OVERDUE_STEP: "overdue",
        MarkKind.NO_NEXT_STEP: "next-step",
        MarkKind.GOAL_WITHOUT_STEP: "goal",
        MarkKind.RENEWAL_UNPLANNED: "renewal",
        MarkKind.OUT_OF_TOUCH: "touch",
        MarkKind.OVER_CAPACITY: "capacity",
    }.get(MarkKind(kind), "question")
