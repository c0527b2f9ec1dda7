"""File ▸ Backups: the store's backups, a backup now, a restore, a full check.

The dialog only shows and asks; taking, verifying and restoring copies is the
domain's (``organizer.store.backup``), reached through the planner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from organizer.app.stores import KEEP_DAILY, KEEP_RECENT, KEEP_WEEKLY, BackupInfo
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.models import Column, SnapshotTableModel
from ui.qt_planner import QtPlanner
from ui.widgets import button_row, read_only_table

REASONS = {
    "daily": "First start of the day",
    "before-import": "Before an import",
    "before-upgrade": "Before an upgrade",
    "before-restore": "Before a restore",
    "manual": "Backed up by hand",
}


def _reason(info: BackupInfo) -> str:
    return REASONS.get(info.reason, info.reason.replace("-", " ").capitalize())


def _size(info: BackupInfo) -> str:
    return f"{info.size / 1024:,.0f} KiB" if info.size < 10 * 1024 * 1024 else f"{info.size / 1024 / 1024:,.1f} MiB"


class BackupsModel(SnapshotTableModel):
    """The backups, newest first; OBJECT gives the BackupInfo."""

    columns = (
        Column("Taken", lambda i: f"{i.taken:%a %d %b %Y, %H:%M}", lambda i: i.taken.isoformat()),
        Column("Why", _reason),
        Column("Size", _size, lambda i: i.size, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        Column("File", lambda i: i.path.name),
    )

    def key(self, item: BackupInfo) -> str:
        return str(item.path)


class BackupsDialog(QDialog):
    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.setWindowTitle("Backups")
        self.resize(760, 440)
        layout = QVBoxLayout(self)
        location = planner.store.location
        intro = QLabel(
            f"Daymap backs up <b>{location.describe()}</b> at the first start of each day, before every "
            f"import, upgrade and restore, and checks every copy. It keeps the newest {KEEP_RECENT}, one a day "
            f"for {KEEP_DAILY} days and one a week for {KEEP_WEEKLY} weeks."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.model = BackupsModel(self)
        self.table = read_only_table(self.model, "Backups")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)
        row, buttons = button_row(
            [
                ("save", "Back up now", "Take a checked copy of the store now", self.back_up_now),
                ("undo", "Restore selected…", "Bring this copy back; the current store is kept", self.restore_selected),
                ("ready", "Check the store", "Read the whole store and report any damage", self.check_store),
            ]
        )
        self.back_up_button, self.restore_button, self.check_button = buttons
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        if location.path is None:
            for button in buttons:
                button.setEnabled(False)
            self.status.setText(
                "This store is on a database server: back it up with the server's own tools (for example "
                "pg_dump). File ▸ Export writes a portable copy of everything."
            )
        self.reload()

    def reload(self) -> None:
        self.model.update_rows(self.planner.core.documents.backups())
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and self.planner.store.location.path is not None)

    def back_up_now(self) -> None:
        try:
            info = self.planner.core.documents.backup_now()
        except DaymapError as error:
            self.status.setText(f"No backup was taken: {error}")
            return
        self.reload()
        if info is not None:
            self.table.selectRow(self.model.row_of(str(info.path)) or 0)
            self.status.setText(f"Backed up and checked: {info.path.name}")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        question = (
            f"Bring back the store as it was on {info.taken:%a %d %b %Y at %H:%M}?\n\n"
            "Everything changed since then is replaced. The store as it is now is kept as a backup, "
            "so this can be undone by restoring that one."
        )
        if not dialogs.ask(self, "Restore a backup", question):
            return
        try:
            result = self.planner.documents.restore(info.path)
        except DaymapError as error:
            self.status.setText(f"Nothing was restored: {error}")
            return
        self.reload()
        kept = f" The store as it was is kept as {result.kept_aside.name}." if result.kept_aside else ""
        self.status.setText(f"Restored the backup of {info.taken:%a %d %b %Y, %H:%M}.{kept}")

    def check_store(self) -> None:
        try:
            report = self.planner.core.documents.check_store()
        except DaymapError as error:
            self.status.setText(str(error))
            return
        verdict = "The store is healthy." if report.ok else "The store has a problem."
        self.status.setText(verdict + "\n" + "\n".join(report.lines))
