"""An IMAP account's new mail as touches (SPEC.md ``mail connect`` / ``mail fetch``), on imapclient.

Incremental by UIDVALIDITY and UID, kept in the store's mail settings with the touches they
produced, in one action: a fetch cut off (a dropped connection, a killed process) leaves the
store at the last message it logged, and the next fetch goes on from there, never twice.
Only headers are fetched (``BODY.PEEK[HEADER]``: nothing is marked read on the server).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from organizer.app.history import SetStored
from organizer.app.mail import MailReport, log_mail, mail_settings
from organizer.core.errors import DaymapError, ValidationError
from organizer.formats.mail import Read, from_header_bytes

if TYPE_CHECKING:
    from imapclient import IMAPClient

    from organizer.app.workspace import Workspace

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
FETCH_BATCH = 200
TIMEOUT_SECONDS = 30


class MailServerError(DaymapError):
    """The server could not be reached, refused, or dropped the connection (exit 1: try again later)."""


@dataclass(frozen=True, slots=True)
class ImapAccount:
    host: str
    port: int
    user: str
    folders: tuple[str, ...] = ("INBOX",)
    plain: bool = False  # no TLS: only to this machine

    @property
    def key(self) -> str:
        """What its password is kept under."""
        return f"{self.user}@{self.host}:{self.port}"

    def to_json(self) -> dict[str, Any]:
        return {"host": self.host, "port": self.port, "user": self.user, "folders": list(self.folders),
                "plain": self.plain}  # fmt: skip

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ImapAccount:
        return cls(str(value["host"]), int(value["port"]), str(value["user"]),
                   tuple(value.get("folders") or ("INBOX",)), bool(value.get("plain")))  # fmt: skip


def account_from(address: str, user: str, folders: list[str], plain: bool) -> ImapAccount:
    """``HOST[:PORT]`` (``[v6]:PORT``) checked: TLS unless ``plain``, and plain only to this machine."""
    text = address.strip()
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    if not host or any(c.isspace() for c in host) or len(host) > 253:
        raise ValidationError("host", f"not a host name: {address[:80]!r}")
    port = 143 if plain else 993
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ValidationError("port", f"not a port: {port_text[:20]!r}")
        port = int(port_text)
    if plain and host.lower() not in LOCAL_HOSTS:
        raise ValidationError("plain", f"{host} is not this machine: mail goes over TLS, a password never in clear")
    if not user.strip():
        raise ValidationError("user", "give the account's user name")
    return ImapAccount(host, port, user.strip(), tuple(folders) or ("INBOX",), plain)


def open_client(account: ImapAccount, password: str) -> IMAPClient:
    """Connected and logged in; what went wrong said in words, naming the server."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{account.host}:{account.port}"
    try:
        client = IMAPClient(account.host, port=account.port, ssl=not account.plain,
                            ssl_context=ssl.create_default_context(), timeout=TIMEOUT_SECONDS)  # fmt: skip
    except ssl.SSLCertVerificationError as error:
        raise MailServerError(f"{where}: its certificate is not trusted ({error.verify_message}); "
                              "Daymap does not send a password to a server it cannot verify") from error  # fmt: skip
    except (OSError, IMAPClientError) as error:
        raise MailServerError(f"{where}: cannot be reached ({error})") from error
    try:
        client.login(account.user, password)
    except LoginError as error:
        client.shutdown()
        raise ValidationError("login", f"{where} refused the user name or password for {account.user}") from error
    except (OSError, IMAPClientError) as error:
        raise MailServerError(f"{where}: {error}") from error
    return client


def connect(planner: Workspace, account: ImapAccount, password: str) -> str:
    """Try the login and the folders first; then remember the account (and the password, not in the store)."""
    from organizer.store import secrets

    try:
        client = open_client(account, password)
    except MailServerError as error:  # tried first: nothing is remembered, and it is the rep's input to fix
        raise ValidationError("server", str(error)) from error
    try:
        for folder in account.folders:
            if not client.folder_exists(folder):
                raise ValidationError("folder", f"{account.host} has no folder {folder!r}")
    finally:
        client.logout()
    where = secrets.remember(account.key, password)
    settings = mail_settings(planner)
    settings["imap"] = account.to_json()
    settings["read"] = {}  # a new account: its folders are read from the start
    planner.run("Connect a mail account", [SetStored("mail", settings)])
    return where


@dataclass
class Fetched:
    """What one pass over the folders brought: the messages, each folder's new high-water mark, and the
    error that cut it short (None when it went through)."""

    messages: list[Read]
    read: dict[str, dict[str, Any]]
    lost: Exception | None = None


def fetch_headers(account: ImapAccount, password: str, read: dict[str, dict[str, Any]]) -> Fetched:
    """The new messages' headers of every folder, without the store (a background thread may run it)."""
    client = open_client(account, password)
    marks = {name: dict(value) for name, value in read.items()}
    fetched = Fetched([], marks)
    try:
        for folder in account.folders:
            for message, state in _new_messages(client, folder, marks.get(folder, {})):
                fetched.messages.append(message)
                marks[folder] = state  # the high-water mark moves with each message kept
    except (OSError, ssl.SSLError) as error:
        fetched.lost = error
    except Exception as error:  # imapclient's own errors: a dropped or confused connection
        if not type(error).__module__.startswith(("imapclient", "imaplib")):
            raise
        fetched.lost = error
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone: nothing left to close
            client.logout()
    return fetched


def account_and_password(settings: dict[str, Any]) -> tuple[ImapAccount, str]:
    from organizer.store import secrets

    if not settings.get("imap"):
        raise ValidationError("mail", "no mail account is remembered: `mail connect HOST --user U` first")
    account = ImapAccount.from_json(settings["imap"])
    password = secrets.password(account.key)
    if password is None:
        raise ValidationError("mail", f"no password is kept for {account.key}: run `mail connect` again")
    return account, password


def log_fetched(planner: Workspace, account: ImapAccount, fetched: Fetched) -> MailReport:
    """Log what a fetch brought with its high-water marks, in one action; a cut-off fetch says so after."""
    settings = mail_settings(planner)
    report = log_mail(planner, fetched.messages, settings={**settings, "read": fetched.read}, text="Fetch mail")
    if fetched.lost is not None:
        raise MailServerError(
            f"{account.host}:{account.port}: the connection was lost after {report.messages} new messages "
            f"({fetched.lost}); those are logged, and the next fetch goes on from there"
        )
    return report


def fetch(planner: Workspace) -> MailReport:
    """The messages not read before, in every remembered folder; one action for all of them."""
    settings = mail_settings(planner)
    account, password = account_and_password(settings)
    return log_fetched(planner, account, fetch_headers(account, password, settings.get("read") or {}))


def _new_messages(client: IMAPClient, folder: str, state: dict[str, Any]) -> Iterator[tuple[Read, dict[str, Any]]]:
    info = client.select_folder(folder, readonly=True)
    validity = int(info.get(b"UIDVALIDITY", 0))
    last = int(state.get("uid", 0)) if int(state.get("uidvalidity", -1)) == validity else 0
    uids = sorted(uid for uid in client.search(["UID", f"{last + 1}:*"]) if uid > last)
    for start in range(0, len(uids), FETCH_BATCH):
        batch = uids[start : start + FETCH_BATCH]
        fetched = client.fetch(batch, ["BODY.PEEK[HEADER]", "INTERNALDATE"])
        for uid in batch:
            data = fetched.get(uid, {})
            header = data.get(b"BODY[HEADER]") or b""
            arrived = data.get(b"INTERNALDATE")
            day = arrived.date() if isinstance(arrived, dt.datetime) else None
            yield from_header_bytes(header, f"{folder}, message UID {uid}", day), {"uidvalidity": validity, "uid": uid}
