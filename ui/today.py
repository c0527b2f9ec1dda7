"""Today: the day's action list in order, the capacity bar and the "waiting on" list.

Dragging a row (or Ctrl+Up/Down) asks the store for a new order; the refresh moves
the rows. Ticking a step asks for its outcome, and for the next step when it was the
account's last one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core.domain import Change, DayItem, Morning
from organizer.core.errors import DaymapError
from ui.actions import StepFlows
from ui.models import DayModel, Roles, WaitingModel, minutes_text, reorder
from ui.resources import icon
from ui.session import QtSession
from ui.widgets import SIZE_SAMPLE_ROWS, button_row, read_only_table


class TodayPage(QWidget):
    plan_requested = Signal(str)
    quick_add_requested = Signal()

    def __init__(self, session: QtSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.flows = StepFlows(session, self)
        self.day = session.today
        self.morning: Morning | None = None
        self.model = DayModel(self)
        self.waiting_model = WaitingModel(self)
        self.model.order_requested.connect(self._on_model_order_requested)
        self.model.completion_requested.connect(self._on_model_completion_requested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        header = QHBoxLayout()
        self.prev = QToolButton()
        self.prev.setIcon(icon("prev"))
        self.prev.setToolTip("Previous day (Alt+Left)")
        self.prev.setAccessibleName("Previous day")
        self.prev.clicked.connect(lambda: self.load(self.day - dt.timedelta(days=1)))
        header.addWidget(self.prev)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        header.addWidget(self.title)
        self.next = QToolButton()
        self.next.setIcon(icon("next"))
        self.next.setToolTip("Next day (Alt+Right)")
        self.next.setAccessibleName("Next day")
        self.next.clicked.connect(lambda: self.load(self.day + dt.timedelta(days=1)))
        header.addWidget(self.next)
        self.back_today = QPushButton("Today")
        self.back_today.clicked.connect(lambda: self.load(self.session.today))
        header.addWidget(self.back_today)
        header.addStretch(1)
        add = QPushButton(icon("quick-add"), "Quick add…")
        add.setToolTip("Add a step in one line (Ctrl+N)")
        add.clicked.connect(self.quick_add_requested)
        header.addWidget(add)
        layout.addLayout(header)

        capacity_row = QHBoxLayout()
        self.capacity = QProgressBar()
        self.capacity.setTextVisible(True)
        self.capacity.setAccessibleName("Planned minutes against capacity")
        capacity_row.addWidget(self.capacity, 1)
        self.capacity_text = QLabel()
        capacity_row.addWidget(self.capacity_text)
        layout.addLayout(capacity_row)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 6, 0, 0)
        self.table = read_only_table(self.model)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(DayModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(DayModel.DONE, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(DayModel.ACCOUNT, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        top_box.addWidget(self.table, 1)
        self.empty = QLabel("Nothing planned for this day. Add a step with Quick add (Ctrl+N).")
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top_box.addWidget(self.empty)
        buttons, (self.done_button, *_rest) = button_row(
            [
                ("done", "Done…", "Mark the selected step done (Ctrl+D)", self._done),
                ("calendar", "Reschedule…", "Move the selected step to another day", self._reschedule),
                ("drop", "Drop…", "Drop the selected step", self._drop),
                ("prev", "Earlier", "Move up in the day's order (Ctrl+Up)", lambda: self.move_selected(-1)),
                ("next", "Later", "Move down in the day's order (Ctrl+Down)", lambda: self.move_selected(1)),
            ]
        )
        top_box.addLayout(buttons)
        split.addWidget(top)

        bottom = QWidget()
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 6, 0, 0)
        waiting_title = QLabel("Waiting on")
        waiting_title.setObjectName("cardTitle")
        bottom_box.addWidget(waiting_title)
        self.waiting = read_only_table(self.waiting_model)
        self.waiting.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        bottom_box.addWidget(self.waiting, 1)
        wait_buttons, _buttons = button_row(
            [
                ("touch", "Chase…", "Log a chase and wait until a new date", self._chase),
                ("done", "Received…", "It arrived: mark it done", self._received),
            ]
        )
        bottom_box.addLayout(wait_buttons)
        split.addWidget(bottom)
        split.setSizes([420, 160])
        layout.addWidget(split, 1)

        for keys, slot in (
            ("Ctrl+D", self._done),
            ("Ctrl+Up", lambda: self.move_selected(-1)),
            ("Ctrl+Down", lambda: self.move_selected(1)),
            ("Alt+Left", lambda: self.load(self.day - dt.timedelta(days=1))),
            ("Alt+Right", lambda: self.load(self.day + dt.timedelta(days=1))),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- refresh ------------------------------------------------------------------------------------

    def load(self, day: dt.date | None = None) -> None:
        """Another day: the models are reset."""
        self.day = day or self.session.today
        self.morning = self.session.morning(self.day)
        self.model.reset_rows(self.morning.today)
        self.waiting_model.reset_rows(self.morning.waiting)
        self._update_header()

    def refresh(self, _change: Change | None = None) -> None:
        self.morning = self.session.morning(self.day)
        self.model.update_rows(self.morning.today)
        self.waiting_model.update_rows(self.morning.waiting)
        self._update_header()

    def _update_header(self) -> None:
        morning = self.morning
        if morning is None:
            return
        today = self.session.today
        label = {today: "Today", today + dt.timedelta(days=1): "Tomorrow", today - dt.timedelta(days=1): "Yesterday"}
        prefix = label.get(self.day)
        self.title.setText(f"{prefix} — {self.day:%A %-d %B}" if prefix else f"{self.day:%A %-d %B %Y}")
        planned, capacity = morning.planned_minutes, morning.capacity_minutes
        self.capacity.setRange(0, max(capacity, planned, 1))
        self.capacity.setValue(planned)
        self.capacity.setFormat(f"{minutes_text(planned) or '0 min'} planned of {minutes_text(capacity) or '0 min'}")
        over = planned > capacity
        self.capacity.setStyleSheet("QProgressBar::chunk { background: #d0483a; }" if over else "")
        self.capacity_text.setText("Over capacity" if over else f"{minutes_text(capacity - planned) or '0 min'} free")
        self.empty.setVisible(not morning.today)
        self.back_today.setEnabled(self.day != today)

    # --- the list's verbs ----------------------------------------------------------------------------

    def selected_step(self) -> str | None:
        index = self.table.currentIndex()
        return str(self.model.data(index, Roles.ID)) if index.isValid() else None

    def select_step(self, step_id: str) -> None:
        row = self.model.row_of(step_id)
        if row is not None:
            self.table.selectRow(row)

    def _done(self) -> None:
        step = self.selected_step()
        if step:
            self.flows.complete(step)

    def _reschedule(self) -> None:
        step = self.selected_step()
        if step:
            self.flows.reschedule(step)

    def _drop(self) -> None:
        step = self.selected_step()
        if step:
            self.flows.drop(step)

    def _selected_waiting(self) -> DayItem | None:
        index = self.waiting.currentIndex()
        return self.waiting_model.item(index.row()) if index.isValid() else None

    def _chase(self) -> None:
        item = self._selected_waiting()
        if item is not None:
            self.flows.chase(item)

    def _received(self) -> None:
        item = self._selected_waiting()
        if item is not None:
            self.flows.complete(item.step)

    def move_selected(self, delta: int) -> None:
        step = self.selected_step()
        if step is None:
            return
        order = self.model.step_ids()
        row = order.index(step)
        target = row + delta
        if not 0 <= target < len(order):
            return
        self.set_order(reorder(order, [step], target + (1 if delta > 0 else 0)))
        self.select_step(step)

    def set_order(self, order: list[str]) -> None:
        try:
            self.session.set_order(self.day, order)
        except DaymapError as error:
            self.flows.report(error)

    def _on_model_order_requested(self, order: list[str]) -> None:
        # After the drop has finished: the view must not be mid-drag when rows move.
        QTimer.singleShot(0, lambda: self.set_order(order))

    def _on_model_completion_requested(self, step_id: str) -> None:
        QTimer.singleShot(0, lambda: self.flows.complete(step_id))

    def _on_table_double_clicked(self, index: object) -> None:
        step = self.selected_step()
        if step:
            self.flows.edit_step(step)
