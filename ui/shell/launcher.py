"""The ``daymap`` entry point: a headless command goes to the CLI, anything else opens the app.

Qt is imported only when the window is wanted, so ``daymap morning`` on a server (or in
the packaged app) starts as fast as ``python -m organizer`` and needs no display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from organizer import COMMAND_NAMES


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args):
        from organizer.cli.main import main as cli_main

        return cli_main(args)
    from ui.shell.app import run

    return run(args)


def _wants_cli(args: list[str]) -> bool:
    """True when the first word that is not a store option names a CLI command."""
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("--db", "--data-dir"):
            skip = True
            continue
        if arg.startswith("-"):
            if arg in ("--version",):
                return True
            continue
        return arg in COMMAND_NAMES
    return False
