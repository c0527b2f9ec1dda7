"""Small builders for exchange-format documents in tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date(2026, 11, 24)  # a Tuesday


def day(offset: int) -> str:
    return (D + dt.timedelta(days=offset)).isoformat()


def doc(*accounts: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"format": "daymap/1", "accounts": list(accounts), **extra}


def account(account_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": account_id, "name": fields.pop("name", account_id.title()), **fields}


def step(step_id: str, due: int | None = None, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": step_id, "title": fields.pop("title", f"Step {step_id}"), **fields}
    if due is not None:
        out["due"] = day(due)
    return out


def marks(morning_json: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {(m["kind"], m["account"], m["goal"], m["step"]) for m in morning_json["question_marks"]}


def write(store: Any, primitive: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one session-level write primitive (``organizer.app.operations``) in its own transaction."""
    with store.write() as session:
        return primitive(session, *args, **kwargs)
