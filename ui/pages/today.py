"""Today: the day's action list in order, the capacity bar and the "waiting on" list.

Dragging a row (or Ctrl+Up/Down) asks the store for a new order; the refresh moves
the rows. Ticking a step asks for its outcome, and for the next step when it was the
account's last one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core.dates import is_working_day
from organizer.core.domain import Change, DayItem, Morning
from organizer.core.errors import DaymapError
from organizer.core.marks import MARKS
from ui.flows import StepFlows
from ui.models import DayModel, Roles, WaitingModel, minutes_text, reorder
from ui.qt_planner import QtPlanner
from ui.resources import icon
from ui.widgets import (
    SIZE_SAMPLE_ROWS,
    backlog_label,
    button_row,
    page_shortcut,
    page_title,
    read_only_table,
    show_backlog,
)

EMPTY_DAY = "Nothing planned for this day.\nAdd a step with Quick add (Ctrl+N), or move one here with Reschedule."
NOTHING_WAITED_ON = "Nothing to wait on today."


class TodayPage(QWidget):
    plan_requested = Signal(str)  # an account id
    step_requested = Signal(str, str)  # an account id and the step to show on its plan map
    quick_add_requested = Signal()

    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.flows = StepFlows(planner, self)
        self.day = planner.today
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
        self.title = page_title()
        header.addWidget(self.title)
        self.next = QToolButton()
        self.next.setIcon(icon("next"))
        self.next.setToolTip("Next day (Alt+Right)")
        self.next.setAccessibleName("Next day")
        self.next.clicked.connect(lambda: self.load(self.day + dt.timedelta(days=1)))
        header.addWidget(self.next)
        self.back_today = QPushButton("Today")
        self.back_today.clicked.connect(lambda: self.load(self.planner.today))
        header.addWidget(self.back_today)
        header.addStretch(1)
        add = QPushButton(icon("quick-add"), "Quick add…")
        add.setToolTip("Add a step in one line (Ctrl+N)")
        add.clicked.connect(self.quick_add_requested)
        header.addWidget(add)
        layout.addLayout(header)

        capacity_row = QHBoxLayout()
        self.capacity = QProgressBar()
        self.capacity.setObjectName("capacityBar")
        self.capacity.setTextVisible(True)
        self.capacity.setAccessibleName("Planned minutes against capacity")
        capacity_row.addWidget(self.capacity, 1)
        self.capacity_text = QLabel()
        capacity_row.addWidget(self.capacity_text)
        layout.addLayout(capacity_row)
        self.busy_blocks = QLabel()  # the calendar's busy time beside the day's steps
        self.busy_blocks.setObjectName("busyBlocks")
        self.busy_blocks.setWordWrap(True)
        self.busy_blocks.hide()
        layout.addWidget(self.busy_blocks)
        self.backlog = backlog_label()
        layout.addWidget(self.backlog)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 6, 0, 0)
        self.table = read_only_table(self.model, "The day's steps", empty_hint=EMPTY_DAY)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(DayModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(DayModel.DONE, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(DayModel.TIME, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(DayModel.WITH, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(DayModel.ACCOUNT, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)  # Enter on a row, as a double-click
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        top_box.addWidget(self.table, 1)
        buttons, self.step_buttons = button_row(
            [
                ("done", "Done…", "Mark the selected step done (Ctrl+D)", self._done),
                ("calendar", "Reschedule…", "Move the selected step to another day", self._reschedule),
                ("drop", "Drop…", "Drop the selected step", self._drop),
                ("prev", "Earlier", "Move up in the day's order (Ctrl+Up)", lambda: self.move_selected(-1)),
                ("next", "Later", "Move down in the day's order (Ctrl+Down)", lambda: self.move_selected(1)),
            ]
        )
        self.done_button = self.step_buttons[0]
        top_box.addLayout(buttons)
        split.addWidget(top)

        bottom = QWidget()
        bottom_box = QVBoxLayout(bottom)
        bottom_box.setContentsMargins(0, 6, 0, 0)
        waiting_title = QLabel("Waiting on")
        waiting_title.setObjectName("cardTitle")
        bottom_box.addWidget(waiting_title)
        self.waiting = read_only_table(self.waiting_model, "Waiting on", empty_hint=NOTHING_WAITED_ON)
        self.waiting.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.waiting.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.waiting.customContextMenuRequested.connect(self._on_waiting_context_menu)
        bottom_box.addWidget(self.waiting, 1)
        wait_buttons, self.waiting_buttons = button_row(
            [
                ("touch", "Chase…", "Log a chase and wait until a new date", self._chase),
                ("done", "Received…", "It arrived: mark it done", self._received),
            ]
        )
        bottom_box.addLayout(wait_buttons)
        split.addWidget(bottom)
        split.setSizes([420, 160])
        layout.addWidget(split, 1)

        for view in (self.table, self.waiting):
            view.selectionModel().currentChanged.connect(self._update_buttons)
            view.model().modelReset.connect(self._update_buttons)
            view.model().rowsRemoved.connect(self._update_buttons)
        for keys, said, slot in (
            ("F2", "Edit the selected step", self._edit),
            ("Ctrl+D", "Mark the selected step done", self._done),
            ("Ctrl+Up", "Move the selected step earlier in the day", lambda: self.move_selected(-1)),
            ("Ctrl+Down", "Move the selected step later in the day", lambda: self.move_selected(1)),
            ("Alt+Left", "The day before", lambda: self.load(self.day - dt.timedelta(days=1))),
            ("Alt+Right", "The day after", lambda: self.load(self.day + dt.timedelta(days=1))),
        ):
            page_shortcut(self, keys, said, slot)

    # --- refresh ------------------------------------------------------------------------------------

    def _show_busy(self, busy: int) -> None:
        spans = self.planner.core.days.busy_spans(self.day) if busy else []
        words = ", ".join(f"{a // 60}:{a % 60:02d}–{b // 60}:{b % 60:02d}" for a, b in spans)
        self.busy_blocks.setText(f"Busy in the calendar: {words}" if words else "")
        self.busy_blocks.setVisible(bool(words))

    def reload(self) -> None:
        """The same day, read afresh (after an import, a restore, another program's write)."""
        self.load(self.day)

    def load(self, day: dt.date | None = None) -> None:
        """Another day: the models are reset."""
        self.day = day or self.planner.today
        self.morning = self.planner.morning(self.day)
        self.model.reset_rows(self.morning.today)
        self.waiting_model.reset_rows(self.morning.waiting)
        self._update_header()

    def refresh(self, _change: Change | None = None) -> None:
        self.morning = self.planner.morning(self.day)
        self.model.update_rows(self.morning.today)
        self.waiting_model.update_rows(self.morning.waiting)
        self._update_header()

    def _update_header(self) -> None:
        morning = self.morning
        if morning is None:
            return
        today = self.planner.today
        label = {today: "Today", today + dt.timedelta(days=1): "Tomorrow", today - dt.timedelta(days=1): "Yesterday"}
        prefix = label.get(self.day)
        self.title.setText(f"{prefix} — {self.day:%A %-d %B}" if prefix else f"{self.day:%A %-d %B %Y}")
        busy, capacity = morning.busy_minutes, morning.capacity_minutes
        planned = morning.planned_minutes + busy  # the calendar's meetings fill the day as the steps do
        self.capacity.setRange(0, max(capacity, planned, 1))
        self.capacity.setValue(planned)
        meetings = f" ({minutes_text(busy)} in the calendar)" if busy else ""
        self.capacity.setFormat(
            f"{minutes_text(planned) or '0 min'} planned{meetings} of {minutes_text(capacity) or '0 min'}"
        )
        self._show_busy(busy)
        over = planned > capacity
        self.capacity.setProperty("over", over)  # the style sheet draws the bar red and its text white
        self.capacity.style().unpolish(self.capacity)
        self.capacity.style().polish(self.capacity)
        working = is_working_day(self.day, self.planner.core.days_off())
        if over:
            self.capacity_text.setText(f"Over capacity by {minutes_text(planned - capacity)}")
        elif not working:
            self.capacity_text.setText("Weekend: not a working day" if self.day.weekday() >= 5 else "A day off")
        else:
            self.capacity_text.setText(f"{minutes_text(capacity - planned) or '0 min'} free")
        show_backlog(self.backlog, self.planner.core.backlog(self.day), today)
        overdue = sum(1 for m in morning.question_marks if MARKS[m.kind].about == "waiting")
        several = overdue != 1
        self.waiting.set_hint(
            f"Nothing due today. {overdue} waiting item{'s are' if several else ' is'} overdue: "
            f"chase {'them' if several else 'it'} from the Morning."
            if overdue
            else NOTHING_WAITED_ON
        )
        self.back_today.setEnabled(self.day != today)
        self._update_buttons()

    def _update_buttons(self) -> None:
        """An action is offered only where there is a row for it to act on, in a store this window may change."""
        writable = self.planner.write_refusal() is None
        has_step = writable and self.table.currentIndex().isValid() and self.model.rowCount() > 0
        for button in self.step_buttons:
            button.setEnabled(has_step)
        has_waiting = writable and self.waiting.currentIndex().isValid() and self.waiting_model.rowCount() > 0
        for button in self.waiting_buttons:
            button.setEnabled(has_waiting)

    def is_empty(self) -> bool:
        return self.model.rowCount() == 0

    # --- the list's actions ---------------------------------------------------------------------------

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
            self.planner.days.set_order(self.day, order)
        except DaymapError as error:
            self.flows.report(error)

    def _on_model_order_requested(self, order: list[str]) -> None:
        # After the drop has finished: the view must not be mid-drag when rows move.
        QTimer.singleShot(0, lambda: self.set_order(order))

    def _on_model_completion_requested(self, step_id: str) -> None:
        QTimer.singleShot(0, lambda: self.flows.complete(step_id))

    def _edit(self) -> None:
        step = self.selected_step()
        if step:
            self.flows.edit_step(step)

    def _open_plan(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.step_requested.emit(str(self.model.data(index, Roles.ACCOUNT)), str(self.model.data(index, Roles.ID)))

    def _on_table_double_clicked(self, _index: object) -> None:
        """Enter or a double-click opens the step on its plan map (F2 edits it)."""
        self._open_plan()

    def _on_table_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(icon("plan"), "Open on the plan map\tEnter", self._open_plan)
        menu.addAction(icon("edit"), "Edit…\tF2", self._edit)
        menu.addSeparator()
        menu.addAction(icon("done"), "Done…\tCtrl+D", self._done)
        menu.addAction(icon("calendar"), "Reschedule…", self._reschedule)
        menu.addAction(icon("drop"), "Drop…", self._drop)
        menu.addSeparator()
        earlier = menu.addAction(icon("prev"), "Earlier\tCtrl+Up", lambda: self.move_selected(-1))
        earlier.setEnabled(index.row() > 0)
        later = menu.addAction(icon("next"), "Later\tCtrl+Down", lambda: self.move_selected(1))
        later.setEnabled(index.row() < self.model.rowCount() - 1)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _on_waiting_context_menu(self, position: QPoint) -> None:
        index = self.waiting.indexAt(position)
        if not index.isValid():
            return
        self.waiting.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(icon("touch"), "Chase…", self._chase)
        menu.addAction(icon("done"), "Received…", self._received)
        account = str(self.waiting_model.data(index, Roles.ACCOUNT))
        step = str(self.waiting_model.data(index, Roles.ID))
        menu.addAction(icon("plan"), "Open on the plan map", lambda: self.step_requested.emit(account, step))
        menu.exec(self.waiting.viewport().mapToGlobal(position))
