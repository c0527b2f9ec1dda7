"""Putting a backup back, or the store aside: only ever for a store SQLite cannot read whole.

Nothing here deletes anything: a damaged or replaced store is moved aside (renamed) or
backed up first ("before-restore"); a store SQLite reads whole (through its WAL too) is
never moved or replaced as if it were damaged, unless the rep named a backup to go back to.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from organizer.core.errors import StoreError
from organizer.store.backup import copy_database, fsync_path, new_private_file, newest_good, store_file, take, verify
from organizer.store.location import Location
from organizer.store.sqlite_file import check_header, not_a_file, sqlite_verdict


@dataclass(frozen=True, slots=True)
class Restored:
    source: Path
    kept_aside: Path | None  # the store as it was: a "before-restore" backup, or the damaged file moved aside


def refuse_if_readable(path: Path, what: str) -> None:
    """A store SQLite reads whole is never replaced or moved aside as if it were damaged.

    The advice given for a damaged store (restore, set aside) must never make committed
    data vanish: if SQLite can read every page (through its WAL too), nothing is done.
    """
    if path.exists() and path.stat().st_size > 0 and not_a_file(path) is None and _readable_whole(path):
        raise StoreError(
            f"the store {path} is not damaged: SQLite reads it whole, so it was not {what}; nothing was changed "
            "(to go back to an earlier copy anyway, name it: `daymap restore FILE`; the store as it is "
            "is backed up first)",
            problem="readable",
        )


def _readable_whole(path: Path) -> bool:
    try:
        check_header(path)  # not SQLite at all, or cut short past what SQLite can read: not readable
    except StoreError:
        return False
    return sqlite_verdict(path) is None


def set_aside(location: Location, now: dt.datetime | None = None, *, even_if_readable: bool = False) -> Path | None:
    """Move the store (and its WAL files) aside under a dated name; never deletes anything.

    Only a store SQLite cannot read whole is moved (``refuse_if_readable``), unless the
    caller is replacing it with a copy it keeps (``even_if_readable``).
    """
    path = store_file(location)
    if not path.exists():
        return None
    if not even_if_readable:
        refuse_if_readable(path, "moved aside")
    stamp = f"{(now or dt.datetime.now()):%Y%m%d-%H%M%S}"
    aside = path.with_name(f"{path.name}.set-aside-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.set-aside-{stamp}-{number}")
    try:
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(path) + suffix)
            if part.exists():
                os.replace(part, Path(str(aside) + suffix))
        fsync_path(path.parent, directory=True)
    except OSError as error:
        raise StoreError(f"could not move {path} aside: {error.strerror or error}") from error
    return aside


def restore(location: Location, source: Path | None = None, *, replace_readable: bool | None = None) -> Restored:
    """Bring a backup back: verified first, the current store kept aside, then the copy put in place.

    The caller opens the restored store once (``reopen``: WAL on, permissions, an older
    schema upgraded). A healthy store being replaced is first backed up ("before-restore") and then
    overwritten in place through SQLite, so a window that has it open sees the restored
    data; a damaged one is renamed aside. An older backup is upgraded at once.

    A store SQLite reads whole is replaced only when a backup is named (``replace_readable``,
    by default: ``source`` was given; a rep who chose an earlier copy); the advice for a damaged
    store ("bring back the newest good backup") never replaces one.
    """
    path = store_file(location)
    if not (source is not None if replace_readable is None else replace_readable):
        refuse_if_readable(path, "replaced")
    if source is None:
        newest = newest_good(location)
        if newest is None:
            raise StoreError(f"there is no good backup of {path} to restore (looked in {location.backup_folder})")
        source = newest.path
    else:
        problem = verify(source)
        if problem is not None:
            raise StoreError(f"{source} cannot be restored: {problem}; nothing was changed")
    kept: Path | None = None
    healthy = path.exists() and path.stat().st_size > 0 and verify(path) is None
    try:
        if healthy:
            before = take(location, "before-restore")
            kept = before.path if before else None
            verdict = copy_database(source, path, journal="WAL")
        else:
            kept = set_aside(location, even_if_readable=True) if path.exists() else None
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".restoring")
            partial.unlink(missing_ok=True)
            new_private_file(partial)
            verdict = copy_database(source, partial, journal="DELETE")
            os.replace(partial, path)
            fsync_path(path.parent, directory=True)
    except (sqlite3.Error, OSError, UnicodeDecodeError) as error:
        detail = getattr(error, "strerror", None) or error
        raise StoreError(f"the restore failed: {detail}; the earlier store is kept at {kept}") from error
    if verdict != ["ok"]:
        problems = "; ".join(verdict[:3])
        raise StoreError(f"the restored copy failed its check ({problems}); the earlier store is at {kept}")
    return Restored(source, kept)
