"""A private Dovecot IMAP server for the tests: 127.0.0.1, a free port, a temporary folder (SERVICES-ON-LINUX.md).

Messages are "delivered" by writing files into the user's Maildir, as a mail server would.
Not a mock: the app's IMAP reader talks to a real server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from tests.servers import free_port, stop_group, wait_until_answers

NOBODY = 65534
_serial = count(1)


def available() -> bool:
    return shutil.which("dovecot") is not None or Path("/usr/sbin/dovecot").is_file()


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
        stop_group(self.process)


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
    port = port or free_port()
    conf = folder / "dovecot.conf"
    conf.write_text(_config(folder, port))
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    running = Dovecot(folder, port, users)
    running.process = subprocess.Popen(
        [binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        try:
            wait_until_answers(running.process, port, "dovecot", greeting=b"* OK")
        except RuntimeError as error:  # its log says why
            log = (folder / "dovecot.log").read_text() if (folder / "dovecot.log").exists() else ""
            raise RuntimeError(f"{error} {log}") from error
        yield running
    finally:
        running.stop()
