"""The exchange format, out: the whole store as one canonical document (exporting twice gives the same text)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.formats.exchange import FIELDS, FORMAT
from organizer.store.models import MODELS, ContactHistory, Day, Step
from organizer.store.settings import read_settings


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _exported(
    session: Session, kind: str, always: Sequence[str] = (), keys: Sequence[str] = ()
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Each stored row of ``kind`` as (its ``keys`` columns, its exchange-format fields).

    Every set field, plus the ``always`` ones. Plain rows through Core, not ORM objects: at
    100,000 steps building the instances cost more than everything else in the export.
    """
    table = MODELS[kind]
    spec = [(key, getattr(table, column)) for key, (column, _convert) in FIELDS[kind].items()]
    query = select(table.id, *(getattr(table, key) for key in keys), *(column for _key, column in spec))
    names = [key for key, _column in spec]
    always_set = frozenset(always)
    date = dt.date
    for row in session.connection().execute(query):
        out: dict[str, Any] = {"id": row[0]}
        for key, value in zip(names, row[1 + len(keys) :], strict=True):
            if value is None:
                if key in always_set:
                    out[key] = None
            elif isinstance(value, date):
                out[key] = value.isoformat()
            else:
                out[key] = value
        yield row[1 : 1 + len(keys)], out


def _last(value: Any) -> tuple[bool, Any]:
    """Sort key that puts missing values last."""
    return (value is None, value if value is not None else "")


def export_document(session: Session) -> dict[str, Any]:
    """The whole store as one canonical document (exporting twice gives the same text)."""
    contacts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (account_id,), item in _exported(session, "contact", keys=("account_id",)):
        contacts[account_id].append(item)
    goals: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (account_id,), item in _exported(session, "goal", ("status",), keys=("account_id",)):
        goals[account_id].append(item)
    touches: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (account_id,), item in _exported(session, "touch", ("channel",), keys=("account_id",)):
        touches[account_id].append(item)
    steps_by_goal: dict[str, list[dict[str, Any]]] = defaultdict(list)
    loose_steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (account_id, goal_id), item in _exported(
        session, "step", ("promised", "waiting", "status"), keys=("account_id", "goal_id")
    ):
        (steps_by_goal[goal_id] if goal_id else loose_steps[account_id]).append(item)
    history: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for contact_id, account_id, until in session.connection().execute(
        select(ContactHistory.contact_id, ContactHistory.account_id, ContactHistory.until)
    ):
        history[contact_id].append((account_id, until))

    def step_key(step: dict[str, Any]) -> tuple[Any, ...]:
        return (*_last(step.get("due")), *_last(step.get("time")), step["title"], step["id"])

    accounts = []
    for _no_keys, doc in sorted(
        _exported(session, "account", ("stage", "archived")),
        key=lambda pair: (pair[1]["name"].casefold(), pair[1]["name"], pair[1]["id"]),
    ):
        account_id = doc["id"]
        people = sorted(contacts.get(account_id, ()), key=lambda c: (c["name"].casefold(), c["name"], c["id"]))
        for contact in people:
            if contact["id"] in history:
                contact["history"] = [
                    {"account": account, "until": _iso(until)}
                    for account, until in sorted(history[contact["id"]], key=lambda h: (*_last(h[1]), h[0]))
                ]
        doc["contacts"] = people
        doc["goals"] = [
            {**goal, "steps": sorted(steps_by_goal.get(goal["id"], ()), key=step_key)}
            for goal in sorted(goals.get(account_id, ()), key=lambda g: (*_last(g.get("target")), g["title"], g["id"]))
        ]
        doc["steps"] = sorted(loose_steps.get(account_id, ()), key=step_key)
        doc["touches"] = sorted(touches.get(account_id, ()), key=lambda t: (t["date"], t["id"]))
        accounts.append(doc)

    settings = read_settings(session)
    step_ids = set(session.execute(select(Step.id)).scalars())
    days = []
    for day in session.execute(select(Day).order_by(Day.date)).scalars():
        day_doc: dict[str, Any] = {"date": day.date.isoformat(), "confirmed": day.confirmed}
        if day.capacity_minutes is not None:
            day_doc["capacity_minutes"] = day.capacity_minutes
        day_doc["order"] = [s for s in day.order or [] if s in step_ids]
        days.append(day_doc)
    return {
        "format": FORMAT,
        "settings": {key: value for key, value in settings.exchange().items() if value not in ([], None)},
        "accounts": accounts,
        "days": days,
    }
