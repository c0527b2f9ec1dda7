"""The ``daymap`` entry point: a headless command goes to the CLI, anything else opens the app.

Qt is imported only when the window is wanted, so ``daymap morning`` on a server (or in
the packaged app) starts as fast as ``python -m organizer`` and needs no display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args):
        from organizer.cli.main import main as cli_main

        return cli_main(args)
    from ui.shell.app import run

    return run(args)


def _wants_cli(args: list[str]) -> bool:
    """True when a word is left once the window's own options are read: the window takes none, so it names
    a CLI command (a mistyped one is the CLI's to refuse, with the commands it knows). The window's options
    come from its parser, declared once (``ui.shell.app.build_parser``: argparse alone, no Qt)."""
    from ui.shell.app import build_parser

    if "--version" in args:
        return True
    takes_value = {
        option for action in build_parser()._actions if action.nargs != 0 for option in action.option_strings
    }
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = arg in takes_value
        else:
            return True
    return False
