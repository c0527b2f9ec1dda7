"""``python -m organizer``: the headless interface (a contract; see SPEC.md).

Exit status: 0 done; 2 bad input (a message naming the problem and where, nothing
written); 1 anything else. Never a traceback, never a Qt import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from organizer import __version__
from organizer.app.files import TARGETS
from organizer.app.stores import Store, open_store, resolve_location
from organizer.cli import resolve as cli_resolve
from organizer.cli import team as cli_team
from organizer.cli.exits import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, BadInputError
from organizer.cli.files import read_input, write_output
from organizer.cli.store_file import FILE_COMMANDS
from organizer.core.errors import ConflictError, DaymapError, NotFoundError, StoreError, ValidationError
from organizer.core.validate import not_text, parse_date

MAX_DEMO_ACCOUNTS = 20_000
# Arguments that name files: any bytes the file system allows (undecodable ones arrive as surrogates).
PATH_ARGUMENTS = frozenset({"file", "output", "db", "data_dir"})


def _date_arg(value: str) -> dt.date:
    try:
        return parse_date(value, "date")
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def _whole(low: int, high: int) -> Callable[[str], int]:
    def convert(value: str) -> int:
        try:
            number = int(value) if len(value) <= 20 else _too_long(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value[:40]!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high} (got {number})")
        return number

    return convert


def _too_long(value: str) -> int:
    raise ValueError(value)


_positive = _whole(1, 1_000_000)


def store_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("store")
    group.add_argument(
        "--db", metavar="URL", default=default, help="any SQLAlchemy database URL (e.g. postgresql://host/daymap)"
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="folder holding daymap.sqlite3 (default: the platform's user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daymap" if _frozen() else "python -m organizer",
        description="Daymap, headless: plan maps, the day's action list and the morning's question marks.",
    )
    parser.add_argument("--version", action="version", version=f"Daymap {__version__}")
    store_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        store_options(sub, suppress=True)
        return sub

    sub = command("import", "merge an exchange-format file into the store (all or nothing)")
    sub.add_argument("file", help="the file, or - for standard input")
    sub = command("export", "write the whole store in the exchange format")
    sub.add_argument("file", help="the file, or - for standard output")
    sub = command("morning", 'the question marks, the day\'s action list and "waiting on"')
    sub.add_argument("--date", type=_date_arg, help="the day (default: today)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = command("brief", "the manager's status brief of one account")
    sub.add_argument("account", help="the account's id or name")
    sub.add_argument("--format", choices=("text", "md", "html"), default="text")
    sub.add_argument("--date", type=_date_arg, help="as of this day (default: today)")
    sub = command("demo", "add a generated, realistic territory")
    sub.add_argument("--accounts", type=_whole(1, MAX_DEMO_ACCOUNTS), required=True)
    sub.add_argument("--seed", type=_whole(-(2**63), 2**63 - 1), default=1)
    sub.add_argument("--date", type=_date_arg, help="the territory is built around this day (default: today)")
    sub = command("report", "the weekly territory report: every account's next step, last touch, question marks")
    sub.add_argument("--format", choices=("text", "md", "html"), default="text")
    sub.add_argument("--date", type=_date_arg, help="the week of this day, up to it (default: today)")
    sub.add_argument("-o", "--output", default="-", help="the file (default: standard output)")
    sub = command("insights", "promises kept, touches per week and the streak")
    sub.add_argument("--date", type=_date_arg)
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = command("ics", "dated steps as an iCalendar file")
    sub.add_argument("--from", dest="start", type=_date_arg, help="first day (default: today)")
    sub.add_argument("--days", type=_whole(1, 3660), default=14, help="how many days (default: 14, at most 3660)")
    sub.add_argument("--account", help="only this account (id or name)")
    sub.add_argument("-o", "--output", required=True, help="the .ics file, or - for standard output")
    sub = command("import-csv", "add companies or people from a CRM's CSV export (HubSpot, Salesforce, Pipedrive …)")
    sub.add_argument("file", help="the .csv file, or - for standard input")
    sub.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"import a column as FIELD ({', '.join(TARGETS)}; - leaves it out); repeatable",
    )
    sub = command("import-vcard", "add people (and their companies) from a vCard file (.vcf, vCard 2.1/3.0/4.0)")
    sub.add_argument("file", help="the .vcf file, or - for standard input")
    sub.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    sub = command("csv", "accounts or the day's action list as a spreadsheet-safe CSV file")
    sub.add_argument("what", choices=("accounts", "today"), help="which list")
    sub.add_argument("--date", type=_date_arg, help="the day (default: today)")
    sub.add_argument("-o", "--output", required=True, help="the .csv file, or - for standard output")
    command("backup", "take a verified backup of the store now")
    command("backups", "list the store's backups, newest first")
    sub = command("restore", "bring back a backup (default: the newest good one); the current store is kept aside")
    sub.add_argument("file", nargs="?", help="the backup file (default: the newest that passes its check)")
    command("check", "check the store from end to end: integrity, references, schema, backups")
    command("set-aside", "move a damaged store aside (renamed, never deleted), so Daymap starts afresh")
    cli_resolve.add_parsers(command, _date_arg)
    cli_team.add_parsers(command, _date_arg)
    return parser


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _today(args: argparse.Namespace) -> dt.date:
    value = getattr(args, "date", None)
    return value if isinstance(value, dt.date) else dt.date.today()


def cmd_import(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import import_document, load_json

    source = "standard input" if args.file == "-" else args.file
    result = import_document(store, load_json(read_input(args.file), source))
    print(f"Imported {source}: {result.summary()}.", file=sys.stderr)
    return EXIT_OK


def cmd_export(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import dumps, export_document

    with store.read() as session:
        doc = export_document(session)
    write_output(args.file, dumps(doc), out)
    return EXIT_OK


def cmd_morning(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.views import morning, read_backlog, session_rows, suggest

    with store.read() as session:
        result = morning(session, _today(args))
        if args.json:
            suggestions = {key: value.to_json() for key, value in suggest(session_rows(session), result).items()}
        else:
            ahead = read_backlog(session_rows(session), result.date)
    if args.json:
        out.write(json.dumps(result.to_json(suggestions), ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    out.write(render_morning(result))
    if ahead.worth_saying:
        out.write(f"\n{ahead.describe(result.date)}\n")
    return EXIT_OK


def render_morning(result: Any) -> str:
    from organizer.core.days import friendly

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


def cmd_brief(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import BRIEF_RENDERERS as RENDERERS
    from organizer.app.files import build_brief
    from organizer.app.views import find_account_id, load_account

    with store.read() as session:
        account = load_account(session, find_account_id(session, args.account))
    out.write(RENDERERS[args.format](build_brief(account, _today(args))))
    return EXIT_OK


def cmd_report(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import REPORT_RENDERERS as RENDERERS
    from organizer.app.files import build_report

    with store.read() as session:
        text = RENDERERS[args.format](build_report(session, _today(args)))
    write_output(args.output, text, out)
    return EXIT_OK


def cmd_demo(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import load_demo

    result = load_demo(store, args.accounts, args.seed, _today(args))
    print(f"Sample territory (seed {args.seed}): {result.summary()}.", file=sys.stderr)
    return EXIT_OK


def cmd_insights(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.views import insights

    with store.read() as session:
        figures = insights(session, _today(args))
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


def cmd_ics(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import build_calendar
    from organizer.app.views import find_account_id

    with store.read() as session:
        account = find_account_id(session, args.account) if args.account else None
        data = build_calendar(session, args.start or dt.date.today(), args.days, account)
    write_output(args.output, data, out)
    return EXIT_OK


def cmd_import_table(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    """import-csv and import-vcard: the preview, then (without --dry-run) the import, all or nothing."""
    from organizer.app.files import crm

    source = "standard input" if args.file == "-" else args.file
    kind = "vcard" if args.command == "import-vcard" else "csv"
    table = crm.read(read_input(args.file), source, kind)
    mapping = None
    if getattr(args, "map", None):
        mapping = crm.parse_mapping(args.map, table.headers, crm.guess_mapping(table.headers))
    with store.read() as session:
        planned = crm.plan(session, table, mapping)
    out.write(planned.describe())
    if args.dry_run:
        out.write("Dry run: nothing was written.\n")
        return EXIT_OK
    crm.apply(store, planned)
    out.write(f"Added {planned.summary()}.\n")
    return EXIT_OK


def cmd_csv(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import accounts_csv, day_csv

    with store.read() as session:
        data = (accounts_csv if args.what == "accounts" else day_csv)(session, _today(args))
    write_output(args.output, data, out)
    return EXIT_OK


RESOLVE_COMMANDS = frozenset({"step", "touch", "confirm", "plan", "calendar"})
COMMANDS: dict[str, Callable[[Store, argparse.Namespace, TextIO], int]] = {
    "import": cmd_import,
    "export": cmd_export,
    "morning": cmd_morning,
    "brief": cmd_brief,
    "demo": cmd_demo,
    "insights": cmd_insights,
    "ics": cmd_ics,
    "csv": cmd_csv,
    "report": cmd_report,
    "import-csv": cmd_import_table,
    "import-vcard": cmd_import_table,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    stdout = out or sys.stdout
    for name, value in vars(args).items():
        problem = not_text(value) if isinstance(value, str) and name not in PATH_ARGUMENTS else None
        if problem is not None:
            print(f"daymap {args.command}: {name.replace('_', '-')}: {problem}", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        if args.command in FILE_COMMANDS:
            return FILE_COMMANDS[args.command](resolve_location(args.db, args.data_dir), args, stdout)
        with open_store(args.db, args.data_dir) as store:
            for warning in store.warnings:
                print(f"daymap: warning: {warning}", file=sys.stderr)
            if args.command == "team":
                return cli_team.run(store, args, stdout)
            if args.command in RESOLVE_COMMANDS:
                return cli_resolve.run(args.command, store, args, stdout)
            return COMMANDS[args.command](store, args, stdout)
    except ValidationError as error:
        print(f"daymap {args.command}: {error}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (BadInputError, NotFoundError) as error:
        print(f"daymap {args.command}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as error:
        print(f"daymap: {error}", file=sys.stderr)
        if error.problem in ("damaged", "foreign") and args.command not in FILE_COMMANDS:
            print(_way_out(args), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ConflictError as error:
        print(f"daymap {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("daymap: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # the contract: never a traceback, exit 1 with a plain message
        print(f"daymap {args.command}: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED


def _way_out(args: argparse.Namespace) -> str:
    """What a rep can do about a store that cannot be opened: said plainly, with the backup's date."""
    from organizer.app.stores import backup

    try:
        newest = backup.newest_good(resolve_location(args.db, args.data_dir))
    except DaymapError:
        newest = None
    restore = (
        f"`daymap restore` brings back the newest good backup ({newest.taken:%a %d %b %Y %H:%M}), "
        if newest is not None
        else "there is no backup to restore; "
    )
    return (
        f"The file was not changed. {restore}`daymap set-aside` moves the file aside so Daymap starts afresh, "
        "and `daymap check` shows what is wrong."
    )
