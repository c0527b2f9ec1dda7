"""The commands that work on the store's file itself — backup, backups, restore, check, set-aside —
without opening it as a store: they must work on a damaged one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from organizer.app.stores import Location
from organizer.cli.exits import EXIT_BAD_INPUT, EXIT_OK, BadInputError
from organizer.cli.registry import arg, command


@command("backup", "take a verified backup of the store now", needs="location")
def cmd_backup(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.stores import backup

    info = backup.take(location, "manual")
    if info is None:
        raise BadInputError(f"there is no store at {location.describe()} to back up yet")
    out.write(f"Backed up and verified: {info.path}\n")
    return EXIT_OK


@command("backups", "list the store's backups, newest first", needs="location")
def cmd_backups(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.stores import backup

    backup.store_file(location)
    found = backup.list_backups(location)
    if not found:
        out.write(f"No backups yet in {location.backup_folder}\n")
        return EXIT_OK
    out.write(f"Backups in {location.backup_folder} (newest first):\n")
    out.writelines(f"  {info.describe()}\n" for info in found)
    return EXIT_OK


@command(
    "restore",
    "bring back a backup (default: the newest good one); the current store is kept aside",
    arg("file", nargs="?", help="the backup file (default: the newest that passes its check)"),
    needs="location",
)
def cmd_restore(location: Location, args: argparse.Namespace, out: TextIO) -> int:

    source = Path(args.file).expanduser().absolute() if args.file else None
    if source is not None and not source.is_file():
        raise BadInputError(f"{args.file}: no such file")
    from organizer.app.stores import restore_backup

    result = restore_backup(location, source)
    out.write(f"Restored {result.source}\n")
    if result.kept_aside is not None:
        out.write(f"The store as it was is kept at {result.kept_aside}\n")
    return EXIT_OK


@command("check", "check the store from end to end: integrity, references, schema, backups", needs="location")
def cmd_check(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.stores import backup

    report = backup.check(location)
    out.write("\n".join(report.lines) + "\n")
    return EXIT_OK if report.ok else EXIT_BAD_INPUT


@command("set-aside", "move a damaged store aside (renamed, never deleted), so Daymap starts afresh", needs="location")
def cmd_set_aside(location: Location, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.stores import set_aside

    aside = set_aside(location)
    if aside is None:
        raise BadInputError(f"there is no store at {location.describe()} to move aside")
    out.write(f"Moved aside to {aside}; Daymap starts with an empty store (or run `daymap restore`).\n")
    return EXIT_OK
