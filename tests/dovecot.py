"""A private Dovecot IMAP server for the tests: 127.0.0.1, a free port, a temporary folder (SERVICES-ON-LINUX.md).

Messages are "delivered" by writing files into the user's Maildir, as a mail server would.
Not a mock: the app's IMAP reader talks to a real server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

NOBODY = 65534
_serial = count(1)


def available() -> bool:
    return shutil.which("dovecot") is not None or Path("/usr/sbin/dovecot").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Dovecot:
    folder: Path
    port: int
    users: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        base = self.folder / "home" / user / "Maildir"
        return base if folder == "INBOX" else base / f".{folder}"

    def deliver(self, user: str, raw: str | bytes, folder: str = "INBOX") -> Path:
        """A message arrives (written into new/, as a delivery agent does)."""
        box = self.maildir(user, folder)
        for sub in ("new", "cur", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}.{next(_serial)}.test"
        tmp = box / "tmp" / name
        tmp.write_bytes(raw if isinstance(raw, bytes) else raw.encode())
        final = box / "new" / name
        tmp.rename(final)
        _own(self.folder / "home")
        return final

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def _own(path: Path) -> None:
    if os.geteuid() != 0:
        return
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.chown(Path(root) / name, NOBODY, NOBODY)
    os.chown(path, NOBODY, NOBODY)


def _config(folder: Path, port: int) -> str:
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {folder}/users
}}
userdb {{
  driver = static
  args = uid={NOBODY} gid={NOBODY} home={folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@contextlib.contextmanager
def server(folder: Path, users: dict[str, str], port: int | None = None) -> Iterator[Dovecot]:
    """A running Dovecot with ``users`` (name → password); waits until it answers, with margin."""
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("run", "state", "home"):
        (folder / sub).mkdir(exist_ok=True)
    (folder / "users").write_text("".join(f"{user}:{{PLAIN}}{password}::::::\n" for user, password in users.items()))
    for user in users:
        for sub in ("new", "cur", "tmp"):
            (folder / "home" / user / "Maildir" / sub).mkdir(parents=True, exist_ok=True)
    _own(folder / "home")
    os.chmod(folder, 0o755)  # noqa: S103  (Dovecot's own processes, as uid 65534, must reach the Maildirs)
    port = port or _free_port()
    conf = folder / "dovecot.conf"
    conf.write_text(_config(folder, port))
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    running = Dovecot(folder, port, users)
    running.process = subprocess.Popen(
        [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120  # a busy machine: margin, never a fixed sleep
        while True:
            if running.process.poll() is not None:
                log = (folder / "dovecot.log").read_text() if (folder / "dovecot.log").exists() else ""
                raise RuntimeError(
                    f"dovecot exited: {running.process.stderr.read().decode() if running.process.stderr else ''} {log}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                    if probe.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("dovecot did not answer within 120 s")
            time.sleep(0.1)
        yield running
    finally:
        running.stop()
