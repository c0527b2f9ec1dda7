"""A command for every verb the application layer declares (``organizer.app.verbs``): its arguments made
from the verb's parameters, its handler one for all — read the files it is given, run the verb on the
planner, save the document it makes or say what it did."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from organizer.app.planner import Planner
from organizer.app.verbs import VERBS, Document, Param, Source, Verb
from organizer.cli.arguments import whole
from organizer.cli.exits import EXIT_OK
from organizer.cli.registry import COMMANDS, Argument, Handler, arg, command
from organizer.cli.streams import read_input, write_output


def argument(param: Param) -> Argument:
    """A verb's parameter as ``argparse`` takes it."""
    options: dict[str, Any] = {"help": param.help} if param.help else {}
    if param.flags:
        options["dest"] = param.name
        if param.kind == "flag":
            options["action"] = "store_true"
        elif param.required:
            options["required"] = True
        if param.default is not None:
            options["default"] = param.default
    if param.kind == "date":
        options["type"] = "date"
    elif param.kind == "whole":
        options["type"] = whole(*param.bounds)
    if param.choices:
        options["choices"] = param.choices
    return arg(*param.flags, **options) if param.flags else arg(param.name, **options)


def handler(declared: Verb) -> Handler:
    def run(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
        values: dict[str, Any] = {param.name: getattr(args, param.name) for param in declared.params}
        for param in declared.params:
            if param.kind == "file_in":
                name = values[param.name]
                values[param.name] = Source("standard input" if name == "-" else name, read_input(name))
        outcome = declared.run(planner, values)
        if isinstance(outcome, Document):
            assert declared.output is not None  # a verb that makes a document names where it goes
            write_output(values[declared.output.name], outcome.data, out)
        else:
            print(outcome.message, file=sys.stderr)
        return EXIT_OK

    return run


def declare_all() -> None:
    """A command for each verb not yet one (the parser asks again as it is built: a verb declared late is found)."""
    for declared in VERBS.values():
        if declared.name not in COMMANDS:
            command(declared.name, declared.help, *map(argument, declared.params))(handler(declared))


declare_all()
