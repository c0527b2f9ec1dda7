"""Files from other programs into the store, from the window: an exchange file, a CRM export or vCards,
mail (chosen, or dropped on the window), the sample territory. Each is one import — checked whole,
all or nothing — and its Change refreshes the pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow

from organizer.app.files import file_kinds
from organizer.core.domain import SAMPLE_ACCOUNTS
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.flows import refused

if TYPE_CHECKING:
    from ui.qt_planner import QtPlanner
    from ui.shell.mail import MailSync


class FileImports(QMainWindow):
    """File ▸ Import, Import from a CRM or contacts file, Load a sample territory (a mixin of the main window)."""

    planner: QtPlanner
    mail: MailSync

    def refused(self) -> bool:
        return refused(self.planner, self)

    def load_sample(self) -> None:
        if self.refused():
            return
        if self.planner.core.count_accounts() and not dialogs.ask(
            self, "Load a sample territory", f"Add {SAMPLE_ACCOUNTS} made-up accounts to this store?"
        ):
            return
        try:
            self.planner.documents.load_sample()  # its Change reloads every page
        except DaymapError as error:
            dialogs.show_message(self, "Daymap", str(error))

    def import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "Import", "", file_kinds.dialog_filter(file_kinds.DAYMAP))
        if name:
            self.import_path(name)

    def import_path(self, name: str) -> bool:
        if self.refused():
            return False
        try:
            result = self.planner.documents.import_json(_read_chosen(name), name)
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Import", f"Nothing was imported.\n\n{error}")
            return False
        self.statusBar().showMessage(f"Imported — {result.summary()}", 8000)
        return True

    def import_mail_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Import mail", "", file_kinds.dialog_filter(file_kinds.MAIL, every_file=True)
        )
        if names:
            self.import_mail_paths([Path(name) for name in names])

    def import_mail_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a mail folder (Maildir)")
        if name:
            self.import_mail_paths([Path(name)])

    def import_mail_paths(self, paths: list[Path]) -> bool:
        """Mail dropped or chosen: every message with a client a touch, once; one action, one undo."""
        if self.refused():
            return False
        try:
            report = self.planner.mail.import_paths(paths)
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Import mail", f"Nothing was imported.\n\n{error}")
            return False
        hint = f" — {report.hint}: set it in Edit ▸ Mail…" if report.hint else ""
        self.statusBar().showMessage(f"Mail: {report.summary()}{hint}", 15000)
        if report.newcomers:
            self.mail.offer_newcomers(report.newcomers)
        if report.problems:
            named = "\n".join(f"{problem.where}: {problem.why}" for problem in report.problems[:10])
            dialogs.show_message(self, "Import mail", f"Some messages could not be read; the others were.\n\n{named}")
        return True

    # --- dropped on the window: mail, a Daymap file, a CRM export or vCards ------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.import_dropped(paths)

    def import_dropped(self, paths: list[Path]) -> bool:
        """Each kind of file to its import (``file_kinds.import_of``): a Daymap file, a CRM's, or mail."""
        opens = file_kinds.import_of(paths)
        if opens == "document":
            return self.import_path(str(paths[0]))
        if opens == "contacts":
            return self.import_crm_path(str(paths[0]))
        return self.import_mail_paths(paths)

    def import_crm_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Import from a CRM or contacts file",
            "",
            file_kinds.dialog_filter(file_kinds.CONTACTS, *file_kinds.CONTACT_KINDS),
        )
        if name:
            self.import_crm_path(name)

    def import_crm_path(self, name: str) -> bool:
        """Companies or people from a CRM's CSV export or a vCard file, previewed before anything is written."""
        if self.refused():
            return False
        from ui.dialogs.crm_import import CrmImportDialog

        try:
            table = self.planner.core.documents.read_table(_read_chosen(name), name)
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Import", f"Nothing was imported.\n\n{error}")
            return False
        dialog = CrmImportDialog(self.planner, table, self)
        if not dialogs.run_dialog(dialog):
            return False
        if dialog.plan is not None:
            self.statusBar().showMessage(f"Imported {dialog.plan.summary()}", 8000)
        return True


def _read_chosen(name: str) -> bytes:
    """A chosen or dropped file's bytes: never the store the window holds (reading it would drop the
    window's SQLite locks on it), never a named pipe or a device (reading one could hang the window)."""
    from organizer.app.stores import not_a_file, refuse_store_file
    from organizer.core.errors import ValidationError

    path = Path(name)
    refuse_store_file(path)
    problem = not_a_file(path)
    if problem is not None:
        raise ValidationError("", f"{name}: {problem}")
    return path.read_bytes()
