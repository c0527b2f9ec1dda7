"""Where a team's server is, as the app remembers it, and the password kept where libpq looks for it.

Daymap's settings hold the server, port, database and user, never a password. A password the
rep asks to remember goes to ``~/.pgpass`` (0600), the file every PostgreSQL client reads; one
not remembered lives only in the running process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from organizer.core.errors import ValidationError
from organizer.core.validate import not_text
from organizer.store.files import write_atomically

DEFAULT_PORT = 5432


@dataclass(frozen=True, slots=True)
class ServerAddress:
    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL (each part quoted by SQLAlchemy); with a password only for this process."""
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql", username=self.user, password=password or None, host=self.host, port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)  # fmt: skip

    def describe(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def check_address(host: str, port: int | str, database: str, user: str) -> ServerAddress:
    """The connection form's values, each checked where it was typed (``host``, ``port`` …)."""
    fields = {"host": host.strip(), "database": database.strip(), "user": user.strip()}
    for key, value in fields.items():
        if not value:
            raise ValidationError(key, "required")
        problem = not_text(value)
        if problem or any(character in value for character in "\n\r\0/ ") or len(value) > 255:
            raise ValidationError(key, problem or "no spaces, slashes or line breaks")
    try:
        number = int(port)
    except (TypeError, ValueError):
        raise ValidationError("port", "a number from 1 to 65535") from None
    if not 1 <= number <= 65535:
        raise ValidationError("port", "a number from 1 to 65535")
    return ServerAddress(fields["host"], number, fields["database"], fields["user"])


def pgpass_path() -> Path:
    return Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")


def _escaped(value: str) -> str:
    """A ``.pgpass`` field: ``:`` and ``\\`` escaped with a backslash."""
    return value.replace("\\", "\\\\").replace(":", "\\:")


def remember_password(address: ServerAddress, password: str, path: Path | None = None) -> Path:
    """Keep the password in ``~/.pgpass`` (0600), replacing this server's earlier line; other lines stay."""
    if not password or any(character in password for character in "\n\r\0"):
        raise ValidationError("password", "one line, not empty")
    target = path or pgpass_path()
    key = ":".join(_escaped(part) for part in (address.host, str(address.port), address.database, address.user))
    kept: list[str] = []
    if target.exists():
        kept = [line for line in target.read_text(encoding="utf-8").splitlines() if not line.startswith(key + ":")]
    kept.append(f"{key}:{_escaped(password)}")
    write_atomically(target, ("\n".join(kept) + "\n").encode(), mode=0o600, keep_mode=False)  # libpq wants 0600
    return target
