"""The manager's status brief of an account, to copy or save: the plan map's Brief tab, and the Team page's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from organizer.app.files import file_kinds
from organizer.core.domain import AccountView
from organizer.core.errors import DaymapError, StoreError
from ui.qt_planner import QtPlanner
from ui.reports import save_report
from ui.resources import icon


class BriefTab(QWidget):
    """The brief of the account shown (``show_account``); ``report`` shows what could not be saved."""

    calendar_requested = Signal()  # this account's dated steps as an .ics file

    def __init__(
        self,
        planner: QtPlanner,
        report: Callable[[DaymapError], object],
        *,
        calendar: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.planner = planner
        self.report = report
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
        save = QPushButton(icon("save"), "Save as PDF or HTML…")
        save.clicked.connect(self.ask_and_save)
        row.addWidget(save)
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

    def ask_and_save(self) -> None:
        if self.account is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            "Save the brief",
            f"{self.account.name} brief.pdf",
            file_kinds.dialog_filter(file_kinds.PDF, file_kinds.WEB_PAGE),
        )
        if name:
            self.save(name)

    def save(self, path: str | Path) -> bool:
        """The manager's brief as a PDF (by the name's suffix) or an HTML page."""
        if self.account is None:
            return False
        try:
            brief = self.planner.core.documents.brief(self.account, "html")
            save_report(brief, Path(path), f"{self.account.name} — status brief")
        except OSError as error:
            self.report(StoreError(f"The brief was not saved: {error.strerror or error}"))
            return False
        return True
