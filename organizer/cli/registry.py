"""Every CLI command declared once: its name, its help, its arguments and its handler, side by side.

A module of ``organizer/cli`` declares a command with :func:`command` over its handler; the
parser (``main.build_parser``) and the dispatch (``main.main``) both read :data:`COMMANDS`.
A name with a space ("step done") is an action of a group ("step"), declared with :func:`group`.
What a handler is given follows ``needs``: the opened store, a planner on it (its day from
``--date``), or only the store's location (the commands that must work on a damaged file).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TextIO

Needs = Literal["store", "planner", "location"]
Handler = Callable[[Any, argparse.Namespace, TextIO], int]


@dataclass(frozen=True, slots=True)
class Argument:
    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Argument:
    """One argument, as ``ArgumentParser.add_argument`` takes it."""
    return Argument(flags, options)


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    arguments: tuple[Argument, ...]
    run: Handler
    needs: Needs


COMMANDS: dict[str, Command] = {}
GROUPS: dict[str, str] = {}  # "step" → its help


def command(name: str, help_text: str, *arguments: Argument, needs: Needs = "planner") -> Callable[[Handler], Handler]:
    """Declare a command over its handler; it acts through a planner, the window's very door, unless it
    administers the store itself (``needs="store"``: a team server's schema and roles) or its file
    (``needs="location"``: backups, check, restore, set-aside, which must work on a damaged store)."""

    def register(handler: Handler) -> Handler:
        if name in COMMANDS:
            raise ValueError(f"the command {name!r} is declared twice")
        COMMANDS[name] = Command(name, help_text, arguments, handler, needs)
        return handler

    return register


def group(name: str, help_text: str) -> None:
    """A command with actions ("step add", "step done" …)."""
    GROUPS[name] = help_text


def action_dest(group_name: str) -> str:
    return f"{group_name.replace('-', '_')}_action"


def find(args: argparse.Namespace) -> Command:
    """The command the parsed ``args`` name."""
    action = getattr(args, action_dest(args.command), None)
    return COMMANDS[f"{args.command} {action}" if action else args.command]


def load() -> None:
    """Import every module of ``organizer.cli``: each declares its commands where it defines them, so a new
    module is found without a list of them anywhere."""
    import organizer.cli as package
    from organizer.core.declaring import import_declaring_modules

    # main, the parser and the dispatch: it reads the registry, it declares nothing
    import_declaring_modules(package.__name__, package.__path__, skip={"main"})


def add_all(
    commands: Any, make: Callable[[Any, str, str], argparse.ArgumentParser], date_arg: Callable[[str], Any]
) -> None:
    """Every declared command on ``commands`` (a subparsers object); ``make`` adds one parser with the store options."""
    load()
    actions: dict[str, Any] = {}
    for declared in COMMANDS.values():
        head, _, action = declared.name.partition(" ")
        if action:
            if head not in actions:
                parent = make(commands, head, GROUPS[head])
                actions[head] = parent.add_subparsers(dest=action_dest(head), metavar="ACTION", required=True)
            parser = actions[head].add_parser(action, help=declared.help, description=declared.help)
        else:
            parser = make(commands, head, declared.help)
        for argument in declared.arguments:
            options = dict(argument.options)
            if options.get("type") == "date":
                options["type"] = date_arg
            parser.add_argument(*argument.flags, **options)
