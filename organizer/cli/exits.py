"""What a command ends with: exit 0 done, 2 bad input (nothing written), 1 anything else."""

from __future__ import annotations

from organizer.core.errors import DaymapError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class BadInputError(DaymapError):
    """A command-line argument that cannot be used (exit 2)."""
