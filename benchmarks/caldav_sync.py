"""The calendar at scale (issue 22): the first sync of 1,000 timed steps to a local Radicale, then a second
with one change on each side; the time of each and the requests made to the server.

    make benchmark        # runs this after benchmarks/run.py
    .venv/bin/python benchmarks/caldav_sync.py --steps 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DAY = dt.date(2026, 11, 24)


def territory(steps: int) -> dict[str, object]:
    accounts = []
    for number in range(steps // 5):
        accounts.append({
            "id": f"a{number}", "name": f"Account {number}",
            "steps": [{"id": f"s{number}-{k}", "title": f"Step {k}",
                       "due": (DAY + dt.timedelta(days=(number * 5 + k) % 80)).isoformat(),
                       "time": f"{9 + k:02d}:00", "minutes": 30} for k in range(5)],
        })  # fmt: skip
    return {"format": "daymap/1", "accounts": accounts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    os.environ["DAYMAP_KEYRING"] = "0"
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    import caldav

    from organizer.app.calendar import connect
    from organizer.app.calendar_sync import sync
    from organizer.app.planner import Planner
    from organizer.app.transfer.merge import import_document
    from organizer.store.database import open_store
    from tests import radicale

    folder = Path(tempfile.mkdtemp())
    with radicale.server(folder / "radicale", {"rep": "pw"}) as server, open_store(data_dir=folder / "data") as store:
        import_document(store, territory(args.steps))
        planner = Planner(store, today=DAY)
        connect(planner, server.url, "rep", "pw")
        start = time.perf_counter()
        first = sync(planner)
        first_time = time.perf_counter() - start
        phone = caldav.DAVClient(server.url, username="rep", password="pw").principal().calendars()[0]  # noqa: S106
        event = phone.event_by_uid("s0-0@daymap")
        component = event.icalendar_component
        for name in ("dtstart", "dtend", "duration"):
            component.pop(name, None)
        component.add("dtstart", dt.datetime.combine(DAY + dt.timedelta(days=3), dt.time(15, 0)))
        component.add("duration", dt.timedelta(minutes=45))
        event.save()
        planner.steps.reschedule("s1-0", DAY + dt.timedelta(days=10))
        start = time.perf_counter()
        second = sync(planner)
        second_time = time.perf_counter() - start
        start = time.perf_counter()
        third = sync(planner)
        third_time = time.perf_counter() - start
    print(f"\n{'what':<44} {'time':>8} {'requests':>9}  counts")
    for name, seconds, report in (
        (f"first sync, {args.steps} timed steps", first_time, first),
        ("second sync, one change on each side", second_time, second),
        ("third sync, nothing changed", third_time, third),
    ):
        print(f"{name:<44} {seconds:>7.2f}s {report.requests:>9}  {json.dumps(report.to_json())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
