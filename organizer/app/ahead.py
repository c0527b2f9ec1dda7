"""The first morning computed ahead, in a process of its own, while the window starts.

When no kept morning describes the store (the first start, or the CLI wrote since the window
closed), the start forks before it imports Qt. The child imports SQLAlchemy — about as long
as Qt takes in the parent, and without PySide6's import hook slowing it — computes today's
morning in one read-only transaction and keeps it (``organizer.store.kept``). The parent
paints its first frame meanwhile, then draws the kept morning as on any other start. Threads
would not do: both halves hold the GIL.

Anything that goes wrong in the child only costs the time saved: the parent, finding no
fresh kept morning, computes it itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
import time
from pathlib import Path

WAIT_SECONDS = 5.0


def start(db: str | None, data_dir: str | None, day: dt.date) -> Child | None:
    """Fork the child at once (the parent's first frame waits for nothing); None where there is no fork.

    The child looks for the store and its kept morning itself, and exits at once when there is
    nothing to do (a fresh kept morning, a server, no store yet): exit status 0 means "kept".
    """
    if not hasattr(os, "fork") or os.environ.get("DAYMAP_AHEAD") == "0":
        return None  # not on this system (or turned off to measure): the window's process computes it
    pid = os.fork()
    if pid:
        return Child(pid)
    code = 1
    try:  # the child: never return into the caller's code, whatever happens
        _detach_output()
        os.nice(10)  # the window's first frame comes first where cores are few
        os.umask(0o077)  # the -shm a read-only open may create, the kept file: private, like the store
        code = 0 if _keep_if_stale(db, data_dir, day) else 1
    except BaseException:  # noqa: S110  (the parent computes the morning itself)
        pass
    finally:
        os._exit(code)


def _keep_if_stale(db: str | None, data_dir: str | None, day: dt.date) -> bool:
    from organizer.core.errors import StoreError
    from organizer.store import kept
    from organizer.store.location import resolve_location

    try:
        path = resolve_location(db, data_dir).path
    except StoreError:
        return False
    if path is None or not path.is_file():
        return False
    return kept.fresh(path, day) or keep_today(path, day)


def _detach_output() -> None:
    """The child says nothing, and holds none of the parent's pipes open (whoever reads them waits for EOF)."""
    quiet = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(quiet, stream)
    os.close(quiet)


def keep_today(path: Path, day: dt.date) -> bool:
    """Today's morning, kept beside the store; False when the store is not what this Daymap reads as is."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from organizer.plan import queries, rules
    from organizer.store.schema import SCHEMA_REVISION, read_revision

    engine = create_engine(f"sqlite:///{path.resolve().as_uri()}?mode=ro&uri=true")
    try:
        with Session(engine) as session, session.begin():  # one snapshot: the token and the morning agree
            revision = read_revision(session)
            if revision is None or revision.schema != SCHEMA_REVISION:
                return False  # an older schema: the window's own open migrates it first
            morning = rules.morning(session, day)
            accounts = queries.count_accounts(session)
    finally:
        engine.dispose()
    from organizer.store import kept

    kept.save(path, revision, [morning], accounts)
    return True


class Child:
    """The forked child, waited for or let finish exactly once (a pid reaped twice could be someone else's)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.reaped = False
        self.kept = False  # it kept the morning (the benchmarks ask)

    def wait(self, timeout: float = WAIT_SECONDS) -> bool:
        """Wait for it (never longer than ``timeout``); True when it kept the morning."""
        deadline = time.monotonic() + timeout
        while not self.reaped:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.reaped = True
                break
            if done:
                self.reaped = True
                self.kept = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
            elif time.monotonic() > deadline:
                self.cancel()
            else:
                time.sleep(0.003)
        return self.kept

    def cancel(self) -> None:
        """Stop a child that hangs, and reap it."""
        if not self.reaped:
            self.reaped = True
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)

    def let_finish(self) -> None:
        """Not needed after all: let it finish what it writes (a file is never cut short) and reap it in
        the background, so it leaves no zombie."""
        if not self.reaped:
            self.reaped = True
            threading.Thread(target=_reap, args=(self.pid,), name="daymap-ahead-reaper", daemon=True).start()


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
