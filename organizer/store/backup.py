"""Backups of a SQLite store: taken, verified, rotated, listed and restored.

Copies are made with SQLite's online backup API (consistent even while the app is
writing) and checked with ``PRAGMA quick_check`` before any older copy is rotated
out. Backups are taken at the first open of each day, before every migration, before
every import and before a restore. Nothing here ever deletes the store: a damaged
or replaced store is moved aside (renamed), never removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from organizer.core.errors import StoreError
from organizer.store.engine import Store
from organizer.store.location import Location
from organizer.store.schema import KNOWN_REVISIONS
from organizer.store.sqlite_file import BUSY_TIMEOUT_MS, check_header, is_busy, not_a_file

KEEP_RECENT = 5  # the newest copies, whatever their reason (two imports today: both undoable)
KEEP_DAILY = 14  # the newest copy of each of the last 14 days that have one
KEEP_WEEKLY = 8  # the newest copy of each of the last 8 ISO weeks that have one
_NAME = re.compile(r"^daymap-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z][a-z-]*)\.sqlite3$")
# A copy being written: ".daymap-STAMP-REASON.PID-TOKEN.part", and SQLite's journal beside it.
_PARTIAL = re.compile(r"^\.daymap-\d{8}-\d{6}-[a-z][a-z-]*\.(?P<pid>\d+)-[0-9a-f]+\.part(?:-journal)?$")
STALE_PARTIAL_SECONDS = 24 * 3600  # a pid may be reused; a copy this old is nobody's


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken: dt.datetime
    reason: str
    size: int
    number: int = 1  # the second backup within one second is "-2"

    def describe(self) -> str:
        return f"{self.taken:%a %d %b %Y %H:%M:%S}  {self.reason:<15} {self.size / 1024:>9,.0f} KiB  {self.path.name}"


@dataclass(frozen=True, slots=True)
class Report:
    ok: bool
    lines: tuple[str, ...]


def store_file(location: Location) -> Path:
    if location.path is None:
        raise StoreError(
            f"{location.describe()} is a database server: back it up with the server's own tools "
            "(e.g. pg_dump); `daymap export FILE` writes a portable copy of everything"
        )
    return location.path


def _folder(location: Location) -> Path:
    folder = location.backup_folder
    assert folder is not None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    except OSError as error:
        raise StoreError(f"cannot create the backup folder {folder}: {error.strerror or error}") from error
    return folder


def _parse(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, taken, match["reason"], size, int(match["n"] or 1))


def list_backups(location: Location) -> list[BackupInfo]:
    """Every backup of this store, newest first (files of other names are not ours and are ignored)."""
    folder = location.backup_folder
    if folder is None or not folder.is_dir():
        return []
    found = [info for path in folder.iterdir() if (info := _parse(path)) is not None]
    return sorted(found, key=lambda info: (info.taken, info.number), reverse=True)


def fsync_path(path: Path, *, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, target: Path, *, journal: str) -> list[str]:
    """Copy ``source`` into ``target`` with the backup API; returns quick_check's verdict on the copy."""
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.text_factory = _lenient_text  # a damaged page can make quick_check report any bytes
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode = {journal}")
            return [row[0] for row in dst.execute("PRAGMA quick_check")]
        finally:
            dst.close()
    finally:
        src.close()


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def new_private_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def take(location: Location, reason: str, now: dt.datetime | None = None) -> BackupInfo | None:
    """Copy the store (even while in use), verify the copy, then rotate older copies out.

    None for a store that is not a SQLite file, or a file with nothing in it yet.
    """
    if location.path is None or not location.path.exists() or location.path.stat().st_size == 0:
        return None
    folder = _folder(location)
    sweep_partials(folder)
    moment = (now or dt.datetime.now()).replace(microsecond=0)
    stamp = f"{moment:%Y%m%d-%H%M%S}"
    # A name of its own while it is written: two writers backing up in the same second never meet.
    partial = folder / f".daymap-{stamp}-{reason}.{os.getpid()}-{secrets.token_hex(4)}.part"
    try:
        new_private_file(partial)
        verdict = copy_database(location.path, partial, journal="DELETE")
        if verdict != ["ok"]:
            raise StoreError(
                f"the store {location.path} is damaged (its copy failed the check: {'; '.join(verdict[:3])}); "
                "no backup was rotated out — `daymap restore` brings back the newest good one",
                problem="damaged",
            )
        fsync_path(partial)
        target = _claim(partial, folder, stamp, reason)
        fsync_path(folder, directory=True)
    except sqlite3.DatabaseError as error:
        raise StoreError(
            f"the store {location.path} could not be backed up: {error}", problem=_problem_of(error)
        ) from error
    except UnicodeDecodeError as error:  # SQLite's message about a damaged page held bytes that are not text
        raise StoreError(
            f"the store {location.path} is damaged (SQLite reported unreadable bytes); no backup was rotated out — "
            "`daymap restore` brings back the newest good one",
            problem="damaged",
        ) from error
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise StoreError(f"the disk is full: no backup could be written to {folder}; free some space") from error
        raise StoreError(f"the backup could not be written to {folder}: {error.strerror or error}") from error
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    taken = _parse(target)  # before the rotation: another process's, meanwhile, may already rotate it out
    rotate(location)
    return taken


def sweep_partials(folder: Path | None) -> list[Path]:
    """Remove the unfinished copies of backups that were killed midway (their writer is gone).

    A copy still being written by a live process is left alone: two windows may back up at once.
    """
    if folder is None or not folder.is_dir():
        return []
    removed = []
    now = dt.datetime.now().timestamp()
    for path in folder.iterdir():
        match = _PARTIAL.match(path.name)
        if match is None:
            continue
        try:
            stale = now - path.stat().st_mtime > STALE_PARTIAL_SECONDS or not _alive(int(match["pid"]))
            if stale:
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or a number no process has
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _claim(partial: Path, folder: Path, stamp: str, reason: str) -> Path:
    """Give the verified copy its name: the first free ``-N``, claimed atomically (a hard link never overwrites)."""
    number = 1
    while True:
        suffix = "" if number == 1 else f"-{number}"
        target = folder / f"daymap-{stamp}{suffix}-{reason}.sqlite3"
        try:
            os.link(partial, target)
        except FileExistsError:
            number += 1
            continue
        return target


def _problem_of(error: sqlite3.Error) -> str | None:
    text = str(error).lower()
    if is_busy(text):
        return "busy"
    return "damaged" if "malformed" in text or "not a database" in text else None


def daily(store: Store) -> BackupInfo | None:
    """The first open of a calendar day backs the store up; a failure to write it is a warning, not a stop.

    The day is the wall clock's, as on the backup's name (not the day being planned: ``--date``
    plans another day, it does not make a new day of backups). A damaged store is not a
    warning: the copy's check fails and the open is refused.
    """
    backups = list_backups(store.location)
    today = dt.datetime.now().date()
    if any(info.taken.date() == today for info in backups):
        return None
    try:
        return take(store.location, "daily")
    except StoreError as error:
        if error.problem == "damaged":
            raise
        store.warnings.append(f"today's backup could not be taken: {error}")
        return None


def rotate(location: Location, keep_recent: int = KEEP_RECENT) -> list[Path]:
    """Keep the newest few, one a day for 14 days and one a week for 8 weeks; remove the rest."""
    backups = list_backups(location)
    keep = {info.path for info in backups[:keep_recent]}
    keep |= _newest_per(backups, lambda info: info.taken.date().isoformat(), KEEP_DAILY)
    keep |= _newest_per(backups, lambda info: "{}-W{:02d}".format(*info.taken.isocalendar()[:2]), KEEP_WEEKLY)
    removed = []
    for info in backups:
        if info.path not in keep:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    return removed


def _newest_per(backups: Iterable[BackupInfo], period: Callable[[BackupInfo], str], count: int) -> set[Path]:
    chosen: dict[str, Path] = {}
    for info in backups:  # newest first: the first seen of a period is its newest
        key = period(info)
        if key not in chosen and len(chosen) < count:
            chosen[key] = info.path
    return set(chosen.values())


def verify(path: Path) -> str | None:
    """None when ``path`` is a whole Daymap store this version can open; else what is wrong."""
    if not path.exists():
        return "no such file"
    problem = not_a_file(path)
    if problem is not None:
        return problem
    try:
        check_header(path)
    except StoreError as error:
        return str(error)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        return f"cannot be opened: {error}"
    connection.text_factory = _lenient_text
    try:
        verdict = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if verdict != ["ok"]:
            return f"damaged: {'; '.join(verdict[:3])}"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return "not a Daymap store"
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] not in KNOWN_REVISIONS:
            return f"written by a newer Daymap (schema {revision[0] if revision else '?'})"
    except sqlite3.Error as error:
        return f"damaged or not a database: {error}"
    except UnicodeDecodeError:  # SQLite's message about a damaged page held bytes that are not text
        return "damaged: SQLite reported unreadable bytes"
    finally:
        connection.close()
    return None


def newest_good(location: Location) -> BackupInfo | None:
    return next((info for info in list_backups(location) if verify(info.path) is None), None)


def check(location: Location) -> Report:
    """A full health report: the file, SQLite's integrity and foreign-key checks, the schema, the backups."""
    path = store_file(location)
    lines = [f"Store: {path}"]
    if not path.exists():
        return Report(False, (*lines, "No store file here yet."))
    problem = not_a_file(path)
    if problem is not None:
        return Report(False, (*lines, f"Problem: the store {problem}."))
    lines.append(f"Size: {path.stat().st_size / 1024:,.0f} KiB, permissions {path.stat().st_mode & 0o777:04o}")
    ok = True
    problem = verify(path)
    if problem is None:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        connection.text_factory = _lenient_text
        try:
            integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            dangling = connection.execute("PRAGMA foreign_key_check").fetchall()
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        except (sqlite3.Error, UnicodeDecodeError) as error:  # damage quick_check did not see
            integrity, dangling, revision = [f"damaged: {error}"], [], "?"
        finally:
            connection.close()
        lines.append(f"Integrity: {'ok' if integrity == ['ok'] else '; '.join(integrity[:5])}")
        lines.append(f"References: {'ok' if not dangling else f'{len(dangling)} broken'}")
        lines.append(f"Schema: {revision}")
        ok = integrity == ["ok"] and not dangling
    else:
        ok = False
        lines.append(f"Problem: {problem}")
    swept = sweep_partials(location.backup_folder)
    if swept:
        lines.append(f"Removed {len(swept)} unfinished backup file(s) left by a backup that was interrupted")
    backups = list_backups(location)
    if backups:
        lines.append(f"Backups: {len(backups)} in {location.backup_folder}, newest {backups[0].taken:%Y-%m-%d %H:%M}")
    else:
        lines.append("Backups: none yet")
    if not ok:
        lines.append("To bring back the newest good backup: daymap restore (the current file is kept aside).")
    return Report(ok, tuple(lines))
