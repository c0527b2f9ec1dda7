"""The commands over the opened store: import, export, morning, brief, report, demo, insights, ics, CSV.

Each is declared once, its arguments beside its handler (``organizer.cli.registry``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from organizer.app.files import TARGETS, file_kinds
from organizer.app.planner import Planner
from organizer.cli.arguments import whole
from organizer.cli.exits import EXIT_OK, BadInputError
from organizer.cli.registry import arg, command
from organizer.cli.streams import read_input, write_output

MAX_DEMO_ACCOUNTS = 20_000


@command(
    "import",
    "merge an exchange-format file into the store (all or nothing)",
    arg("file", help="the file, or - for standard input"),
)
def cmd_import(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    source = "standard input" if args.file == "-" else args.file
    result = planner.documents.import_json(read_input(args.file), source)
    print(f"Imported {source}: {result.summary()}.", file=sys.stderr)
    return EXIT_OK


@command(
    "export",
    "write the whole store in the exchange format",
    arg("file", help="the file, or - for standard output"),
)
def cmd_export(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    write_output(args.file, planner.documents.export_text(), out)
    return EXIT_OK


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
    "brief",
    "the manager's status brief of one account",
    arg("account", help="the account's id or name"),
    arg("--format", choices=("text", "md", "html"), default="text"),
    arg("--date", type="date", help="as of this day (default: today)"),
)
def cmd_brief(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    account = planner.account(planner.find_account(args.account))
    out.write(planner.documents.brief(account, args.format))
    return EXIT_OK


@command(
    "report",
    "the weekly territory report: every account's next step, last touch, question marks",
    arg("--format", choices=("text", "md", "html"), default="text"),
    arg("--date", type="date", help="the week of this day, up to it (default: today)"),
    arg("-o", "--output", default="-", help="the file (default: standard output)"),
)
def cmd_report(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    write_output(args.output, planner.documents.weekly_report(args.format), out)
    return EXIT_OK


@command(
    "demo",
    "add a generated, realistic territory",
    arg("--accounts", type=whole(1, MAX_DEMO_ACCOUNTS), required=True),
    arg("--seed", type=whole(-(2**63), 2**63 - 1), default=1),
    arg("--date", type="date", help="the territory is built around this day (default: today)"),
)
def cmd_demo(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    result = planner.documents.load_sample(args.accounts, args.seed)
    print(f"Sample territory (seed {args.seed}): {result.summary()}.", file=sys.stderr)
    return EXIT_OK


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


@command(
    "ics",
    "dated steps as an iCalendar file",
    arg("--from", dest="start", type="date", help="first day (default: today)"),
    arg("--days", type=whole(1, 3660), default=14, help="how many days (default: 14, at most 3660)"),
    arg("--account", help="only this account (id or name)"),
    arg("-o", "--output", required=True, help="the .ics file, or - for standard output"),
)
def cmd_ics(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    account = planner.find_account(args.account) if args.account else None
    write_output(args.output, planner.documents.steps_ics(args.start or planner.today, args.days, account), out)
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


@command(
    "csv",
    "accounts or the day's action list as a spreadsheet-safe CSV file",
    arg("what", choices=("accounts", "today"), help="which list"),
    arg("--date", type="date", help="the day (default: today)"),
    arg("-o", "--output", required=True, help="the .csv file, or - for standard output"),
)
def cmd_csv(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    documents = planner.documents
    write_output(args.output, documents.accounts_csv() if args.what == "accounts" else documents.day_csv(), out)
    return EXIT_OK
