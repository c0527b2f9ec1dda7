"""The store's settings (capacity, renewal window): read on every morning, written by imports and the app."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.core import domain
from organizer.store.models import SettingsRow

SETTINGS_QUERY = select(
    SettingsRow.capacity_minutes, SettingsRow.renewal_window_days, SettingsRow.days_off, SettingsRow.holidays_country
).where(SettingsRow.id == 1)


def read_settings(session: Session) -> domain.Settings:
    """The settings as plain values (through Core: the morning reads them on every refresh)."""
    session.flush()
    row = session.connection().execute(SETTINGS_QUERY).first()
    if row is None:
        return domain.Settings()
    return domain.Settings.stored(*row)


# The settings kept as one JSON document each, not in the exchange format: this rep's mail and calendar.
STORED = ("mail", "calendar")
CALENDAR_QUERY = select(SettingsRow.calendar).where(SettingsRow.id == 1)


def read_stored(session: Session, name: str) -> dict[str, Any]:
    """One stored document (``mail``: own addresses, IMAP account, folders read; ``calendar``: the connected
    calendar, its feeds, its busy time); {} when none."""
    if name not in STORED:
        raise ValueError(f"no stored settings {name!r}")
    row = session.get(SettingsRow, 1)
    return dict(getattr(row, name) or {}) if row is not None else {}


def write_stored(session: Session, name: str, value: dict[str, Any]) -> dict[str, Any]:
    """Replace one stored document; returns what it was (for undo)."""
    before = read_stored(session, name)
    row = session.get(SettingsRow, 1)
    if row is None:
        row = SettingsRow(
            id=1, capacity_minutes=domain.DEFAULT_CAPACITY, renewal_window_days=domain.DEFAULT_RENEWAL_WINDOW
        )
        session.add(row)
    setattr(row, name, dict(value) or None)
    session.flush()
    return before


def update_settings(session: Session, values: dict[str, Any]) -> None:
    row = session.get(SettingsRow, 1)
    if row is not None and all(getattr(row, key) == value for key, value in values.items()):
        return  # unchanged (a rep re-importing their export on a team server may not write the settings)
    if row is None:
        session.add(
            SettingsRow(
                id=1,
                **{
                    "capacity_minutes": domain.DEFAULT_CAPACITY,
                    "renewal_window_days": domain.DEFAULT_RENEWAL_WINDOW,
                    **values,
                },
            )
        )
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()
