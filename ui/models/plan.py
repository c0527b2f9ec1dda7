"""One account's plan map: its people, touches and the goal/step tree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from organizer.core.dates import friendly
from organizer.core.domain import (
    AccountView,
    ContactView,
    GoalView,
    StepView,
    TouchView,
)
from organizer.core.recurrence import describe
from ui.models.base import (
    NO_INDEX,
    WARNING,
    Column,
    Index,
    Roles,
    SnapshotTableModel,
    _muted,
    due_text,
    minutes_text,
    sync_rows,
)
from ui.resources import meeting_icon

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
                self.TITLE: ("★ " if step.promised else "")
                + ("Waiting: " if step.waiting else "")
                + step.title
                + (f"  ↻ {describe(step.repeat)}" if step.repeat else ""),
                self.DUE: due_text(step.due, self.today) if step.is_open else due_text(step.done, self.today),
                self.TIME: step.time or "",
                self.MINUTES: minutes_text(step.minutes),
                self.STATUS: "Parked" if self._parked(step) else step.status.capitalize(),
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
            if not step.is_open or self._parked(step):
                return _muted()
            if step.due is not None and step.due < self.today:
                return QBrush(WARNING)
        if role == Qt.ItemDataRole.FontRole and (step.status == "dropped" or self._parked(step)):
            font = QFont()
            font.setStrikeOut(step.status == "dropped")
            font.setItalic(self._parked(step))
            return font
        if role == Qt.ItemDataRole.ToolTipRole and self._parked(step):
            return "Parked: its goal is closed, so no rule counts it. Reopen the goal or move the step to use it."
        if role == Qt.ItemDataRole.ToolTipRole and step.event:
            return "From the calendar: a meeting with this person, kept in step with it both ways."
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE and step.event:
            return meeting_icon()
        return None

    def _parked(self, step: StepView) -> bool:
        return self._account is not None and self._account.is_parked(step)

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
