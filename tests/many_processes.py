"""One store, many processes, for a minute or more (``make crash-soak``): none unreadable, nothing lost.

The window's process (``window``): the store opened on a worker thread as the window opens it, one
connection kept, writes through the planner (steps, touches, a mailbox read), and its readers on
timers as the window has them: the calendar pass's own store opened and read on another thread,
a backup, ``check``, the outside-change poll. Beside it, several terminals run random commands:
``morning``, ``step add``, ``touch``, ``import -``, ``mail import``, ``backup``, ``check``, ``export``.
Some of every kind, the window included, are killed with SIGKILL at random moments.

A write counts as acknowledged when its process said it was done: the window prints each after its
commit returned, a terminal's exits 0. At the end SQLite's integrity check must pass, every
acknowledged write must be there, each mail message logged once, and no process may have said
"damaged".

    python -m tests.many_processes --seconds 60 --terminals 4
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-24"
MESSAGES = 30  # in the mailbox every mail reader reads: each must be logged once, however many read it


@dataclass
class Tally:
    """What happened, for the report and the verdict."""

    commands: dict[str, int] = field(default_factory=dict)
    killed: int = 0
    window_runs: int = 0
    busy: int = 0
    steps: set[str] = field(default_factory=set)  # acknowledged step ids
    touches: set[str] = field(default_factory=set)  # acknowledged touch ids (the window's)
    touch_notes: set[str] = field(default_factory=set)  # acknowledged terminal touches, by their note
    accounts: set[str] = field(default_factory=set)  # acknowledged imports, by account id
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: str) -> None:
        with self.lock:
            self.commands[kind] = self.commands.get(kind, 0) + 1


# --- the window's process ------------------------------------------------------------------------------------


def window(data_dir: Path, seed: int) -> None:
    """Runs until killed; prints ``step ID`` / ``touch ID`` after each commit returned."""
    from organizer.app.opening import open_in_background
    from organizer.app.planner import Planner
    from organizer.formats.mail import read_messages
    from organizer.store.database import open_store

    store = open_in_background(None, str(data_dir)).result()
    planner = Planner(store, today=dt.date.fromisoformat(DAY))
    kept = store.engine.raw_connection()  # a pooled connection the window holds all along
    kept.cursor().execute("SELECT count(*) FROM account").fetchall()
    accounts = [row[0] for row in kept.cursor().execute("SELECT id FROM account").fetchall()]
    kept.rollback()
    rng = random.Random(seed)
    stop = threading.Event()

    def calendar_pass() -> None:  # the calendar's reader: a store of its own, on its own thread
        while not stop.wait(rng.uniform(0.05, 0.4)):
            with open_store(store.location.url, daily_backup=False) as own, own.read() as session:
                from sqlalchemy import text

                session.execute(text("SELECT count(*) FROM step")).scalar_one()

    threading.Thread(target=calendar_pass, daemon=True).start()
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        kind = rng.choice(("step", "step", "touch", "mail", "backup", "check", "poll", "morning"))
        if kind == "step":
            change = planner.steps.add(rng.choice(accounts), {"title": f"Window {seed}-{number}", "due": DAY})
            print(f"step {change.created}", flush=True)
        elif kind == "touch":
            change = planner.accounts.log_touch(rng.choice(accounts), note=f"window {seed}-{number}")
            print(f"touch {change.created}", flush=True)
        elif kind == "mail":
            from organizer.app.mail import log_mail

            log_mail(planner, read_messages(data_dir.parent / "inbox.mbox"))
        elif kind == "backup":
            planner.documents.backup_now()
        elif kind == "check":
            report = planner.documents.check_store()
            if not report.ok:
                print(f"problem check: {' / '.join(report.lines)}", flush=True)
        elif kind == "poll":
            planner.check_outside_changes()
        else:
            planner.morning()


# --- the terminals ------------------------------------------------------------------------------------------


def _run(args: list[str], stdin: str | None, rng: random.Random, tally: Tally, kill: bool) -> tuple[int, str, str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "organizer", *args], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    if kill:
        timer = threading.Timer(rng.uniform(0.05, 1.5), lambda: _kill(child))
        timer.start()
    try:
        out, err = child.communicate(stdin, timeout=300)
    finally:
        if kill:
            timer.cancel()
    return child.returncode, out, err


def _kill(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)


def terminal(data_dir: Path, accounts: list[str], seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    store = ["--data-dir", str(data_dir)]
    number = 0
    while time.monotonic() < until:
        number += 1
        tag = f"t{seed}-{number}"
        kind = rng.choice(("morning", "step", "touch", "import", "mail", "backup", "check", "export"))
        stdin = None
        if kind == "morning":
            args = ["morning", "--date", DAY, "--json"]
        elif kind == "step":
            args = ["step", "add", rng.choice(accounts), f"Terminal {tag}", "--due", DAY]
        elif kind == "touch":
            args = ["touch", rng.choice(accounts), "--on", DAY, "--note", tag]
        elif kind == "import":
            args = ["import", "-"]
            stdin = json.dumps({"format": "daymap/1", "accounts": [{"id": f"acct-{tag}", "name": f"Imported {tag}"}]})
        elif kind == "mail":
            args = ["mail", "import", str(data_dir.parent / "inbox.mbox")]
        else:
            args = [kind] + (["-"] if kind == "export" else [])
        killed = rng.random() < 0.2
        code, out, err = _run(store + args, stdin, rng, tally, killed)
        tally.count(kind)
        with tally.lock:
            if code == -signal.SIGKILL:
                tally.killed += 1
                continue
            if "damaged" in err or "Traceback" in err or "malformed" in err:
                tally.problems.append(f"{kind} said: {err.strip()[-300:]}")
            if code == 1 and "busy" in err:
                tally.busy += 1
                continue
            if code != 0:
                tally.problems.append(f"{kind} exited {code}: {err.strip()[-300:]}")
                continue
            if kind == "step":
                tally.steps.add(out.strip())
            elif kind == "touch":
                tally.touch_notes.add(tag)
            elif kind == "import":
                tally.accounts.add(f"acct-{tag}")


def run_window(data_dir: Path, seed: int, until: float, tally: Tally) -> None:
    """The window, killed at random and started again (a rep who closes the lid; a crash)."""
    rng = random.Random(seed)
    run = 0
    while time.monotonic() < until:
        run += 1
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.many_processes", "window", str(data_dir), str(seed * 100 + run)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=_collect, args=(child, lines), daemon=True)
        reader.start()
        time.sleep(min(rng.uniform(3, 12), max(0.0, until - time.monotonic()) + 1))
        ended = child.poll()
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(10)
        with tally.lock:
            tally.window_runs += 1
            if ended is not None:
                tally.problems.append(f"the window's process ended by itself ({ended}): {child.stderr.read()[-800:]}")  # type: ignore[union-attr]
            for line in lines:
                kind, _space, value = line.partition(" ")
                if kind == "step":
                    tally.steps.add(value)
                elif kind == "touch":
                    tally.touches.add(value)
                elif kind == "problem":
                    tally.problems.append(value)


def _collect(child: subprocess.Popen[str], lines: list[str]) -> None:
    assert child.stdout is not None
    lines.extend(line.strip() for line in child.stdout)


# --- the verdict --------------------------------------------------------------------------------------------


def verify(data_dir: Path, tally: Tally) -> dict[str, int]:
    connection = sqlite3.connect(data_dir / "daymap.sqlite3")
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        steps = {row[0] for row in connection.execute("SELECT id FROM step")}
        touches = {row[0] for row in connection.execute("SELECT id FROM touch")}
        notes = {row[0] for row in connection.execute("SELECT note FROM touch WHERE note IS NOT NULL")}
        accounts = {row[0] for row in connection.execute("SELECT id FROM account")}
        doubled = connection.execute(
            "SELECT count(*) FROM (SELECT message, account_id FROM touch WHERE message IS NOT NULL "
            "GROUP BY message, account_id HAVING count(*) > 1)"
        ).fetchone()[0]
    finally:
        connection.close()
    if integrity != ["ok"]:
        tally.problems.append(f"integrity_check: {integrity[:3]}")
    lost = (
        len(tally.steps - steps) + len(tally.touches - touches)
        + len(tally.touch_notes - notes) + len(tally.accounts - accounts)
    )  # fmt: skip
    acknowledged = len(tally.steps) + len(tally.touches) + len(tally.touch_notes) + len(tally.accounts)
    return {
        "acknowledged": acknowledged,
        "lost": lost,
        "doubled mail touches": doubled,
        "unreadable": int(integrity != ["ok"]),
    }


def _territory(data_dir: Path) -> list[str]:
    subprocess.run(
        [sys.executable, "-m", "organizer", "--data-dir", str(data_dir), "demo", "--accounts", "12", "--date", DAY],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    document = json.loads(subprocess.run(
        [sys.executable, "-m", "organizer", "--data-dir", str(data_dir), "export", "-"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout)  # fmt: skip
    people = [c["email"] for a in document["accounts"] for c in a.get("contacts", []) if c.get("email")]
    rng = random.Random(3)
    with (data_dir.parent / "inbox.mbox").open("w") as box:
        for number in range(MESSAGES):
            box.write(
                f"From x@y Tue Nov 24 09:12:00 2026\nFrom: {rng.choice(people)}\nTo: me@mine.example\n"
                f"Subject: Soak {number}\nMessage-ID: <soak-{number}@x>\n"
                "Date: Mon, 23 Nov 2026 10:00:00 +0000\n\nbody\n\n"
            )
    return [a["id"] for a in document["accounts"]]


def soak(seconds: float, terminals: int, seed: int, data_dir: Path) -> tuple[Tally, dict[str, int]]:
    accounts = _territory(data_dir)
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=run_window, args=(data_dir, seed, until, tally))]
    threads += [
        threading.Thread(target=terminal, args=(data_dir, accounts, seed * 10 + n, until, tally))
        for n in range(terminals)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, verify(data_dir, tally)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command")
    window_command = commands.add_parser("window", help="the window's process (run by the soak)")
    window_command.add_argument("data_dir", type=Path)
    window_command.add_argument("seed", type=int)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--terminals", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "window":
        window(args.data_dir, args.seed)
        return 0
    os.environ.setdefault("DAYMAP_KEYRING", "0")
    with tempfile.TemporaryDirectory(prefix="daymap-many-") as temporary:
        started = time.monotonic()
        tally, verdict = soak(args.seconds, args.terminals, args.seed, Path(temporary) / "data")
        commands_run = ", ".join(f"{kind} {n}" for kind, n in sorted(tally.commands.items()))
        print(
            f"many processes, one store: {time.monotonic() - started:.0f} s; the window started {tally.window_runs} "
            f"times (killed each time); terminal commands: {commands_run}; killed: {tally.killed}; busy: {tally.busy}"
        )
        print(
            f"writes acknowledged: {verdict['acknowledged']}, lost: {verdict['lost']}; "
            f"unreadable: {verdict['unreadable']}; mail touches doubled: {verdict['doubled mail touches']}; "
            f"other problems: {len(tally.problems)}"
        )
        for problem in tally.problems[:20]:
            print(f"  {problem}")
    bad = verdict["lost"] or verdict["unreadable"] or verdict["doubled mail touches"] or tally.problems
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
