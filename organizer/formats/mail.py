"""Mail as Daymap reads it: the headers of each message in an .eml file, an mbox file or a Maildir.

Only headers are read (SPEC.md "Mail"): a message's header block is read up to its first blank
line and parsed by the standard library's ``email`` package; its body is never parsed, kept or
logged. A message whose headers cannot be read is an :class:`Unreadable` naming where it is;
the others are still read. Memory does not grow with the mailbox: messages are yielded one by one.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.policy
import hashlib
import mailbox
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol

from organizer.core.errors import ValidationError
from organizer.core.validate import not_text

MAX_HEADER_BYTES = 1 << 20  # a header block past 1 MiB is not mail (10,000 recipients fit in well under it)
MAX_SUBJECT = 500
_FIELD = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")  # "Name:" (RFC 5322 field name), at the start of a line
_KNOWN = ("from", "to", "date", "subject", "message-id", "received", "return-path", "cc", "content-type",
          "mime-version", "delivered-to", "reply-to", "sender", "x-envelope-from")  # fmt: skip
_PARSER = BytesHeaderParser(policy=email.policy.default)


@dataclass(frozen=True, slots=True)
class MailMessage:
    """What a touch is made of: who wrote to whom, when, about what; and the message's identity."""

    key: str  # its Message-ID, else a digest of its From, Date and Subject
    sender: str | None  # the From address, lower case
    recipients: tuple[str, ...]  # To, then Cc, lower case, in order
    day: dt.date  # in the local time zone
    subject: str
    sender_name: str | None = None  # "Sam Lee": a newcomer offered as a contact is named by it


@dataclass(frozen=True, slots=True)
class Unreadable:
    where: str  # "inbox.mbox, message 7"
    why: str


Read = MailMessage | Unreadable


def detect(path: Path) -> str:
    """ "eml", "mbox" or "maildir"; not mail at all (an empty or binary file, a folder that is not a
    Maildir): ValidationError, before anything is written."""
    if path.is_dir():
        if (path / "cur").is_dir() or (path / "new").is_dir():
            return "maildir"
        raise ValidationError("", f"{path}: a folder, but not a Maildir (it has no cur/ or new/ folder)")
    if not path.is_file():
        raise ValidationError("", f"{path}: no such file or folder")
    with path.open("rb") as handle:
        start = handle.read(4096)
    if not start.strip():
        raise ValidationError("", f"{path}: empty, not mail")
    if start.startswith(b"From "):
        return "mbox"
    if _looks_like_headers(start):
        return "eml"
    raise ValidationError("", f"{path}: not mail (neither a message, an mbox file nor a Maildir)")


def _looks_like_headers(start: bytes) -> bool:
    if b"\x00" in start:
        return False
    lines = _without_leading_blank_lines(start.splitlines())
    if not lines or not _FIELD.match(lines[0]):
        return False
    names = {line.split(b":", 1)[0].strip().lower().decode("ascii", "replace") for line in lines if _FIELD.match(line)}
    return bool(names & set(_KNOWN))


def read_messages(path: Path, file_day: dt.date | None = None) -> Iterator[Read]:
    """Every message at ``path``, one at a time (``detect`` first for the kind)."""
    kind = detect(path)
    if kind == "eml":
        with path.open("rb") as handle:
            yield _one(handle, str(path), None, _mtime_day(path))
    elif kind == "mbox":
        yield from _mbox(path)
    else:
        yield from _maildir(path)


def _mtime_day(path: Path) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError:
        return None


def _mbox(path: Path) -> Iterator[Read]:
    box = mailbox.mbox(path, create=False)
    try:
        number = 0
        for key in box.iterkeys():
            try:
                handle = box.get_file(key, from_=True)
            except (OSError, KeyError) as error:
                number += 1
                yield Unreadable(f"{path}, message {number}", f"cannot be read: {error}")
                continue
            with handle:
                from_line = handle.readline()
                first = handle.readline()
                if not _FIELD.match(first) and number > 0:
                    continue  # a body line that began with "From ": the message before goes on, no new one
                number += 1
                yield _one(_Prepend(first, handle), f"{path}, message {number}", _from_line_day(from_line), None)
    finally:
        box.close()


def _maildir(path: Path) -> Iterator[Read]:
    """Its delivered messages (``new/`` and ``cur/``; ``tmp/`` is what a client is still writing), by name.

    Listed as ``mailbox.Maildir`` lists them, read file by file so each keeps its own time (the
    date of a message without one); a file a mail client moves away meanwhile is skipped.
    """
    names = []
    for sub in ("new", "cur"):
        folder = path / sub
        if folder.is_dir():
            names += [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    for entry in sorted(names, key=lambda e: e.name):
        try:
            with entry.open("rb") as handle:
                yield _one(handle, f"{path}, message {entry.name}", None, _mtime_day(entry))
        except (FileNotFoundError, IsADirectoryError):
            continue  # taken away (read, moved) by a mail client since the folder was listed


class _Lines(Protocol):
    def readline(self) -> bytes: ...


class _Prepend:
    """A file with one line already read put back in front (the mbox check peeks at it)."""

    def __init__(self, first: bytes, rest: _Lines) -> None:
        self._first: bytes | None = first
        self._rest = rest

    def readline(self) -> bytes:
        if self._first is not None:
            line, self._first = self._first, None
            return line
        return self._rest.readline()


def _without_leading_blank_lines(lines: list[bytes]) -> list[bytes]:
    """Some writers (an iPhone, flanker's fixtures) start a message with a line of spaces; Python's parser reads
    past it, and so does Daymap."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    return lines[index:]


def _header_block(handle: _Lines) -> bytes | None:
    """The bytes up to the first blank line after the headers begin (lines of spaces before them are not a
    message's end); None when the block is cut short or far too long."""
    lines: list[bytes] = []
    size = 0
    while True:
        line = handle.readline()
        if not line:
            return b"".join(lines) if lines and lines[-1].endswith(b"\n") else None
        if not lines and not line.strip() and line not in (b"\n", b"\r\n"):
            continue  # a line of spaces before the first header
        if line in (b"\n", b"\r\n"):
            return b"".join(lines)
        size += len(line)
        if size > MAX_HEADER_BYTES:
            return None
        lines.append(line)


def from_header_bytes(block: bytes, where: str, fallback_day: dt.date | None = None) -> Read:
    """One message's header block as an IMAP server hands it (``BODY.PEEK[HEADER]``)."""
    lines = iter(block.splitlines(keepends=True))
    return _one(_Iter(lines), where, None, fallback_day)


class _Iter:
    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines

    def readline(self) -> bytes:
        return next(self._lines, b"")


def _one(handle: _Lines, where: str, from_day: dt.date | None, file_day: dt.date | None) -> Read:
    block = _header_block(handle)
    if not block or not _FIELD.match(block):
        return Unreadable(where, "its headers are cut short or are not mail headers")
    try:
        message = _PARSER.parsebytes(block)
        return _message(message, from_day, file_day)
    except _NotTextError as error:
        return Unreadable(where, f"its headers cannot be read ({error})")
    except Exception as error:
        return Unreadable(where, f"its headers cannot be read ({type(error).__name__})")


class _NotTextError(ValueError):
    """A header that cannot be stored as text (a NUL, a lone surrogate from an undecodable byte)."""


def _repaired(text: str) -> str:
    """A header's bytes that were not UTF-8 (Python keeps them as lone surrogates): read as Windows-1252, as
    mail programs of the 1990s wrote them ("Ingo L\xfctkebohle" is Ingo Lütkebohle). A NUL stays: that
    message is unreadable, and named."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", errors=_BYTE_AS_CP1252)


def _byte_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Each byte that is not UTF-8 as Windows-1252 reads it; the UTF-8 around it stays UTF-8 (a Cyrillic name
    with one stray byte keeps its Cyrillic)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


_BYTE_AS_CP1252 = "daymap-byte-as-cp1252"
codecs.register_error(_BYTE_AS_CP1252, _byte_as_cp1252)


def _message(message: EmailMessage, from_day: dt.date | None, file_day: dt.date | None) -> MailMessage:
    sender = next(iter(_addresses(message, ("from",))), None)
    sender = _repaired(sender) if sender is not None else None
    sender_name = next(iter(_display_names(message)), None)
    sender_name = _repaired(sender_name) if sender_name is not None else None
    recipients = tuple(_repaired(address) for address in _addresses(message, ("to", "cc")))
    subject = _repaired(" ".join(str(message.get("subject", "") or "").split())[:MAX_SUBJECT])
    date_text = str(message.get("date", "") or "")
    day = _header_day(date_text) or from_day or file_day or dt.date.today()
    day = min(day, dt.date.today())  # a Date in the future is a sender's wrong clock, not a future touch
    message_id = str(message.get("message-id", "") or "").strip()
    key = message_id if message_id else _digest(sender or "", date_text, subject)
    for name, value in (
        ("From", sender or ""),
        ("Subject", subject),
        ("Message-ID", key),
        ("To/Cc", "".join(recipients)),
        ("From", sender_name or ""),
    ):
        problem = not_text(value)
        if problem is not None:  # raised to _one: this message is unreadable and named; the others are read
            raise _NotTextError(f"its {name} header {problem}")
    return MailMessage(key[:1000], sender, recipients, day, subject, sender_name)


def _addresses(message: EmailMessage, names: Iterable[str]) -> Iterator[str]:
    for name in names:
        for header in message.get_all(name, []):
            for address in getattr(header, "addresses", ()):
                if isinstance(address, Address) and address.username and address.domain:
                    yield address.addr_spec.lower()


def _display_names(message: EmailMessage) -> Iterator[str]:
    for header in message.get_all("from", []):
        for address in getattr(header, "addresses", ()):
            name = " ".join(str(getattr(address, "display_name", "") or "").split())
            if name:
                yield name[:200]


def _header_day(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return (moment.astimezone() if moment.tzinfo else moment).date()  # the rep's local day
    except (OverflowError, OSError, ValueError):
        return None


def _from_line_day(line: bytes) -> dt.date | None:
    """ "From sender@example.com Tue Nov 24 09:12:00 2026": the mbox's own date of the message."""
    parts = line.decode("ascii", "replace").split()
    for width in (5, 4):
        try:
            return dt.datetime.strptime(" ".join(parts[2 : 2 + width]), "%a %b %d %H:%M:%S %Y").date()
        except (ValueError, IndexError):
            continue
    return None


def _digest(sender: str, date_text: str, subject: str) -> str:
    """A message without a Message-ID is known by its From, Date and Subject (SPEC.md)."""
    text = "\x1f".join((sender, date_text.strip(), subject))
    return "no-id:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
