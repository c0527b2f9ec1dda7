"""One account's plan map: the picture (mission → goals → steps), the editable tree,
the people and what resonated with them, the touches, and the manager's brief."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from organizer.app.files import move_sentence
from organizer.core.dates import friendly
from organizer.core.domain import AccountView, Change, GoalView, StepView
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.flows import StepFlows
from ui.models import ContactsModel, PlanTreeModel, Roles, TouchesModel
from ui.pages.brief_tab import BriefTab
from ui.pages.plan_map import DONE, OVERDUE, PLANNED, TODAY, UNDATED, PlanMapView
from ui.qt_planner import QtPlanner
from ui.resources import icon
from ui.widgets import button_row, page_title, read_only_table

NARROW_TREE = 760  # below this width the tree shows what, when and how long; the rest is in the step's form


class PlanPage(QWidget):
    """The plan map of one account; ``show_account`` is a new query, writes refresh it in place."""

    closed = Signal()
    calendar_requested = Signal()  # export this account's dated steps to a calendar file
    brief_requested = Signal(str)  # an account's brief to save (the window's ``brief`` verb)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.Resize:
            narrow = self.tree.width() < NARROW_TREE
            for column in (PlanTreeModel.STATUS, PlanTreeModel.CONTACT):
                self.tree.setColumnHidden(column, narrow)
        return super().eventFilter(watched, event)

    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.write_buttons: list[QPushButton] = []  # the verbs, off where this window may not write
        self._tips: dict[int, str] = {}
        self.planner = planner
        self.flows = StepFlows(planner, self)
        self.account: AccountView | None = None
        self.tree_model = PlanTreeModel(self)
        self.tree_model.edit_requested.connect(self._on_tree_model_edit_requested)
        self.contacts_model = ContactsModel(self)
        self.touches_model = TouchesModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        header = QHBoxLayout()
        self.title = page_title("Plan map")
        header.addWidget(self.title)
        self.stage = QLabel()
        self.stage.setObjectName("hint")
        header.addWidget(self.stage)
        header.addStretch(1)
        self.edit_account = QPushButton(icon("edit"), "Edit account…")
        self.edit_account.clicked.connect(self._on_edit_account_clicked)
        header.addWidget(self.edit_account)
        self.touch_button = QPushButton(icon("touch"), "Log touch…")
        self.touch_button.setToolTip("Log a call, email or visit (Ctrl+T)")
        self.touch_button.setShortcut("Ctrl+T")
        self.touch_button.clicked.connect(self._on_touch_button_clicked)
        header.addWidget(self.touch_button)
        layout.addLayout(header)
        self.empty = QLabel("Choose an account in Accounts (Ctrl+3) to see its plan map.")
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        self.split = QSplitter(Qt.Orientation.Vertical)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.map = PlanMapView()
        self.map.setAccessibleName("The plan map as a picture (the Plan tab below has it as a tree)")
        self.map.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        left_box.addWidget(self.map, 1)
        legend = QHBoxLayout()
        for text, colour in (
            ("overdue", OVERDUE),
            ("today", TODAY),
            ("planned", PLANNED),
            ("no date", UNDATED),
            ("done", DONE),
        ):
            chip = QLabel(f"<span style='color:{colour.name()}'>■</span> {text}")
            legend.addWidget(chip)
        legend.addStretch(1)
        export = QPushButton(icon("image"), "Export PNG…")
        export.clicked.connect(self._on_export_clicked)
        legend.addWidget(export)
        left_box.addLayout(legend)
        self.split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Plan, people, touches and brief")
        self.tabs.addTab(self._build_plan_tab(), icon("goal"), "Plan")
        self.tabs.addTab(self._build_people_tab(), icon("person"), "People")
        self.tabs.addTab(self._build_touches_tab(), icon("touch"), "Touches")
        self.brief_tab = BriefTab(planner)
        self.brief_tab.calendar_requested.connect(self.calendar_requested.emit)
        self.brief_tab.save_requested.connect(self.brief_requested.emit)
        self.brief = self.brief_tab.view
        self.tabs.addTab(self.brief_tab, icon("copy"), "Brief")
        self.split.addWidget(self.tabs)
        self.split.setSizes([340, 380])
        layout.addWidget(self.split, 1)
        self._update_visibility()

    # --- tabs ------------------------------------------------------------------------------------------

    def _build_plan_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Goals and their steps")
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)  # no per-row size queries: 200 steps open at once
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Fixed widths, not ResizeToContents: that would ask every row for its size on each refresh.
        for column, width in (
            (PlanTreeModel.DUE, 130),
            (PlanTreeModel.TIME, 60),
            (PlanTreeModel.MINUTES, 90),
            (PlanTreeModel.STATUS, 80),
            (PlanTreeModel.CONTACT, 140),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(PlanTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.tree.installEventFilter(self)  # narrow: the titles keep their room, the status and person columns go
        box.addWidget(self.tree, 1)
        row, buttons = button_row(
            [
                ("goal", "Goal…", "", self._add_goal),
                ("add", "Step…", "", self._add_step),
                ("done", "Done…", "", self._done),
                ("drop", "Drop…", "", self._drop),
                ("edit", "Edit…", "", self._edit),
            ]
        )
        self.write_buttons.extend(buttons)
        box.addLayout(row)
        return page

    def _build_people_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.people = read_only_table(self.contacts_model, "People", alternating=False, wrap=False)
        self.people.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.people.doubleClicked.connect(self._edit_person)
        box.addWidget(self.people, 1)
        self.moves = QLabel()
        self.moves.setObjectName("moves")
        self.moves.setWordWrap(True)
        self.moves.setTextFormat(Qt.TextFormat.RichText)
        self.moves.linkActivated.connect(self.show_account)  # each link is another account's id
        box.addWidget(self.moves)
        row, buttons = button_row(
            [
                ("add", "Person…", "", lambda: self.account and self.flows.add_contact(self.account.id)),
                ("edit", "Edit…", "", self._edit_person),
                ("next", "Moved to…", "They changed companies: keep them, and where they were", self._move_person),
            ]
        )
        self.write_buttons.extend(buttons)
        box.addLayout(row)
        return page

    def _build_touches_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.touches = read_only_table(self.touches_model, "Touches", alternating=False, wrap=False)
        self.touches.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.touches, 1)
        row, buttons = button_row(
            [("touch", "Log touch…", "", lambda: self.account and self.flows.log_touch(self.account.id))]
        )
        self.write_buttons.extend(buttons)
        box.addLayout(row)
        return page

    # --- loading ----------------------------------------------------------------------------------------

    def _on_edit_account_clicked(self) -> None:
        if self.account is not None:
            self.flows.edit_account(self.account.id)

    def _on_touch_button_clicked(self) -> None:
        if self.account is not None:
            self.flows.log_touch(self.account.id)

    def show_account(self, account_id: str | None) -> None:
        """Another account: every model is reset."""
        account = None
        if account_id:
            try:
                account = self.planner.account(account_id)
            except DaymapError:
                account = None
        self.account = account
        today = self.planner.today
        self.tree_model.reset_account(account, today)
        self.contacts_model.reset_rows(account.contacts if account else ())
        self.touches_model.set_names({c.id: c.name for c in account.contacts} if account else {}, today)
        self.touches_model.reset_rows(account.touches if account else ())
        self.tree.expandAll()
        self._draw()

    def load(self) -> None:
        """The open account read afresh (a new query)."""
        self.show_account(self.account.id if self.account is not None else None)

    def _shows(self, change: Change) -> bool:
        """Does this change touch what the plan map shows: its account, or a person who moved in or out?"""
        if change.kind == "import" or self.account is None or change.touches_account(self.account.id):
            return True
        return change.kind == "contact" and any(move.contact in change.ids for move in self.account.moves)

    def refresh(self, change: Change | None = None) -> None:
        if self.account is None:
            return
        if change is not None and not self._shows(change):
            return
        try:
            account = self.planner.account(self.account.id)
        except DaymapError:
            self.show_account(None)
            return
        self.account = account
        self.tree_model.update_account(account)
        self.contacts_model.update_rows(account.contacts)
        self.touches_model.set_names({c.id: c.name for c in account.contacts}, self.planner.today)
        self.touches_model.update_rows(account.touches)
        self.tree.expandAll()
        self._draw()

    def _draw(self) -> None:
        account = self.account
        self._update_visibility()
        self.moves.setText(moves_html(account) if account is not None else "")
        self.moves.setVisible(bool(account is not None and account.moves))
        if account is None:
            self.title.setText("Plan map")
            self.stage.setText("")
            self.brief_tab.show_account(None)
            self.map.clear()
            return
        self.title.setText(account.name)
        parts = [account.stage.capitalize()]
        if account.archived:
            parts.append("archived")
        if account.industry:
            parts.append(account.industry)
        if account.cadence_days:
            parts.append(f"in touch every {account.cadence_days} days")
        if account.renewal:
            parts.append(f"renewal {friendly(account.renewal, self.planner.today)}")
        self.stage.setText(" · ".join(parts))
        self.map.draw(account, self.planner.today)
        self.brief_tab.show_account(account)

    def _update_visibility(self) -> None:
        """The map for an account; its verbs where this window may write (not a read-only store, not a manager)."""
        has = self.account is not None
        refusal = self.planner.write_refusal() if has else None
        self.empty.setVisible(not has)
        self.split.setVisible(has)
        for button in (self.edit_account, self.touch_button, *self.write_buttons):
            tip = self._tips.setdefault(id(button), button.toolTip())
            button.setEnabled(has and refusal is None)
            button.setToolTip(refusal or tip)
        editing = QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        self.tree.setEditTriggers(editing if refusal is None else QAbstractItemView.EditTrigger.NoEditTriggers)

    # --- verbs -----------------------------------------------------------------------------------------------

    def select_object(self, object_id: str) -> None:
        index = self.tree_model.index_of(object_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
            self.tree.setFocus()

    def selected_object(self) -> GoalView | StepView | None:
        return self.tree_model.object_at(self.tree.currentIndex().siblingAtColumn(0))

    def _on_tree_model_edit_requested(self, kind: str, object_id: str, values: dict[str, object], version: int) -> None:
        try:
            self.planner.edit(kind, object_id, values, f"Edit {kind}", version)
        except DaymapError as error:
            self.flows.report(error)

    def _add_goal(self) -> None:
        if self.account:
            self.flows.add_goal(self.account.id)

    def _add_step(self) -> None:
        if self.account is None:
            return
        selected = self.selected_object()
        goal = selected.id if isinstance(selected, GoalView) else (selected.goal if selected else None)
        self.flows.schedule(self.account.id, goal=goal, heading=f"{self.account.name}: new step")

    def _done(self) -> None:
        selected = self.selected_object()
        if isinstance(selected, StepView) and selected.is_open:
            self.flows.complete(selected.id)
        elif isinstance(selected, GoalView) and selected.status == "open":
            self.flows.set_goal_status(selected.id, "achieved")

    def _drop(self) -> None:
        selected = self.selected_object()
        if isinstance(selected, StepView) and selected.is_open:
            self.flows.drop(selected.id)
        elif isinstance(selected, GoalView) and selected.status == "open":
            self.flows.set_goal_status(selected.id, "dropped")

    def _edit(self) -> None:
        selected = self.selected_object()
        if isinstance(selected, StepView):
            self.flows.edit_step(selected.id)
        elif isinstance(selected, GoalView) and self.account:
            self.flows.edit_goal(self.account.id, selected.id)

    def _selected_person(self) -> str | None:
        index = self.people.currentIndex()
        return str(self.contacts_model.data(index, Roles.ID)) if index.isValid() else None

    def _move_person(self) -> None:
        person = self._selected_person()
        if self.account and person:
            self.flows.move_contact(self.account.id, person)

    def _edit_person(self, *_args: object) -> None:
        person = self._selected_person()
        if self.account and person:
            self.flows.edit_contact(self.account.id, person)

    def _on_export_clicked(self) -> None:
        if self.account is None:
            return
        suggested = str(Path(dialogs.documents_folder()) / f"{self.account.name}.png")
        name, _filter = QFileDialog.getSaveFileName(self, "Export the map", suggested, "PNG (*.png)")
        if name:
            self.map.export_png(name)


def moves_html(account: AccountView) -> str:
    """The people who moved in or out, each other account a link to its plan map (every name escaped)."""
    lines = []
    for move in account.moves:
        before, other, name, after = move_sentence(account, move)
        link = f"<a href='{html.escape(other, quote=True)}'>{html.escape(name)}</a>"
        lines.append(f"{html.escape(before)}{link}{html.escape(after)}")
    return "<b>People who moved</b><br>" + "<br>".join(lines) if lines else ""
