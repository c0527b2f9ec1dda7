"""Today's morning read from a SQLite store with plain ``sqlite3``: the window's first start, before SQLAlchemy.

Importing SQLAlchemy's ORM takes longer than computing the morning. When nothing kept
describes the store (the first start, or another program wrote since the window closed),
the start reads the morning here instead: the rules' own statements, compiled for SQLite
ahead (``compiled_rules``), turned into a morning by the rules' own ``morning_rows``.
Only a store of the schema they were compiled for is read; any other the window opens
(and migrates) as usual.

This module imports no SQLAlchemy (an import-linter contract keeps it so).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from organizer.core.domain import Morning
from organizer.rules import compiled_rules, morning_rows
from organizer.rules.rows import ReadRows, as_date
from organizer.rules.suggestions import suggest
from organizer.store.kept import Kept, read_only, read_revision


def _as_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _as_json(value: Any) -> Any:
    return None if value is None else json.loads(value)


# A column's kind (compiler.column_kind) → what SQLAlchemy's result processing would have made of it.
_CONVERT: dict[str, Callable[[Any], Any]] = {"bool": _as_bool, "date": as_date, "json": _as_json}


def _bind(value: Any) -> Any:
    """A runtime parameter as SQLAlchemy binds it on SQLite (a date: its ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def sqlite_rows(db: sqlite3.Connection) -> ReadRows:
    """The rules' rows from a plain ``sqlite3`` connection, typed as SQLAlchemy would give them."""

    def read(name: str, day: dt.date, only: Collection[str] | None = None, **extra: Any) -> Iterable[Sequence[Any]]:
        if only is not None:
            raise ValueError("the first read computes whole mornings")  # only the unscoped shape is compiled
        sql, params, kinds = compiled_rules.STATEMENTS[name]
        values = {"day": day, **extra}
        rows = db.execute(sql, [constant if key is None else _bind(values[key]) for key, constant in params])
        converters = [(index, _CONVERT[kind]) for index, kind in enumerate(kinds) if kind is not None]
        if not converters:
            return rows.fetchall()
        typed = []
        for row in rows:
            fields = list(row)
            for index, convert in converters:
                fields[index] = convert(fields[index])
            typed.append(tuple(fields))
        return typed

    return read


def read_today(store_path: Path, day: dt.date) -> Kept | None:
    """``day``'s morning, the account count and the revision they describe, read in one snapshot.

    None when the store is not of the schema the statements were compiled for, or has no
    revision token (the window's own open migrates it first). A damaged or locked store raises
    ``sqlite3.Error`` (or ``OSError``): the caller then leaves it to the window's open.
    """
    with read_only(store_path) as db:
        db.execute("BEGIN")  # one snapshot: the token and the morning agree
        try:
            revision = read_revision(db)
            if revision is None or revision.schema != compiled_rules.SCHEMA:
                return None
            read = sqlite_rows(db)
            morning: Morning = morning_rows.morning(read, day)
            accounts = morning_rows.account_count(read, day)
            suggested = {key: found.to_json() for key, found in suggest(read, morning).items()}
        finally:
            db.execute("ROLLBACK")  # it wrote nothing
    return Kept(morning, accounts, revision, suggested)
