"""Crash safety, deterministically: an import killed at each of its writes in turn.

``strace``'s fault injection sends SIGKILL at the N-th ``pwrite64`` the import makes, for
N = 1, 2, … until the import runs to its end: every write of the before-import backup, of
the WAL and of the checkpoint that folds the WAL back into the store when it closes. After
each kill, the next open (a plain ``export``, as the rep's next command would be) must
succeed; the territory that was there must be whole; the import is all or nothing, and
whole when it printed "Imported" (the rep was told it was done); and a later import works.

    python -m tests.kill_every_write            # every write (make crash-soak)
    python -m tests.kill_every_write --stride 9 # every ninth (the suite)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-24"
IMPORTED = [f"k-{n}" for n in range(6)]  # the accounts the killed import adds
LATER = "k-later"


def available() -> bool:
    return shutil.which("strace") is not None


def _cli(data_dir: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    command = [*prefix, sys.executable, "-m", "organizer", "--data-dir", str(data_dir), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def _document(ids: list[str]) -> dict[str, object]:
    accounts = [
        {
            "id": account,
            "name": f"Killed import {account}",
            "stage": "client",
            "contacts": [{"id": f"{account}-c", "name": "Pat Doe", "email": f"pat@{account}.example"}],
            "goals": [{"id": f"{account}-g", "title": "Renew", "steps": [
                {"id": f"{account}-s{k}", "title": f"Step {k} " + "x" * 300, "due": DAY, "minutes": 15}
                for k in range(8)
            ]}],
            "touches": [{"id": f"{account}-t", "date": DAY, "note": "y" * 500}],
        }
        for account in ids
    ]  # fmt: skip
    return {"format": "daymap/1", "accounts": accounts}


@dataclass
class Outcome:
    kills: int = 0
    completed_at: int | None = None  # the N at which the import ran to its end without a kill
    problems: list[str] = field(default_factory=list)


def prepare(folder: Path) -> Path:
    """A store with a sample territory, closed cleanly; the documents beside it."""
    base = folder / "base"
    done = _cli(base, "demo", "--accounts", "4", "--seed", "3", "--date", DAY)
    assert done.returncode == 0, done.stderr
    (folder / "import.json").write_text(json.dumps(_document(IMPORTED)))
    (folder / "later.json").write_text(json.dumps(_document([LATER])))
    return base


def _accounts(data_dir: Path) -> tuple[dict[str, dict[str, object]], str | None]:
    done = _cli(data_dir, "export", "-")
    if done.returncode != 0:
        return {}, f"export exited {done.returncode}: {done.stderr.strip()[-400:]}"
    document = json.loads(done.stdout)
    return {str(account["id"]): account for account in document["accounts"]}, None


def _whole(account: dict[str, object]) -> bool:
    goals = account.get("goals") or []
    steps = [step for goal in goals for step in goal.get("steps", [])]  # type: ignore[attr-defined]
    return len(steps) == 8 and len(account.get("contacts") or []) == 1 and len(account.get("touches") or []) == 1


def kill_at(write: int, folder: Path, base: Path, before: dict[str, dict[str, object]], outcome: Outcome) -> bool:
    """One run killed at its ``write``-th write; False when the import finished before it."""
    data = folder / f"run-{write}"
    shutil.copytree(base, data)
    inject = ("strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64",
              "-e", f"inject=pwrite64:signal=KILL:when={write}")  # fmt: skip
    done = _cli(data, "import", str(folder / "import.json"), prefix=inject)
    killed = done.returncode in (-9, 137)
    if not killed and done.returncode != 0:
        outcome.problems.append(f"write {write}: the import exited {done.returncode}: {done.stderr.strip()[-300:]}")
    acknowledged = "Imported" in done.stdout
    where = f"killed at write {write}" if killed else "not killed"
    after, failure = _accounts(data)
    if failure:
        outcome.problems.append(f"{where}: the next open failed: {failure}")
        return killed
    missing = [account for account in before if after.get(account) != before[account]]
    if missing:
        outcome.problems.append(f"{where}: the territory changed: {missing[:3]}")
    present = [account for account in IMPORTED if account in after]
    if acknowledged and len(present) != len(IMPORTED):
        outcome.problems.append(f"{where}: the import said it was done, but {len(present)} of {len(IMPORTED)} are here")
    if present and len(present) != len(IMPORTED):
        outcome.problems.append(f"{where}: half an import: {present}")
    broken = [account for account in present if not _whole(after[account])]
    if broken:
        outcome.problems.append(f"{where}: accounts not whole: {broken}")
    later = _cli(data, "import", str(folder / "later.json"))
    if later.returncode != 0 or LATER not in _accounts(data)[0]:
        outcome.problems.append(f"{where}: the next import failed: {later.stderr.strip()[-300:]}")
    shutil.rmtree(data, ignore_errors=True)
    outcome.kills += killed
    return killed


def run(stride: int = 1, limit: int = 2_000) -> Outcome:
    """Kill at write 1, 1 + stride, … until an import runs to its end."""
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="daymap-kill-") as temporary:
        folder = Path(temporary)
        base = prepare(folder)
        before, failure = _accounts(base)
        assert failure is None, failure
        for write in range(1, limit, stride):
            if not kill_at(write, folder, base, before, outcome):
                outcome.completed_at = write
                break
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stride", type=int, default=1, help="kill at every N-th write (default: every one)")
    args = parser.parse_args(argv)
    if not available():
        print("strace is not installed (scripts/system-deps.sh test installs it)", file=sys.stderr)
        return 1
    outcome = run(args.stride)
    print(f"imports killed: {outcome.kills} (at every {args.stride} of its writes; it completed at write "
          f"{outcome.completed_at}), problems: {len(outcome.problems)}")  # fmt: skip
    for problem in outcome.problems[:20]:
        print(f"  {problem}")
    return 0 if not outcome.problems and outcome.completed_at else 1


if __name__ == "__main__":
    sys.exit(main())
