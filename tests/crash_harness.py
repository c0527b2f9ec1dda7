"""Crash safety: a writer killed with SIGKILL at random moments loses nothing it acknowledged.

The writer (a child process) makes random writes through the domain and prints each one
*after* its commit returned. The parent kills it at a random moment, then checks the
store: SQLite's integrity check passes and every printed write is there, whole.

    python -m tests.crash_harness soak --kills 50     # the soak run (scripts/crash-soak)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "crash-test"
BATCH = 3  # steps written by one multi-row transaction: all or none may exist


def write_forever(data_dir: Path, seed: int) -> None:
    """The child: random writes, each acknowledged on stdout after its commit."""
    from organizer.app import operations
    from organizer.app.transfer.merge import import_parsed
    from organizer.formats.exchange import parse_document
    from organizer.store.database import open_store
    from tests.builders import write

    store = open_store(data_dir=data_dir, daily_backup=False)
    rng = random.Random(seed)
    with store.read() as session:
        from organizer.store.models import Account

        exists = session.get(Account, ACCOUNT) is not None
    if not exists:
        write(store, operations.create, "account", {"name": "Crash test", "notes": "0"}, ACCOUNT)
    day = dt.date(2026, 11, 24)
    number = 0
    print("ready", flush=True)
    while True:
        number += 1
        tag = f"{seed}-{number}"
        kind = rng.choice(("step", "touch", "notes", "batch", "checkpoint"))
        if kind == "step":
            values = {"account": ACCOUNT, "title": f"Step {tag}", "due": day, "minutes": rng.randint(5, 90)}
            write(store, operations.create, "step", values, f"s-{tag}")
        elif kind == "touch":
            values = {"account": ACCOUNT, "date": day, "note": "x" * rng.randint(0, 3000)}
            write(store, operations.create, "touch", values, f"t-{tag}")
        elif kind == "notes":
            write(store, operations.update, "account", ACCOUNT, {"notes": f"{seed}:{number}"})
        elif kind == "checkpoint":  # fold the WAL into the store, as a closing window does: killed midway too
            raw = store.engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        else:
            steps = [{"id": f"b-{tag}-{k}", "title": "y" * rng.randint(1, 400)} for k in range(BATCH)]
            parsed = parse_document({"format": "daymap/1", "accounts": [{"id": ACCOUNT, "steps": steps}]})
            with store.write() as session:
                import_parsed(session, parsed)
        print(f"{kind} {tag}", flush=True)


@dataclass
class Stats:
    kills: int = 0
    acknowledged: int = 0
    opens: int = 0  # opens by a second process while the writer wrote
    lost: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _read_lines(stream: object, into: list[str], ready: threading.Event) -> None:
    for line in stream:  # type: ignore[attr-defined]
        if line.strip() == "ready":
            ready.set()
        else:
            into.append(line.strip())
    ready.set()


def open_again_and_again(data_dir: Path, stop: threading.Event, stats: Stats) -> None:
    """A second process opening the store (the terminal beside the window) while the writer writes and checkpoints."""
    while not stop.is_set():
        done = subprocess.run(
            [sys.executable, "-m", "organizer", "--data-dir", str(data_dir), "morning", "--date", "2026-11-24"],
            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        stats.opens += 1
        if done.returncode != 0:
            stats.problems.append(f"an open beside the writer exited {done.returncode}: {done.stderr.strip()[-300:]}")


def kill_once(data_dir: Path, seed: int, rng: random.Random, stats: Stats, *, beside: bool = False) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_harness", "write", str(data_dir), str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()
    reader = threading.Thread(target=_read_lines, args=(child.stdout, lines, ready), daemon=True)
    reader.start()
    if not ready.wait(60):
        child.kill()
        raise RuntimeError("the writer did not start")
    stop = threading.Event()
    opener = threading.Thread(target=open_again_and_again, args=(data_dir, stop, stats), daemon=True)
    if beside:
        opener.start()
    time.sleep(rng.uniform(0.02, 0.8) + (rng.uniform(0.5, 2.0) if beside else 0))
    child.kill()  # SIGKILL: no cleanup, no atexit, no flush
    child.wait()
    stop.set()
    if beside:
        opener.join(120)
    reader.join(10)
    if child.returncode not in (-9,):
        stats.problems.append(f"the writer ended by itself ({child.returncode}): {child.stderr.read()[-500:]}")  # type: ignore[union-attr]
    stats.kills += 1
    stats.acknowledged += len(lines)
    verify(data_dir, seed, lines, stats)


def verify(data_dir: Path, seed: int, lines: list[str], stats: Stats) -> None:
    """The integrity check passes and every acknowledged write is in the store, whole."""
    path = data_dir / "daymap.sqlite3"
    from organizer.store.database import open_store  # the open the rep's next command makes must succeed

    try:
        open_store(data_dir=data_dir, daily_backup=False).close()
    except Exception as error:
        stats.problems.append(f"the store did not open after kill {stats.kills}: {error}")
    connection = sqlite3.connect(path)
    try:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            stats.problems.append(f"integrity_check after kill {stats.kills}: {verdict[:3]}")
        steps = {row[0] for row in connection.execute("SELECT id FROM step")}
        touches = {row[0] for row in connection.execute("SELECT id FROM touch")}
        notes = connection.execute("SELECT notes FROM account WHERE id = ?", (ACCOUNT,)).fetchone()
    finally:
        connection.close()
    last_note = int(notes[0].split(":")[1]) if notes and notes[0].startswith(f"{seed}:") else 0
    for line in lines:
        kind, tag = line.split(" ", 1)
        number = int(tag.split("-")[1])
        if kind == "step":
            present = f"s-{tag}" in steps
        elif kind == "touch":
            present = f"t-{tag}" in touches
        elif kind == "checkpoint":
            present = True  # it wrote nothing new: the integrity check and the other writes judge it
        elif kind == "notes":
            present = last_note >= number  # a later, unacknowledged commit may have moved it on
        else:
            present = all(f"b-{tag}-{k}" in steps for k in range(BATCH))
        if not present:
            stats.lost.append(line)
    batches = {s.rsplit("-", 1)[0] for s in steps if s.startswith("b-")}
    for batch in batches:  # all or nothing, acknowledged or not
        if sum(f"{batch}-{k}" in steps for k in range(BATCH)) != BATCH:
            stats.problems.append(f"a half-written batch: {batch}")


def run(data_dir: Path, kills: int, seed: int = 1, *, beside: bool = False) -> Stats:
    rng = random.Random(seed)
    stats = Stats()
    for kill in range(kills):
        kill_once(data_dir, seed * 1000 + kill, rng, stats, beside=beside)
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write")
    write.add_argument("data_dir", type=Path)
    write.add_argument("seed", type=int)
    soak = commands.add_parser("soak", help="kill a writer again and again; print the figures")
    soak.add_argument("--kills", type=int, default=50)
    soak.add_argument("--seed", type=int, default=1)
    soak.add_argument("--data-dir", type=Path, help="default: a new temporary folder")
    soak.add_argument("--beside", action="store_true", help="a second process opens the store while the writer writes")
    args = parser.parse_args(argv)
    if args.command == "write":
        write_forever(args.data_dir, args.seed)
        return 0
    import tempfile

    with tempfile.TemporaryDirectory(prefix="daymap-soak-") as temporary:
        data_dir = args.data_dir or Path(temporary) / "data"
        started = time.monotonic()
        stats = run(data_dir, args.kills, args.seed, beside=args.beside)
        print(
            f"kills: {stats.kills}, writes acknowledged: {stats.acknowledged}, writes lost: {len(stats.lost)}, "
            f"opens beside the writer: {stats.opens}, "
            f"other problems: {len(stats.problems)} ({time.monotonic() - started:.0f} s)"
        )
        for line in (stats.lost + stats.problems)[:20]:
            print(f"  {line}")
    return 0 if not stats.lost and not stats.problems else 1


if __name__ == "__main__":
    sys.exit(main())
