"""The files a command reads and writes, named on its command line (``-``: standard input or output).

What is wrong with one is bad input (exit 2) naming the file: never a traceback, never a hang
on a FIFO, never half a file written.
"""

from __future__ import annotations

import os
import select
import stat
import sys
from pathlib import Path
from typing import TextIO

from organizer.app.stores import read_other_file, refuse_store_file, write_atomically
from organizer.cli.exits import BadInputError
from organizer.core.errors import ValidationError

PIPE_WRITER_WAIT_MS = 5_000  # how long a named pipe may stay without a writer before it is bad input


def read_input(name: str) -> bytes:
    """A file's bytes (``-`` is standard input); a folder, a device, a missing file are bad input.

    A pipe is an ordinary input on Unix (``import <(…)``, ``/dev/stdin``): it is read to its
    end like standard input. Only the store must never be one.
    """
    if name == "-":
        return sys.stdin.buffer.read()
    if _is_pipe(Path(name)):  # never the store: a pipe is not a database file
        return _read_pipe(name)
    try:
        return read_other_file(Path(name))  # the window's very reader: the store refused, the same words
    except ValidationError as error:
        raise BadInputError(error.message) from None


def _is_pipe(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def _read_pipe(name: str) -> bytes:
    """A pipe's bytes to its end, once something writes to it; a pipe nobody opens is bad input, not a hang."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)  # a plain open would wait for a writer forever
    except OSError as error:
        raise BadInputError(f"{name}: cannot be read: {error.strerror}") from None
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        if not poller.poll(PIPE_WRITER_WAIT_MS):
            raise BadInputError(
                f"{name}: is a named pipe (FIFO) that nothing writes to "
                f"(waited {PIPE_WRITER_WAIT_MS // 1000} s); nothing was read"
            )
        os.set_blocking(fd, True)
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise BadInputError(f"{name}: cannot be read: {error.strerror}") from None
    finally:
        os.close(fd)


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
    _not_the_store(name)
    try:
        write_atomically(target, payload)
    except OSError as error:
        raise BadInputError(f"{name}: cannot write there: {error.strerror or error}") from None


def _not_the_store(name: str) -> None:
    try:
        refuse_store_file(Path(name))
    except ValidationError as error:
        raise BadInputError(error.message) from None
