"""The calendar kept in step in the background: when the window opens, every few minutes and on demand.

A pass runs on a worker thread with a store of its own (as the terminal's ``calendar sync`` is
another program beside the window): the window never waits on the server, and shows what the
pass wrote as it shows any other program's writes. The status bar says when it last synced, or
what went wrong and when it tries again.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from organizer.core.errors import DaymapError, ValidationError
from ui import dialogs
from ui.shell.background import BackgroundReader, off_the_window

if TYPE_CHECKING:
    from ui.qt_planner import QtPlanner


def _pass(location: Any, day: dt.date) -> Any:
    """On the worker thread: one pass, on a store of its own."""
    from organizer.app.planner import Planner
    from organizer.app.stores import open_store

    # The window's very store, by its URL (a --db file of another name too); its daily backup is the window's.
    with open_store(location.url, daily_backup=False) as store:
        return Planner(store, today=day).calendar.sync()


class CalendarSync(BackgroundReader):
    """The background pass and its status label (a permanent widget of the status bar)."""

    def __init__(self, planner: QtPlanner, parent: QWidget) -> None:
        super().__init__("Calendar", parent)
        self.planner = planner
        self.last: Any = None  # the last pass's report

    def _settings(self) -> dict[str, Any]:
        if not self.planner.attached:
            return {}
        try:
            return self.planner.core.calendar.settings()
        except DaymapError:
            return {}

    def run_now(self) -> bool:
        if self.busy or not self._settings().get("calendar"):
            return False  # feeds alone are read by a sync of the calendar, or when subscribed
        location, day = self.planner.store.location, self.planner.today
        return self.launch(lambda: _pass(location, day), "syncing")

    sync_now = run_now  # File ▸ Sync the calendar now (F8)

    def succeeded(self, report: Any) -> None:
        self.last = report
        self.planner.reload_after_own_pass()  # the pass wrote beside the window: every page shows it
        counts = report.to_json()
        moved = ", ".join(_counted(n, word) for word, n in counts.items() if n)
        said = f"synced at {dt.datetime.now():%H:%M}" + (f" — {moved}" if moved else "")
        if counts.get("conflicts"):
            said += " (see the Morning)"
        if report.feed_errors:
            said += f"; {len(report.feed_errors)} feed(s) could not be read"
        self.say(said)

    def connect_calendar(self) -> bool:
        """File ▸ Connect a calendar: tried first; what the server said shows in the form."""
        from ui.dialogs.calendar import ConnectCalendarDialog

        def submit(values: dict[str, Any]) -> None:
            from organizer.app.calendar import try_server

            if values["user"] and not values["password"]:
                raise ValidationError("password", "give the password: the calendar is tried first")
            url, user, password, name = values["url"], values["user"], values["password"], values["calendar"]
            self.say("trying the server…")
            found = off_the_window(lambda: try_server(url, user, password, name))  # the window paints meanwhile
            self.planner.calendar.remember(url, user, password, name, found)

        if not dialogs.run_dialog(ConnectCalendarDialog(submit, self._settings(), self._parent)):
            return False
        self.timer.start()
        self.sync_now()
        return True


def _counted(number: int, word: str) -> str:
    """ "1 conflict", "2 conflicts", "3 sent": the sync's counts as the status bar says them."""
    return f"{number} {word[:-1] if number == 1 and word.endswith('s') else word}"
