"""The store's tables as typed SQLAlchemy 2 models.

Ids are the user-visible string ids of the exchange format (unique per kind across
the store), so foreign keys and exports need no translation. Every edited table has
a ``version`` column that SQLAlchemy checks on update (optimistic concurrency): a
stale edit from another window or process raises instead of silently overwriting.
Check constraints repeat the domain's limits so that no writer, ours or not, can
store what the rules cannot read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import NullType, TypeEngine

from organizer.core import vocabulary
from organizer.core.vocabulary import words

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# The vocabulary is the core's (organizer.core.domain); the database's CHECK constraints derive from it.
STAGES = words(vocabulary.Stage)
ROLES = words(vocabulary.Role)
GOAL_STATUSES = words(vocabulary.GoalStatus)
STEP_STATUSES = words(vocabulary.StepStatus)
CHANNELS = words(vocabulary.Channel)


class SettingsRow(Base):
    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capacity_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=360)
    renewal_window_days: Mapped[int] = mapped_column(Integer, nullable=False, default=60)
    days_off: Mapped[list[str] | None] = mapped_column(JSON)  # ISO dates: the rep's holidays and vacation
    holidays_country: Mapped[str | None] = mapped_column(String(8))  # ISO 3166: its public holidays are off
    # The rep's mail: own addresses, an IMAP account, how far each folder was read (never a password).
    mail: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # The connected calendar, its read-only feeds and each day's busy minutes (never a password).
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # Team mode: whose settings these are (each rep's own row; ``SETTINGS_PER_OWNER``). Empty on SQLite.
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy's declarative API)
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),  # a store of one's own; a team's server drops it
        CheckConstraint("capacity_minutes BETWEEN 0 AND 1440", name="capacity_range"),
        CheckConstraint("renewal_window_days BETWEEN 0 AND 3650", name="window_range"),
    )


# On a team's server (PostgreSQL) the settings are one row per rep: made so by migration 0010 and at
# creation. The row that was there before goes to whoever runs it (the database's owner, `team init`).
SETTINGS_PER_OWNER = (
    "ALTER TABLE settings DROP CONSTRAINT IF EXISTS ck_settings_single_row",
    "UPDATE settings SET owner = current_user WHERE owner IS NULL",
    "ALTER TABLE settings ALTER COLUMN owner SET DEFAULT current_user",
    "ALTER TABLE settings ALTER COLUMN owner SET NOT NULL",
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_constraint WHERE conname = 'uq_settings_owner') "
    "THEN ALTER TABLE settings ADD CONSTRAINT uq_settings_owner UNIQUE (owner); END IF; END $$",
    "CREATE SEQUENCE IF NOT EXISTS settings_id_seq OWNED BY settings.id",
    "SELECT setval('settings_id_seq', coalesce((SELECT max(id) FROM settings), 0) + 1, false)",
    "ALTER TABLE settings ALTER COLUMN id SET DEFAULT nextval('settings_id_seq')",
)


class OwnSettings(ColumnElement[Any]):
    """The connecting rep's settings row: ``settings.owner = CURRENT_USER`` on a team's server, the single
    row (``settings.id = 1``) in a store of one's own. Row-level security keeps other reps' rows away; a
    manager reads them all (the Team page), so a statement about *my* settings says so."""

    type: TypeEngine[Any] = NullType()  # not Boolean: SQLite would render it "… = 1" as a where clause
    inherit_cache = True


@compiles(OwnSettings)
def _own_settings(_element: OwnSettings, _compiler: Any, **_kw: Any) -> str:
    return "settings.id = 1"


@compiles(OwnSettings, "postgresql")
def _own_settings_on_a_server(_element: OwnSettings, _compiler: Any, **_kw: Any) -> str:
    return "settings.owner = CURRENT_USER"


class Account(Base):
    __tablename__ = "account"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    stage: Mapped[str] = mapped_column(String(16), nullable=False, default="prospect")
    mission: Mapped[str | None] = mapped_column(Text)
    industry: Mapped[str | None] = mapped_column(String(200))
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    renewal: Mapped[dt.date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    # team mode: the rep's database role. FetchedValue: an INSERT that does not name an owner leaves it
    # out (never NULL, even in a batch of rows), so the server's DEFAULT current_user fills it in.
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint("cadence_days IS NULL OR cadence_days BETWEEN 1 AND 3650", name="cadence"),
        Index("ix_account_name", "name"),
        Index("ix_account_owner", "owner"),
    )


class Contact(Base):
    __tablename__ = "contact"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(200))
    resonates: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())  # its account's (team)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint("role IS NULL OR " + _in("role", ROLES), name="role"),
        Index("ix_contact_account", "account_id"),
    )


class ContactHistory(Base):
    """An earlier account of a contact: the VP who moved on brings the new company along."""

    __tablename__ = "contact_history"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), nullable=False)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    until: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (Index("ix_contact_history_contact", "contact_id"),)


class Goal(Base):
    __tablename__ = "goal"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    target: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())  # its account's (team)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint(_in("status", GOAL_STATUSES), name="status"),
        Index("ix_goal_account_status", "account_id", "status"),
    )


class Step(Base):
    __tablename__ = "step"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    goal_id: Mapped[str | None] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    due: Mapped[dt.date | None] = mapped_column(Date)
    time: Mapped[str | None] = mapped_column(String(5))
    minutes: Mapped[int | None] = mapped_column(Integer)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    promised: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    waiting: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="open")
    done: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    repeat: Mapped[str | None] = mapped_column(String(500))  # an RFC 5545 RRULE (recurrence.py)
    event: Mapped[str | None] = mapped_column(String(1000))  # its calendar event's UID (SPEC.md "The calendar")
    # The calendar sync's memory of the step's event as last agreed (href, etag, due, time, minutes), and,
    # while both sides changed it since, the calendar's version (a calendar-conflict question mark).
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    calendar_conflict: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # None: SQL NULL
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())  # its account's (team)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint(_in("status", STEP_STATUSES), name="status"),
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 0 AND 1440", name="minutes"),
        # The rules ask "which open steps of this account are due from D on" and "what is due on D".
        Index("ix_step_account_status_due", "account_id", "status", "due"),
        Index("ix_step_status_due", "status", "due"),
        # goal_id *and* status: "does this goal have an open step?" must not pick ix_step_status_due
        # (a scan of every open step per goal: minutes at 100k steps, measured).
        Index("ix_step_goal_status", "goal_id", "status"),
        Index("ix_step_contact", "contact_id"),
        Index("ix_step_event", "event"),
    )


class Touch(Base):
    __tablename__ = "touch"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False, default="other")
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(String(1000))  # the email's Message-ID (SPEC.md "Mail")
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())  # its account's (team)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        Index("ix_touch_message", "message"),
        Index("ix_touch_account_date", "account_id", "date"),
        Index("ix_touch_date", "date"),
        Index("ix_touch_contact", "contact_id"),
    )


class Day(Base):
    __tablename__ = "day"
    date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    confirmed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    capacity_minutes: Mapped[int | None] = mapped_column(Integer)
    order: Mapped[list[str]] = mapped_column("step_order", JSON, nullable=False, default=list)
    # How many question marks the morning opened with (recorded by the app on the day's first
    # look): the history behind the "question marks per day" chart. Not part of the exchange format.
    opening_marks: Mapped[int | None] = mapped_column(Integer)
    owner: Mapped[str | None] = mapped_column(String(63), server_default=FetchedValue())  # whose plan (as above)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        CheckConstraint("capacity_minutes IS NULL OR capacity_minutes BETWEEN 0 AND 1440", name="capacity"),
        CheckConstraint("opening_marks IS NULL OR opening_marks >= 0", name="opening_marks"),
    )


class StoreRevision(Base):
    """A token that changes with every committed write (SQLite triggers, ``REVISION_TRIGGERS``).

    The app keeps the morning it computed at its last close (``organizer.store.kept``) and shows
    it at the next start only while this token is unchanged: any write by anyone — the app,
    the CLI, a restore of a different state — makes it stale. A random token, not a counter,
    so two different states never share one.
    """

    __tablename__ = "store_revision"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[int] = mapped_column(BigInteger, nullable=False)
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)


REVISION_TABLES = ("settings", "account", "contact", "contact_history", "goal", "step", "touch", "day")


def revision_trigger_names() -> list[str]:
    return [f"{table}_{event}_revision" for table in REVISION_TABLES for event in ("insert", "update", "delete")]


def revision_triggers() -> list[str]:
    """SQLite DDL: every insert, update or delete in a data table draws a new token, in the same transaction."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_revision AFTER {event} ON {table} "  # noqa: S608  (our own table names)
        "BEGIN UPDATE store_revision SET token = random() WHERE id = 1; END"
        for table in REVISION_TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


MODELS: dict[str, Any] = {"account": Account, "contact": Contact, "goal": Goal, "step": Step, "touch": Touch}
"""The exchange format's kinds of object, each with its table."""
