"""Files from other programs into the store, from the window: a CRM export or vCards (previewed first) and
mail, chosen or dropped on the window; a dropped Daymap file goes to the ``import`` verb. Each is one
import — checked whole, all or nothing — and its Change refreshes the pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow

from organizer.app.files import file_kinds
from organizer.app.stores import read_other_file
from organizer.app.verbs import reading
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.flows import refused

if TYPE_CHECKING:
    from ui.qt_planner import QtPlanner
    from ui.shell.mail import MailSync


class FileImports(QMainWindow):
    """File ▸ Import ▸ a CRM or contacts file, mail, and what is dropped on the window (a mixin of the main window)."""

    planner: QtPlanner
    mail: MailSync
    run_verb: Callable[..., bool]  # ui.shell.verbs.VerbActions, the window's other mixin

    def refused(self) -> bool:
        return refused(self.planner, self)

    def import_mail_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, "Import mail", dialogs.documents_folder(), file_kinds.dialog_filter(file_kinds.MAIL, every_file=True)
        )
        if names:
            self.import_mail_paths([Path(name) for name in names])

    def import_mail_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Import a mail folder (Maildir)", dialogs.documents_folder())
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
        """One file a verb reads (a Daymap file) to that verb; else each kind of file to its import
        (``file_kinds.import_of``): a CRM's or contacts file, or mail."""
        read_by = reading(paths[0]) if len(paths) == 1 else None
        if read_by is not None:
            declared, param = read_by
            return self.run_verb(declared.name, {param.name: paths[0]})
        opens = file_kinds.import_of(paths)
        if opens == "contacts":
            return self.import_crm_path(str(paths[0]))
        return self.import_mail_paths(paths)

    def import_crm_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Import from a CRM or contacts file",
            dialogs.documents_folder(),
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
            table = self.planner.core.documents.read_table(read_other_file(Path(name)), name)
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Import", f"Nothing was imported.\n\n{error}")
            return False
        dialog = CrmImportDialog(self.planner, table, self)
        if not dialogs.run_dialog(dialog):
            return False
        if dialog.plan is not None:
            self.statusBar().showMessage(f"Imported {dialog.plan.summary()}", 8000)
        return True
