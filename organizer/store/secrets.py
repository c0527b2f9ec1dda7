"""Passwords Daymap must keep (an IMAP account's): the system keyring, else a 0600 file, never the store.

``DAYMAP_KEYRING=0`` turns the keyring off (tests, a machine whose keyring prompts on every start).
The file lives in the user's config folder for Daymap (0700), one JSON object by service and user.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

KEYRING_SERVICE = "Daymap mail"


def _file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("Daymap", appauthor=False)) / "passwords.json"


def _keyring_on() -> bool:
    if os.environ.get("DAYMAP_KEYRING") == "0":
        return False
    from organizer.store.connection import keyring_available

    return keyring_available()


def remember(account: str, password: str) -> str:
    """Keep ``password`` for ``account`` ("user@host:port"); returns where: "the system keyring" or the file."""
    if _keyring_on():
        import keyring

        with contextlib.suppress(Exception):  # a keyring that fails: the file instead
            keyring.set_password(KEYRING_SERVICE, account, password)
            return "the system keyring"
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    kept = _read(path)
    kept[account] = password
    temporary = path.with_suffix(".part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(kept, handle)
    os.replace(temporary, path)
    return str(path)


def password(account: str) -> str | None:
    if _keyring_on():
        with contextlib.suppress(Exception):
            import keyring

            found = keyring.get_password(KEYRING_SERVICE, account)
            if found is not None:
                return found
    return _read(_file()).get(account)


def _read(path: Path) -> dict[str, str]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
