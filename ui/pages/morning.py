"""The morning ritual: every question mark as a card with its resolutions one click away.

The cards are a view over :class:`~ui.models.QuestionMarkModel`: a resolved mark's row is removed by the
model's refresh, and its card goes with it. At zero, the day is ready: the list, and a Confirm plan button.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from organizer.core.domain import SAMPLE_ACCOUNTS, Change, Morning, QuestionMark, StepView
from organizer.core.errors import DaymapError
from organizer.core.marks import MARKS, summary_by_kind
from ui import dialogs

if TYPE_CHECKING:
    from organizer.app.views import Suggestion

from ui.dialogs.day import TrimDialog
from ui.dialogs.suggestions import SuggestionsDialog, preview_choices
from ui.flows import StepFlows
from ui.models import DayModel, QuestionMarkModel, minutes_text
from ui.pages.cards import MarkCardList, waiting_detail
from ui.qt_planner import QtPlanner
from ui.resources import icon
from ui.widgets import SIZE_SAMPLE_ROWS, backlog_label, page_title, show_backlog


def greeting(hour: int) -> str:
    """What the page says at the top, by the clock (a plan made at 00:42 is not a "good morning")."""
    if 5 <= hour < 12:
        return "Good morning"
    if 12 <= hour < 18:
        return "Good afternoon"
    return "Good evening" if hour >= 18 else "Planning"


class MorningPage(QWidget):
    """The date, the count, the cards; at zero, "ready", the day's list and Confirm plan."""

    plan_requested = Signal(str)
    today_requested = Signal()
    new_account_requested = Signal()
    sample_requested = Signal()
    count_changed = Signal(int)

    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.flows = StepFlows(planner, self)
        self.day = planner.today
        self.morning: Morning | None = None
        self.marks = QuestionMarkModel(self)
        self.day_model = DayModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        header = QHBoxLayout()
        self.title = page_title()
        header.addWidget(self.title, 1)
        self.count = QLabel()
        self.count.setObjectName("countBadge")
        header.addWidget(self.count, 0, Qt.AlignmentFlag.AlignVCenter)  # a pill, even beside a title that wraps
        self.accept_all = QPushButton(icon("done"), "Accept suggestions…")
        self.accept_all.setToolTip("Reschedule, chase and move as suggested — to days with room — after a preview")
        self.accept_all.clicked.connect(self.accept_suggestions)
        header.addWidget(self.accept_all, 0, Qt.AlignmentFlag.AlignVCenter)
        self.skip = QPushButton("Skip to today’s list")
        self.skip.setToolTip("The question marks stay here until they are resolved")
        self.skip.clicked.connect(self.today_requested)
        header.addWidget(self.skip, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(header)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("hint")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)
        self.backlog = backlog_label()
        layout.addWidget(self.backlog)

        self.welcome = self._build_welcome()
        layout.addWidget(self.welcome)
        self.welcome_spacer = QWidget()
        self.welcome_spacer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.welcome_spacer, 1)

        self.cards = MarkCardList(
            self.marks, self.suggestion_for, detail=lambda m: waiting_detail(planner, m, self.day)
        )
        self.cards.resolution_requested.connect(self._on_cards_resolution_requested)
        self.cards.plan_requested.connect(self.plan_requested)
        self.cards.emptied.connect(self._on_cards_emptied)
        layout.addWidget(self.cards, 1)

        self.ready = self._build_ready()
        layout.addWidget(self.ready, 1)
        self.marks.rowsRemoved.connect(self._update_state)
        self.marks.rowsInserted.connect(self._update_state)
        self.marks.modelReset.connect(self._update_state)

    def _build_welcome(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("welcome")
        box = QVBoxLayout(frame)
        box.setContentsMargins(24, 20, 24, 20)
        heading = QLabel("Welcome to Daymap")
        heading.setObjectName("pageTitle")
        box.addWidget(heading)
        text = QLabel(
            "Each morning Daymap shows every question mark in your territory — an account with no dated next "
            "step, an overdue promise, a client out of touch, an unplanned renewal — until none is left and "
            "your day is ready.\n\nStart with your first account: its mission, a goal, and the next step."
        )
        text.setWordWrap(True)
        box.addWidget(text)
        row = QHBoxLayout()
        first = QPushButton(icon("add"), "Create your first account…")
        first.setAutoDefault(True)  # Enter presses it, as Space does (outside a dialog only auto-default ones)
        self.first_account = first
        first.clicked.connect(self.new_account_requested)
        row.addWidget(first)
        sample = QPushButton("Load a sample territory")
        sample.setToolTip(
            f"{SAMPLE_ACCOUNTS} made-up accounts to try Daymap with; you can start afresh in a new data folder"
        )
        sample.setAutoDefault(True)
        sample.clicked.connect(self.sample_requested)
        row.addWidget(sample)
        row.addStretch(1)
        box.addLayout(row)
        return frame

    def _build_ready(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("readyPanel")
        box = QVBoxLayout(frame)
        box.setContentsMargins(18, 14, 18, 14)
        top = QHBoxLayout()
        badge = QLabel()
        badge.setPixmap(icon("ready").pixmap(QSize(30, 30)))
        top.addWidget(badge)
        self.ready_title = QLabel("No question marks — ready")
        self.ready_title.setObjectName("readyTitle")
        top.addWidget(self.ready_title)
        top.addStretch(1)
        self.confirm = QPushButton(icon("done"), "Confirm plan")
        self.confirm.setToolTip("Confirm today's plan (Enter here, Ctrl+Enter anywhere, Day ▸ Confirm the plan)")
        self.confirm.setAutoDefault(True)  # Enter on the focused button confirms, as Space does
        self.confirm.clicked.connect(self._on_confirm_clicked)
        top.addWidget(self.confirm)
        box.addLayout(top)
        self.ready_summary = QLabel()
        self.ready_summary.setObjectName("hint")
        box.addWidget(self.ready_summary)
        self.day_table = QTableView()
        self.day_table.setAccessibleName("Today's list")
        self.day_table.setModel(self.day_model)
        self.day_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.day_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.day_table.verticalHeader().setVisible(False)
        self.day_table.setShowGrid(False)
        self.day_table.setColumnHidden(DayModel.DONE, True)
        header = self.day_table.horizontalHeader()
        header.setSectionResizeMode(DayModel.TITLE, QHeaderView.ResizeMode.Stretch)  # the rest to the step, as Today
        for column in (DayModel.TIME, DayModel.WITH, DayModel.ACCOUNT, DayModel.MINUTES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        box.addWidget(self.day_table, 1)
        return frame

    # --- refresh ---------------------------------------------------------------------------------

    def load(self, day: dt.date | None = None) -> None:
        """A new query: the morning of ``day`` (models reset)."""
        self.day = day or self.planner.today
        self.morning = self.planner.morning(self.day)
        self.planner.record_opening(self.day)
        self.marks.reset_marks(self.morning.question_marks)
        self.day_model.reset_rows(self.morning.today)
        self._update_state()

    def refresh(self, _change: Change | None = None) -> None:
        """The same morning after a write: only what changed moves."""
        self.morning = self.planner.morning(self.day)
        self.marks.update_marks(self.morning.question_marks)
        self.day_model.update_rows(self.morning.today)
        self.cards.refresh_details()  # a reply logged leaves the mark as it was, and names itself on it
        self._update_state()

    def _update_state(self) -> None:
        morning = self.morning
        if morning is None:
            return
        empty = self.planner.core.is_empty()
        count = self.marks.rowCount()
        self.title.setText(f"{greeting(dt.datetime.now().hour)} — {self.day:%A %-d %B}")
        said = "Ready" if count == 0 else f"{count} question mark{'s' * (count != 1)}"
        if said != self.count.text():
            self.count.setText(said)
            self._announce(said if count else "No question marks — ready")
        self.count.setProperty("ready", count == 0)
        self.count.style().unpolish(self.count)
        self.count.style().polish(self.count)
        self.count.setVisible(not empty)
        self.subtitle.setText("" if empty or count == 0 else summary_by_kind(m.kind for m in morning.question_marks))
        self.welcome.setVisible(empty)
        self.skip.setVisible(not empty)
        writable = self.planner.write_refusal() is None
        self.accept_all.setVisible(not empty and count > 0 and writable)
        self.welcome_spacer.setVisible(empty)
        self.cards.setVisible(not empty and count > 0)
        self.ready.setVisible(not empty and count == 0)
        planned = morning.planned_minutes
        items = len(morning.today)
        self.ready_summary.setText(
            f"{items} step{'s' * (items != 1)} today · {minutes_text(planned) or '0 min'} planned of "
            f"{minutes_text(morning.capacity_minutes)}"
            + (f" · waiting on {len(morning.waiting)}" if morning.waiting else "")
        )
        self.confirm.setEnabled(not morning.confirmed and writable)
        self.confirm.setText("Plan confirmed" if morning.confirmed else "Confirm plan")
        self.ready_title.setText(
            "Plan confirmed — have a good day" if morning.confirmed else "No question marks — ready"
        )
        self._update_backlog(empty)
        self.count_changed.emit(-1 if empty else count)

    def _update_backlog(self, empty: bool) -> None:
        """Read only while the page is on screen: a hidden Morning is refreshed after every edit for its count."""
        if not self.isVisible():
            return
        show_backlog(self.backlog, None if empty else self.planner.core.backlog(self.day), self.planner.today)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_backlog(self.planner.core.is_empty())

    def _announce(self, text: str) -> None:
        """Tell a screen reader the count changed (its name changes, and an alert carries the news)."""
        self.count.setAccessibleName(text)
        QAccessible.updateAccessibility(QAccessibleEvent(self.count, QAccessible.Event.Alert))

    # --- resolutions ---------------------------------------------------------------------------------

    def confirm_plan(self) -> None:
        """Day ▸ Confirm the plan (Ctrl+Enter): only a ready morning is confirmed; otherwise it says why."""
        if self.morning is not None and not self.morning.ready:
            count = len(self.morning.question_marks)
            dialogs.show_message(self, "Confirm the plan", f"{count} question mark{'s' * (count != 1)} first.")
            return
        self._on_confirm_clicked()

    def _on_confirm_clicked(self) -> None:
        if self.flows.refused():
            return
        try:
            self.planner.days.confirm(self.day)
        except DaymapError as error:
            self.flows.report(error)
            return
        self._focus_the_days_list()

    def take_first_focus(self) -> None:
        """Where the ritual starts as the window opens (never three Tabs away): a card, Confirm, or the welcome."""
        if self.cards.isVisibleTo(self) and self.cards.cards:
            self.cards.cards[0].setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.ready.isVisibleTo(self):
            self.confirm.setFocus() if self.confirm.isEnabled() else self._focus_the_days_list()
        elif self.welcome.isVisibleTo(self):
            self.first_account.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_the_days_list(self) -> None:
        """Confirmed (Confirm is spent): the day's list, named, its first step current; never nowhere."""
        self.day_table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.day_model.rowCount() and not self.day_table.currentIndex().isValid():
            self.day_table.setCurrentIndex(self.day_model.index(0, DayModel.TITLE))

    def _on_cards_resolution_requested(self, action: str, mark: QuestionMark) -> None:
        """From a card: once it is resolved the focus goes to the next card (or to Confirm), never nowhere."""
        self.cards.focus_next_after_resolution()
        try:
            self.resolve(action, mark)
        finally:
            self.cards.settle_focus()

    def _on_cards_emptied(self) -> None:
        QTimer.singleShot(0, self.confirm.setFocus)  # once the ready panel is shown

    def resolve(self, action: str, mark: QuestionMark) -> bool:
        """Run one resolution's flow (also what the tests drive); the actions are declared in ``MARKS``."""
        if self.flows.refused():
            return False
        suggestion = self.suggestion_for(mark)
        if action == "accept":
            return suggestion is not None and self.accept_one(mark, suggestion)
        handler = self.resolutions().get(action)
        return handler is not None and handler(mark, suggestion.date if suggestion is not None else None)

    def resolutions(self) -> dict[str, Callable[[QuestionMark, dt.date | None], bool]]:
        """Every card action's flow, by its key: a mark without what the flow needs resolves nothing."""
        flows = self.flows
        return {
            "reschedule": lambda m, when: bool(m.step) and flows.reschedule(m.step or "", when),
            "done": lambda m, _when: bool(m.step) and flows.complete(m.step or ""),
            "drop": lambda m, _when: bool(m.step) and flows.drop(m.step or ""),
            "chase": lambda m, when: bool(m.step) and flows.chase(self._step_view(m), when),
            "schedule": lambda m, when: bool(m.account) and flows.schedule(m.account or "", goal=m.goal, due=when),
            "achieve": lambda m, _when: bool(m.goal) and flows.set_goal_status(m.goal or "", "achieved"),
            "drop-goal": lambda m, _when: bool(m.goal) and flows.set_goal_status(m.goal or "", "dropped"),
            "renewal": lambda m, when: bool(m.account) and flows.plan_renewal(m.account or "", m.due, when),
            "touch": lambda m, _when: bool(m.account) and flows.log_touch(m.account or ""),
            "renegotiate": lambda m, _when: bool(m.step) and flows.renegotiate(m.step or ""),
            "trim": lambda _m, _when: self.trim(),
            "keep-daymap": lambda m, _when: bool(m.step) and flows.keep_version(m.step or "", "daymap"),
            "keep-calendar": lambda m, _when: bool(m.step) and flows.keep_version(m.step or "", "calendar"),
        }

    def _step_view(self, mark: QuestionMark) -> StepView:
        account = self.planner.account(mark.account or "")
        return next(s for s in account.steps if s.id == mark.step)

    def suggestion_for(self, mark: QuestionMark) -> Suggestion | None:
        return self.planner.core.suggestions(self.day).get(mark.key)  # kept with the morning from the first frame

    def accept_one(self, mark: QuestionMark, suggestion: Suggestion) -> bool:
        """One click: the suggestion itself (the ones that need the rep's words open their form, preset)."""
        flow = suggestion.type.flow(mark) if suggestion.type.flow else None
        if flow is not None:  # the rep's words are needed: its form, preset to the suggested day
            return self.resolutions()[flow](mark, suggestion.date)
        try:
            self.planner.days.accept_suggestion(mark.key, self.day)  # this card's, never the others'
        except DaymapError as error:
            self.flows.report(error)
            return False
        return True

    def accept_suggestions(self) -> bool:
        """Every reschedule, chase and move at once, after a preview the rep can untick; one undo takes it back."""
        if self.flows.refused():
            return False
        choices = preview_choices(self.morning, self.suggestion_for) if self.morning else []
        if not choices:
            left = "Every question mark left needs your words: a step to name, a touch to log or a date to agree."
            dialogs.show_message(self, "Accept suggestions", left)
            return False
        days = {choice.to for choice in choices} | {self.day}
        calendar = self.planner.core.days.day_loads_from(self.day)
        loads = {day: (calendar.load[day], calendar.capacity(day)) for day in days}

        def submit(values: dict[str, Any]) -> None:
            self.planner.days.accept_suggestions(self.day, only=list(values["steps"]))

        return dialogs.run_dialog(SuggestionsDialog(submit, choices, loads, self, today=self.planner.today))

    def trim(self) -> bool:
        """The day's steps with the suggested moves ticked, each to its day with room."""
        morning = self.morning or self.planner.morning(self.day)
        move_to = self.planner.core.days.next_step_date(after=self.day)
        over = next((m for m in morning.question_marks if MARKS[m.kind].about == "day"), None)
        suggestion = self.suggestion_for(over) if over is not None else None
        suggested = dict(suggestion.moves) if suggestion is not None else {}

        def submit(values: dict[str, Any]) -> None:
            capacity = int(values["capacity_minutes"])
            moves = values["moves"]
            if moves or capacity != morning.capacity_minutes:
                self.planner.days.trim(self.day, moves, capacity if capacity != morning.capacity_minutes else None)

        dialog = TrimDialog(
            submit,
            morning.today,
            morning.planned_minutes,
            morning.capacity_minutes,
            move_to,
            self,
            suggested=suggested,
            day=self.day if self.day != self.planner.today else None,
        )
        return dialogs.run_dialog(dialog)
