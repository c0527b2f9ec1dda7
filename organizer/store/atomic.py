"""Writing the files Daymap hands out (exports, calendars, reports): whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, payload: bytes, mode: int = 0o644, *, keep_mode: bool = True) -> None:
    """Write to a temporary file beside ``target``, sync it, then rename it into place.

    A crash or a full disk leaves the earlier file (or none), never half of the new one.
    An existing file keeps its permissions unless ``keep_mode`` is False (a secret's file is always ``mode``).
    """
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o777 if keep_mode and target.exists() else mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
