"""The window's one way to run a verb (``organizer.app.verbs``): refused before anything is asked where the
store or the role refuses the write, each parameter asked for as its kind says (a file dialog for a file,
the shown day for a date, the menu's preset for the rest), the question the verb asks first, then the
planner's action (one undo entry), and the document saved or the sentence shown in the status bar.

A menu action (``ui.shell.menus``) is a verb's place run through :meth:`VerbActions.run_verb`; so are the
plan map's calendar request, a Daymap file dropped on the window and the welcome's sample territory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow

from organizer.app.files import file_kinds
from organizer.app.stores import read_other_file, write_atomically
from organizer.app.verbs import VERBS, Document, Param, Source, Verb
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.flows import refused
from ui.reports import save_report

if TYPE_CHECKING:
    from ui.pages.plan import PlanPage
    from ui.pages.today import TodayPage
    from ui.qt_planner import QtPlanner


EXPORT_FOLDER_KEY = "export/folder"  # where the last file was saved: the next save dialog opens there


class NotOpenError(Exception):
    """What a verb needs is not open in the window (an account's plan map): said, and nothing is run."""


class VerbActions(QMainWindow):
    """Runs the verbs the menus offer (a mixin of the main window)."""

    planner: QtPlanner
    today: TodayPage
    plan: PlanPage
    settings: QSettings
    _unloaded: set[str]

    def run_verb(self, name: str, values: Mapping[str, Any] | None = None, title: str = "") -> bool:
        """Run the verb ``name`` with ``values`` (a menu's preset, or a file already chosen); the rest is asked.

        True when it ran; False when the rep cancelled or it was refused or failed (and the rep was told why).
        """
        declared = VERBS[name]
        title = title or next((place.title for place in declared.places), name)
        if declared.writes and refused(self.planner, self, declared.writes):
            return False
        given = dict(values or {})
        try:
            gathered = self._gather(declared, given, title)
        except NotOpenError as missing:
            dialogs.show_message(self, title, str(missing))
            return False
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, title, f"{declared.failed}\n\n{_reason(error)}")
            return False
        if gathered is None:
            return False
        question = declared.ask(self.planner.core, gathered) if declared.ask is not None else None
        if question is not None and not dialogs.ask(self, title, question):
            return False
        try:
            outcome = self.planner.do(lambda planner: declared.run(planner, gathered))
            if isinstance(outcome, Document):
                assert declared.output is not None
                target = Path(gathered[declared.output.name])
                if outcome.html:
                    save_report(outcome.data.decode(), target, outcome.title or title)  # a PDF, if named .pdf
                else:
                    write_atomically(target, outcome.data)
                said = f"{outcome.what} saved to {target}"
            else:
                said = outcome.message
        except (DaymapError, OSError) as error:
            dialogs.show_message(self, title, f"{declared.failed}\n\n{_reason(error)}")
            return False
        self.statusBar().showMessage(said, 8000)
        return True

    def run_placed(self, name: str) -> bool:
        """Run a verb as its (first) menu place does: its preset, its words as the dialogs' title."""
        place = VERBS[name].places[0]
        return self.run_verb(name, place.preset, place.title)

    def _gather(self, declared: Verb, given: dict[str, Any], title: str) -> dict[str, Any] | None:
        """Every parameter's value: given, else asked as its kind says (None: the rep cancelled a dialog)."""
        values: dict[str, Any] = {}
        for param in sorted(declared.params, key=lambda p: p.kind == "file_out"):  # a file's name needs the rest
            value = given[param.name] if param.name in given else self._ask(param, values, title)
            if value is None and param.kind in ("file_in", "file_out"):
                return None
            if param.kind == "file_in" and not isinstance(value, Source):
                value = Source(str(value), read_other_file(Path(value)))
            values[param.name] = value
        return values

    def _ask(self, param: Param, values: Mapping[str, Any], title: str) -> Any:
        if param.kind == "file_out":
            assert param.suggest is not None
            filters = file_kinds.dialog_filter(*param.files)
            return self._save_as(title, param.suggest(self.planner.core, values), filters)
        if param.kind == "file_in":
            name, _filter = QFileDialog.getOpenFileName(
                self, title, dialogs.documents_folder(), file_kinds.dialog_filter(*param.files)
            )
            return name or None
        if param.kind == "account":
            if self.plan.account is None:
                raise NotOpenError("Open an account's plan map first (Accounts, then double-click).")
            return self.plan.account.id
        if param.kind == "date":
            return self.shown_day() if param.shown_day else None  # None: the planner's today
        return param.default

    def shown_day(self) -> dt.date:
        """The day the Today page shows (today, until the rep pages to another)."""
        return self.today.day if "today" not in self._unloaded else self.planner.today

    def _save_as(self, title: str, suggested: str, filters: str) -> Path | None:
        """The save dialog opens where the rep saved last (else their Documents), never the process's folder."""
        folder = str(self.settings.value(EXPORT_FOLDER_KEY, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = dialogs.documents_folder()
        name, _filter = QFileDialog.getSaveFileName(self, title, str(Path(folder) / suggested), filters)
        if not name:
            return None
        self.settings.setValue(EXPORT_FOLDER_KEY, str(Path(name).parent))
        return Path(name)


def _reason(error: Exception) -> str:
    return str(getattr(error, "strerror", None) or error)
