"""Reminders at a timed step's time (and a few minutes before), with the pre-call card.

A desktop notification (``ui.shell.notify``) with Done, Snooze 10 min and Open; where no
notification service answers, the tray icon's message. With reminders on, closing the
window keeps Daymap in the tray. Reminders missed while the computer slept come once, as
one summary. "Start at login" writes an XDG autostart entry.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QMenu, QSystemTrayIcon, QVBoxLayout, QWidget

from organizer.app.views import DEFAULT_LEAD_MINUTES, PreCall, Reminder, ReminderClock, precall, reminders_for
from organizer.core.errors import DaymapError
from ui.qt_planner import QtPlanner
from ui.resources import icon
from ui.shell.notify import DesktopNotifier

ACTIONS = (("done", "Done"), ("snooze", "Snooze 10 min"), ("default", "Open"))
AUTOSTART_ENTRY = """[Desktop Entry]
Type=Application
Name=Daymap
Comment=Your day's plan, with reminders
Exec={command}
Icon=daymap
X-GNOME-Autostart-enabled=true
"""


def autostart_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / "daymap.desktop"


def set_start_at_login(enabled: bool, command: str | None = None) -> Path:
    """Write (or remove) the XDG autostart entry; returns its path."""
    path = autostart_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    launcher = command or ("daymap" if getattr(sys, "frozen", False) else f"{sys.executable} -m ui.shell.launcher")
    path.write_text(AUTOSTART_ENTRY.format(command=launcher), encoding="utf-8")
    return path


class PreCallWindow(QDialog):
    """The small window a reminder opens: the pre-call card, at a glance."""

    def __init__(self, card: PreCall, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Before the call — {card.step.title}")
        layout = QVBoxLayout(self)
        self.text = QLabel(card.html(today))
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(420)
        layout.addWidget(self.text)


class Reminders(QObject):
    """The clock that shows the day's reminders, and what the rep answers to them."""

    CHECK_MS = 30_000

    def __init__(
        self,
        planner: QtPlanner,
        settings: QSettings,
        open_window: Callable[[], None],
        parent: QObject | None = None,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        ask_next: Callable[[str], object] | None = None,
    ) -> None:
        """``ask_next(step)``: the window's own Done, which asks for the next step (the last one must not go
        quietly, SPEC.md); without it, Done on a last next step opens the window on the step instead."""
        super().__init__(parent)
        self.planner = planner
        self._ask_next = ask_next
        self.settings = settings
        self._open_window = open_window
        self._now = now
        self.clock = ReminderClock()
        self._notifier: DesktopNotifier | None = None
        self.shown: dict[int, str] = {}  # notification id → step id
        self.windows: list[PreCallWindow] = []
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("app"), self)
            self.tray.setToolTip("Daymap")
            self.tray.setContextMenu(self._tray_menu())
            self.tray.activated.connect(lambda _reason: self._open_window())
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(self.CHECK_MS)
        self.timer.timeout.connect(self.check)
        if self.enabled:
            self.timer.start()

    @property
    def notifier(self) -> DesktopNotifier:
        """Connected to the session bus at the first reminder, not on the way to the first frame."""
        if self._notifier is None:
            self._notifier = DesktopNotifier(parent=self)
            self._notifier.action_invoked.connect(self._on_notifier_action_invoked)
        return self._notifier

    @property
    def enabled(self) -> bool:
        return bool(self.settings.value("reminders/enabled", True, type=bool))

    @property
    def lead_minutes(self) -> int:
        return int(str(self.settings.value("reminders/lead", DEFAULT_LEAD_MINUTES)))

    @property
    def keeps_running(self) -> bool:
        """Closing the window keeps Daymap in the tray (reminders on, a tray to live in)."""
        return self.enabled and self.tray is not None

    def set_enabled(self, enabled: bool) -> None:
        self.settings.setValue("reminders/enabled", enabled)
        if enabled:
            self.timer.start()
        else:
            self.timer.stop()

    def _tray_menu(self) -> QMenu:
        menu = QMenu()
        menu.addAction("Open Daymap", self._open_window)
        toggle = QAction("Reminders", menu, checkable=True, checked=self.enabled)
        toggle.toggled.connect(self.set_enabled)
        menu.addAction(toggle)
        login = QAction("Start at login", menu, checkable=True, checked=autostart_path().exists())
        login.toggled.connect(lambda on: set_start_at_login(on))
        menu.addAction(login)
        return menu

    # --- the clock ---------------------------------------------------------------------------------

    def check(self) -> None:
        """What is due now: each fresh reminder on its own, the missed ones as one summary."""
        if not self.planner.attached or not self.enabled:
            return
        now = self._now()
        try:
            items = self.planner.morning(now.date()).today
        except DaymapError:
            return
        fresh, missed = self.clock.due(reminders_for(items, now.date(), self.lead_minutes), now)
        for reminder in fresh:
            self.show(reminder)
        if missed:
            lines = [f"{r.starts:%H:%M} {r.item.title} — {r.item.account_name}" for r in missed]
            self._send(f"Missed while away: {len(missed)} reminder{'s' * (len(missed) != 1)}", "\n".join(lines), "")

    def card(self, reminder: Reminder) -> PreCall | None:
        try:
            return precall(self.planner.account(reminder.item.account), reminder.item.step, reminder.starts.date())
        except (DaymapError, StopIteration):
            return None

    def show(self, reminder: Reminder) -> int:
        card = self.card(reminder)
        body = "\n".join(card.lines(reminder.starts.date())) if card else reminder.item.account_name
        return self._send(reminder.summary(), body, reminder.item.step)

    def _send(self, summary: str, body: str, step: str) -> int:
        if self.notifier.available:
            nid = self.notifier.notify(summary, body, ACTIONS if step else ())
            if nid:
                self.shown[nid] = step
                return nid
        if self.tray is not None:
            self.tray.showMessage(summary, body, QSystemTrayIcon.MessageIcon.Information, 15_000)
        return 0

    # --- the rep's answers ---------------------------------------------------------------------------

    def _on_notifier_action_invoked(self, nid: int, key: str) -> None:
        step = self.shown.get(nid)
        if step:
            self.answer(step, key)

    def answer(self, step: str, key: str) -> None:
        if key == "done":
            try:
                if self.planner.core.leaves_no_next_step(step):  # as Today does: ask for the next one now
                    self._open_window()
                    if self._ask_next is not None:
                        self._ask_next(step)
                    else:
                        self.open_card(step)
                    return
                self.planner.steps.complete(step, None)
            except DaymapError as error:
                self._send("Daymap", f"Not marked done: {error}", "")
        elif key == "snooze":
            self.clock.snooze(step, self._now())
        else:
            self.open_card(step)

    def open_card(self, step: str) -> PreCallWindow | None:
        self._open_window()
        try:
            account = self.planner.account(self.planner.core.account_of_step(step))
            card = precall(account, step, self.planner.today)
        except (DaymapError, StopIteration):
            return None
        window = PreCallWindow(card, self.planner.today)
        window.show()
        self.windows = [w for w in self.windows if w.isVisible()] + [window]
        return window
