"""``daymap team …``: setting up a team's PostgreSQL server, adding reps, the managers' status and handover."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from organizer.app import team_server as team
from organizer.app.planner import Planner
from organizer.app.stores import Store
from organizer.cli.registry import arg, command, group

group("team", "team mode on a PostgreSQL server: init, add-rep, status, handover")


# init and add-rep administer the server itself (its schema, its roles), before any plan can be read there:
# like backup and check for a file, they take the store, not a planner.
@command("team init", "(the database's owner) create or upgrade the schema and the security policies", needs="store")
def team_init(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    owner = team.init(store)
    print(f"Team schema and security policies ready (owner: {owner}).", file=sys.stderr)
    return 0


@command(
    "team add-rep",
    "create a rep's login role; the password is read from standard input",
    arg("name"),
    arg("--manager", action="store_true", help="a manager: reads every account, writes by handover only"),
    needs="store",
)
def team_add_rep(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    team.add_rep(store, args.name, password, manager=args.manager)
    print(f"{'Manager' if args.manager else 'Rep'} {args.name} can sign in now.", file=sys.stderr)
    return 0


@command(
    "team status",
    "(managers) one row per rep",
    arg("--date", type="date", help="the day (default: today)"),
    arg("--json", action="store_true", help="print JSON"),
)
def team_status(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    rows = planner.team.status()
    if args.json:
        out.write(json.dumps([row.to_json() for row in rows], indent=1) + "\n")
        return 0
    out.write(f"{'rep':<20} {'accounts':>8} {'marks':>6}  ready  confirmed  promises kept  day\n")
    for row in rows:
        data = row.to_json()
        rate = "—" if data["promises"]["rate"] is None else f"{data['promises']['rate']:.0%}"
        ready = "away" if row.away else ("yes" if data["ready"] else "no")  # on a day off: away, not "not ready"
        day = f"{row.capacity_minutes} min" + (f", {row.busy_minutes} busy" if row.busy_minutes else "")
        kept = f"{row.promises_kept}/{row.promises_due} ({rate})"
        out.write(
            f"{row.rep:<20} {row.accounts:>8} {row.question_marks:>6}  {ready:<5}  "
            f"{'yes' if row.confirmed else 'no':<9}  {kept:<13}  {day}\n"
        )
    return 0


@command(
    "team handover",
    "(managers) move every account of REP to another rep, in one go",
    arg("rep"),
    arg("--to", required=True, metavar="REP2"),
)
def team_handover(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    moved = planner.team.handover(args.rep, args.to)
    print(f"Handed over {moved} account{'s' if moved != 1 else ''} from {args.rep} to {args.to}.", file=sys.stderr)
    return 0
