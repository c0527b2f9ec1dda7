"""The morning kept at the last close, so the next start can draw it before SQLAlchemy loads.

At close the app computes the mornings of today and the next days (one read, so they
and the store's revision token describe the same state) and writes them beside the
store. At start, before the heavy imports, :func:`load` reads the file and the store's
token with plain ``sqlite3``; the kept morning is used only if the token, the schema
and this program's version are what they were. Any write by anyone redraws the token
(SQLite triggers, ``models.StoreRevision``), so a stale morning is never shown.

This module imports no SQLAlchemy: it runs in the first few hundred milliseconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from organizer import __version__
from organizer.core.domain import DayItem, MarkKey, Morning, QuestionMark
from organizer.store.atomic import write_atomically

FORMAT = 6  # 2: a mark's minutes; 3: an item's repeat rule; 4: the dates up front; 5: suggestions; 6: an item's event
Suggested = dict[MarkKey, dict[str, Any]]  # each mark's suggestion as ``Suggestion.to_json`` writes it


@dataclass(frozen=True, slots=True)
class Revision:
    """Which state of the store something was computed from."""

    schema: str
    token: int


@dataclass(frozen=True, slots=True)
class Kept:
    morning: Morning
    accounts: int  # how many accounts (the welcome screen shows at zero)
    revision: Revision
    suggestions: Suggested = field(default_factory=dict)  # the cards' one-click buttons from the first frame


def kept_path(store_path: Path) -> Path:
    """``daymap.sqlite3`` → ``daymap.kept-morning.json`` beside it."""
    return store_path.with_name(f"{store_path.stem}.kept-morning.json")


def store_revision(store_path: Path) -> Revision | None:
    """The revision of a SQLite store read with plain ``sqlite3``, read-only; None if it cannot be read."""
    try:
        with read_only(store_path) as db:
            return read_revision(db)
    except (OSError, sqlite3.Error):
        return None  # damaged, foreign, older, gone: the normal open says what is wrong


@contextlib.contextmanager
def read_only(store_path: Path) -> Iterator[sqlite3.Connection]:
    """A plain ``sqlite3`` connection to the store that cannot write (OSError when there is no such file).

    It does not begin transactions by itself: ``BEGIN`` where several reads must see one state.
    """
    if not store_path.is_file():
        raise FileNotFoundError(store_path)
    mask = os.umask(0o077)  # its first read may create the -wal and -shm files: private, like the store
    try:
        db = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5, isolation_level=None)
        try:
            yield db
        finally:
            db.close()
    finally:
        os.umask(mask)


def read_revision(db: sqlite3.Connection) -> Revision | None:
    """The schema and revision token the connection sees; None for a store without them (older, foreign)."""
    schema = db.execute("SELECT version_num FROM alembic_version").fetchone()
    token = db.execute("SELECT token FROM store_revision WHERE id = 1").fetchone()
    if schema is None or token is None:
        return None
    return Revision(str(schema[0]), int(token[0]))


def save(
    store_path: Path,
    revision: Revision,
    mornings: Sequence[Morning],
    accounts: int,
    suggestions: Sequence[Suggested] = (),
) -> Path:
    """Keep ``mornings`` (and each one's suggestions, in the same order) for the next start."""
    target = kept_path(store_path)
    document = {  # the keys before "accounts" are the header :func:`fresh` reads without the rest
        "format": FORMAT,
        "version": __version__,
        "schema": revision.schema,
        "token": revision.token,
        "dates": [m.date.isoformat() for m in mornings],
        "accounts": accounts,
        "mornings": [
            _morning_json(m, suggestions[index] if index < len(suggestions) else {}) for index, m in enumerate(mornings)
        ],
    }
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    write_atomically(target, payload, mode=0o600)  # the rep's book of business, like the store
    return target


MAX_KEPT_BYTES = 50 * 1024 * 1024  # a kept morning of 5,000 accounts is a few MB
HEADER_BYTES = 4096


def fresh(store_path: Path, day: dt.date) -> bool:
    """Would :func:`load` find ``day`` kept for the store as it is? Read from the file's first bytes only.

    What the start asks before it decides to compute the morning ahead, in a process of its own.
    """
    path = kept_path(store_path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with path.open("rb") as file:
            start = file.read(HEADER_BYTES)
        header = json.loads(start[: start.index(b',"accounts":')] + b"}")
        kept = Revision(str(header["schema"]), int(header["token"]))
        if header["format"] != FORMAT or header["version"] != __version__ or day.isoformat() not in header["dates"]:
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return store_revision(store_path) == kept


def load(store_path: Path, day: dt.date) -> Kept | None:
    """The kept morning of ``day`` if it still describes the store exactly; else None.

    Whatever is in the file's place (not JSON, the wrong shape, a FIFO, a folder, a huge
    nesting), the start goes on: a file that cannot be used is set aside and the morning
    is computed as usual.
    """
    path = kept_path(store_path)
    try:
        info = os.stat(path)
    except OSError:
        return None  # none kept (the usual first start)
    try:
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_KEPT_BYTES:
            raise ValueError("not a kept morning")  # never open a FIFO or a device: that could hang the start
        document = json.loads(path.read_bytes())
        if not isinstance(document, dict):
            raise ValueError("not a kept morning")
        if document.get("format") != FORMAT or document.get("version") != __version__:
            return None  # another program version may compute the morning differently
        kept = Revision(str(document["schema"]), int(document["token"]))
        wanted = day.isoformat()
        found = next((m for m in document["mornings"] if m["date"] == wanted), None)
        if found is None:
            return None
        morning = _morning_from(found)
        suggested = {
            (str(kind), account, goal, step): dict(suggestion)
            for kind, account, goal, step, suggestion in found["suggest"]
        }
        accounts = int(document["accounts"])
    except Exception:  # damaged in any way (ValueError, KeyError, RecursionError …): the start must go on
        _set_aside(path)
        return None
    if store_revision(store_path) != kept:
        return None
    return Kept(morning, accounts, kept, suggested)


def _set_aside(path: Path) -> None:
    """Move an unusable kept morning out of the way (renamed, not deleted: it may be someone's file)."""
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(path.name + ".unusable"))


# --- the morning as JSON (every field, in order) ----------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _morning_json(morning: Morning, suggestions: Suggested) -> dict[str, Any]:
    return {
        "suggest": [[*key, suggestion] for key, suggestion in suggestions.items()],
        "date": morning.date.isoformat(),
        "confirmed": morning.confirmed,
        "capacity_minutes": morning.capacity_minutes,
        "busy_minutes": morning.busy_minutes,
        "order": list(morning.order),
        "marks": [_mark_json(m) for m in morning.question_marks],
        "today": [_item_json(item) for item in morning.today],
        "waiting": [_item_json(item) for item in morning.waiting],
    }


def _mark_json(mark: QuestionMark) -> list[Any]:
    return [
        mark.kind,
        mark.account,
        mark.goal,
        mark.step,
        mark.message,
        mark.account_name,
        mark.step_title,
        _date(mark.due),
        mark.contact_name,
        mark.minutes,
    ]


def _item_json(item: DayItem) -> list[Any]:
    return [
        item.step,
        item.account,
        item.account_name,
        item.goal,
        item.title,
        _date(item.due),
        item.time,
        item.minutes,
        item.promised,
        item.waiting,
        item.contact,
        item.contact_name,
        item.repeat,
        item.event,
    ]


def _from_date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _item_from(values: list[Any]) -> DayItem:
    step, account, account_name, goal, title, due, *rest = values
    return DayItem(step, account, account_name, goal, title, _from_date(due), *rest)


def _morning_from(data: dict[str, Any]) -> Morning:
    marks = tuple(
        QuestionMark(str(kind), account, goal, step, message, account_name, title, _from_date(due), contact, minutes)
        for kind, account, goal, step, message, account_name, title, due, contact, minutes in data["marks"]
    )
    return Morning(
        dt.date.fromisoformat(data["date"]),
        bool(data["confirmed"]),
        marks,
        tuple(_item_from(values) for values in data["today"]),
        tuple(_item_from(values) for values in data["waiting"]),
        int(data["capacity_minutes"]),
        tuple(data["order"]),
        int(data.get("busy_minutes", 0)),
    )
