"""``daymap calendar …``: one CalDAV calendar and the store kept in step, both ways (SPEC.md "The calendar")."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from organizer.app.planner import Planner
from organizer.cli.registry import arg, command, group
from organizer.core.errors import ValidationError

group("calendar", "the calendar kept in step with the store, both ways (CalDAV)")
DAY = arg("--date", type="date", help="the day the sync's window is around (default: today)")


@command(
    "calendar connect",
    "remember a CalDAV calendar (the password is read from standard input with --user, kept in the keyring)",
    arg("url", metavar="URL", help="a calendar's address, or a server's (its calendar NAME is used, made if missing)"),
    arg("--user"),
    arg("--calendar", default="Daymap", metavar="NAME", help="the calendar's name on the server (default: Daymap)"),
)
def calendar_connect(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    password = None
    if args.user:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ValidationError("password", "give the password on standard input")
    found = planner.calendar.connect(args.url, args.user, password, args.calendar)
    print(f"Calendar connected: {found}", file=sys.stderr)
    return 0


@command(
    "calendar sync",
    "one two-way pass between the store and the calendar",
    DAY,
    arg("--json", action="store_true", help='print {"sent", "received", "removed", "conflicts"}'),
)
def calendar_sync(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    report = planner.calendar.sync(args.date)
    for problem in report.feed_errors:
        print(f"daymap calendar: feed {problem} (its last busy time is kept)", file=sys.stderr)
    for problem in report.left_out:
        print(f"daymap calendar: {problem}", file=sys.stderr)
    if args.json:
        out.write(json.dumps(report.to_json()) + "\n")
    else:
        counts = report.to_json()
        print(
            "Calendar synced: " + ", ".join(f"{value} {name}" for name, value in counts.items()) + ".", file=sys.stderr
        )
    return 0


@command(
    "calendar resolve",
    "settle a calendar conflict: keep one side (the next sync writes it to the other)",
    arg("step"),
    arg("--keep", required=True, choices=("daymap", "calendar"), help="the version to keep"),
    DAY,
)
def calendar_resolve(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    planner.steps.resolve_conflict(args.step, args.keep)
    kept = "Daymap" if args.keep == "daymap" else "the calendar"
    print(f"Kept {kept}’s version: the next sync writes it to the other side.", file=sys.stderr)
    return 0


@command("calendar disconnect", "forget the calendar; its events stay where they are")
def calendar_disconnect(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    planner.calendar.disconnect()
    print("Calendar forgotten; its events are where they were.", file=sys.stderr)
    return 0


@command(
    "calendar subscribe",
    "add a read-only iCal feed (Outlook's or Google's secret address): its timed events are busy time",
    arg("url", metavar="URL"),
    DAY,
)
def calendar_subscribe(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    problem = planner.calendar.subscribe(args.url, args.date)
    if problem:
        print(f"daymap calendar: subscribed, but the feed could not be read yet: {problem}", file=sys.stderr)
    else:
        print("Subscribed: its timed events count as busy time.", file=sys.stderr)
    return 0


@command("calendar unsubscribe", "remove a read-only feed", arg("url", metavar="URL"))
def calendar_unsubscribe(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    planner.calendar.unsubscribe(args.url)
    print("Unsubscribed.", file=sys.stderr)
    return 0
