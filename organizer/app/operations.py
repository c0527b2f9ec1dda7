"""The write primitives, inside the caller's transaction: the application layer (``planner``) composes them.

Each works on an open write session and returns the ``Change`` it made; a user action
is one or more of them in one transaction (``Planner``). Fields use the exchange-format
names (``due``, ``contact`` …) and the same validators as the import, so a widget can
never store what a file could not. An update returns the previous values of what it
changed: that is all an undo needs. An optional expected version turns a stale edit
into a ConflictError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy.orm import Session

from organizer.core import domain
from organizer.core.domain import Change as Change  # re-exported: the views' one currency
from organizer.core.errors import ConflictError, NotFoundError, ValidationError
from organizer.core.recurrence import next_occurrence
from organizer.core.validate import integer, show
from organizer.formats.exchange import FIELDS, REQUIRED, new_id
from organizer.store.models import MODELS, Account, Contact, ContactHistory, Day, Goal, Step

PARENT_KEYS = {"contact": ("account",), "goal": ("account",), "step": ("account", "goal"), "touch": ("account",)}
COLUMN_OF = {kind: {key: column for key, (column, _c) in spec.items()} for kind, spec in FIELDS.items()}


def _as_it_is(kind: str, row: Any) -> str:
    """An object as it is in the store now, in a rep's words (what a conflict shows)."""
    if kind == "step":
        parts = [f"“{row.title}”", row.status]
        if row.due is not None:
            parts.append(f"due {row.due:%a %-d %b %Y}" + (f" {row.time}" if row.time else ""))
        if row.minutes:
            parts.append(f"{row.minutes} min")
        return ", ".join(parts)
    if kind == "goal":
        return f"“{row.title}”, {row.status}" + (f", target {row.target:%-d %b %Y}" if row.target else "")
    if kind == "account":
        return f"“{row.name}”, {row.stage}" + (", archived" if row.archived else "")
    return f"“{getattr(row, 'name', row.id)}”"


def _clean(kind: str, values: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Validated column values from exchange-format keys (``where`` names the object for messages)."""
    spec = FIELDS[kind]
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key not in spec:
            raise ValidationError(f"{where}.{key}", "unknown field")
        column, convert = spec[key]
        clean[column] = convert(value, key)
    return clean


def _get(session: Session, kind: str, object_id: str) -> Any:
    row = session.get(MODELS[kind], object_id)
    if row is None:
        raise NotFoundError(f"no {kind} {object_id!r} (it may have been deleted elsewhere)")
    return row


def _check_contact(session: Session, contact_id: str | None) -> None:
    if contact_id is not None and session.get(Contact, contact_id) is None:
        raise ValidationError("contact", f"no contact {show(contact_id)}")


def create(session: Session, kind: str, values: Mapping[str, Any], object_id: str | None = None) -> Change:
    """Add one object. ``values`` holds exchange-format fields plus its parents (``account``, ``goal``)."""
    fields = dict(values)
    parents = {key: fields.pop(key, None) for key in PARENT_KEYS.get(kind, ())}
    clean = _clean(kind, fields, kind)
    if REQUIRED[kind] not in fields:
        raise ValidationError(REQUIRED[kind], f"a new {kind} needs a {REQUIRED[kind]}")
    if kind == "step":
        _check_dated(clean.get("repeat"), clean.get("due"))
    new = object_id or new_id(kind)
    if session.get(MODELS[kind], new) is not None:
        raise ValidationError("id", f"there is already a {kind} {show(new)}")
    row: dict[str, Any] = {"id": new, **clean}
    account_id = parents.get("account")
    if kind != "account":
        if account_id is None or session.get(Account, account_id) is None:
            raise ValidationError("account", f"no account {show(account_id)}")
        row["account_id"] = account_id
    goal_id = parents.get("goal")
    if goal_id is not None:
        goal = session.get(Goal, goal_id)
        if goal is None or goal.account_id != account_id:
            raise ValidationError("goal", f"no goal {show(goal_id)} in this account")
        row["goal_id"] = goal_id
    _check_contact(session, clean.get("contact_id"))
    session.add(MODELS[kind](**row))
    session.flush()
    account = new if kind == "account" else account_id
    return Change(kind, frozenset({new}), frozenset({account}) if account else frozenset(), created=new)


def update(
    session: Session, kind: str, object_id: str, values: Mapping[str, Any], expected_version: int | None = None
) -> Change:
    """Change some fields of one object; ``Change.before`` holds their previous values (for undo)."""
    fields = dict(values)
    new_goal = fields.pop("goal") if kind == "step" and "goal" in fields else ...
    clean = _clean(kind, fields, kind)
    row = _get(session, kind, object_id)
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"this {kind} was changed elsewhere in the meantime, so your edit was not saved (nothing was "
            f"overwritten). It now reads: {_as_it_is(kind, row)}. It has been reloaded: make your change again."
        )
    _check_contact(session, clean.get("contact_id"))
    before: dict[str, Any] = {}
    for key in fields:
        column = COLUMN_OF[kind][key]
        before[key] = getattr(row, column)
        setattr(row, column, clean[column])
    if new_goal is not ...:
        if new_goal is not None:
            goal = session.get(Goal, new_goal)
            if goal is None or goal.account_id != row.account_id:
                raise ValidationError("goal", f"no goal {show(new_goal)} in this account")
        before["goal"] = row.goal_id
        row.goal_id = new_goal
    spawned = None
    if kind == "step":
        _check_dated(row.repeat, row.due)
        if before.get("status", row.status) == "open" and row.status != "open" and row.repeat:
            spawned = _next_occurrence(session, row)
    session.flush()
    account = object_id if kind == "account" else row.account_id
    version = row.version
    return Change(kind, frozenset({object_id}), frozenset({account}), before=before, version=version, spawned=spawned)


CALENDAR_STATE = ("calendar", "calendar_conflict")  # the sync's memory on a step, never the rep's to type


def set_calendar_state(session: Session, step_id: str, values: Mapping[str, Any]) -> Change:
    """The calendar sync's memory of one step's event (``calendar``, ``calendar_conflict``); ``before`` for undo."""
    row = _get(session, "step", step_id)
    before = {}
    for key, value in values.items():
        if key not in CALENDAR_STATE:
            raise ValidationError(key, "not a calendar field")
        before[key] = getattr(row, key)
        setattr(row, key, dict(value) if value is not None else None)
    session.flush()
    return Change("step", frozenset({step_id}), frozenset({row.account_id}), before=before, version=row.version)


def _check_dated(repeat: str | None, due: dt.date | None) -> None:
    if repeat and due is None:
        raise ValidationError("repeat", "a repeating step needs a due date (it repeats from it)")


def _next_occurrence(session: Session, step: Step) -> str | None:
    """A repeating step was done or dropped: its next occurrence, a new open step, in the same transaction."""
    if step.due is None or step.repeat is None:  # _check_dated refused that already
        return None
    due = next_occurrence(step.repeat, step.due)
    if due is None:
        return None  # the rule has ended (COUNT, UNTIL)
    new = new_id("step")
    copied = {name: getattr(step, name) for name in _OCCURRENCE_FIELDS}
    session.add(Step(id=new, **copied, due=due, status="open", done=None, outcome=None))
    return new


_OCCURRENCE_FIELDS = (
    "account_id", "goal_id", "title", "time", "minutes", "contact_id", "promised", "waiting", "repeat"
)  # fmt: skip


def delete(session: Session, kind: str, object_id: str) -> Change:
    """Remove one object and what hangs under it (used by undo of a create)."""
    row = _get(session, kind, object_id)
    account = object_id if kind == "account" else row.account_id
    if kind == "goal":
        session.execute(sql_delete(Step).where(Step.goal_id == object_id))
    session.delete(row)
    return Change(kind, frozenset({object_id}), frozenset({account}), deleted=True)


def set_day(session: Session, day: dt.date, values: Mapping[str, Any]) -> Change:
    """Confirm the plan, set the order or the day's capacity; ``before`` holds the old values."""
    allowed = {"confirmed", "order", "capacity_minutes"}
    for key in values:
        if key not in allowed:
            raise ValidationError(f"day.{key}", "unknown field")
    if "capacity_minutes" in values:
        integer(domain.MIN_MINUTES, domain.MAX_MINUTES)(values["capacity_minutes"], "capacity_minutes")
    if "order" in values and not all(isinstance(s, str) for s in values["order"]):
        raise ValidationError("order", "must be a list of step ids")
    row = session.get(Day, day)
    if row is None:
        row = Day(date=day, confirmed=False, capacity_minutes=None, order=[])
        session.add(row)
    before = {key: getattr(row, key) for key in values}
    for key, value in values.items():
        setattr(row, key, list(value) if key == "order" else value)
    session.flush()
    return Change("day", days=frozenset({day}), before=before)


def record_opening_marks(session: Session, day: dt.date, count: int) -> bool:
    """Keep how many question marks the day's morning opened with (the first look only).

    The history behind the "question marks per day" chart; True when it was written now.
    """
    integer(0, 1_000_000)(count, "opening_marks")
    row = session.get(Day, day)
    if row is None:
        session.add(Day(date=day, confirmed=False, capacity_minutes=None, order=[], opening_marks=count))
        return True
    if row.opening_marks is not None:
        return False
    row.opening_marks = count
    return True


def move_contact(session: Session, contact_id: str, to_account: str, on: dt.date) -> Change:
    """A person changed companies: they belong to ``to_account`` now, and their history says where they were.

    Their steps and touches stay where they happened. ``Change.before`` holds what undo needs.
    """
    contact = _get(session, "contact", contact_id)
    if not to_account or session.get(Account, to_account) is None:
        raise ValidationError("account", "choose the account they moved to, from your accounts")
    if to_account == contact.account_id:
        raise ValidationError("account", "they are already at this account: choose the one they moved to")
    earlier = contact.account_id
    entry = ContactHistory(contact_id=contact_id, account_id=earlier, until=on)
    session.add(entry)
    contact.account_id = to_account
    session.flush()
    version = contact.version
    before = {"account": earlier, "history": entry.pk}
    return Change("contact", frozenset({contact_id}), frozenset({earlier, to_account}), before=before, version=version)


def unmove_contact(session: Session, contact_id: str, back_to: str, history: int) -> Change:
    """Undo a move: back to the earlier account, and that history entry gone."""
    contact = _get(session, "contact", contact_id)
    moved_to = contact.account_id
    session.execute(sql_delete(ContactHistory).where(ContactHistory.pk == history))
    contact.account_id = back_to
    session.flush()
    version = contact.version
    return Change("contact", frozenset({contact_id}), frozenset({back_to, moved_to}), version=version)


def update_settings(session: Session, values: Mapping[str, Any]) -> Change:
    from organizer.formats.exchange import SETTINGS_FIELDS
    from organizer.store.settings import read_settings, update_settings

    clean = {}
    for key, value in values.items():
        if key not in SETTINGS_FIELDS:
            raise ValidationError(f"settings.{key}", "unknown field")
        clean[key] = SETTINGS_FIELDS[key](value, key)
    previous = read_settings(session).exchange()
    update_settings(session, clean)
    return Change("settings", before={key: previous[key] for key in clean})
