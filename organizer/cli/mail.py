"""``daymap mail …``: every email with a client is a touch (SPEC.md "Mail: touches from the inbox").

``mail import`` reads .eml files, mbox files and Maildir folders; ``mail connect`` remembers an
IMAP account (its password in the keyring) and ``mail fetch`` reads what is new there. Each
read is one action of the application layer: the touches and the settings it changed, at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from organizer.app.mail import MailReport
from organizer.app.planner import Planner
from organizer.cli.registry import arg, command, group
from organizer.core.errors import ValidationError

group("mail", "touches from the inbox: .eml, mbox, Maildir, IMAP")


def _report(report: MailReport, as_json: bool, out: TextIO) -> int:
    for problem in report.problems[:50]:
        print(f"daymap mail: {problem.where}: {problem.why}", file=sys.stderr)
    if len(report.problems) > 50:
        print(f"daymap mail: … and {len(report.problems) - 50} more unreadable messages", file=sys.stderr)
    if as_json:
        out.write(json.dumps(report.to_json()) + "\n")
    else:
        print(f"Mail: {report.summary()}.", file=sys.stderr)
    if report.hint:
        print(f"daymap mail: {report.hint}: give it with --me", file=sys.stderr)
    return 0


@command(
    "mail import",
    "log an .eml file, an mbox file or a Maildir folder as touches (only headers are read)",
    arg("paths", nargs="*", metavar="PATH", help="an .eml file, an mbox file or a Maildir folder"),
    arg("--me", nargs="+", default=[], metavar="ADDRESS", help="your own addresses (remembered)"),
    arg("--json", action="store_true", help="print the counts as JSON"),
)
def mail_import(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.core.validate import email_address

    given = [*args.paths, *(value for value in args.me if Path(value).expanduser().exists())]  # "--me A PATH"
    me = [email_address(address, "me") for address in args.me if not Path(address).expanduser().exists()]
    paths = [Path(path).expanduser() for path in given]
    if not paths:
        raise ValidationError("PATH", "name an .eml file, an mbox file or a Maildir folder")
    return _report(planner.mail.import_paths(paths, me), args.json, out)


@command(
    "mail connect",
    "remember an IMAP account and its folders (the password is read from standard input, kept in the keyring)",
    arg("address", metavar="HOST[:PORT]"),
    arg("--user", required=True),
    arg("--folder", action="append", default=[], metavar="F", help="a folder to read (repeatable; default INBOX)"),
    arg("--plain", action="store_true", help="no TLS: only to this machine"),
)
def mail_connect(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.imap import account_from

    account = account_from(args.address, args.user, args.folder, args.plain)  # refused before the password is read
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ValidationError("password", "give the password on standard input")
    where = planner.mail.connect(account, password)
    folders = ", ".join(account.folders)
    print(f"Mail account {account.user} on {account.host} remembered ({folders}); its password is in {where}.",
          file=sys.stderr)  # fmt: skip
    return 0


@command(
    "mail fetch",
    "read the remembered IMAP folders: the messages not read before become touches",
    arg("--json", action="store_true", help="print the counts as JSON"),
)
def mail_fetch(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    return _report(planner.mail.fetch(), args.json, out)
