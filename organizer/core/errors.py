"""The few error types the core raises; callers turn them into exit codes or UI messages."""

from __future__ import annotations


class DaymapError(Exception):
    """Base of every error the core raises on purpose (never a bug)."""


class ValidationError(DaymapError):
    """Bad input: says *what* is wrong and *where* (a path such as ``accounts[0].name``).

    Nothing has been written when this is raised.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class NotFoundError(DaymapError):
    """An object named by the user (an account, a step …) is not in the store."""


class ConflictError(DaymapError):
    """Someone else changed the object since it was read; the write was refused."""


class StoreError(DaymapError):
    """The store cannot be opened or written (damaged, foreign, newer, read-only, full).

    ``problem`` names what is wrong with the file itself, so the app can offer the way
    out that fits: ``damaged`` and ``foreign`` files can be set aside or a backup
    restored; a ``newer`` one needs a newer Daymap. None for a failed write.
    """

    def __init__(self, message: str, *, problem: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem
