"""The exchange format (``daymap/1``): its fields, and a document checked in full with paths.

A document is checked whole before anything is written (``parse_document``); the merge
into the store (by id, all or nothing, set-based) is ``organizer.app.transfer.merge``, the
export ``organizer.app.transfer.export``. Objects are merged by id: new ones are added,
existing ones get only the fields the document gives; nothing else is touched.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from organizer.core import domain, vocabulary
from organizer.core.domain import new_id as new_id  # re-exported for the importers
from organizer.core.errors import ValidationError
from organizer.core.recurrence import check_rule
from organizer.core.validate import (
    Converter,
    boolean,
    choice,
    country_code,
    date,
    days_off,
    identifier,
    integer,
    owner_name,
    parse_date,
    show,
    text,
    time_of_day,
)
from organizer.core.vocabulary import words

FORMAT = "daymap/1"
CHUNK = 500

FIELDS: dict[str, dict[str, tuple[str, Converter]]] = {
    "account": {
        "name": ("name", text(domain.MAX_NAME, nullable=False, nonblank=True)),
        "stage": ("stage", choice(words(vocabulary.Stage))),
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
        "role": ("role", choice(words(vocabulary.Role), nullable=True)),
        "email": ("email", text(domain.MAX_SHORT)),
        "phone": ("phone", text(domain.MAX_SHORT)),
        "resonates": ("resonates", text(domain.MAX_TEXT)),
        "notes": ("notes", text(domain.MAX_TEXT)),
    },
    "goal": {
        "title": ("title", text(domain.MAX_TITLE, nullable=False, nonblank=True)),
        "status": ("status", choice(words(vocabulary.GoalStatus))),
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
        "status": ("status", choice(words(vocabulary.StepStatus))),
        "done": ("done", date()),
        "outcome": ("outcome", text(domain.MAX_TEXT)),
        "repeat": ("repeat", check_rule),
        "event": ("event", text(domain.MAX_REFERENCE)),
    },
    "touch": {
        "date": ("date", date(nullable=False)),
        "channel": ("channel", choice(words(vocabulary.Channel))),
        "contact": ("contact_id", lambda v, p: None if v is None else identifier(v, p)),
        "note": ("note", text(domain.MAX_TEXT)),
        "message": ("message", text(domain.MAX_REFERENCE)),
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
        "event": None,
    },
    "touch": {"channel": "other", "contact_id": None, "note": None, "message": None},
}
PLURAL = {"account": "accounts", "contact": "contacts", "goal": "goals", "step": "steps", "touch": "touches"}
SETTINGS_FIELDS: dict[str, Converter] = {
    "capacity_minutes": integer(domain.MIN_MINUTES, domain.MAX_MINUTES, nullable=False),
    "renewal_window_days": integer(domain.MIN_WINDOW, domain.MAX_WINDOW, nullable=False),
    "days_off": days_off,
    "holidays_country": country_code,
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

    settings: dict[str, Any] = field(default_factory=dict)
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


def dumps(doc: Any) -> str:
    """A document as the exchange format's text: UTF-8 JSON, one field a line."""
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
