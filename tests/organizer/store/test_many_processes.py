"""One store, many processes (SPEC.md, the headless interface): none makes it unreadable, no write is lost.

SQLite's locks are the process's POSIX advisory locks: closing *any* descriptor of the store's
file drops every lock the process holds on it, SQLite's included. A process that keeps a
connection (the window) and then opens the file behind SQLite's back (a header check, a second
open for a background reader, a backup) is left holding no lock; the next process to close the
store believes it is the last, checkpoints and deletes the WAL under it. These tests keep a
connection the way the window does while that process does everything else it does to the store,
and other processes read and write beside it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from organizer.store import backup, kept
from organizer.store.database import open_store
from organizer.store.engine import Store
from organizer.store.location import resolve_location
from organizer.store.sqlite_file import check_header
from tests.conftest import run_module

DAY = "2026-11-24"


@pytest.fixture
def territory(data_dir: Path) -> Path:
    done = run_module("--data-dir", str(data_dir), "demo", "--accounts", "3", "--seed", "7", "--date", DAY)
    assert done.returncode == 0, done.stderr
    return data_dir


@pytest.fixture
def window(territory: Path) -> Iterator[tuple[Store, sqlite3.Connection]]:
    """The window's process: its store open, one connection kept (as a pooled one is), a write committed."""
    store = open_store(data_dir=territory, daily_backup=False)
    kept_connection = store.engine.raw_connection()
    cursor = kept_connection.cursor()
    cursor.execute("UPDATE account SET notes = 'window 0' WHERE id = (SELECT min(id) FROM account)")
    kept_connection.commit()
    try:
        yield store, kept_connection  # type: ignore[misc]
    finally:
        kept_connection.close()
        store.close()


def _header_check(store: Store) -> None:
    assert store.location.path is not None
    check_header(store.location.path)


def _second_open(store: Store) -> None:
    """A background reader's store: the calendar's or the mail's, in the same process."""
    open_store(data_dir=store.location.path.parent if store.location.path else None).close()


def _backup(store: Store) -> None:
    backup.take(store.location, "manual")


def _check(store: Store) -> None:
    assert backup.check(store.location).ok


def _kept_revision(store: Store) -> None:
    assert store.location.path is not None
    assert kept.store_revision(store.location.path) is not None


BEHIND_SQLITE: dict[str, Callable[[Store], None]] = {
    "the header check": _header_check,
    "a second open for a background reader": _second_open,
    "a backup": _backup,
    "daymap check": _check,
    "the kept morning's revision": _kept_revision,
}


@pytest.mark.slow
@pytest.mark.parametrize("what", list(BEHIND_SQLITE))
def test_a_process_holding_the_store_keeps_its_locks(
    window: tuple[Store, sqlite3.Connection], what: str, tmp_path: Path
) -> None:
    store, connection = window
    data_dir = store.location.path.parent  # type: ignore[union-attr]
    BEHIND_SQLITE[what](store)

    morning = run_module("--data-dir", str(data_dir), "morning", "--date", DAY, "--json")
    assert morning.returncode == 0, morning.stderr
    one = {"format": "daymap/1", "accounts": [{"id": "terminal-acct", "name": "From the terminal"}]}
    imported = run_module("--data-dir", str(data_dir), "import", "-", stdin=json.dumps(one))
    assert imported.returncode == 0, imported.stderr

    cursor = connection.cursor()
    for number in (1, 2, 3):
        cursor.execute("UPDATE account SET notes = ? WHERE id = (SELECT min(id) FROM account)", (f"window {number}",))
        cursor.execute(
            "INSERT INTO touch (id, account_id, date, channel, note, version) "
            "SELECT ?, min(id), ?, 'call', 'kept', 1 FROM account",
            (f"window-touch-{number}", DAY),
        )
        connection.commit()
    connection.close()
    store.close()

    check = sqlite3.connect(data_dir / "daymap.sqlite3")
    try:
        assert [row[0] for row in check.execute("PRAGMA integrity_check")] == ["ok"]
        assert check.execute("SELECT notes FROM account WHERE id = (SELECT min(id) FROM account)").fetchone() == (
            "window 3",
        )
        touches = {row[0] for row in check.execute("SELECT id FROM touch WHERE id LIKE 'window-touch-%'")}
        assert touches == {"window-touch-1", "window-touch-2", "window-touch-3"}
        assert check.execute("SELECT name FROM account WHERE id = 'terminal-acct'").fetchone() == ("From the terminal",)
    finally:
        check.close()


def test_the_header_check_reads_through_sqlite(territory: Path) -> None:
    """The check opens no descriptor of its own on the store (a plain open() and close() would drop the locks)."""
    import builtins
    import os

    path = territory / "daymap.sqlite3"
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def spy_os_open(file: object, *args: object, **kwargs: object) -> int:
        opened.append(str(file))
        return real_os_open(file, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "open", spy_open)
        patch.setattr(os, "open", spy_os_open)
        check_header(path)
        resolve_location(None, territory)
        with open_store(data_dir=territory, daily_backup=False) as store, store.read() as session:
            session.execute(text("SELECT 1"))
    assert not [name for name in opened if name.startswith(str(path))]


HOLD = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


def _hold_the_store(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another program in the middle of a long write: the store's write lock held for ``seconds``."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


@pytest.mark.slow
def test_a_command_waits_for_a_busy_store_then_says_busy(territory: Path) -> None:
    holder = _hold_the_store(territory / "daymap.sqlite3", 60)
    try:
        account = json.loads(run_module("--data-dir", str(territory), "export", "-").stdout)["accounts"][0]["id"]
        done = run_module(
            "--data-dir", str(territory), "touch", account, "--on", DAY, env={"DAYMAP_BUSY_SECONDS": "1.5"}
        )
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1, done.stderr
    assert "busy" in done.stderr
    assert "damaged" not in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_command_that_finds_the_store_busy_waits_and_then_writes(territory: Path) -> None:
    account = json.loads(run_module("--data-dir", str(territory), "export", "-").stdout)["accounts"][0]["id"]
    holder = _hold_the_store(territory / "daymap.sqlite3", 2)
    done = run_module("--data-dir", str(territory), "step", "add", account, "After the wait", "--due", DAY)
    holder.wait()
    assert done.returncode == 0, done.stderr
    exported = run_module("--data-dir", str(territory), "export", "-").stdout
    assert "After the wait" in exported


def test_the_store_itself_is_never_a_file_to_import_export_or_read_mail_from(territory: Path) -> None:
    """Each would open and close a descriptor of the store in the process that holds it (or replace it)."""
    from tests.conftest import Cli

    cli = Cli(territory)
    before = (territory / "daymap.sqlite3").stat().st_ino
    for args in (
        ("import", str(territory / "daymap.sqlite3")),
        ("export", str(territory / "daymap.sqlite3")),
        ("mail", "import", str(territory / "daymap.sqlite3")),
        ("ics", "-o", str(territory / "daymap.sqlite3")),
    ):
        code, _out, err = cli(*args)
        assert code == 2, (args, err)
        assert "is Daymap's own store" in err
    assert (territory / "daymap.sqlite3").stat().st_ino == before
    assert cli("check")[0] == 0
