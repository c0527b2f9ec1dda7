"""Team (managers on a team's server): one row per rep, a read-only look into a rep's morning
and any account's brief, and the handover of a leaving rep's accounts.

What a manager may see and change is the server's decision (row-level security); this page
only asks. A manager reads every account and writes nothing but the handover.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from organizer.core.domain import Change
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.dialogs.forms import FormDialog, Submit, choice_box
from ui.models import QuestionMarkModel, Roles, TeamModel
from ui.pages.brief_tab import BriefTab
from ui.qt_planner import QtPlanner
from ui.resources import icon
from ui.widgets import page_title, read_only_table


class HandoverDialog(FormDialog):
    """A rep leaves: every one of their accounts, with all that hangs under it, to another rep at once."""

    def __init__(self, submit: Submit, rep: str, accounts: int, others: list[str], parent: QWidget | None = None):
        super().__init__(f"Hand over {rep}’s accounts", submit, parent)
        self.set_intro(
            f"All {accounts} of {rep}’s accounts — their goals, steps, promises and “waiting on” items — go to "
            "the rep you choose, in one go. Nothing is copied or lost; only the owner changes."
        )
        self.add_field("to", "To", choice_box([(other, other) for other in others]))
        self.set_ok_text("Hand over")

    def values(self) -> dict[str, Any]:
        return {"to": self.field("to").currentData()}


class TeamPage(QWidget):
    """The manager's page: reps, a rep's morning (read-only) and the brief of the account picked in it."""

    brief_requested = Signal(str)  # an account's brief to save (the window's ``brief`` verb)

    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.model = TeamModel(self)
        self.marks = QuestionMarkModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        header = QHBoxLayout()
        self.title = page_title("Team")
        header.addWidget(self.title)
        header.addStretch(1)
        self.handover_button = QPushButton(icon("accounts"), "Hand over…")
        self.handover_button.setToolTip("Move every account of the selected rep to another rep, in one go")
        self.handover_button.clicked.connect(self.hand_over)
        header.addWidget(self.handover_button)
        refresh = QPushButton("Refresh")
        refresh.setToolTip("Ask the server again (F5)")
        refresh.clicked.connect(self.load)
        header.addWidget(refresh)
        layout.addLayout(header)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("hint")
        layout.addWidget(self.subtitle)

        self.table = read_only_table(
            self.model, "Reps", empty_hint="No reps on this server yet: `daymap team add-rep NAME`."
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_rep_selection_changed)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)

        below = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 6, 0, 0)
        self.rep_title = QLabel("Pick a rep to see their morning")
        self.rep_title.setObjectName("cardTitle")
        left_box.addWidget(self.rep_title)
        self.mark_list = QListView()
        self.mark_list.setModel(self.marks)
        self.mark_list.setWordWrap(True)
        self.mark_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.mark_list.activated.connect(self._on_mark_activated)
        left_box.addWidget(QLabel("Question marks (double-click one for its account's brief)"))
        left_box.addWidget(self.mark_list, 2)
        left_box.addWidget(QLabel("Accounts"))
        self.account_list = QListWidget()
        self.account_list.currentItemChanged.connect(self._on_account_changed)
        left_box.addWidget(self.account_list, 3)
        below.addWidget(left)
        self.brief_tab = BriefTab(planner, calendar=False)  # to copy into an email or save, as on a plan map
        self.brief_tab.save_requested.connect(self.brief_requested.emit)
        self.brief_tab.box.setContentsMargins(0, 0, 0, 0)  # level with the lists beside it
        self.brief = self.brief_tab.view
        self.brief.setPlaceholderText("The brief of the account you pick: mission, goals, people, next step, promises.")
        below.addWidget(self.brief_tab)
        below.setSizes([420, 560])
        split.addWidget(below)
        split.setSizes([220, 420])
        layout.addWidget(split, 1)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------------------

    def load(self) -> None:
        """Ask the server for every rep's status (a new query)."""
        try:
            rows = self.planner.core.team.status()
        except DaymapError as error:
            self.subtitle.setText(str(error))
            rows = []
        else:
            ready = sum(1 for row in rows if row.question_marks == 0 and not row.away)
            away = sum(1 for row in rows if row.away)  # a day off: neither ready nor behind
            self.subtitle.setText(
                f"{self.planner.today:%A %-d %B} · {len(rows)} reps · {ready} ready · "
                + (f"{away} away · " if away else "")
                + f"{sum(1 for row in rows if row.confirmed)} confirmed their plan"
            )
        selected = self.selected_rep()
        self.model.reset_rows(rows)
        if selected is not None:
            self.select_rep(selected)
        self._update_buttons()

    def refresh(self, _change: Change | None = None) -> None:
        self.load()

    # --- a rep, an account ------------------------------------------------------------------------------

    def selected_rep(self) -> str | None:
        index = self.table.currentIndex()
        return str(self.model.data(index, Roles.ID)) if index.isValid() else None

    def select_rep(self, rep: str) -> None:
        row = self.model.row_of(rep)
        if row is not None:
            self.table.selectRow(row)

    def _on_rep_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rep = self.selected_rep()
        self._update_buttons()
        self.account_list.clear()
        self.brief_tab.show_account(None)
        if rep is None:
            self.marks.reset_marks([])
            self.rep_title.setText("Pick a rep to see their morning")
            return
        try:
            morning = self.planner.core.team.rep_morning(rep)
        except DaymapError as error:
            self.rep_title.setText(str(error))
            return
        count = len(morning.marks)
        self.rep_title.setText(
            f"{rep}: ready, no question marks" if not count else f"{rep}: {count} question mark{'s' * (count != 1)}"
        )
        self.marks.reset_marks(morning.marks)
        for account_id, name in morning.accounts:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, account_id)
            self.account_list.addItem(item)

    def _on_mark_activated(self, index: Any) -> None:
        account = self.marks.data(index, Roles.ACCOUNT)
        if account:
            self.show_brief(str(account))

    def _on_account_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.show_brief(str(current.data(Qt.ItemDataRole.UserRole)))

    def show_brief(self, account_id: str) -> None:
        """The account's brief, read-only: "what's going on with this client?"."""
        try:
            account = self.planner.account(account_id)
        except DaymapError as error:
            self.brief_tab.show_account(None)
            self.brief.setPlainText(str(error))
            return
        self.brief_tab.show_account(account)

    # --- handover ---------------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        self.handover_button.setEnabled(self.selected_rep() is not None and self.model.rowCount() > 1)

    def hand_over(self) -> bool:
        rep = self.selected_rep()
        if rep is None:
            return False
        row = self.model.item(self.model.row_of(rep) or 0)
        others = [self.model.item(r).rep for r in range(self.model.rowCount()) if self.model.item(r).rep != rep]
        moved: list[int] = []

        def submit(values: dict[str, Any]) -> None:
            moved.append(self.planner.team.handover(rep, values["to"]))

        if not dialogs.run_dialog(HandoverDialog(submit, rep, row.accounts, others, self)):
            return False
        self.load()  # the window reloads every page too: the accounts changed hands
        self.subtitle.setText(f"Handed over {moved[0]} accounts from {rep}. " + self.subtitle.text())
        return True
