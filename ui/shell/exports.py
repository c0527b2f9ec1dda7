"""Files for other programs from the window: the exchange file, calendars, spreadsheets, the weekly report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMainWindow

from organizer.app.files import file_kinds
from organizer.app.stores import write_atomically
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.reports import save_report

if TYPE_CHECKING:
    from ui.pages.today import TodayPage
    from ui.qt_planner import QtPlanner


EXPORT_FOLDER_KEY = "export/folder"  # where the last file was saved: the next save dialog opens there


class FileExports(QMainWindow):
    """The File ▸ Export and Reports actions of the main window (a mixin of it)."""

    planner: QtPlanner
    today: TodayPage
    settings: QSettings
    _unloaded: set[str]

    def _save_as(self, title: str, suggested: str, filters: str) -> Path | None:
        """The save dialog opens where the rep saved last (else their Documents), never the process's folder."""
        folder = str(self.settings.value(EXPORT_FOLDER_KEY, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
                Path.home()
            )
        name, _filter = QFileDialog.getSaveFileName(self, title, str(Path(folder) / suggested), filters)
        if not name:
            return None
        self.settings.setValue(EXPORT_FOLDER_KEY, str(Path(name).parent))
        return Path(name)

    def _write(self, what: str, path: Path, write: Callable[[Path], None]) -> bool:
        try:
            write(path)
        except (DaymapError, OSError) as error:
            detail = getattr(error, "strerror", None) or error
            dialogs.show_message(self, what, f"{what} was not saved.\n\n{detail}")
            return False
        self.statusBar().showMessage(f"{what} saved to {path}", 6000)
        return True

    def export_calendar(self, days: int = 7, account: str | None = None, path: Path | None = None) -> bool:
        """Dated steps as an .ics file; importing a newer one updates the events (stable UIDs)."""
        start = self.planner.today if account is None else self.planner.today - dt.timedelta(days=7)
        span = days if account is None else 120
        target = path or self._save_as("Export to calendar", f"daymap-{start.isoformat()}.ics", file_kinds.ICS.filter)
        if target is None:
            return False
        data = self.planner.core.documents.steps_ics(start, span, account)
        return self._write("The calendar", target, lambda p: write_atomically(p, data))

    def export_accounts_csv(self, path: Path | None = None) -> bool:
        target = path or self._save_as("Export accounts", "daymap-accounts.csv", file_kinds.SPREADSHEET.filter)
        if target is None:
            return False
        planner = self.planner.core
        return self._write(
            "The accounts", target, lambda p: write_atomically(p, planner.documents.accounts_csv().encode())
        )

    def export_day_csv(self, path: Path | None = None) -> bool:
        day = self.today.day if "today" not in self._unloaded else self.planner.today
        name = f"daymap-{day.isoformat()}.csv"
        target = path or self._save_as("Export the day's list", name, file_kinds.SPREADSHEET.filter)
        if target is None:
            return False
        planner = self.planner.core
        return self._write(
            "The day's list", target, lambda p: write_atomically(p, planner.documents.day_csv(day).encode())
        )

    def save_weekly_report(self, path: Path | None = None) -> bool:
        target = path or self._save_as(
            "Weekly territory report",
            f"daymap-week-{self.planner.today.isocalendar()[1]:02d}.pdf",
            "PDF (*.pdf);;Web page (*.html)",
        )
        if target is None:
            return False
        html = self.planner.core.documents.weekly_report("html")
        return self._write("The report", target, lambda p: save_report(html, p, "Territory report"))

    def export_file(self) -> None:
        target = self._save_as("Export", f"daymap-{self.planner.today.isoformat()}.json", file_kinds.DAYMAP.filter)
        if target is not None:
            self.export_path(str(target))

    def export_path(self, name: str) -> bool:
        """The whole store as an exchange file, written atomically (a crash never leaves half a file)."""
        try:
            write_atomically(Path(name), self.planner.core.documents.export_text().encode())
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, "Export", f"Nothing was exported.\n\n{error}")
            return False
        self.statusBar().showMessage(f"Exported to {name}", 6000)
        return True
