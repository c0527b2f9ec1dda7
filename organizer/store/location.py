"""Where the store lives, worked out without importing SQLAlchemy.

The GUI needs this before its first frame (to find a window already open on the same
store), and importing SQLAlchemy alone takes longer than painting a window.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from organizer.core.errors import StoreError

APP_NAME = "Daymap"
DB_FILENAME = "daymap.sqlite3"
BACKUP_FOLDER = "backups"

# sqlite:///relative, sqlite:////absolute, sqlite+pysqlite:///…, with an optional ?query.
_SQLITE_URL = re.compile(r"^sqlite(\+\w+)?://(?:/(?P<database>[^?]*))?(?:\?.*)?$")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a store lives: its URL and, for a SQLite file, the file (its folder holds the backups)."""

    url: str
    path: Path | None = None

    @property
    def backup_folder(self) -> Path | None:
        return None if self.path is None else self.path.parent / BACKUP_FOLDER

    def describe(self) -> str:
        return str(self.path) if self.path is not None else _hide_password(self.url)


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def default_data_dir() -> Path:
    import platformdirs  # imported late: only the default location needs it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_location(
    db: str | None = None, data_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Location:
    """``--db`` wins, then ``--data-dir``, then DAYMAP_DB_URL / DAYMAP_DATA_DIR, then platformdirs."""
    env = os.environ if environ is None else environ
    url = db or (None if data_dir else env.get("DAYMAP_DB_URL"))
    if url:
        match = _SQLITE_URL.match(url)
        if match is not None:
            database = match.group("database")
            if database in (None, "", ":memory:"):
                return Location(url)
            return Location(url, Path(database).expanduser().absolute())
        _check_url(url)
        return Location(url)
    folder = Path(data_dir or env.get("DAYMAP_DATA_DIR") or default_data_dir()).expanduser().absolute()
    path = folder / DB_FILENAME
    return Location(f"sqlite:///{path}", path)


def _check_url(url: str) -> None:
    """A server URL is parsed by SQLAlchemy (only then is it imported)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    try:
        make_url(url)
    except SQLAlchemyError as error:
        raise StoreError(f"--db: not a database URL: {url!r}") from error


def instance_key(location: Location) -> str:
    """One name per store, whichever way it was spelled: the file's real path, else the URL."""
    if location.path is not None:
        return "file:" + os.path.realpath(location.path)
    return "url:" + location.url
