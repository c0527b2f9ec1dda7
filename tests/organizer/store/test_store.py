"""The store: SQLite settings, permissions, Alembic ownership, refusing what is not ours."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from organizer.core.errors import StoreError
from organizer.store.database import open_store, resolve_location
from organizer.store.schema import SCHEMA_REVISION


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_runs_in_wal_with_foreign_keys_and_full_sync(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_data_folder_is_0700_and_files_0600(data_dir: Path) -> None:
    from organizer.app.transfer.merge import import_document

    with open_store(data_dir=data_dir) as store:
        import_document(store, {"format": "daymap/1", "accounts": [{"id": "a", "name": "A"}]})
        assert mode(data_dir) == 0o700
        files = list(data_dir.iterdir())
        assert files
        for path in files:
            if path.is_file():
                assert mode(path) == 0o600, path


def test_an_existing_loose_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "loose"
    folder.mkdir(mode=0o755)
    with open_store(data_dir=folder):
        assert mode(folder) == 0o700


def test_a_new_store_is_stamped_at_the_alembic_head(store) -> None:  # type: ignore[no-untyped-def]
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    import organizer.store.database as store_module

    config = Config()
    config.set_main_option("script_location", str(Path(store_module.__file__).with_name("migrations")))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION


def test_the_migrations_build_exactly_the_models_schema(tmp_path: Path) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from organizer.store.models import Base
    from organizer.store.schema import _alembic_config

    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_another_programs_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "daymap.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        open_store(data_dir=tmp_path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer Daymap"):
        open_store(data_dir=tmp_path)


@pytest.mark.parametrize("content", [b"", b"garbage" * 1000, b"SQLite format 3\x00" + b"\x01" * 3000])
def test_a_damaged_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "daymap.sqlite3"
    path.write_bytes(content)
    if not content:
        with open_store(data_dir=tmp_path):  # an empty file is a new store
            return
    with pytest.raises(StoreError):
        open_store(data_dir=tmp_path)
    assert path.read_bytes() == content


def test_location_precedence(tmp_path: Path) -> None:
    env = {"DAYMAP_DB_URL": "sqlite:///" + str(tmp_path / "env.db"), "DAYMAP_DATA_DIR": str(tmp_path / "envdir")}
    assert resolve_location("sqlite:///" + str(tmp_path / "x.db"), None, env).path == tmp_path / "x.db"
    assert resolve_location(None, tmp_path / "d", env).path == tmp_path / "d" / "daymap.sqlite3"
    assert resolve_location(None, None, env).path == tmp_path / "env.db"
    assert (
        resolve_location(None, None, {"DAYMAP_DATA_DIR": str(tmp_path / "e")}).path == tmp_path / "e" / "daymap.sqlite3"
    )
    assert resolve_location(None, None, {}).path is not None
    assert resolve_location("postgresql://u@h/db", None, {}).path is None


def test_a_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        resolve_location("not a url", None, {})
