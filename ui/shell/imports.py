"""Files from other programs into the store, from the window: an exchange file, a CRM export or vCards,
the sample territory. Each is one import — checked whole, backed up first, all or nothing — and its
Change reloads every page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMainWindow

from organizer.core.domain import SAMPLE_ACCOUNTS
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.actions import refused

if TYPE_CHECKING:
    from ui.session import QtSession


class FileImports(QMainWindow):
    """File ▸ Import, Import from a CRM or contacts file, Load a sample territory (a mixin of the main window)."""

    session: QtSession

    def refused(self) -> bool:
        return refused(self.session, self)

    def load_sample(self) -> None:
        if self.refused():
            return
        if self.session.planner.count_accounts() and not dialogs.ask(
            self, "Load a sample territory", f"Add {SAMPLE_ACCOUNTS} made-up accounts to this store?"
        ):
            return
        try:
            self.session.load_sample()  # its Change reloads every page
        except DaymapError as error:
            dialogs.show_message(self, "Daymap", str(error))

    def import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "Import", "", "Daymap exchange (*.json)")
        if name:
            self.import_path(name)

    def import_path(self, name: str) -> bool:
        if self.refused():
            return False
        try:
            from organizer.app.files import load_json

            result = self.session.import_document(load_json(Path(name).read_bytes(), name))
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Import", f"Nothing was imported.\n\n{error}")
            return False
        self.statusBar().showMessage(f"Imported — {result.summary()}", 8000)
        return True

    def import_crm_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Import from a CRM or contacts file",
            "",
            "CRM exports and contacts (*.csv *.vcf *.vcard *.txt);;CSV (*.csv *.txt);;vCard (*.vcf *.vcard)",
        )
        if name:
            self.import_crm_path(name)

    def import_crm_path(self, name: str) -> bool:
        """Companies or people from a CRM's CSV export or a vCard file, previewed before anything is written."""
        if self.refused():
            return False
        from organizer.app.files import crm
        from ui.pages.crm_import import CrmImportDialog

        try:
            table = crm.read(Path(name).read_bytes(), name)
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Import", f"Nothing was imported.\n\n{error}")
            return False
        dialog = CrmImportDialog(self.session, table, self)
        if not dialogs.run_dialog(dialog):
            return False
        if dialog.plan is not None:
            self.statusBar().showMessage(f"Imported {dialog.plan.summary()}", 8000)
        return True
