"""Resolving the morning from the terminal (SPEC.md): ``step …``, ``touch``, ``confirm``, ``plan``.

Each command is one action of the application layer (``Planner``), the same the window
runs: one transaction, bad input exit 2 with nothing written. Dates are ISO or quick-add
words (``today``, ``tomorrow``, ``fri``, ``+3d`` …), read relative to ``--date`` where given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from organizer.app.planner import Planner
from organizer.cli.registry import Argument, Handler, arg, command, group
from organizer.core.errors import ValidationError
from organizer.core.vocabulary import Channel, words

DAY = arg("--date", type="date", help="read dates relative to this day (default: today)")

group("step", "add, complete, drop or reschedule a step")


def register(name: str, help_text: str, *arguments: Argument) -> Callable[[Handler], Handler]:
    """A resolving command: it runs on a planner, as the window's actions do."""
    return command(name, help_text, *arguments)


def _day(planner: Planner, text: str | None, path: str) -> dt.date | None:
    from organizer.app.views import date_words

    return None if text is None else date_words(text, planner.today, path)


def _whole(text: str | None, path: str) -> int | None:
    if text is None:
        return None
    if len(text) > 12 or not text.strip().lstrip("+-").isdigit():
        raise ValidationError(path, f"not a whole number: {text[:40]!r}")
    return int(text)


def _named(items: Sequence[Any], key: str | None, name: Callable[[Any], str], path: str, said: str) -> str | None:
    """One of an account's people or goals by id, else by its unique (case-insensitive) name."""
    if key is None:
        return None
    for found in ([i.id for i in items if i.id == key], [i.id for i in items if name(i).casefold() == key.casefold()]):
        if len(found) == 1:
            return str(found[0])
    raise ValidationError(path, f"{said} {key!r} in this account (give its id or full name)")


def _person(planner: Planner, account: str, key: str | None) -> str | None:
    return _named(planner.account(account).contacts, key, lambda c: c.name, "contact", "no person")


@register(
    "step add",
    "add a step; prints its new id",
    arg("account", help="the account's id or name"),
    arg("title"),
    arg("--goal", help="the goal's id or title"),
    arg("--due", help="YYYY-MM-DD or today, tomorrow, fri, +3d …"),
    arg("--time", help="HH:MM"),
    arg("--minutes", help="the estimate in minutes"),
    arg("--contact", help="the person's id or name"),
    arg("--promised", action="store_true", help="I promised this to someone"),
    arg("--waiting", action="store_true", help="someone owes this to me"),
    arg("--repeat", help="a recurrence rule, e.g. FREQ=MONTHLY;BYMONTHDAY=1"),
    DAY,
)
def step_add(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    account = planner.find_account(args.account)
    plan_map = planner.account(account)
    values: dict[str, Any] = {
        "title": args.title,
        "goal": _named(plan_map.goals, args.goal, lambda g: g.title, "goal", "no goal"),
        "due": _day(planner, args.due, "due"),
        "time": args.time,
        "minutes": _whole(args.minutes, "minutes"),
        "contact": _named(plan_map.contacts, args.contact, lambda c: c.name, "contact", "no person"),
        "promised": args.promised,
        "waiting": args.waiting,
        "repeat": args.repeat,
    }
    change = planner.steps.add(account, {key: value for key, value in values.items() if value is not None})
    out.write(f"{change.created}\n")
    return 0


@register(
    "step done",
    "complete a step",
    arg("step"),
    arg("--on", help="the day it was done (default: today)"),
    arg("--outcome"),
    arg("--next", metavar="TITLE", help="the account's next step, added in the same action"),
    arg("--next-due", metavar="DATE", help="its date (default: the first day with room from tomorrow)"),
    DAY,
)
def step_done(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    """Done; ``--next`` plans the account's next step in the same action, as the window asks for it."""
    on = _day(planner, args.on, "on")
    if args.next_due is not None and args.next is None:
        raise ValidationError("next-due", "give the next step's title with --next")
    next_step = None
    if args.next is not None:
        step = planner.step(args.step)
        due = _day(planner, args.next_due, "next-due") or planner.days.next_step_date()
        next_step = {"account": step.account, "goal": step.goal, "title": args.next, "due": due}
    last = next_step is None and planner.leaves_no_next_step(args.step)
    change = planner.steps.complete(args.step, args.outcome, on, next_step)
    said = f"Done: {args.step}" + (f"; next occurrence {change.spawned}" if change.spawned else "")
    if next_step is not None:
        said += f"; next step {change.created} on {next_step['due']}"
    _said(said)
    if last:
        account = planner.step(args.step).account
        _said(
            f"{account} has no next step now: that was its last one, and tomorrow's morning will ask. "
            f"Plan one with `step add {account} TITLE --due DATE`, "
            "or next time `step done … --next TITLE --next-due DATE`."
        )
    return 0


@register("step drop", "drop a step", arg("step"), arg("--reason"), DAY)
def step_drop(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    change = planner.steps.drop(args.step, args.reason)
    _said(f"Dropped: {args.step}" + (f"; next occurrence {change.spawned}" if change.spawned else ""))
    return 0


@register("step reschedule", "move a step's due date", arg("step"), arg("due", metavar="DATE"), DAY)
def step_reschedule(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    due = _day(planner, args.due, "date")
    planner.steps.reschedule(args.step, due or planner.today)
    _said(f"Rescheduled {args.step} to {due}")
    return 0


@register(
    "step renegotiate",
    "a promise's new date agreed with the person: a touch and the new date, as one",
    arg("step"),
    arg("due", metavar="DATE"),
    arg("--channel", help="how you agreed it (default: call)"),
    arg("--note"),
    DAY,
)
def step_renegotiate(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    due = _day(planner, args.due, "date")
    if due is None:
        raise ValidationError("date", "say the new date agreed")
    planner.steps.renegotiate(args.step, due, planner.today, args.channel, args.note)
    _said(f"Renegotiated {args.step} to {due}; the call is logged")
    return 0


@register(
    "touch",
    "log a touch with an account",
    arg("account", help="the account's id or name"),
    arg("--on", help="the day (default: today)"),
    arg("--channel", help=f"{', '.join(words(Channel))} (default: other)"),
    arg("--contact", help="the person's id or name"),
    arg("--note"),
    DAY,
)
def touch(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    account = planner.find_account(args.account)
    contact = _person(planner, account, args.contact)
    planner.accounts.log_touch(account, _day(planner, args.on, "on"), args.channel, contact, args.note)
    _said(f"Touch logged with {account}")
    return 0


@register(
    "confirm",
    "confirm the day's plan (refused while it has question marks)",
    arg("--date", type="date", help="the day (default: today)"),
)
def confirm(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    planner.days.confirm()
    _said(f"The plan of {planner.today} is confirmed.")
    return 0


@register(
    "plan",
    "each question mark's suggestion; --accept applies those that need no words from you",
    arg("--date", type="date", help="the day (default: today)"),
    arg("--accept", action="store_true", help="apply every reschedule, chase and move, as one action"),
    arg("--json", action="store_true", help="print JSON"),
)
def plan(planner: Planner, args: argparse.Namespace, out: TextIO) -> int:
    from organizer.app.views import mark_key

    applied = planner.days.accept_suggestions() if args.accept else []
    morning = planner.morning()
    suggestions = planner.suggestions()
    if args.json:
        document = morning.to_json({key: s.to_json() for key, s in suggestions.items()})
        if args.accept:
            document["applied"] = [s.to_json() for s in applied]
        out.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        return 0
    if args.accept:
        out.write(f"Applied {len(applied)} suggestion{'s' if len(applied) != 1 else ''}.\n")
    if morning.ready:
        out.write("No question marks — ready.\n")
    for mark in morning.question_marks:
        suggestion = suggestions.get(mark_key(mark))
        out.write(f"? {mark.message}\n    → {suggestion.type.describe(suggestion) if suggestion else 'decide'}\n")
    return 0


def _said(text: str) -> None:
    print(text, file=sys.stderr)
