"""Mail logged as touches (SPEC.md "Mail: touches from the inbox"): one action per read, each message once.

Every reader (an .eml, an mbox, a Maildir, an IMAP folder; the window's drop, the terminal, the
background watcher) hands its messages to :func:`log_mail`, which matches their addresses to the
contacts', leaves out what was logged before (by Message-ID) and writes the touches (and the mail
settings the read changed) as one action of the planner: one transaction, one undo.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from organizer.app.history import SetStored
from organizer.core.domain import Change, new_id
from organizer.formats.mail import MailMessage, Read, Unreadable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.app.history import Edit
    from organizer.app.workspace import Workspace

LOOKUP_BATCH = 500  # messages whose Message-IDs are looked up in the store at once


@dataclass
class MailReport:
    """What a read did: ``--json`` prints its counts; ``problems`` name the unreadable messages."""

    messages: int = 0
    touches: int = 0
    unmatched: int = 0
    duplicates: int = 0
    unreadable: int = 0
    problems: list[Unreadable] = field(default_factory=list)
    # Someone new writing from a company the rep knows (its domain is one contact's): offered, never added.
    newcomers: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # address → (account, name)
    knows_me: bool = True  # the rep's own addresses are known: their sent mail can be matched

    @property
    def hint(self) -> str | None:
        """What to do when mail went unmatched only because Daymap does not know the rep's own address."""
        if self.unmatched and not self.knows_me:
            return "your own address is not set, so the mail you sent counts as nobody's"
        return None

    def to_json(self) -> dict[str, int]:
        return {
            "messages": self.messages,
            "touches": self.touches,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "unreadable": self.unreadable,
        }

    def summary(self) -> str:
        return (
            f"{self.messages} message{'s' * (self.messages != 1)} read, {self.touches} touch"
            f"{'es' * (self.touches != 1)} logged, {self.unmatched} with nobody you know, "
            f"{self.duplicates} logged before, {self.unreadable} unreadable"
        )


def mail_settings(planner: Workspace) -> dict[str, Any]:
    from organizer.store.settings import read_stored

    return dict(planner.read(lambda session: read_stored(session, "mail")))


def _logged_before(session: Session, keys: Iterable[str]) -> set[str]:
    from sqlalchemy import select

    from organizer.store.models import Touch

    wanted = list(set(keys))
    if not wanted:
        return set()
    return {str(key) for key in session.execute(select(Touch.message).where(Touch.message.in_(wanted))).scalars()}


@dataclass
class TouchOnce:
    """A message's touch, unless another reader (the terminal's `mail import`, a second window) logged the
    same message for the account between our look and our write: checked again inside the write's
    transaction, so two readers of one mailbox at once log each message once."""

    values: Mapping[str, Any]
    object_id: str
    made: bool = False

    def do(self, session: Session) -> Change:
        from sqlalchemy import select

        from organizer.app import operations
        from organizer.store.models import Touch

        logged = select(Touch.id).where(
            Touch.message == self.values["message"], Touch.account_id == self.values["account"]
        )
        self.made = session.execute(logged.limit(1)).first() is None
        if not self.made:
            return Change("touch")
        return operations.create(session, "touch", self.values, self.object_id)

    def undo(self, session: Session) -> Change:
        from organizer.app import operations

        return operations.delete(session, "touch", self.object_id) if self.made else Change("touch")


def _batches(messages: Iterable[Read]) -> Iterator[list[Read]]:
    batch: list[Read] = []
    for message in messages:
        batch.append(message)
        if len(batch) >= LOOKUP_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def touches_of(message: MailMessage, me: set[str], contacts: Mapping[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """The touches one message makes: from a contact, one with them; from the rep, one per account written to."""
    base = {"date": message.day, "channel": "email", "note": message.subject or None, "message": message.key}
    if message.sender is not None and message.sender in contacts:
        contact, account = contacts[message.sender]
        return [{**base, "account": account, "contact": contact}]
    if message.sender not in me:
        return []  # a stranger's message, even to a contact, adds nothing
    found: dict[str, str] = {}  # account → its first recipient who is a contact
    for recipient in message.recipients:
        if recipient in contacts:
            contact, account = contacts[recipient]
            found.setdefault(account, contact)
    return [{**base, "account": account, "contact": contact} for account, contact in found.items()]


# Addresses anyone can have: a message from one of these says nothing about which company it is from.
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com",
    "me.com", "aol.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "mail.com",
    "yandex.ru", "mail.ru", "qq.com", "163.com",
})  # fmt: skip


def _domains(contacts: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """A company's mail domain → its account, where exactly one account's contacts use it."""
    found: dict[str, set[str]] = {}
    for address, (_contact, account) in contacts.items():
        domain = address.rpartition("@")[2]
        if domain and domain not in FREE_MAIL:
            found.setdefault(domain, set()).add(account)
    return {domain: next(iter(accounts)) for domain, accounts in found.items() if len(accounts) == 1}


def add_newcomers(planner: Workspace, chosen: Mapping[str, tuple[str, str | None]], declined: Iterable[str]) -> Change:
    """The people the rep chose to add (a contact each, at the account their domain belongs to); the
    others are not offered again. One action."""
    from organizer.app.history import Create

    edits: list[Edit] = []
    for address, (account, name) in chosen.items():
        values = {"account": account, "name": name or address.partition("@")[0], "email": address}
        edits.append(Create("contact", values, new_id("contact")))
    settings = mail_settings(planner)
    settings["declined"] = sorted({*settings.get("declined", ()), *declined})
    edits.append(SetStored("mail", settings))
    return planner.run("Add people from mail", edits)


def log_mail(
    planner: Workspace,
    messages: Iterable[Read],
    me: Iterable[str] = (),
    settings: Mapping[str, Any] | None = None,
    text: str = "Log mail",
) -> MailReport:
    """Log ``messages`` as touches, in one action; ``me`` adds to the rep's remembered addresses and
    ``settings`` (the whole mail settings, e.g. an IMAP folder's new high-water mark) is written with them."""
    stored = mail_settings(planner)
    new_settings = dict(settings if settings is not None else stored)
    addresses = sorted({a.strip().lower() for a in (*new_settings.get("me", ()), *me) if a.strip()})
    if addresses:
        new_settings["me"] = addresses
    own = set(addresses)
    if new_settings.get("imap", {}).get("user") and "@" in new_settings["imap"]["user"]:
        own.add(str(new_settings["imap"]["user"]).lower())
    report = MailReport()
    report.knows_me = bool(own)
    edits: list[Edit] = []
    seen: set[str] = set()
    from organizer.rules.queries import contacts_by_address

    contacts: dict[str, tuple[str, str]] = planner.read(contacts_by_address)
    domains = _domains(contacts)
    declined = set(new_settings.get("declined", ()))
    for batch in _batches(messages):
        readable = [m for m in batch if isinstance(m, MailMessage)]
        before = planner.read(lambda s, b=readable: _logged_before(s, (m.key for m in b)))  # type: ignore[misc]
        for message in batch:
            report.messages += 1
            if isinstance(message, Unreadable):
                report.unreadable += 1
                report.problems.append(message)
                continue
            if message.key in before or message.key in seen:
                report.duplicates += 1
                continue
            seen.add(message.key)
            made = touches_of(message, own, contacts)
            if not made:
                report.unmatched += 1
                newcomer = message.sender or ""
                account = domains.get(newcomer.rpartition("@")[2])
                if account and newcomer not in own and newcomer not in declined:
                    report.newcomers.setdefault(newcomer, (account, message.sender_name))
            edits.extend(TouchOnce(values, new_id("touch")) for values in made)
            report.touches += len(made)
    if new_settings != stored:
        edits.append(SetStored("mail", new_settings))
    if edits:
        planner.run(text, edits)
    logged_meanwhile = sum(1 for edit in edits if isinstance(edit, TouchOnce) and not edit.made)
    report.touches -= logged_meanwhile
    report.duplicates += logged_meanwhile
    return report


def change_mail_settings(planner: Workspace, me: Iterable[str], watch: str | None) -> Change:
    """The rep's own addresses and a local mail folder read in the background (Edit ▸ Mail), as one action."""
    from organizer.core.validate import email_address
    from organizer.formats.mail import detect

    settings = mail_settings(planner)
    settings["me"] = sorted({email_address(address, "me") for address in me if address.strip()})
    if watch:
        from pathlib import Path

        detect(Path(watch).expanduser())  # not mail at all: refused now, not at every background read
        if settings.get("watch") != watch:
            settings.pop("watched", None)  # another folder: read it from the start
        settings["watch"] = watch
    else:
        settings.pop("watch", None)
        settings.pop("watched", None)
    return planner.run("Change mail settings", [SetStored("mail", settings)])


def local_signature(path: str) -> list[int]:
    """What changes when a mail folder or file gets new mail: its size and time (a Maildir: its new/ and cur/)."""
    import os
    from pathlib import Path

    folder = Path(path).expanduser()
    parts = [folder / "new", folder / "cur"] if folder.is_dir() else [folder]
    signature: list[int] = []
    for part in parts:
        try:
            status = os.stat(part)
        except OSError:
            signature += [0, 0]
            continue
        signature += [int(status.st_mtime_ns), int(status.st_size)]
    return signature
