"""``python -m organizer``: the headless interface (a contract; see SPEC.md).

Exit status: 0 done; 2 bad input (a message naming the problem and where, nothing
written); 1 anything else. Never a traceback, never a Qt import. Every command is declared
once, beside its handler, in one registry (``organizer.cli.registry``); this module builds
the parser from it and runs the command the arguments name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from organizer import __version__
from organizer.app.planner import Planner
from organizer.app.stores import open_store, resolve_location
from organizer.cli import registry, verbs
from organizer.cli.arguments import date_arg
from organizer.cli.exits import EXIT_BAD_INPUT, EXIT_FAILED, BadInputError
from organizer.core.errors import ConflictError, DaymapError, NotFoundError, StoreError, ValidationError
from organizer.core.validate import not_text

# Arguments that name files: any bytes the file system allows (undecodable ones arrive as surrogates).
PATH_ARGUMENTS = frozenset({"file", "output", "db", "data_dir"})


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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def make(commands: Any, name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
        store_options(sub, suppress=True)
        return sub

    verbs.declare_all()
    registry.add_all(subparsers, make, date_arg)
    return parser


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["help"]:  # `daymap --help` is the window's; `daymap help [COMMAND]` is the commands' own
        parser.parse_args([*words[1:], "--help"])  # prints the help and exits 0, as --help does
    args = parser.parse_args(words)
    stdout = out or sys.stdout
    declared = registry.find(args)
    for name, value in vars(args).items():
        problem = not_text(value) if isinstance(value, str) and name not in PATH_ARGUMENTS else None
        if problem is not None:
            print(f"daymap {args.command}: {name.replace('_', '-')}: {problem}", file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        if declared.needs == "location":  # the store's file itself: these must work on a damaged one
            return declared.run(resolve_location(args.db, args.data_dir), args, stdout)
        with open_store(args.db, args.data_dir) as store:
            for warning in store.warnings:
                print(f"daymap: warning: {warning}", file=sys.stderr)
            if declared.needs == "planner":  # the application layer's actions, the window's very same
                return declared.run(Planner(store, today=getattr(args, "date", None)), args, stdout)
            return declared.run(store, args, stdout)
    except ValidationError as error:
        print(f"daymap {args.command}: {error}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (BadInputError, NotFoundError) as error:
        print(f"daymap {args.command}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as error:
        print(f"daymap: {error}", file=sys.stderr)
        if error.problem == "busy":  # SPEC.md: waited, then exit 1 saying it is busy, never damaged
            return EXIT_FAILED
        if error.problem in ("damaged", "foreign") and declared.needs != "location":
            print(_way_out(args), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ConflictError as error:
        print(f"daymap {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    except DaymapError as error:  # a server that cannot be reached or dropped the line: said plainly, try again
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
