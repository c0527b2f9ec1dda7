"""``daymap mail …``: every email with a client is a touch (SPEC.md "Mail: touches from the inbox").

``mail import`` reads .eml files, mbox files and Maildir folders; ``mail connect`` remembers an
IMAP account (its password in the keyring) and ``mail fetch`` reads what is new there. Each
read is one action of the application layer: the touches and the settings it changed, at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from organizer.app.mail import MailReport, log_mail
from organizer.app.planner import Planner
from organizer.cli.registry import arg, command, group

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
    return 0


@command(
    "mail import",
    "log an .eml file, an mbox file or a Maildir folder as touches (only headers are read)",
    arg("paths", nargs="+", metavar="PATH", help="an .eml file, an mbox file or a Maildir folder"),
    arg("--me", nargs="+", default=[], metavar="ADDRESS", help="your own addresses (remembered)"),
    arg("--json", action="store_true", help="print the counts as JSON"),
    needs="planner",
)
def mail_import(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.files import detect_mail, read_mail
    from organizer.core.validate import email_address

    me = [email_address(address, "me") for address in args.me]
    paths = [Path(path).expanduser() for path in args.paths]
    for path in paths:
        detect_mail(path)  # not mail at all: exit 2 before anything is read or written

    def every() -> Iterator[object]:
        for path in paths:
            yield from read_mail(path)

    return _report(log_mail(planner, every(), me, text="Import mail"), args.json, out)  # type: ignore[arg-type]
