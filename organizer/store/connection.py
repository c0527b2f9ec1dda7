"""Where a team's server is, as the app remembers it, and where a password may be kept.

Daymap's settings hold the server, port, database and user, never a password. A password the
rep asks to remember goes to ``~/.pgpass`` (0600, the file every PostgreSQL client reads) or to
the system keyring (the desktop's Secret Service, through ``keyring``); one not remembered
lives only in the running process. ``--db`` URLs without a password look in the keyring too,
then libpq looks in ``~/.pgpass`` and ``PGPASSWORD``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from organizer.core.errors import ValidationError
from organizer.core.validate import not_text
from organizer.store.atomic import write_atomically

DEFAULT_PORT = 5432
KEYRING_SERVICE = "daymap"


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
        """``ann@db.example.com:5432/daymap``: what a message names, and what the keyring files a password under."""
        return keyring_key(self.user, self.host, self.port, self.database)


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


def keyring_key(user: str, host: str, port: int | None, database: str) -> str:
    """What the keyring files a password under: the connection it opens."""
    return f"{user}@{host}:{port or DEFAULT_PORT}/{database}"


def keyring_available() -> bool:
    """Is there a keyring to keep a password in (a desktop's Secret Service, KWallet …)?"""
    try:
        import keyring
        from keyring.backends.fail import Keyring as NoKeyring

        return not isinstance(keyring.get_keyring(), NoKeyring)
    except Exception:  # no keyring, or one that cannot start: there is none to use
        return False


def password_from_keyring(user: str, host: str, port: int | None, database: str) -> str | None:
    """The password the keyring keeps for this connection, or None (no keyring, locked, none kept)."""
    if os.environ.get("DAYMAP_KEYRING") == "0":
        return None  # turned off (tests, or a machine whose keyring prompts on every start)
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, keyring_key(user, host, port, database))
    except Exception:  # a keyring that fails is a keyring without the password
        return None


def remember_in_keyring(address: ServerAddress, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, address.describe(), password)
    except KeyringError as error:
        raise ValidationError("remember", f"the system keyring refused it: {error}") from error
