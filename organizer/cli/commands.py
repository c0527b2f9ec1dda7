"""The commands only the terminal has (the window shows these as pages): the morning, insights, and the
contacts imports (the window's goes through its preview dialog).

Each is declared once, its arguments beside its handler (``organizer.cli.registry``); the commands the window
offers too are verbs (``organizer.app.verbs``, made commands by ``organizer.cli.verbs``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from organizer.app.files import TARGETS, file_kinds
from organizer.app.planner import Planner
from organizer.cli.exits import EXIT_OK, BadInputError
from organizer.cli.registry import arg, command
from organizer.cli.streams import read_input


@command(
    "morning",
    'the question marks, the day\'s action list and "waiting on"',
    arg("--date", type="date", help="the day (default: today)"),
    arg("--json", action="store_true", help="print JSON"),
)
def cmd_morning(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    result = planner.morning()
    if args.json:
        suggestions = {key: value.to_json() for key, value in planner.suggestions().items()}
        out.write(json.dumps(result.to_json(suggestions), ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    out.write(render_morning(result))
    ahead = planner.backlog()
    if ahead is not None and ahead.worth_saying:
        out.write(f"\n{ahead.describe(result.date)}\n")
    return EXIT_OK


def render_morning(result: Any) -> str:
    from organizer.core.dates import friendly

    lines = [
        f"Morning of {friendly(result.date)} {result.date.year}" + (" — plan confirmed" if result.confirmed else "")
    ]
    if result.ready:
        lines.append("No question marks — ready.")
    else:
        count = len(result.question_marks)
        lines.append(f"{count} question mark{'s' if count != 1 else ''}:")
        lines.extend(f"  ? {mark.message}" for mark in result.question_marks)
    lines.append("")
    lines.append(f"Today ({result.planned_minutes} of {result.capacity_minutes} minutes planned):")
    for item in result.today:
        when = item.time or "     "
        minutes = f"{item.minutes:>4} min" if item.minutes else "        "
        flag = " (promised)" if item.promised else ""
        lines.append(f"  {when}  {minutes}  {item.title} — {item.account_name}{flag}")
    if not result.today:
        lines.append("  nothing due today")
    if result.waiting:
        lines.append("Waiting on:")
        lines.extend(f"  {item.title} — {item.contact_name or item.account_name}" for item in result.waiting)
    return "\n".join(lines) + "\n"


@command(
    "insights",
    "promises kept, touches per week and the streak",
    arg("--date", type="date"),
    arg("--json", action="store_true", help="print JSON"),
)
def cmd_insights(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    figures = planner.documents.figures()
    if args.json:
        out.write(json.dumps(figures.to_json(), indent=1) + "\n")
        return EXIT_OK
    rate = "—" if figures.promise_rate is None else f"{figures.promise_rate:.0%}"
    out.write(
        f"Insights for {figures.date}\n"
        f"  Promises kept on time (90 days): {figures.promises_kept} of {figures.promises_due} ({rate})\n"
        f"  Confirmed mornings in a row: {figures.streak}\n  Touches per week (clients / new business):\n"
    )
    for week in figures.touches_per_week:
        out.write(f"    {week.week}: {week.clients:>3} / {week.new_business:>3}\n")
    return EXIT_OK


def cmd_import_table(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    """import-csv, import-vcard …: the preview, then (without --dry-run) the import, all or nothing."""
    from organizer.app.files import crm

    source = "standard input" if args.file == "-" else args.file
    kind = next(kind.key for kind in file_kinds.CONTACT_KINDS if kind.command == args.command)
    table = planner.documents.read_table(read_input(args.file), source, kind)
    mapping = None
    if getattr(args, "map", None):
        mapping = crm.parse_mapping(args.map, table.headers, crm.guess_mapping(table.headers))
    planned = planner.documents.plan_import(table, mapping)
    if planned.unusable:
        why = "; ".join(f"{planned.unit} {row}: {reason}" for row, reason in planned.skipped[:5])
        more = f" (and {len(planned.skipped) - 5} more)" if len(planned.skipped) > 5 else ""
        raise BadInputError(f"{source}: nothing was imported, no {planned.unit} could be used: {why}{more}")
    out.write(planned.describe())
    if args.dry_run:
        out.write("Dry run: nothing was written.\n")
        return EXIT_OK
    planner.documents.import_table(planned)
    out.write(f"Added {planned.summary()}.\n")
    return EXIT_OK


def _declare_contact_imports() -> None:
    """One command per kind of contacts file the formats' registry declares: ``import-csv``, ``import-vcard`` …"""
    for kind in file_kinds.CONTACT_KINDS:
        arguments = [
            arg("file", help=f"the {kind.suffixes[0]} file, or - for standard input"),
            arg("--dry-run", action="store_true", help="show what would be added; write nothing"),
        ]
        if kind.columns:
            arguments.append(arg(
                "--map", action="append", default=[], metavar="COLUMN=FIELD",
                help=f"import a column as FIELD ({', '.join(TARGETS)}; - leaves it out); repeatable",
            ))  # fmt: skip
        command(kind.command, kind.command_help, *arguments)(cmd_import_table)


_declare_contact_imports()
