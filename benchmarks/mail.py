"""Mail at scale (issue 23): a 20,000-message mbox read and matched against 5,000 accounts' contacts,
then the same mbox again (only duplicates). Time and peak memory of each ``mail import``, in a child
process of its own; memory must not grow with the mailbox (the reader yields one message at a time).

    make benchmark        # runs this after benchmarks/run.py
    .venv/bin/python benchmarks/mail.py --accounts 5000 --messages 20000
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-24"


def run(data: Path, *args: str) -> tuple[float, float, str]:
    """Seconds, peak MiB and stdout of one ``python -m organizer`` run (its own process, its own peak)."""
    code = (
        "import resource, runpy, sys\n"
        f"sys.argv = ['organizer', '--data-dir', {str(data)!r}, *{list(args)!r}]\n"
        "try:\n    runpy.run_module('organizer', run_name='__main__')\n"
        "except SystemExit as exit_:\n"
        "    print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "    raise\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    seconds = time.perf_counter() - start
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK")) / 1024
    return seconds, peak, done.stdout


def write_mbox(path: Path, addresses: list[str], count: int, seed: int = 3) -> None:
    chosen = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            sender = chosen.choice(addresses) if chosen.random() < 0.6 else f"someone{number}@elsewhere.example"
            out.write(
                f"From {sender} Tue Nov 24 09:12:00 2026\n"
                f"From: {sender}\nTo: me@mine.example\nSubject: Message {number} =?utf-8?q?caf=C3=A9?=\n"
                f"Date: Tue, 24 Nov 2026 09:12:00 +0000\nMessage-ID: <{number}.{seed}@bench.example>\n\n"
                + "A body line that is never read.\n" * 40
                + "\n"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        print(f"Building {args.accounts} accounts and a {args.messages}-message mbox …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "organizer", "--data-dir", str(data), "demo", "--accounts", str(args.accounts),
             "--seed", "1", "--date", DAY],
            check=True, capture_output=True, cwd=ROOT,
        )  # fmt: skip
        exported = json.loads(
            subprocess.run([sys.executable, "-m", "organizer", "--data-dir", str(data), "export", "-"],
                           check=True, capture_output=True, cwd=ROOT, text=True).stdout
        )  # fmt: skip
        addresses = [c["email"] for a in exported["accounts"] for c in a.get("contacts", []) if c.get("email")]
        small, big = Path(folder) / "small.mbox", Path(folder) / "big.mbox"
        write_mbox(small, addresses, max(1, args.messages // 10), seed=4)
        write_mbox(big, addresses, args.messages)
        baseline = run(data, "morning", "--date", DAY, "--json")
        tenth = run(data, "mail", "import", str(small), "--json")
        first = run(data, "mail", "import", str(big), "--json")
        again = run(data, "mail", "import", str(big), "--json")
        rows = [
            ("morning (same run's baseline)", baseline, ""),
            (f"mail import, {args.messages // 10} messages", tenth, tenth[2].strip()),
            (f"mail import, {args.messages} messages", first, first[2].strip()),
            (f"the same {args.messages} again", again, again[2].strip()),
        ]
        print(f"\n{'what':<38} {'time':>8} {'peak':>9}  counts")
        for name, (seconds, peak, _out), counts in rows:
            print(f"{name:<38} {seconds:>7.2f}s {peak:>7.0f}MiB  {counts}")
        growth = first[1] - tenth[1]
        print(f"\npeak memory, {args.messages} vs {args.messages // 10} messages: {growth:+.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
