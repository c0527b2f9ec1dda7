"""The store's file judged as SQLite judges it: a store SQLite reads whole is never called damaged."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from organizer.app.transfer.merge import import_document
from organizer.core.errors import StoreError
from organizer.store import backup
from organizer.store.database import open_store
from organizer.store.location import resolve_location
from organizer.store.sqlite_file import check_header, sqlite_verdict
from tests import kill_every_write
from tests.builders import account, doc, step
from tests.conftest import Cli

ACCOUNTS = 40


def big_document(prefix: str, accounts: int = ACCOUNTS) -> dict[str, object]:
    return doc(*(
        account(f"{prefix}{n}", name=f"{prefix} {n}", notes="x" * 2000,
                steps=[step(f"{prefix}{n}-{k}", k, title="y" * 300) for k in range(5)])
        for n in range(accounts)
    ))  # fmt: skip


def checkpoint_cut_midway(data_dir: Path, crashed: Path) -> None:
    """The files as a writer killed inside its checkpoint leaves them (the issue's strace reproduction).

    The import is committed to the WAL; the copy is taken while it is still open (a kill leaves
    the files as they are), then page 1 is given the grown page count, as the checkpoint writes
    page 1 before the file has grown.
    """
    with open_store(data_dir=data_dir, daily_backup=False) as store:
        import_document(store, big_document("first"))
    with open_store(data_dir=data_dir, daily_backup=False) as store:
        raw = store.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_autocheckpoint = 0")
        finally:
            raw.close()
        import_document(store, big_document("second"))
        with store.engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()
        crashed.mkdir()
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(data_dir / f"daymap.sqlite3{suffix}", crashed / f"daymap.sqlite3{suffix}")
    path = crashed / "daymap.sqlite3"
    with path.open("r+b") as file:
        file.seek(28)
        file.write(int(pages).to_bytes(4, "big"))
    assert path.stat().st_size < pages * 4096  # the file is shorter than its header says


def test_a_store_killed_inside_its_checkpoint_opens_with_every_committed_import(tmp_path: Path) -> None:
    crashed = tmp_path / "crashed"
    checkpoint_cut_midway(tmp_path / "data", crashed)
    assert sqlite_verdict(crashed / "daymap.sqlite3") is None
    check_header(crashed / "daymap.sqlite3")  # not "cut short"
    code, out, err = Cli(crashed)("export", "-")
    assert code == 0, err
    assert out.count('"second') >= ACCOUNTS
    assert out.count('"first') >= ACCOUNTS
    code, _out, err = Cli(crashed)("check")
    assert code == 0, err


def stored(folder: Path) -> dict[str, bytes]:
    """The store's files that hold data (a reader may leave an empty WAL and its index beside them)."""
    return {
        path.name: path.read_bytes()
        for path in folder.iterdir()
        if path.is_file() and not path.name.endswith("-shm") and path.stat().st_size > 0
    }


def test_restore_and_set_aside_refuse_a_store_sqlite_reads_whole(tmp_path: Path) -> None:
    """Following the advice for a damaged store must never make committed imports vanish."""
    crashed = tmp_path / "crashed"
    checkpoint_cut_midway(tmp_path / "data", crashed)
    backup.take(resolve_location(None, crashed), "manual", now=dt.datetime(2026, 11, 1, 8, 0))
    files = stored(crashed)
    for command in ("restore", "set-aside"):
        code, out, err = Cli(crashed)(command)
        assert code == 2, out
        assert "not damaged: SQLite reads it whole" in err
        assert stored(crashed) == files
    code, out, err = Cli(crashed)("export", "-")
    assert code == 0, err
    assert out.count('"second') >= ACCOUNTS


def test_a_backup_named_by_the_rep_still_replaces_a_readable_store_after_backing_it_up(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with open_store(data_dir=data_dir) as store:
        import_document(store, doc(account("acme", name="Acme")))
        kept = backup.take(store.location, "manual")
        import_document(store, doc(account("later", name="Later")))
    assert kept is not None
    code, out, err = Cli(data_dir)("restore", str(kept.path))
    assert code == 0, err
    assert "before-restore" in out
    assert '"later"' not in Cli(data_dir)("export", "-")[1]


def test_a_store_cut_short_without_a_wal_is_still_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with open_store(data_dir=data_dir) as store:
        import_document(store, big_document("a"))
    path = data_dir / "daymap.sqlite3"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(StoreError, match="cut short") as raised:
        open_store(data_dir=data_dir)
    assert raised.value.problem == "damaged"


def test_unfinished_backups_of_a_killed_writer_are_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with open_store(data_dir=data_dir) as store:
        import_document(store, doc(account("acme", name="Acme")))
    folder = data_dir / "backups"
    folder.mkdir(exist_ok=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    stale = [folder / f".daymap-20261124-080000-daily.{dead}-ab12cd34.part{end}" for end in ("", "-journal")]
    live = folder / f".daymap-20261124-080000-daily.{os.getpid()}-ab12cd34.part"
    now = dt.datetime.now().timestamp()  # a copy being written is as new as the clock says (tests pin it)
    for path in (*stale, live):
        path.write_bytes(b"half a copy")
        os.utime(path, (now, now))
    code, out, _err = Cli(data_dir)("check")
    assert code == 0
    assert "Removed 2 unfinished backup file(s)" in out
    assert not any(path.exists() for path in stale)
    assert live.exists()  # a backup being written right now by a live process
    old = dt.datetime(2026, 1, 1).timestamp()
    os.utime(live, (old, old))  # a day old: nobody's, whatever its pid says
    assert backup.take(resolve_location(None, data_dir), "manual") is not None
    assert not live.exists()


@pytest.mark.slow
@pytest.mark.skipif(not kill_every_write.available(), reason="strace is not installed")
def test_an_import_killed_at_its_writes_loses_nothing_and_the_next_open_succeeds() -> None:
    """Every 13th write of an import (backup, WAL, checkpoint); `make crash-soak` kills at every one."""
    outcome = kill_every_write.run(stride=13)
    assert outcome.problems == []
    assert outcome.completed_at is not None
    assert outcome.kills >= 8
