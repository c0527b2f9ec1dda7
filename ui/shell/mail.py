"""Mail read in the background: the IMAP account and the local mail folder, when the window opens and
every few minutes, never blocking it; what happened in the status bar.

The slow part (the network, parsing headers) runs on a worker thread and touches no store; the
touches are then logged on the window's thread through the one door (``planner.do``): one action
per read, its high-water marks in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from organizer.core.errors import DaymapError, ValidationError
from ui import dialogs
from ui.shell.background import BackgroundReader

if TYPE_CHECKING:
    from organizer.app.mail import MailReport
    from ui.qt_planner import QtPlanner


class MailSync(BackgroundReader):
    """The background mail reader, its status label, and the newcomers it found."""

    def __init__(self, planner: QtPlanner, parent: QWidget) -> None:
        super().__init__("Mail", parent)
        self.planner = planner
        self.last: MailReport | None = None
        self.pending: dict[str, tuple[str, str | None]] = {}  # newcomers offered when the rep asks

    def _settings(self) -> dict[str, Any]:
        if not self.planner.attached:
            return {}
        try:
            return self.planner.core.mail.settings()
        except DaymapError:
            return {}

    def run_now(self) -> bool:
        """Start a read of whatever is configured; False when there is nothing to read or one is under way."""
        settings = self._settings()
        if self.busy or not (settings.get("imap") or settings.get("watch")):
            self.status.setVisible(bool(settings.get("imap") or settings.get("watch")))
            return False
        return self.launch(lambda: _read(settings), "reading")

    read_now = run_now  # File ▸ Import ▸ Read new mail now (F9)

    def succeeded(self, found: dict[str, Any]) -> None:
        try:
            report = _log(self.planner, found)
        except DaymapError as error:
            self.say(str(error))
            return
        self.last = report
        self.pending.update(report.newcomers)
        touches = f"{report.touches} touch{'es' * (report.touches != 1)} logged" if report.touches else "nothing new"
        people = f"; {len(self.pending)} new people to add (Edit ▸ New people from mail)" if self.pending else ""
        hint = f"; {report.hint}: set it in Edit ▸ Mail…" if report.hint else ""
        self.say(f"read at {dt.datetime.now():%H:%M} — {touches}{people}{hint}")

    def offer_newcomers(self, found: dict[str, tuple[str, str | None]] | None = None) -> bool:
        """People writing from a known company's domain: offered as contacts, each added only if ticked."""
        from ui.dialogs.mail import NewPeopleDialog

        offered = dict(found if found is not None else self.pending)
        if not offered:
            dialogs.show_message(
                self._parent, "New people from mail", "Nobody new has written from a company you know."
            )
            return False
        names = dict(self.planner.core.account_choices())
        dialog = NewPeopleDialog(
            lambda values: self.planner.mail.add_newcomers(values["chosen"], values["declined"]),
            offered,
            names,
            self._parent,
        )
        if not dialogs.run_dialog(dialog):
            return False
        for address in offered:
            self.pending.pop(address, None)
        return True

    # --- Edit ▸ Mail ----------------------------------------------------------------------------------------

    def edit_settings(self) -> bool:
        from ui.dialogs.mail import MailSettingsDialog

        dialog = MailSettingsDialog(self._save, self._settings(), self._parent)
        if not dialogs.run_dialog(dialog):
            return False
        self.read_now()
        return True

    def _save(self, values: dict[str, Any]) -> None:
        from organizer.app.imap import account_from

        try:
            if values["server"]:
                account = account_from(values["server"], values["user"], values["folders"], values["plain"])
                current = self._settings().get("imap") or {}
                if values["password"] or account.to_json() != current:
                    if not values["password"]:
                        raise ValidationError("password", "give the password: the login is tried first")
                    self.planner.mail.connect(account, values["password"])
            self.planner.mail.change_settings(values["me"], values["watch"])
        except ValidationError as error:
            raise ValidationError(_FIELDS.get(error.path, error.path or "watch"), error.message) from error


# A refusal's path → the form's field that shows it.
_FIELDS = {"host": "server", "port": "server", "login": "password", "folder": "folders", "plain": "plain"}


def _read(settings: dict[str, Any]) -> dict[str, Any]:
    """On the worker thread: IMAP's new headers, else the local folder's messages when it changed."""
    from organizer.app.files import read_mail as read_messages
    from organizer.app.imap import account_and_password, fetch_headers
    from organizer.app.mail import local_signature

    found: dict[str, Any] = {}
    if settings.get("imap"):
        account, password = account_and_password(settings)
        found["imap"] = (account, fetch_headers(account, password, settings.get("read") or {}))
    watch = settings.get("watch")
    if watch:
        signature = local_signature(watch)
        if signature != settings.get("watched"):
            found["local"] = (signature, list(read_messages(Path(watch).expanduser())))
    return found


def _log(planner: QtPlanner, found: dict[str, Any]) -> MailReport:
    """On the window's thread: the touches, through the planner (one action per source)."""
    from organizer.app.mail import MailReport

    total = MailReport()
    if "local" in found:
        _add(total, planner.mail.log_folder(*found["local"]))
    if "imap" in found:
        _add(total, planner.mail.log_fetched(*found["imap"]))
    return total


def _add(total: MailReport, report: MailReport) -> None:
    for name in ("messages", "touches", "unmatched", "duplicates", "unreadable"):
        setattr(total, name, getattr(total, name) + getattr(report, name))
    total.problems += report.problems
