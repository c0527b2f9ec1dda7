"""The first morning the window draws, before SQLAlchemy loads: kept, computed ahead, or read here.

``first_morning`` decides. The morning kept at the last close is drawn when it still
describes the store. When none does (the first start, or the CLI wrote since the window
closed), a child has been computing it since the start (below); where there is no fork, or
the child failed, the window reads it itself with plain ``sqlite3``, which costs its time.

When no kept morning describes the store (the first start, or the CLI wrote since the window
closed), the start forks before it imports Qt. The child reads today's morning with plain
``sqlite3`` in one read-only transaction (``organizer.rules.first_read``: the rules compiled
ahead, no SQLAlchemy to import) and keeps it (``organizer.store.kept``). The parent imports Qt
and paints its first frame meanwhile, then draws the kept morning as on any other start.
Threads would not do: both halves hold the GIL.

Anything that goes wrong in the child only costs the time saved: the parent, finding no
fresh kept morning, reads it itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from organizer.store.kept import Kept

WAIT_SECONDS = 5.0
# The child's exit status: it computed and kept the morning, found it kept already, or left it to the window.
COMPUTED, ALREADY_KEPT, LEFT = 0, 3, 1


def start(db: str | None, data_dir: str | None, day: dt.date) -> Child | None:
    """Fork the child at once (the parent's first frame waits for nothing); None where there is no fork.

    The child looks for the store and its kept morning itself, and exits at once when there is
    nothing to do (a fresh kept morning, a server, no store yet): see its exit statuses above.
    """
    from organizer.store.sqlite_file import opened_any

    if not hasattr(os, "fork") or os.environ.get("DAYMAP_AHEAD") == "0" or opened_any():
        return None  # not on this system (or turned off to measure, or a store is open here): read it here
    pid = os.fork()
    if pid:
        return Child(pid)
    code = LEFT
    try:  # the child: never return into the caller's code, whatever happens
        _detach_output()
        os.nice(10)  # the window's first frame comes first where cores are few
        os.umask(0o077)  # the -shm a read-only open may create, the kept file: private, like the store
        code = _keep_if_stale(db, data_dir, day)
    except BaseException:  # noqa: S110  (the parent computes the morning itself)
        pass
    finally:
        os._exit(code)


def _keep_if_stale(db: str | None, data_dir: str | None, day: dt.date) -> int:
    from organizer.store import kept

    path = _store_file(db, data_dir)
    if path is None:
        return LEFT
    if kept.fresh(path, day):
        return ALREADY_KEPT
    return COMPUTED if keep_today(path, day) else LEFT


def _store_file(db: str | None, data_dir: str | None) -> Path | None:
    """The SQLite file the window opens, if it is one and exists (not a server, not a first start)."""
    from organizer.core.errors import StoreError
    from organizer.store.location import resolve_location

    try:
        path = resolve_location(db, data_dir).path
    except StoreError:
        return None
    return path if path is not None and path.is_file() else None


def first_morning(
    db: str | None, data_dir: str | None, day: dt.date, child: Child | None, meanwhile: Callable[[], object]
) -> tuple[Kept, str] | None:
    """The morning the window draws before SQLAlchemy loads, and where it came from.

    "kept" at the last close; else computed "ahead" by ``child`` (``meanwhile`` runs while it
    works); else "read" here with plain ``sqlite3``, where there is no child or it failed.
    None where the window must open the store first: a server, a schema to migrate, a damaged
    or locked store (the open says what is wrong).
    """
    from organizer.store import kept

    path = _store_file(db, data_dir)
    found = kept.load(path, day) if path is not None else None
    if found is not None or path is None:
        computed = child is not None and child.poll() and child.computed  # a quick child kept it before we looked
        if child is not None:
            child.let_finish()  # it finds the same kept morning (or nothing to do) and leaves
        return None if found is None else (found, "ahead" if computed else "kept")
    if child is not None:
        meanwhile()
        if child.wait():
            found = kept.load(path, day)
            if found is not None:
                return found, "ahead"
    return _read_here(path, day)


def _read_here(path: Path, day: dt.date) -> tuple[Kept, str] | None:
    import sqlite3

    from organizer.rules.first_read import read_today

    try:
        found = read_today(path, day)
    except (OSError, sqlite3.Error, UnicodeDecodeError):
        return None  # damaged, locked, gone (UnicodeDecodeError: a damaged page's message that is not UTF-8)
    return None if found is None else (found, "read")


def _detach_output() -> None:
    """The child says nothing, and holds none of the parent's pipes open (whoever reads them waits for EOF)."""
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    os.close(quiet)


def keep_today(path: Path, day: dt.date) -> bool:
    """Today's morning, kept beside the store; False when the store is not what this Daymap reads as is."""
    from organizer.rules.first_read import read_today
    from organizer.store import kept

    found = read_today(path, day)  # plain sqlite3: the rules compiled ahead, no SQLAlchemy to import
    if found is None:
        return False  # an older schema: the window's own open migrates it first
    kept.save(path, found.revision, [found.morning], found.accounts, [found.suggestions])
    return True


class Child:
    """The forked child, waited for or let finish exactly once (a pid reaped twice could be someone else's)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.reaped = False
        self.status: int | None = None  # its exit status, once reaped (COMPUTED, ALREADY_KEPT, LEFT)

    @property
    def kept(self) -> bool:
        """The morning is kept for the store as it is: computed by the child, or found so."""
        return self.status in (COMPUTED, ALREADY_KEPT)

    @property
    def computed(self) -> bool:
        """The child computed the morning (the benchmarks' probe asks)."""
        return self.status == COMPUTED

    def wait(self, timeout: float = WAIT_SECONDS) -> bool:
        """Wait for it (never longer than ``timeout``); True when it kept the morning."""
        deadline = time.monotonic() + timeout
        while not self.poll():
            if time.monotonic() > deadline:
                self.cancel()
            else:
                time.sleep(0.003)
        return self.kept

    def poll(self) -> bool:
        """Has it finished (and been reaped)? Never waits."""
        if self.reaped:
            return True
        try:
            done, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self.reaped = True  # reaped already by someone else: nothing more to learn
            return True
        if done:
            self.reaped = True
            self.status = _exit_status(status)
        return self.reaped

    def cancel(self) -> None:
        """Stop a child that hangs, and reap it."""
        if not self.reaped:
            self.reaped = True
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)

    def let_finish(self) -> None:
        """Not needed now: let it finish what it writes (a file is never cut short) and reap it in the
        background, so it leaves no zombie. (It may have kept the morning already: a fast child does
        before the window looks for it.)"""
        if not self.reaped:
            self.reaped = True
            threading.Thread(target=self._reap, name="daymap-ahead-reaper", daemon=True).start()

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError):
            _pid, status = os.waitpid(self.pid, 0)
            self.status = _exit_status(status)


def _exit_status(status: int) -> int | None:
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else None  # None: killed
