"""The files a command reads and writes, named on its command line (``-``: standard input or output).

What is wrong with one is bad input (exit 2) naming the file: never a traceback, never a hang
on a FIFO, never half a file written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from organizer.cli.exits import BadInputError
from organizer.store.files import write_atomically
from organizer.store.sqlite_file import not_a_file


def read_input(name: str) -> bytes:
    """A file's bytes (``-`` is standard input); a FIFO, a folder, a missing file are bad input."""
    if name == "-":
        return sys.stdin.buffer.read()
    problem = not_a_file(Path(name))
    if problem is not None:
        raise BadInputError(f"{name}: {problem}")
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise BadInputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise BadInputError(f"{name}: is a folder, not a file") from None
    except OSError as error:
        raise BadInputError(f"{name}: cannot be read: {error.strerror}") from None


def write_output(name: str, data: str | bytes, out: TextIO) -> None:
    """Write a file atomically (a crash never leaves half an export); ``-`` is standard output."""
    payload = data.encode() if isinstance(data, str) else data
    if name == "-":
        out.write(payload.decode())
        out.flush()
        return
    target = Path(name)
    if target.is_dir():
        raise BadInputError(f"{name}: is a folder, not a file")
    try:
        write_atomically(target, payload)
    except OSError as error:
        raise BadInputError(f"{name}: cannot write there: {error.strerror or error}") from None
