"""Data safety: backups, damaged files, failing disks, two writers, migrations (issue 6).

The store is a rep's whole book of business: every test here ends by checking that
nothing was lost or half-written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from organizer.app import operations
from organizer.app.transfer.export import export_document
from organizer.app.transfer.merge import import_document
from organizer.core.errors import ConflictError, StoreError
from organizer.formats.exchange import dumps, parse_document
from organizer.store import backup
from organizer.store.database import open_store
from organizer.store.location import resolve_location
from organizer.store.schema import SCHEMA_REVISION
from tests.builders import account, doc, step, write
from tests.conftest import ROOT, Cli

FIXTURES = ROOT / "tests" / "fixtures"
TABLES = ("account", "contact", "contact_history", "goal", "step", "touch", "day", "settings")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def export_text(store: Any) -> str:
    with store.read() as session:
        return dumps(export_document(session))


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """sqlite3's own ``with`` commits but does not close; an open connection would keep a WAL file."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            yield connection
    finally:
        connection.close()


def counts(path: Path) -> dict[str, int]:
    with connect(path) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}  # noqa: S608


def filled(data_dir: Path, accounts: int = 3) -> Path:
    """A store with a small territory in it, closed; returns the file."""
    with open_store(data_dir=data_dir) as store:
        from organizer.app.transfer.demo import load_demo

        load_demo(store, accounts, seed=5, day=dt.date(2026, 11, 24))
    return data_dir / "daymap.sqlite3"


# --- backups ----------------------------------------------------------------------------------------------


def test_a_new_store_takes_no_backup_and_the_next_open_of_the_day_takes_one(data_dir: Path) -> None:
    open_store(data_dir=data_dir).close()
    assert backup.list_backups(resolve_location(None, data_dir)) == []
    open_store(data_dir=data_dir).close()
    open_store(data_dir=data_dir).close()  # the same day: no second one
    found = backup.list_backups(resolve_location(None, data_dir))
    assert [info.reason for info in found] == ["daily"]
    assert backup.verify(found[0].path) is None


def test_every_backup_is_a_verified_whole_copy_with_private_permissions(data_dir: Path) -> None:
    path = filled(data_dir)
    location = resolve_location(None, data_dir)
    info = backup.take(location, "manual")
    assert info is not None
    assert counts(info.path) == counts(path)
    assert mode(info.path.parent) == 0o700
    assert mode(info.path) == 0o600
    assert not list(info.path.parent.glob("*.part"))
    with connect(info.path) as connection:  # a single file, not a WAL trio
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_an_import_is_preceded_by_a_backup(store: Any) -> None:
    import_document(store, doc(account("acme")))
    import_document(store, doc(account("beta")))
    reasons = [info.reason for info in backup.list_backups(store.location)]
    assert reasons.count("before-import") == 2
    newest = backup.list_backups(store.location)[0]
    with connect(newest.path) as connection:  # taken before the second import
        assert [row[0] for row in connection.execute("SELECT id FROM account")] == ["acme"]


def test_rotation_keeps_fourteen_days_eight_weeks_and_the_newest_five(tmp_path: Path) -> None:
    location = resolve_location(None, tmp_path)
    folder = location.backup_folder
    assert folder is not None
    folder.mkdir()
    start = dt.datetime(2026, 1, 1, 9, 0, 0)
    for day in range(120):  # two a day for 120 days
        for hour in (9, 17):
            moment = start + dt.timedelta(days=day, hours=hour - 9)
            (folder / f"daymap-{moment:%Y%m%d-%H%M%S}-daily.sqlite3").write_bytes(b"x")
    (folder / "notes.txt").write_text("not ours")
    backup.rotate(location)
    kept = backup.list_backups(location)
    days = {info.taken.date() for info in kept}
    newest_day = (start + dt.timedelta(days=119)).date()
    assert {newest_day - dt.timedelta(days=n) for n in range(14)} <= days
    assert len({info.taken.isocalendar()[:2] for info in kept}) == 8  # the 14 days lie within those 8 weeks
    assert len(kept) <= 5 + 14 + 8
    assert kept[0].taken == start + dt.timedelta(days=119, hours=8)
    assert (folder / "notes.txt").exists()  # never removes what is not a backup


@pytest.mark.parametrize("seed", [0, 1, 2, 165, 200, 207, 394])  # 165/200/207/394 once raised UnicodeDecodeError
def test_a_damaged_store_is_not_backed_up_over_good_copies(data_dir: Path, seed: int) -> None:
    """Whatever bytes the damage leaves (SQLite may quote them in its message), the answer is "damaged"."""
    path = filled(data_dir, accounts=8)
    location = resolve_location(None, data_dir)
    good = backup.take(location, "manual")
    assert good is not None
    corrupt_a_page(path, seed)
    with pytest.raises(StoreError) as raised:
        backup.take(location, "manual")
    assert raised.value.problem == "damaged"
    assert [info.path for info in backup.list_backups(location)] == [good.path]
    assert backup.verify(path) is not None


def corrupt_a_page(path: Path, seed: int = 0) -> None:
    """Scribble over the middle of the file, as a failing disk would (the header stays intact)."""
    scribble = random.Random(seed)
    with connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 6
    with path.open("r+b") as file:
        for page in range(2, pages, 2):
            file.seek(page * page_size + 8)
            file.write(scribble.randbytes(page_size - 16))


# --- damaged, foreign or newer at open --------------------------------------------------------------------


def damage(path: Path, how: str) -> None:
    if how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "random":
        path.write_bytes(random.Random(50).randbytes(50_000))
    elif how == "foreign":
        path.unlink()
        with connect(path) as connection:
            connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    elif how == "newer":
        with connect(path) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
    elif how == "scribbled":
        corrupt_a_page(path)


@pytest.mark.parametrize("how", ["truncated", "random", "foreign", "newer", "scribbled"])
def test_a_bad_store_is_refused_untouched_with_a_way_out(data_dir: Path, how: str) -> None:
    path = filled(data_dir, accounts=8)
    backup.take(resolve_location(None, data_dir), "manual")
    damage(path, how)
    before = path.read_bytes()
    code, _out, err = Cli(data_dir)("morning", "--json")
    assert code == 2
    if how == "newer":
        assert "newer Daymap" in err
    else:
        assert str(path) in err
        assert "daymap restore" in err
    assert path.read_bytes() == before
    wal = Path(str(path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing was written beside it either


def test_a_truncated_store_is_refused_before_sqlite_reads_it(data_dir: Path) -> None:
    path = filled(data_dir, accounts=8)
    damage(path, "truncated")
    with pytest.raises(StoreError, match="cut short") as raised:
        open_store(data_dir=data_dir)
    assert raised.value.problem == "damaged"


def test_check_reports_a_damaged_store_and_restore_brings_the_newest_good_backup_back(data_dir: Path) -> None:
    cli = Cli(data_dir)
    path = filled(data_dir, accounts=8)
    with open_store(data_dir=data_dir, daily_backup=False) as store:
        expected = export_text(store)
    code, out, err = cli("backup")
    assert code == 0, err
    code, out, _err = cli("check")
    assert code == 0
    assert "Integrity: ok" in out
    damage(path, "scribbled")
    damaged_bytes = path.read_bytes()
    code, out, _err = cli("check")
    assert code == 2
    assert "daymap restore" in out
    code, out, err = cli("restore")
    assert code == 0, err
    kept = [p for p in data_dir.iterdir() if ".set-aside-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged_bytes  # kept aside, never deleted
    with open_store(data_dir=data_dir) as store:
        assert export_text(store) == expected
    assert mode(path) == 0o600


def test_restore_skips_a_backup_that_fails_its_check(data_dir: Path) -> None:
    filled(data_dir, accounts=4)
    location = resolve_location(None, data_dir)
    good = backup.take(location, "manual", now=dt.datetime(2026, 11, 20, 8, 0))
    bad = backup.take(location, "manual", now=dt.datetime(2026, 11, 21, 8, 0))
    assert good is not None
    assert bad is not None
    bad.path.write_bytes(bad.path.read_bytes()[:5000])
    assert backup.newest_good(location) == good


def test_restoring_while_another_window_has_the_store_open_shows_there_at_once(data_dir: Path) -> None:
    with open_store(data_dir=data_dir) as store:
        import_document(store, doc(account("acme", name="Acme")))
        kept = backup.take(store.location, "manual")
        assert kept is not None
        import_document(store, doc(account("later", name="Added later")))
        from organizer.store.database import restore_backup

        result = restore_backup(store.location, kept.path)
        assert result.kept_aside is not None
        assert "before-restore" in result.kept_aside.name
        with store.read() as session:
            names = [a["name"] for a in export_document(session)["accounts"]]
        assert names == ["Acme"]
        with connect(result.kept_aside) as connection:  # the store as it was is kept
            assert connection.execute("SELECT count(*) FROM account").fetchone()[0] == 2


def test_restore_refuses_a_file_that_is_not_a_good_daymap_store(data_dir: Path, tmp_path: Path) -> None:
    filled(data_dir)
    before = (data_dir / "daymap.sqlite3").read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + random.Random(4).randbytes(4000))
    code, _out, err = Cli(data_dir)("restore", str(junk))
    assert code == 2
    assert "cannot be restored" in err
    assert (data_dir / "daymap.sqlite3").read_bytes() == before


def test_set_aside_renames_and_a_fresh_store_starts(data_dir: Path) -> None:
    path = filled(data_dir)
    damage(path, "random")
    code, out, err = Cli(data_dir)("set-aside")
    assert code == 0, err
    assert "Moved aside" in out
    code, out, err = Cli(data_dir)("morning", "--json")
    assert code == 0, err
    assert json.loads(out)["question_marks"] == []


# --- a failing disk ---------------------------------------------------------------------------------------


def limit_connections(store: Any, pragma: str) -> Any:
    """Every new connection of the store runs ``pragma`` (a full disk, a read-only medium)."""

    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(pragma)

    event.listen(store.engine, "connect", _on_connect)
    store.engine.dispose()
    return _on_connect


def lift(store: Any, listener: Any) -> None:
    event.remove(store.engine, "connect", listener)
    store.engine.dispose()


def big_document(accounts: int) -> dict[str, Any]:
    return doc(
        *(
            account(f"a{n}", notes="x" * 2000, steps=[step(f"s{n}-{k}", k, title="y" * 300) for k in range(5)])
            for n in range(accounts)
        )
    )


def test_a_full_disk_fails_the_write_whole_and_the_retry_succeeds(store: Any) -> None:
    import_document(store, doc(account("acme", name="Acme")))
    before = export_text(store)
    with store.engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar()
    listener = limit_connections(store, f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StoreError, match="disk is full"):
        import_document(store, big_document(200))
    assert export_text(store) == before  # nothing half-written
    with pytest.raises(StoreError, match="disk is full"):
        write(store, operations.update, "account", "acme", {"notes": "z" * 19_000})  # the app keeps going
    lift(store, listener)
    import_document(store, big_document(200))  # space freed: the same write now succeeds
    with store.read() as session:
        assert len(export_document(session)["accounts"]) == 201


def test_a_read_only_store_refuses_writes_clearly_and_keeps_reading(store: Any) -> None:
    import_document(store, doc(account("acme", name="Acme")))
    before = export_text(store)
    listener = limit_connections(store, "PRAGMA query_only = ON")
    with pytest.raises(StoreError, match="read-only"):
        write(store, operations.update, "account", "acme", {"name": "Acme Books"})
    assert export_text(store) == before
    lift(store, listener)
    write(store, operations.update, "account", "acme", {"name": "Acme Books"})
    assert "Acme Books" in export_text(store)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_store_without_write_permission_refuses_writes(store: Any) -> None:
    import_document(store, doc(account("acme", name="Acme")))
    path = store.location.path
    store.engine.dispose()
    path.chmod(0o400)
    try:
        with pytest.raises(StoreError, match="read-only"):
            write(store, operations.update, "account", "acme", {"name": "Acme Books"})
    finally:
        path.chmod(0o600)


def test_a_vanished_data_folder_refuses_the_write_and_the_retry_succeeds_when_it_is_back(data_dir: Path) -> None:
    with open_store(data_dir=data_dir) as store:
        import_document(store, doc(account("acme", name="Acme")))
        moved = data_dir.with_name("moved")
        data_dir.rename(moved)
        with pytest.raises(StoreError, match="is gone"):
            write(store, operations.update, "account", "acme", {"name": "Acme Books"})
        assert not data_dir.exists()  # not quietly re-created empty
        moved.rename(data_dir)
        write(store, operations.update, "account", "acme", {"name": "Acme Books"})
        assert "Acme Books" in export_text(store)


def test_a_replaced_store_file_is_not_written_to(data_dir: Path) -> None:
    with open_store(data_dir=data_dir) as store:
        import_document(store, doc(account("acme", name="Acme")))
        path = store.location.path
        copy = path.with_name("copy.sqlite3")
        shutil.copy(path, copy)
        os.replace(copy, path)
        with pytest.raises(StoreError, match="replaced"):
            write(store, operations.update, "account", "acme", {"name": "Acme Books"})


# --- two writers ------------------------------------------------------------------------------------------


def test_a_stale_edit_from_a_second_session_is_a_conflict_not_an_overwrite(data_dir: Path) -> None:
    with open_store(data_dir=data_dir) as first, open_store(data_dir=data_dir) as second:
        import_document(first, doc(account("acme", name="Acme", steps=[step("s1", 1, title="Call Jane")])))
        from organizer.rules.queries import load_account

        with first.read() as session:
            seen = load_account(session, "acme").steps[0]
        write(second, operations.update, "step", "s1", {"title": "Call Jane about the demo"})
        with pytest.raises(ConflictError):
            write(first, operations.update, "step", "s1", {"title": "Call Jane today"}, expected_version=seen.version)
        with first.read() as session:
            assert load_account(session, "acme").steps[0].title == "Call Jane about the demo"


def test_the_cli_writing_while_a_store_is_open_is_seen_by_data_version(data_dir: Path) -> None:
    with open_store(data_dir=data_dir) as store:
        import_document(store, doc(account("acme")))
        seen = store.data_version()
        assert seen is not None
        assert store.data_version() == seen  # nothing happened
        code, _out, err = Cli(data_dir)("import", "-", stdin=json.dumps(doc(account("beta"))))
        assert code == 0, err
        assert store.data_version() != seen


# --- permissions ------------------------------------------------------------------------------------------


def test_every_file_in_the_data_folder_is_private(data_dir: Path) -> None:
    filled(data_dir)
    with open_store(data_dir=data_dir) as store:  # takes the daily backup
        write(store, operations.update, "account", next(iter(account_ids(store))), {"notes": "open: WAL present"})
        backup.take(store.location, "manual")
        assert Path(str(store.location.path) + "-wal").exists()
        assert mode(data_dir) == 0o700
        for path in data_dir.rglob("*"):
            assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def account_ids(store: Any) -> list[str]:
    with store.read() as session:
        return [a["id"] for a in export_document(session)["accounts"]]


# --- migrations -------------------------------------------------------------------------------------------


def test_a_store_from_the_first_schema_upgrades_keeping_every_row_after_a_backup(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    path = data_dir / "daymap.sqlite3"
    shutil.copy(FIXTURES / "store-0001.sqlite3", path)
    path.chmod(0o644)
    before = counts(path)
    with open_store(data_dir=data_dir) as store:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
            columns = {row[1] for row in connection.execute(text("PRAGMA table_info(day)"))}
        assert "opening_marks" in columns
        exported = json.loads(export_text(store))
    assert counts(path) == before
    assert exported == json.loads((FIXTURES / "store-0001.export.json").read_text())
    upgrade_backups = [i for i in backup.list_backups(resolve_location(None, data_dir)) if i.reason == "before-upgrade"]
    assert len(upgrade_backups) == 1
    with connect(upgrade_backups[0].path) as connection:  # the backup is the store as it was
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert counts(upgrade_backups[0].path) == before
    assert mode(path) == 0o600


def test_restoring_an_older_backup_upgrades_it_at_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_store(data_dir=data_dir).close()
    old = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "store-0001.sqlite3", old)
    code, _out, err = Cli(data_dir)("restore", str(old))
    assert code == 0, err
    with connect(data_dir / "daymap.sqlite3") as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_REVISION
    assert counts(data_dir / "daymap.sqlite3") == counts(old)


# --- crashes ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_writer_killed_five_times_loses_no_acknowledged_write(data_dir: Path) -> None:
    from tests import crash_harness

    stats = crash_harness.run(data_dir, kills=5, seed=7)
    assert stats.kills == 5
    assert stats.acknowledged > 5
    assert stats.lost == []
    assert stats.problems == []


# --- hostile input ----------------------------------------------------------------------------------------

any_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)
keys = st.sampled_from(["format", "accounts", "days", "settings", "id", "name", "steps", "goals", "contacts", "due"])
shaped = st.fixed_dictionaries(
    {"format": st.just("daymap/1")},
    optional={
        "accounts": st.lists(
            st.dictionaries(
                st.sampled_from(["id", "name", "stage", "steps", "goals", "contacts", "touches", "renewal", "x"]),
                any_json,
                max_size=5,
            ),
            max_size=3,
        ),
        "days": st.lists(st.dictionaries(st.sampled_from(["date", "order", "confirmed", "y"]), any_json), max_size=2),
        "settings": st.dictionaries(keys, any_json, max_size=2),
    },
)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: Any) -> Iterator[Any]:
    with open_store(data_dir=tmp_path_factory.mktemp("fuzz") / "data") as opened:
        import_document(opened, doc(account("keep", name="Keep me", steps=[step("k", 1)])))
        yield opened


def _import_never_crashes(store: Any, raw: bytes) -> None:
    from organizer.core.errors import ValidationError
    from organizer.formats.exchange import load_json

    before = export_text(store)
    refused: ValidationError | None = None
    try:
        import_document(store, load_json(raw, "fuzz.json"))
    except ValidationError as error:
        refused = error
    if refused is not None:
        assert refused.path  # says where
        assert export_text(store) == before  # nothing written
    else:  # a whole import: nothing that was there is lost, and the store still exports as a valid document
        after = json.loads(export_text(store))
        parse_document(after)
        kept = {a["id"] for a in json.loads(before)["accounts"]}
        assert kept <= {a["id"] for a in after["accounts"]}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=any_json | shaped)
def test_fuzzed_documents_give_a_clear_error_or_a_whole_import(fuzz_store: Any, document: Any) -> None:
    _import_never_crashes(fuzz_store, json.dumps(document).encode())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_fuzzed_bytes_give_a_clear_error(fuzz_store: Any, raw: bytes) -> None:
    _import_never_crashes(fuzz_store, raw)


EVIL = "<img src=x onerror=alert(1)>\"'&"


def test_the_html_brief_escapes_every_field(cli: Any, tmp_path: Path) -> None:
    evil = {"name": EVIL, "mission": EVIL, "industry": EVIL, "notes": EVIL}
    person = {"id": "p", "name": EVIL, "title": EVIL, "email": EVIL, "phone": EVIL, "resonates": EVIL, "notes": EVIL}
    goal = {"id": "g", "title": EVIL, "notes": EVIL, "steps": [step("s", 1, title=EVIL, contact="p", promised=True)]}
    steps = [step("w", 2, title=EVIL, waiting=True, contact="p", outcome=EVIL)]
    touches = [{"date": "2026-11-20", "channel": "lunch", "contact": "p", "note": EVIL}]
    document = doc(account("evil", **evil, contacts=[person], goals=[goal], steps=steps, touches=touches))
    assert cli.import_doc(document, tmp_path)[0] == 0
    code, out, err = cli("brief", "evil", "--format", "html", "--date", "2026-11-24")
    assert code == 0, err
    assert "<img" not in out
    assert "onerror=alert(1)>" not in out
    assert out.count("&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;") >= 6
