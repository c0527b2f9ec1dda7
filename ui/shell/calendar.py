"""The calendar kept in step in the background: when the window opens, every few minutes and on demand.

A pass runs on a worker thread with a store of its own (as the terminal's ``calendar sync`` is
another program beside the window): the window never waits on the server, and shows what the
pass wrote as it shows any other program's writes. The status bar says when it last synced, or
what went wrong and when it tries again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QWidget

from organizer.core.errors import DaymapError, ValidationError
from ui import dialogs

if TYPE_CHECKING:
    from ui.session import QtSession

EVERY_MS = 5 * 60_000


@dataclass
class _Outcome:
    counts: dict[str, int] | None = None
    error: str | None = None
    feeds: tuple[str, ...] = ()


class _Pass(QRunnable):
    def __init__(self, location: Any, day: dt.date, done: SignalInstance) -> None:
        super().__init__()
        self._location, self._day, self._done = location, day, done

    def run(self) -> None:
        from organizer.app.calendar_sync import sync
        from organizer.app.planner import Planner
        from organizer.app.stores import open_store

        try:
            where = self._location
            opened = open_store(data_dir=where.path.parent) if where.path else open_store(where.url)
            with opened as store:
                report = sync(Planner(store, today=self._day))
            outcome = _Outcome(report.to_json(), None, tuple(report.feed_errors))
        except Exception as error:
            outcome = _Outcome(None, str(error))
        self._done.emit(outcome)


class CalendarSync(QObject):
    """The background pass and its status label (a permanent widget of the status bar)."""

    finished = Signal(object)

    def __init__(self, session: QtSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self._parent = parent
        self.status = QLabel()
        self.status.setObjectName("calendarStatus")
        self.status.setAccessibleName("Calendar")
        self.status.hide()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.busy = False
        self.last: _Outcome | None = None
        self.finished.connect(self._on_finished)
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.sync_now)

    def _settings(self) -> dict[str, Any]:
        from organizer.app.calendar import calendar_settings

        if not self.session.attached:
            return {}
        try:
            return calendar_settings(self.session.planner)
        except DaymapError:
            return {}

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.sync_now)

    def sync_now(self) -> bool:
        settings = self._settings()
        if self.busy or not (settings.get("calendar") or settings.get("feeds")):
            return False
        if not settings.get("calendar"):
            return False  # feeds alone are read by a sync of the calendar, or when subscribed
        self.busy = True
        self.status.setText("Calendar: syncing…")
        self.status.show()
        self.pool.start(_Pass(self.session.store.location, self.session.today, self.finished))
        return True

    def wait(self, msecs: int = 60_000) -> bool:
        return self.pool.waitForDone(msecs)

    def _on_finished(self, outcome: _Outcome) -> None:
        self.busy = False
        self.last = outcome
        if outcome.error is not None:
            retry = (dt.datetime.now() + dt.timedelta(milliseconds=EVERY_MS)).strftime("%H:%M")
            self.status.setText(f"Calendar: {outcome.error} — trying again at {retry}")
            return
        self.session.check_outside_changes()  # the pass wrote beside the window: every page shows it
        counts = outcome.counts or {}
        moved = ", ".join(f"{n} {word}" for word, n in counts.items() if n)
        said = f"synced at {dt.datetime.now():%H:%M}" + (f" — {moved}" if moved else "")
        if counts.get("conflicts"):
            said += " (see the Morning)"
        if outcome.feeds:
            said += f"; {len(outcome.feeds)} feed(s) could not be read"
        self.status.setText(f"Calendar: {said}")

    def connect_calendar(self) -> bool:
        """File ▸ Connect a calendar: tried first; what the server said shows in the form."""
        from ui.dialogs.calendar import ConnectCalendarDialog

        def submit(values: dict[str, Any]) -> None:
            from organizer.app.calendar import connect

            if values["user"] and not values["password"]:
                raise ValidationError("password", "give the password: the calendar is tried first")
            self.session.do(
                lambda planner: connect(planner, values["url"], values["user"], values["password"], values["calendar"])
            )

        if not dialogs.run_dialog(ConnectCalendarDialog(submit, self._settings(), self._parent)):
            return False
        self.timer.start()
        self.sync_now()
        return True
