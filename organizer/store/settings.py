"""The settings: read on every morning, written by imports, the app, and the mail and calendar readers.

On a team's server each rep's settings are their own row (``models.OwnSettings``: the connecting rep's;
row-level security keeps the others' away); in a store of one's own there is one row. A rep who never
wrote theirs has the defaults.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.core import domain
from organizer.store.models import OwnSettings, SettingsRow

SETTINGS_QUERY = select(
    SettingsRow.capacity_minutes, SettingsRow.renewal_window_days, SettingsRow.days_off, SettingsRow.holidays_country
).where(OwnSettings())


def read_settings(session: Session) -> domain.Settings:
    """The settings as plain values (through Core: the morning reads them on every refresh)."""
    session.flush()
    row = session.connection().execute(SETTINGS_QUERY).first()
    if row is None:
        return domain.Settings()
    return domain.Settings.stored(*row)


# The settings kept as one JSON document each, not in the exchange format: this rep's mail and calendar.
STORED = ("mail", "calendar")
CALENDAR_QUERY = select(SettingsRow.calendar).where(OwnSettings())


def own_row(session: Session) -> SettingsRow | None:
    """The connecting rep's settings row, None while they have none (the defaults)."""
    return session.execute(select(SettingsRow).where(OwnSettings())).scalar_one_or_none()


def _new_row(session: Session, values: dict[str, Any]) -> SettingsRow:
    """The rep's first settings: the defaults with ``values``. On a server the row's id comes from its
    sequence and its owner is the connecting role; in a store of one's own it is the single row."""
    on_server = session.get_bind().dialect.name == "postgresql"
    row = SettingsRow(
        **({} if on_server else {"id": 1}),
        **{
            "capacity_minutes": domain.DEFAULT_CAPACITY,
            "renewal_window_days": domain.DEFAULT_RENEWAL_WINDOW,
            **values,
        },
    )
    session.add(row)
    return row


def read_stored(session: Session, name: str) -> dict[str, Any]:
    """One stored document (``mail``: own addresses, IMAP account, folders read; ``calendar``: the connected
    calendar, its feeds, its busy time); {} when none."""
    if name not in STORED:
        raise ValueError(f"no stored settings {name!r}")
    row = own_row(session)
    return dict(getattr(row, name) or {}) if row is not None else {}


def write_stored(session: Session, name: str, value: dict[str, Any]) -> dict[str, Any]:
    """Replace one stored document; returns what it was (for undo)."""
    before = read_stored(session, name)
    row = own_row(session) or _new_row(session, {})
    setattr(row, name, dict(value) or None)
    session.flush()
    return before


def update_settings(session: Session, values: dict[str, Any]) -> None:
    row = own_row(session)
    if row is not None and all(getattr(row, key) == value for key, value in values.items()):
        return  # unchanged: nothing written (an import of one's own export leaves the settings alone)
    if row is None:
        _new_row(session, dict(values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()


def every_reps(session: Session) -> dict[str, tuple[domain.Settings, dict[str, Any]]]:
    """(A manager, on a team's server) each rep's settings and calendar document, by rep: what row-level
    security lets the connecting role read. A rep with no row is not here (the defaults)."""
    query = select(
        SettingsRow.owner,
        SettingsRow.capacity_minutes,
        SettingsRow.renewal_window_days,
        SettingsRow.days_off,
        SettingsRow.holidays_country,
        SettingsRow.calendar,
    ).where(SettingsRow.owner.is_not(None))
    return {
        str(owner): (domain.Settings.stored(capacity, window, days_off, country), dict(calendar or {}))
        for owner, capacity, window, days_off, country, calendar in session.execute(query)
    }
