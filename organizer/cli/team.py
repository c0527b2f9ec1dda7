"""``daymap team …``: setting up a team's PostgreSQL server, adding reps, the managers' status and handover."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TextIO

from organizer.app import team
from organizer.app.stores import Store


def add_parsers(command: Callable[[str, str], argparse.ArgumentParser], date_arg: Callable[[str], dt.date]) -> None:
    parser = command("team", "team mode on a PostgreSQL server: init, add-rep, status, handover")
    actions = parser.add_subparsers(dest="team_action", metavar="ACTION", required=True)
    actions.add_parser("init", help="(the database's owner) create or upgrade the schema and the security policies")
    sub = actions.add_parser("add-rep", help="create a rep's login role; the password is read from standard input")
    sub.add_argument("name")
    sub.add_argument("--manager", action="store_true", help="a manager: reads every account, writes by handover only")
    sub = actions.add_parser("status", help="(managers) one row per rep")
    sub.add_argument("--date", type=date_arg, help="the day (default: today)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = actions.add_parser("handover", help="(managers) move every account of REP to another rep, in one go")
    sub.add_argument("rep")
    sub.add_argument("--to", required=True, metavar="REP2")


def run(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    action = args.team_action
    if action == "init":
        owner = team.init(store)
        print(f"Team schema and security policies ready (owner: {owner}).", file=sys.stderr)
    elif action == "add-rep":
        password = sys.stdin.readline().rstrip("\r\n")
        team.add_rep(store, args.name, password, manager=args.manager)
        print(f"{'Manager' if args.manager else 'Rep'} {args.name} can sign in now.", file=sys.stderr)
    elif action == "handover":
        moved = team.handover(store, args.rep, args.to)
        print(f"Handed over {moved} account{'s' if moved != 1 else ''} from {args.rep} to {args.to}.", file=sys.stderr)
    else:
        rows = team.status(store, args.date or dt.date.today())
        if args.json:
            out.write(json.dumps([row.to_json() for row in rows], indent=1) + "\n")
        else:
            out.write(f"{'rep':<20} {'accounts':>8} {'marks':>6}  ready  confirmed  promises kept\n")
            for row in rows:
                data = row.to_json()
                rate = "—" if data["promises"]["rate"] is None else f"{data['promises']['rate']:.0%}"
                out.write(
                    f"{row.rep:<20} {row.accounts:>8} {row.question_marks:>6}  {'yes' if data['ready'] else 'no':<5}  "
                    f"{'yes' if row.confirmed else 'no':<9}  {row.promises_kept}/{row.promises_due} ({rate})\n"
                )
    return 0
