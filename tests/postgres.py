"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, on 127.0.0.1 and a free port.

As root (CI, these machines), initdb and pg_ctl run as the ``postgres`` system user, which
they require. Superusers bypass row-level security, so the team tests connect as an
ordinary owner role (``CREATEROLE``), as a team's IT would.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port

ADMIN = "daymap_admin"
SERVER_WAIT_S = 300  # starting or stopping on a machine whose cores are busy with other work


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def available() -> bool:
    return _bin_dir() is not None


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Cluster:
    port: int
    password: str
    folder: Path
    bin_dir: Path

    def url(self, user: str = ADMIN, password: str | None = None, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database=database).replace("+psycopg", ""), autocommit=True) as connection:
            connection.execute(statement.encode())

    def stop(self, *, crash: bool = False) -> None:
        """A clean ("fast") shutdown, waited for; ``crash``: as a power cut would (recovery at the next start)."""
        mode = "immediate" if crash else "fast"
        subprocess.run(_as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", mode,
                                     "-w", "-t", str(SERVER_WAIT_S), "stop"]),
                       capture_output=True, timeout=SERVER_WAIT_S + 30)  # fmt: skip

    def start(self) -> None:
        """Start and wait until it accepts connections, with the margin a loaded machine needs."""
        data = self.folder / "data"
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
        subprocess.run(
            _as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w",
                          "-t", str(SERVER_WAIT_S), "-o", options, "start"]),
            check=True, capture_output=True, timeout=SERVER_WAIT_S + 30,
        )  # fmt: skip
        self.wait_ready()

    def wait_ready(self) -> None:
        """pg_ctl -w returns when the postmaster answers; a connection may still meet "not yet accepting"."""
        import psycopg

        deadline = time.monotonic() + SERVER_WAIT_S
        while True:
            try:
                with psycopg.connect(self.url().replace("+psycopg", ""), connect_timeout=10):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


@contextmanager
def cluster() -> Iterator[Cluster]:
    bin_dir = _bin_dir()
    assert bin_dir is not None, "PostgreSQL is not installed (scripts/system-deps.sh test installs it)"
    folder = Path(tempfile.mkdtemp(prefix="daymap-pg-"))
    folder.chmod(0o777)  # the postgres user writes here
    password = secrets.token_hex(12)
    (folder / "pw").write_text(password)
    (folder / "pw").chmod(0o644)
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", ADMIN, "--pwfile", str(folder / "pw"),
                      "-A", "scram-sha-256", "--no-sync"]),
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    running = Cluster(free_port(), password, folder, bin_dir)
    running.start()
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server: Cluster) -> tuple[str, str, str]:
    """A fresh database owned by a fresh ordinary role that may create roles; returns (db, owner, password)."""
    name = f"t_{secrets.token_hex(5)}"
    password = secrets.token_hex(10)
    server.sql(f"CREATE ROLE {name}_owner LOGIN CREATEROLE PASSWORD '{password}'")
    server.sql(f"CREATE DATABASE {name} OWNER {name}_owner")
    server.sql(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC")
    server.sql(f"GRANT CONNECT ON DATABASE {name} TO PUBLIC")
    server.sql(f"ALTER SCHEMA public OWNER TO {name}_owner", database=name)
    return name, f"{name}_owner", password
