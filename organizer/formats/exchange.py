"""The exchange format (``daymap/1``): validate, import (merge by id) and export.

An import is checked in full before anything is written, then written in one
transaction: all or nothing. Objects are merged by id: new ones are added, existing
ones get only the fields the document gives; nothing else is touched. Writes are
set-based (bulk inserts and updates), so a 5,000-account territory imports in
seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from organizer.core import domain
from organizer.core.domain import new_id as new_id  # re-exported for the importers
from organizer.core.errors import ValidationError
from organizer.core.recurrence import check_rule
from organizer.core.validate import (
    Converter,
    boolean,
    choice,
    date,
    identifier,
    integer,
    owner_name,
    parse_date,
    show,
    text,
    time_of_day,
)
from organizer.store import models
from organizer.store.database import Store
from organizer.store.models import Account, Contact, ContactHistory, Day, Goal, Step, Touch
from organizer.store.schema import one_revision
from organizer.store.settings import update_settings

FORMAT = "daymap/1"
CHUNK = 500

FIELDS: dict[str, dict[str, tuple[str, Converter]]] = {
    "account": {
        "name": ("name", text(domain.MAX_NAME, nullable=False, nonblank=True)),
        "stage": ("stage", choice(models.STAGES)),
        "mission": ("mission", text(domain.MAX_TEXT)),
        "industry": ("industry", text(domain.MAX_SHORT)),
        "cadence_days": ("cadence_days", integer(domain.MIN_CADENCE, domain.MAX_CADENCE)),
        "renewal": ("renewal", date()),
        "archived": ("archived", boolean),
        "notes": ("notes", text(domain.MAX_TEXT)),
        "owner": ("owner", owner_name),
    },
    "contact": {
        "name": ("name", text(domain.MAX_NAME, nullable=False, nonblank=True)),
        "title": ("title", text(domain.MAX_SHORT)),
        "role": ("role", choice(models.ROLES, nullable=True)),
        "email": ("email", text(domain.MAX_SHORT)),
        "phone": ("phone", text(domain.MAX_SHORT)),
        "resonates": ("resonates", text(domain.MAX_TEXT)),
        "notes": ("notes", text(domain.MAX_TEXT)),
    },
    "goal": {
        "title": ("title", text(domain.MAX_TITLE, nullable=False, nonblank=True)),
        "status": ("status", choice(models.GOAL_STATUSES)),
        "target": ("target", date()),
        "notes": ("notes", text(domain.MAX_TEXT)),
    },
    "step": {
        "title": ("title", text(domain.MAX_TITLE, nullable=False, nonblank=True)),
        "due": ("due", date()),
        "time": ("time", time_of_day),
        "minutes": ("minutes", integer(domain.MIN_MINUTES, domain.MAX_MINUTES)),
        "contact": ("contact_id", lambda v, p: None if v is None else identifier(v, p)),
        "promised": ("promised", boolean),
        "waiting": ("waiting", boolean),
        "status": ("status", choice(models.STEP_STATUSES)),
        "done": ("done", date()),
        "outcome": ("outcome", text(domain.MAX_TEXT)),
        "repeat": ("repeat", check_rule),
    },
    "touch": {
        "date": ("date", date(nullable=False)),
        "channel": ("channel", choice(models.CHANNELS)),
        "contact": ("contact_id", lambda v, p: None if v is None else identifier(v, p)),
        "note": ("note", text(domain.MAX_TEXT)),
    },
}
CHILDREN = {"account": ("contacts", "goals", "steps", "touches"), "contact": ("history",), "goal": ("steps",)}
REQUIRED = {"account": "name", "contact": "name", "goal": "title", "step": "title", "touch": "date"}
DEFAULTS: dict[str, dict[str, Any]] = {
    "account": {
        "stage": "prospect",
        "mission": None,
        "industry": None,
        "cadence_days": None,
        "renewal": None,
        "archived": False,
        "notes": None,
    },  # no owner: the server fills in the connecting rep (team mode); null on SQLite
    "contact": {"title": None, "role": None, "email": None, "phone": None, "resonates": None, "notes": None},
    "goal": {"status": "open", "target": None, "notes": None},
    "step": {
        "due": None,
        "time": None,
        "minutes": None,
        "contact_id": None,
        "promised": False,
        "waiting": False,
        "status": "open",
        "done": None,
        "outcome": None,
        "repeat": None,
    },
    "touch": {"channel": "other", "contact_id": None, "note": None},
}
TABLES: dict[str, Any] = {"account": Account, "contact": Contact, "goal": Goal, "step": Step, "touch": Touch}
PLURAL = {"account": "accounts", "contact": "contacts", "goal": "goals", "step": "steps", "touch": "touches"}
SETTINGS_FIELDS: dict[str, Converter] = {
    "capacity_minutes": integer(domain.MIN_MINUTES, domain.MAX_MINUTES, nullable=False),
    "renewal_window_days": integer(domain.MIN_WINDOW, domain.MAX_WINDOW, nullable=False),
}


@dataclass
class Row:
    kind: str
    path: str
    id: str
    given_id: bool
    values: dict[str, Any]


@dataclass
class Parsed:
    """A document checked for everything that needs no store: shapes, types, ranges, repeats."""

    settings: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    history: list[tuple[Row, list[dict[str, Any]]]] = field(default_factory=list)
    days: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # (kind referred to, id, path of the reference)
    references: list[tuple[str, str, str]] = field(default_factory=list)


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, f"must be an object {{…}} (got {show(value)})")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValidationError(path, f"must be a list […] (got {show(value)})")
    return value


def _unknown(obj: dict[str, Any], allowed: Iterable[str], path: str) -> None:
    known = set(allowed)
    for key in obj:
        if key not in known:
            raise ValidationError(f"{path}.{key}", f"unknown field (expected one of {', '.join(sorted(known))})")


class _Parser:
    def __init__(self) -> None:
        self.parsed = Parsed()
        self.seen: dict[tuple[str, str], str] = {}

    def document(self, doc: Any) -> Parsed:
        doc = _object(doc, "document")
        _unknown(doc, ("format", "settings", "accounts", "days"), "document")
        if "format" not in doc:
            raise ValidationError("format", f'missing: a Daymap file starts with "format": "{FORMAT}"')
        if doc["format"] != FORMAT:
            raise ValidationError(
                "format", f'not a format this version reads: {show(doc["format"])} (expected "{FORMAT}")'
            )
        if doc.get("settings") is not None:
            settings = _object(doc["settings"], "settings")
            _unknown(settings, SETTINGS_FIELDS, "settings")
            for key, convert in SETTINGS_FIELDS.items():
                if key in settings:
                    self.parsed.settings[key] = convert(settings[key], f"settings.{key}")
        for index, account in enumerate(_list(doc.get("accounts", []), "accounts")):
            self.account(account, f"accounts[{index}]")
        self.days(doc.get("days", []))
        return self.parsed

    def row(self, kind: str, obj: Any, path: str, parents: dict[str, Any]) -> Row:
        obj = _object(obj, path)
        specs = FIELDS[kind]
        _unknown(obj, ("id", *specs, *CHILDREN.get(kind, ())), path)
        if "id" in obj:
            object_id = identifier(obj["id"], f"{path}.id")
            first = self.seen.setdefault((kind, object_id), f"{path}.id")
            if first != f"{path}.id":
                raise ValidationError(f"{path}.id", f"repeated {kind} id {show(object_id)} (first at {first})")
        else:
            object_id = new_id(kind)
        values = dict(parents)
        for key, (column, convert) in specs.items():
            if key in obj:
                values[column] = convert(obj[key], f"{path}.{key}")
        row = Row(kind, path, object_id, "id" in obj, values)
        self.parsed.rows[kind].append(row)
        if "contact_id" in values and values["contact_id"] is not None:
            self.parsed.references.append(("contact", values["contact_id"], f"{path}.contact"))
        return row

    def account(self, obj: Any, path: str) -> None:
        row = self.row("account", obj, path, {})
        for child in CHILDREN["account"]:
            items = _list(obj[child], f"{path}.{child}") if child in obj else []
            for index, item in enumerate(items):
                child_path = f"{path}.{child}[{index}]"
                if child == "contacts":
                    self.contact(item, child_path, row.id)
                elif child == "goals":
                    self.goal(item, child_path, row.id)
                elif child == "steps":
                    self.row("step", item, child_path, {"account_id": row.id, "goal_id": None})
                else:
                    self.row("touch", item, child_path, {"account_id": row.id})

    def contact(self, obj: Any, path: str, account_id: str) -> None:
        row = self.row("contact", obj, path, {"account_id": account_id})
        if "history" not in obj:
            return
        entries = []
        for index, entry in enumerate(_list(obj["history"], f"{path}.history")):
            entry_path = f"{path}.history[{index}]"
            entry = _object(entry, entry_path)
            _unknown(entry, ("account", "until"), entry_path)
            if "account" not in entry:
                raise ValidationError(f"{entry_path}.account", "required: the id of the earlier account")
            account = identifier(entry["account"], f"{entry_path}.account")
            until = date()(entry.get("until"), f"{entry_path}.until")
            self.parsed.references.append(("account", account, f"{entry_path}.account"))
            entries.append({"account_id": account, "until": until})
        self.parsed.history.append((row, entries))

    def goal(self, obj: Any, path: str, account_id: str) -> None:
        row = self.row("goal", obj, path, {"account_id": account_id})
        for index, item in enumerate(_list(obj.get("steps", []), f"{path}.steps")):
            self.row("step", item, f"{path}.steps[{index}]", {"account_id": account_id, "goal_id": row.id})

    def days(self, value: Any) -> None:
        seen: dict[str, str] = {}
        for index, obj in enumerate(_list(value, "days")):
            path = f"days[{index}]"
            obj = _object(obj, path)
            _unknown(obj, ("date", "confirmed", "capacity_minutes", "order"), path)
            if "date" not in obj:
                raise ValidationError(f"{path}.date", "required: the day's date (YYYY-MM-DD)")
            day = parse_date(obj["date"], f"{path}.date").isoformat()
            if day in seen:
                raise ValidationError(f"{path}.date", f"repeated day {day} (first at {seen[day]})")
            seen[day] = f"{path}.date"
            values: dict[str, Any] = {}
            if "confirmed" in obj:
                values["confirmed"] = boolean(obj["confirmed"], f"{path}.confirmed")
            if "capacity_minutes" in obj:
                values["capacity_minutes"] = integer(domain.MIN_MINUTES, domain.MAX_MINUTES)(
                    obj["capacity_minutes"], f"{path}.capacity_minutes"
                )
            if "order" in obj:
                order: list[str] = []
                for position, step in enumerate(_list(obj["order"], f"{path}.order")):
                    step_path = f"{path}.order[{position}]"
                    step_id = identifier(step, step_path)
                    if step_id in order:
                        raise ValidationError(step_path, f"step {show(step_id)} is listed twice")
                    self.parsed.references.append(("step", step_id, step_path))
                    order.append(step_id)
                values["order"] = order
            self.parsed.days.append((day, values))


def parse_document(doc: Any) -> Parsed:
    """Check a decoded document for everything that needs no store."""
    return _Parser().document(doc)


def load_json(data: str | bytes, source: str = "input") -> Any:
    """Decode a document: strict UTF-8 (json.loads on bytes would let an encoded surrogate through)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(source, f"not UTF-8 text: {error.reason} at byte {error.start}") from error
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise ValidationError(
            source, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from error
    except RecursionError as error:
        raise ValidationError(source, "not valid JSON: nested too deeply") from error
    except ValueError as error:  # a number of thousands of digits: past Python's limit for reading one
        digits = re.search(r"value has (\d+) digits", str(error))
        detail = f"a number with {digits[1]} digits" if digits else str(error)
        raise ValidationError(source, f"not a document Daymap reads: {detail} (no field holds one)") from error


# --- import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    added: dict[str, int]
    updated: dict[str, int]

    def summary(self) -> str:
        parts = []
        for kind in ("account", "contact", "goal", "step", "touch", "day"):
            added, updated = self.added.get(kind, 0), self.updated.get(kind, 0)
            if added or updated:
                noun = PLURAL.get(kind, "days")
                parts.append(f"{noun}: {added} added, {updated} updated")
        return "; ".join(parts) or "nothing to import"


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def existing_ids(session: Session, kind: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored rows (id, parent ids) among ``ids``, looked up in chunks."""
    table = TABLES[kind]
    columns = [table.id, table.account_id] if kind != "account" else [table.id]
    if kind == "step":
        columns.append(table.goal_id)
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(set(ids))
    for chunk in _chunks(wanted):
        for row in session.execute(select(*columns).where(table.id.in_(chunk))):
            found[row[0]] = dict(row._mapping)
    return found


def import_parsed(session: Session, parsed: Parsed) -> ImportResult:
    """Write a checked document in the caller's transaction (raise = nothing written)."""
    with one_revision(session):
        return _import_parsed(session, parsed)


def _import_parsed(session: Session, parsed: Parsed) -> ImportResult:
    added: dict[str, int] = {}
    updated: dict[str, int] = {}
    stored: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in ("account", "contact", "goal", "step", "touch"):
        rows = parsed.rows.get(kind, [])
        stored[kind] = existing_ids(session, kind, [r.id for r in rows if r.given_id])
        required = REQUIRED[kind]
        for row in rows:
            if row.id not in stored[kind] and required not in row.values:
                raise ValidationError(
                    f"{row.path}.{required}", f"required for a new {kind} (no {kind} {show(row.id)} in the store)"
                )
    _check_references(session, parsed)

    for kind in ("account", "contact", "goal", "step", "touch"):
        table = TABLES[kind]
        rows = parsed.rows.get(kind, [])
        new = [{"id": r.id, **DEFAULTS[kind], **r.values, "version": 1} for r in rows if r.id not in stored[kind]]
        for chunk_start in range(0, len(new), CHUNK):
            session.execute(insert(table), new[chunk_start : chunk_start + CHUNK])
        changed = [r for r in rows if r.id in stored[kind]]
        _bulk_update(session, table, [{"id": r.id, **r.values} for r in changed])
        added[kind], updated[kind] = len(new), len(changed)
        if kind == "goal":
            _carry_steps_of_moved_goals(session, changed, stored["goal"])

    for row, entries in parsed.history:
        session.execute(delete(ContactHistory).where(ContactHistory.contact_id == row.id))
        if entries:
            session.execute(insert(ContactHistory), [{"contact_id": row.id, **e} for e in entries])

    _check_repeating_steps_are_dated(session, parsed.rows.get("step", []))
    days_added, days_updated = _import_days(session, parsed.days)
    added["day"], updated["day"] = days_added, days_updated
    if parsed.settings:
        update_settings(session, parsed.settings)
    return ImportResult(added, updated)


def _check_repeating_steps_are_dated(session: Session, rows: list[Row]) -> None:
    """A repeating step needs a due date (it repeats from it): checked on the rows as written, so a file
    that gives only ``repeat`` for a stored, dated step is fine."""
    paths = {row.id: row.path for row in rows if row.values.get("repeat") or "due" in row.values}
    for chunk in _chunks(sorted(paths)):
        undated = session.execute(
            select(Step.id).where(Step.id.in_(chunk), Step.repeat.is_not(None), Step.due.is_(None))
        ).first()
        if undated is not None:
            raise ValidationError(
                f"{paths[undated[0]]}.repeat", "a repeating step needs a due date (it repeats from it)"
            )


def _bulk_update(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Update rows with the fields each gives; one executemany per set of fields."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(k for k in row if k != "id"))].append(row)
    for keys, group in groups.items():
        values: dict[str, Any] = {key: bindparam(f"v_{key}") for key in keys}
        values["version"] = table.version + 1
        statement = update(table.__table__).where(table.__table__.c.id == bindparam("v_id")).values(values)
        params = [{f"v_{k}": v for k, v in row.items()} for row in group]
        for start in range(0, len(params), CHUNK):
            session.execute(statement, params[start : start + CHUNK])


def _carry_steps_of_moved_goals(session: Session, goals: list[Row], stored: dict[str, dict[str, Any]]) -> None:
    """A goal moved to another account takes its steps along, so a step and its goal agree."""
    for row in goals:
        account = row.values.get("account_id")
        if account is not None and stored[row.id]["account_id"] != account:
            session.execute(
                update(Step).where(Step.goal_id == row.id).values(account_id=account, version=Step.version + 1)
            )


def _check_references(session: Session, parsed: Parsed) -> None:
    in_document = {kind: {r.id for r in parsed.rows.get(kind, [])} for kind in ("account", "contact", "step")}
    missing_by_kind: dict[str, set[str]] = {}
    for kind in ("account", "contact", "step"):
        wanted = {ref for k, ref, _ in parsed.references if k == kind} - in_document[kind]
        missing_by_kind[kind] = wanted - set(existing_ids(session, kind, wanted))
    for kind, ref, path in parsed.references:
        if ref in missing_by_kind[kind]:
            raise ValidationError(path, f"no {kind} {show(ref)} in the file or the store")


def _import_days(session: Session, days: list[tuple[str, dict[str, Any]]]) -> tuple[int, int]:
    added = updated = 0
    for day_text, values in days:
        day = dt.date.fromisoformat(day_text)
        row = session.get(Day, day)
        if row is None:
            session.add(
                Day(
                    date=day,
                    confirmed=values.get("confirmed", False),
                    capacity_minutes=values.get("capacity_minutes"),
                    order=values.get("order", []),
                )
            )
            added += 1
        else:
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
    session.flush()
    return added, updated


def import_document(store: Store, doc: Any) -> ImportResult:
    """Check a whole document, back the store up, then merge it in one transaction."""
    from organizer.store import backup

    parsed = parse_document(doc)
    backup.take(store.location, "before-import")
    with store.write() as session:
        return import_parsed(session, parsed)
