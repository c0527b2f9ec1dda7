"""The manager's status brief of an account, to copy or save: the plan map's Brief tab, and the Team page's."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from organizer.core.domain import AccountView
from ui.qt_planner import QtPlanner
from ui.resources import icon


class BriefTab(QWidget):
    """The brief of the account shown (``show_account``), to copy; saving it is the window's (``save_requested``)."""

    calendar_requested = Signal()  # this account's dated steps as an .ics file
    save_requested = Signal(str)  # the account's id: its brief saved (the window's ``brief`` verb)

    def __init__(
        self,
        planner: QtPlanner,
        *,
        calendar: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.planner = planner
        self.account: AccountView | None = None
        self.box = box = QVBoxLayout(self)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        box.addWidget(self.view, 1)
        row = QHBoxLayout()
        copy = QPushButton(icon("copy"), "Copy")
        copy.setToolTip("Copy the brief to the clipboard, for an email or a chat")
        copy.clicked.connect(self.copy)
        row.addWidget(copy)
        self.save_button = QPushButton(icon("save"), "Save as PDF or HTML…")
        self.save_button.clicked.connect(self._on_save_clicked)
        row.addWidget(self.save_button)
        if calendar:  # the rep's own plan map (a manager's Team page has no calendar to fill)
            export = QPushButton(icon("calendar"), "Export to calendar…")
            export.setToolTip("This account's dated steps as an .ics file for Outlook or Google Calendar")
            export.clicked.connect(self.calendar_requested.emit)
            row.addWidget(export)
        row.addStretch(1)
        box.addLayout(row)

    def show_account(self, account: AccountView | None) -> None:
        self.account = account
        if account is None:
            self.view.clear()
        else:
            self.view.setHtml(self.planner.core.documents.brief(account, "html"))

    def copy(self) -> None:
        """Rich text for an email, plain text for a chat."""
        if self.account is not None:
            data = QMimeData()
            data.setHtml(self.planner.core.documents.brief(self.account, "html"))
            data.setText(self.planner.core.documents.brief(self.account, "text"))
            QGuiApplication.clipboard().setMimeData(data)

    def _on_save_clicked(self) -> None:
        if self.account is not None:
            self.save_requested.emit(self.account.id)
