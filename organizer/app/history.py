"""Undo and redo in plain Python: the application layer's history (Anki keeps its undo in the core too).

A user action is a list of *edits*, each a pair of session-level writes (do / undo)
that remember what they need: the values an update replaced, the version it left (so
an undo never overwrites what another program changed since: a ConflictError), the id
a create made. An action, its undo and its redo each run in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from organizer.core.domain import Change
from organizer.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

UNDO_LIMIT = 200

# The write primitives (SQLAlchemy) are imported when an edit runs, not above: the window is drawn
# from the kept morning before SQLAlchemy is imported.


class Edit(Protocol):
    def do(self, session: Session) -> Change: ...

    def undo(self, session: Session) -> Change: ...


@dataclass
class Within:
    """An edit whose bad input is reported under ``path``: one form, several objects' fields."""

    edit: Edit
    path: str

    def do(self, session: Session) -> Change:
        try:
            return self.edit.do(session)
        except ValidationError as error:
            raise ValidationError(f"{self.path}.{error.path}", error.message) from error

    def undo(self, session: Session) -> Change:
        return self.edit.undo(session)


@dataclass
class Create:
    kind: str
    values: Mapping[str, Any]
    object_id: str

    def do(self, session: Session) -> Change:
        from organizer.app import operations

        return operations.create(session, self.kind, self.values, self.object_id)

    def undo(self, session: Session) -> Change:
        from organizer.app import operations

        return operations.delete(session, self.kind, self.object_id)


Versions = dict[tuple[str, str], int]  # (kind, id) → the version this front end's last write left


@dataclass
class Update:
    """Some fields of one object; undo restores exactly those.

    The first run expects the version the user saw (a stale edit is a conflict); undo and
    redo expect the object as this front end last wrote it (``versions``, shared by all
    edits of one history), so they never overwrite what another program changed since.
    """

    kind: str
    object_id: str
    values: Mapping[str, Any]
    expected: int | None = None
    versions: Versions = field(default_factory=dict)
    before: dict[str, Any] | None = None
    spawned: str | None = None  # a repeating step's next occurrence, made by closing it

    def _write(self, session: Session, values: Mapping[str, Any], expected: int | None) -> Change:
        from organizer.app import operations

        key = (self.kind, self.object_id)
        change = operations.update(session, self.kind, self.object_id, values, expected)
        if change.version is not None:
            self.versions[key] = change.version
        return change

    def do(self, session: Session) -> Change:
        first = self.before is None
        expected = self.expected if first else self.versions.get((self.kind, self.object_id))
        change = self._write(session, self.values, expected)
        if first:
            self.before = dict(change.before)
        self.spawned = change.spawned
        return change

    def undo(self, session: Session) -> Change:
        from organizer.app import operations

        if self.spawned is not None:
            operations.delete(session, "step", self.spawned)
        return self._write(session, self.before or {}, self.versions.get((self.kind, self.object_id)))


@dataclass
class CalendarState:
    """The calendar sync's memory of a step's event; shares ``versions`` with the step's other edits, so an
    undo of them still finds the step as this front end left it."""

    step: str
    values: Mapping[str, Any]
    versions: Versions = field(default_factory=dict)
    before: dict[str, Any] | None = None

    def _write(self, session: Session, values: Mapping[str, Any]) -> Change:
        from organizer.app import operations

        change = operations.set_calendar_state(session, self.step, values)
        if change.version is not None:
            self.versions[("step", self.step)] = change.version
        return change

    def do(self, session: Session) -> Change:
        change = self._write(session, self.values)
        if self.before is None:
            self.before = dict(change.before)
        return change

    def undo(self, session: Session) -> Change:
        return self._write(session, self.before or {})


@dataclass
class SetStored:
    """One stored settings document (``mail`` or ``calendar``) replaced; undo puts the earlier one back."""

    name: str
    value: Mapping[str, Any]
    before: dict[str, Any] | None = None

    def do(self, session: Session) -> Change:
        from organizer.store.settings import write_stored

        previous = write_stored(session, self.name, dict(self.value))
        if self.before is None:
            self.before = previous
        return Change("settings")

    def undo(self, session: Session) -> Change:
        from organizer.store.settings import write_stored

        write_stored(session, self.name, self.before or {})
        return Change("settings")


@dataclass
class SetDay:
    day: dt.date
    values: Mapping[str, Any]
    before: dict[str, Any] | None = None

    def do(self, session: Session) -> Change:
        from organizer.app import operations

        change = operations.set_day(session, self.day, self.values)
        if self.before is None:
            self.before = dict(change.before)
        return change

    def undo(self, session: Session) -> Change:
        from organizer.app import operations

        return operations.set_day(session, self.day, self.before or {})


@dataclass
class SetSettings:
    """The store's settings (capacity, renewal window, days off); undo puts the earlier values back."""

    values: Mapping[str, Any]
    before: dict[str, Any] | None = None

    def do(self, session: Session) -> Change:
        from organizer.app import operations

        change = operations.update_settings(session, self.values)
        if self.before is None:
            self.before = dict(change.before)
        return change

    def undo(self, session: Session) -> Change:
        from organizer.app import operations

        return operations.update_settings(session, self.before or {})


@dataclass
class MoveContact:
    contact: str
    to_account: str
    on: dt.date
    moved: dict[str, Any] = field(default_factory=dict)

    def do(self, session: Session) -> Change:
        from organizer.app import operations

        change = operations.move_contact(session, self.contact, self.to_account, self.on)
        self.moved = dict(change.before)
        return change

    def undo(self, session: Session) -> Change:
        from organizer.app import operations

        return operations.unmove_contact(session, self.contact, self.moved["account"], self.moved["history"])


@dataclass
class Entry:
    """One user action in the history: its words ("Reschedule step") and its edits, in order."""

    text: str
    edits: list[Edit]


class History:
    """What can be undone and redone, newest last."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self.limit = limit
        self.done: list[Entry] = []
        self.undone: list[Entry] = []
        self.pushed = 0  # entries ever pushed: a front end mirroring the history sees a new one by it
        self.cleared = 0  # times it started afresh (an import, a restore): a mirror starts afresh too

    def push(self, entry: Entry) -> None:
        self.pushed += 1
        self.done.append(entry)
        del self.done[: -self.limit]
        self.undone.clear()

    def clear(self) -> None:
        self.cleared += 1
        self.done.clear()
        self.undone.clear()

    @property
    def undo_text(self) -> str | None:
        return self.done[-1].text if self.done else None
