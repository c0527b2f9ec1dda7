"""Who owns the schema: Alembic. A new store is created and stamped; an older one is upgraded;
a newer or foreign one is refused and never touched. And the revision token the kept morning
and other windows check.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import insert, inspect, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from organizer.core.errors import StoreError
from organizer.store.engine import STORE_FAILURES, Store, translate_errors
from organizer.store.kept import Revision
from organizer.store.models import SETTINGS_PER_OWNER, Base, StoreRevision, revision_trigger_names, revision_triggers
from organizer.store.server import refused

SCHEMA_REVISION = "0010"  # the Alembic head; a test keeps it equal to migrations/versions
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")


def schema_revision(store: Store) -> str | None:
    """The store's Alembic revision; None for an empty store; raises for a foreign one."""
    try:
        with store.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if "alembic_version" in tables:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
                if row is None:
                    raise StoreError("the store has no schema version: it may be damaged", problem="damaged")
                return str(row[0])
    except OperationalError as error:  # the file could not be used (a full disk, permissions), not its content
        if "not a database" not in str(error.orig).lower() and "malformed" not in str(error.orig).lower():
            raise translate_errors(error, writing=False, location=store.location) from error
        raise StoreError(
            f"the store {store.location.describe()} is damaged or not a database: {error.orig}; it was left untouched",
            problem="damaged",
        ) from error
    except STORE_FAILURES as error:
        raise StoreError(
            f"the store {store.location.describe()} is damaged or not a database: "
            f"{getattr(error, 'orig', error)}; it was left untouched",
            problem="damaged",
        ) from error
    if tables:
        raise StoreError(
            f"{store.location.describe()} belongs to another program "
            f"(it has tables {', '.join(sorted(tables)[:5])}, but no Daymap schema); "
            "it was left untouched",
            problem="foreign",
        )
    return None


def prepare_schema(store: Store, *, migrate: bool = True, before_upgrade: Callable[[], object] | None = None) -> bool:
    """Create, upgrade or accept the schema; True when the store was created just now.

    ``before_upgrade`` runs first when an older schema is upgraded (opening a store backs it up then).
    """
    revision = schema_revision(store)
    if revision == SCHEMA_REVISION:
        return False
    if revision is None:
        _create(store)
        return True
    if revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"the store was written by a newer Daymap (schema {revision}); "
            "update Daymap to open it — the file was left untouched",
            problem="newer",
        )
    if not migrate:
        raise StoreError(f"the store needs an upgrade from schema {revision}")
    if before_upgrade is not None:
        before_upgrade()
    _alembic_upgrade(store)
    return False


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config


def _create(store: Store) -> None:
    from alembic import command

    try:
        with store.engine.begin() as connection:
            Base.metadata.create_all(connection)
            if connection.dialect.name == "postgresql":
                for statement in SETTINGS_PER_OWNER:  # each rep's settings their own row (migration 0010)
                    connection.exec_driver_sql(statement)
            start_revisions(connection)
            command.stamp(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        if refused(error):
            raise StoreError(
                f"{store.location.describe()} has no Daymap schema yet and your role may not create one: "
                "the database's owner runs `daymap team init` first"
            ) from error
        raise translate_errors(error) from error


def read_revision(session: Session) -> Revision | None:
    """The schema and the revision token the session sees (what the kept morning is checked against)."""
    schema = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    token = session.execute(select(StoreRevision.token).where(StoreRevision.id == 1)).scalar()
    if schema is None or token is None:
        return None
    return Revision(str(schema), int(token))


@contextlib.contextmanager
def one_revision(session: Session) -> Iterator[None]:
    """A bulk write (an import) draws one new token, not one per row: 185,000 trigger runs cost seconds.

    The triggers step aside inside the write's own transaction and come back before it
    commits, so no other connection ever sees them missing; if the block raises, the
    rollback brings them back.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL daymap.bulk = 'on'"))  # the revision trigger steps aside (team.py)
        yield
        session.execute(text("SET LOCAL daymap.bulk = 'off'"))
        session.execute(text("UPDATE store_revision SET token = floor(random() * 4e18)::bigint WHERE id = 1"))
        return
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    for name in revision_trigger_names():
        session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    yield
    for statement in revision_triggers():
        session.execute(text(statement))
    session.execute(text("UPDATE store_revision SET token = random() WHERE id = 1"))


def start_revisions(connection: Any) -> None:
    """The store's first revision token, and on SQLite the triggers that draw a new one on each write."""
    connection.execute(insert(StoreRevision).values(id=1, token=secrets.randbits(62)))
    if connection.dialect.name == "sqlite":
        for statement in revision_triggers():
            connection.exec_driver_sql(statement)


def _alembic_upgrade(store: Store) -> None:
    from alembic import command

    try:
        with store.engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        raise translate_errors(error) from error
