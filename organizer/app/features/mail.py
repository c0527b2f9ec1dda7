"""Mail as touches: files and folders the rep brings, the IMAP account and the local folder read in the
background, the newcomers it finds, the rep's own addresses. Each write is one action (``app/mail.py``
logs a batch of messages with its high-water marks in one transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from organizer.app.features._feature import Feature

if TYPE_CHECKING:
    from organizer.app.imap import Fetched, ImapAccount
    from organizer.app.mail import MailReport
    from organizer.core.domain import Change


class Mail(Feature):
    def settings(self) -> dict[str, Any]:
        from organizer.app.mail import mail_settings

        return mail_settings(self.workspace)

    def import_paths(self, paths: Sequence[Path], me: Iterable[str] = (), text: str = "Import mail") -> MailReport:
        """.eml and mbox files and Maildir folders, each checked before anything is read (not mail, or the
        store itself: exit 2, nothing written), then every message with a client logged once, as one action."""
        from organizer.app.mail import log_mail
        from organizer.formats.mail import detect, read_messages
        from organizer.store.sqlite_file import refuse_store_file

        for path in paths:
            refuse_store_file(path)  # reading the store's own file would drop this process's locks on it
            detect(path)
        return log_mail(self.workspace, (message for path in paths for message in read_messages(path)), me, text=text)

    def log_folder(self, signature: list[int], messages: Iterable[Any]) -> MailReport:
        """The local mail folder's messages, read off the window's thread, and its signature with them."""
        from organizer.app.mail import log_mail

        settings = {**self.settings(), "watched": signature}
        return log_mail(self.workspace, messages, settings=settings, text="Read the mail folder")

    def log_fetched(self, account: ImapAccount, fetched: Fetched) -> MailReport:
        """An IMAP account's new headers, fetched off the window's thread, with its new high-water marks."""
        from organizer.app.imap import log_fetched

        return log_fetched(self.workspace, account, fetched)

    def fetch(self) -> MailReport:
        """The remembered IMAP folders read now (the network and the writes in this thread)."""
        from organizer.app.imap import fetch

        return fetch(self.workspace)

    def connect(self, account: ImapAccount, password: str) -> str:
        """Remember an IMAP account once its login works; the password goes to the keyring (says where)."""
        from organizer.app.imap import connect

        return connect(self.workspace, account, password)

    def change_settings(self, me: Iterable[str], watch: str | None) -> Change:
        from organizer.app.mail import change_mail_settings

        return change_mail_settings(self.workspace, me, watch)

    def add_newcomers(self, chosen: Mapping[str, tuple[str, str | None]], declined: Iterable[str]) -> Change:
        from organizer.app.mail import add_newcomers

        return add_newcomers(self.workspace, chosen, declined)
