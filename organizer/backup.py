"""Backups of the SQLite store, taken with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from organizer.errors import StoreError
from organizer.store import Store


def backup_folder(store: Store) -> Path:
    assert store.location.path is not None
    return store.location.path.parent / "backups"


def take_backup(store: Store, reason: str) -> Path | None:
    """Copy the store consistently (even while it is in use) and verify the copy; SQLite files only."""
    if store.location.path is None:
        return None
    folder = backup_folder(store)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"daymap-{stamp}-{reason}.sqlite3"
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    source = sqlite3.connect(store.location.path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            status = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
    finally:
        source.close()
    if status != "ok":
        target.unlink(missing_ok=True)
        raise StoreError(f"the backup copy failed its check ({status}); the store was left untouched")
    return target


def before_migration(store: Store) -> None:
    take_backup(store, "before-upgrade")
