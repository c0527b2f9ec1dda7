"""A private Radicale CalDAV server for the tests: 127.0.0.1, a free port, a temporary folder (SERVICES-ON-LINUX.md).

Not a mock: the app syncs with a real server, and the tests play the rep's phone with the ``caldav`` client.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port, stop_group, wait_until_answers


@dataclass
class Radicale:
    folder: Path
    port: int
    users: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        stop_group(self.process)


@contextlib.contextmanager
def server(
    folder: Path, users: dict[str, str] | None = None, port: int | None = None, *, self_signed: bool = False
) -> Iterator[Radicale]:
    """Radicale running on ``folder`` (with ``users``' passwords, else no authentication); waits until it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    argv = [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(folder / "collections"), "--logging-level", "warning"]  # fmt: skip
    if users:
        htpasswd = folder / "users"
        htpasswd.write_text("".join(f"{user}:{password}\n" for user, password in users.items()))
        argv += ["--auth-type", "htpasswd", "--auth-htpasswd-filename", str(htpasswd),
                 "--auth-htpasswd-encryption", "plain"]  # fmt: skip
    else:
        argv += ["--auth-type", "none"]
    if self_signed:  # a certificate nobody vouches for (openssl, as an admin would make one)
        key, cert = folder / "key.pem", folder / "cert.pem"
        request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
        subprocess.run([*request, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        argv += ["--server-ssl", "True", "--server-certificate", str(cert), "--server-key", str(key)]
    running = Radicale(folder, port, users or {}, scheme="https" if self_signed else "http")
    running.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_until_answers(running.process, port, "radicale")
        yield running
    finally:
        running.stop()
