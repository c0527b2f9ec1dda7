"""Team mode at scale: the morning rules on PostgreSQL with row-level security, beside SQLite in the same run,
and ``team status`` for 20 reps × 250 accounts. Starts a throwaway cluster (tests/postgres.py).

    .venv/bin/python benchmarks/postgres.py [--accounts 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import median  # benchmarks/run.py, beside this script: one way to take a median

from organizer.app import team_server as team
from organizer.app.transfer.demo import generate
from organizer.app.transfer.merge import import_document
from organizer.rules.evaluate import morning
from organizer.store.database import open_store
from tests import postgres

DAY = dt.date(2026, 11, 24)


def analyze(owner_url: str) -> None:
    """Statistics, as a server in use has them: autovacuum analyzes a bulk load within a minute or so;
    measured at once, the planner guesses (team status took 1.8 s the first minute, 0.2 s after)."""
    from sqlalchemy import text

    with open_store(owner_url) as admin, admin.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--per-rep", type=int, default=250)
    args = parser.parse_args()
    territory = generate(args.accounts, 1, DAY)
    with tempfile.TemporaryDirectory() as folder, postgres.cluster() as cluster:
        with open_store(data_dir=folder) as lite:
            import_document(lite, territory)

            def lite_rules() -> int:
                with lite.read() as s:
                    return len(morning(s, DAY).question_marks)

            marks = lite_rules()
            lite_time = median(lite_rules)
        database, owner, password = postgres.new_database(cluster)
        with open_store(cluster.url(owner, password, database)) as admin:
            team.init(admin)
            team.add_rep(admin, "rep_one", "pw")
        with open_store(cluster.url("rep_one", "pw", database)) as rep:
            import_document(rep, territory)
        analyze(cluster.url(owner, password, database))
        with open_store(cluster.url("rep_one", "pw", database)) as rep:

            def pg_rules() -> int:
                with rep.read() as s:
                    return len(morning(s, DAY).question_marks)

            assert pg_rules() == marks
            pg_time = median(pg_rules)
        print(f"morning rules, {args.accounts} accounts, {marks} marks: SQLite {lite_time * 1000:.0f} ms, "
              f"PostgreSQL with RLS {pg_time * 1000:.0f} ms ({pg_time / lite_time:.2f}×, target ≤ 2×)")  # fmt: skip

        database, owner, password = postgres.new_database(cluster)
        with open_store(cluster.url(owner, password, database)) as admin:
            team.init(admin)
            for number in range(args.reps):
                team.add_rep(admin, f"rep{number:02d}", "pw")
            team.add_rep(admin, "boss", "pw", manager=True)
        for number in range(args.reps):
            document = generate(args.per_rep, number + 1, DAY)
            text = json.dumps(document).replace('"demo', f'"r{number:02d}')  # ids unique across reps
            with open_store(cluster.url(f"rep{number:02d}", "pw", database)) as rep:
                import_document(rep, json.loads(text))
        analyze(cluster.url(owner, password, database))
        with open_store(cluster.url("boss", "pw", database)) as boss:
            rows = team.status(boss, DAY)
            status_time = median(lambda: team.status(boss, DAY), 3)
        print(f"team status, {len(rows)} reps × {args.per_rep} accounts: {status_time * 1000:.0f} ms (target ≤ 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
