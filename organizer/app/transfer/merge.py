"""Merging a checked exchange document into the store: by id, all or nothing, backed up first.

What the document may hold and how it is checked is ``organizer.formats.exchange``; this module
only writes what that module has parsed (set-based: one statement per kind and change).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from organizer.core.domain import new_id as new_id  # re-exported for the importers
from organizer.core.errors import ValidationError
from organizer.core.validate import (
    show,
)
from organizer.formats.exchange import (
    CHUNK,
    DEFAULTS,
    PLURAL,
    REQUIRED,
    Parsed,
    Row,
    parse_document,
)
from organizer.store.database import Store
from organizer.store.models import MODELS, ContactHistory, Day, Step
from organizer.store.schema import one_revision
from organizer.store.settings import update_settings


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
    table = MODELS[kind]
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
        table = MODELS[kind]
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
