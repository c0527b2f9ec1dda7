"""What every server the suite starts needs (PostgreSQL, Radicale, Dovecot): a free port on 127.0.0.1, a wait until
it answers (with margin on a busy machine, never a fixed sleep), and a stop of its whole process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time

READY_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answers(process: subprocess.Popen[bytes], port: int, name: str, greeting: bytes = b"") -> None:
    """Until ``port`` accepts a connection (and says ``greeting`` first, where given); the server's own words if it
    exits meanwhile."""
    deadline = time.monotonic() + READY_SECONDS
    while True:
        if process.poll() is not None:
            said = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"{name} exited: {said}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                if not greeting or probe.recv(100).startswith(greeting):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not answer within {READY_SECONDS} s")
        time.sleep(0.1)


def stop_group(process: subprocess.Popen[bytes] | None) -> None:
    """A server started with ``start_new_session=True``: it and its children, politely, then for sure."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
