"""Team mode on PostgreSQL: who may see and change what, enforced by the server (row-level security).

``team init`` (as the database's owner) creates or upgrades the schema, two group roles
(``daymap_rep``, ``daymap_manager``), grants, and policies with ``ENABLE`` and ``FORCE ROW
LEVEL SECURITY`` on every table holding account data: a rep reads and writes only the
accounts they own and what hangs under them; a manager reads every account and writes
none, except through the handover function (``SECURITY DEFINER``, checked for managers).
Each write draws a new revision token (a statement trigger), so windows notice others' writes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from organizer.core.domain import QuestionMark, Settings
from organizer.core.errors import StoreError, ValidationError
from organizer.store.database import Store
from organizer.store.schema import prepare_schema

REP, MANAGER = "daymap_rep", "daymap_manager"
CHILD_TABLES = ("contact", "goal", "step", "touch")
DATA_TABLES = ("account", *CHILD_TABLES, "contact_history", "day")
_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _statements(owner: str) -> list[str]:
    """The team DDL, idempotent: running ``team init`` again upgrades it in place."""
    me = '"' + owner.replace('"', '""') + '"'  # the owner's role, a quoted identifier
    # Contacts, goals, steps and touches carry their account's owner (kept equal by the triggers below), so
    # a rep's policy compares a column, not a join per row: the morning reads every step of the territory.
    owns = "owner = current_user"
    ddl = [
        *(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
            for role in (REP, MANAGER)
        ),
        # Who is on this database's team (roles are the cluster's; the team is the database's).
        "CREATE TABLE IF NOT EXISTS team_member (role text PRIMARY KEY, manager boolean NOT NULL DEFAULT false)",
        f"GRANT SELECT ON team_member TO {MANAGER}",
        "DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database()); END $$",
        "ALTER TABLE account ALTER COLUMN owner SET DEFAULT current_user",
        "UPDATE account SET owner = current_user WHERE owner IS NULL",  # what was there before is the owner's
        "ALTER TABLE account ALTER COLUMN owner SET NOT NULL",
        "ALTER TABLE day ALTER COLUMN owner SET DEFAULT current_user",
        "UPDATE day SET owner = current_user WHERE owner IS NULL",
        "ALTER TABLE day ALTER COLUMN owner SET NOT NULL",
        # A day is one rep's plan: (date, owner), not the date alone.
        "DO $$ BEGIN IF EXISTS (SELECT FROM pg_constraint WHERE conname = 'pk_day' AND array_length(conkey, 1) = 1)"
        " THEN ALTER TABLE day DROP CONSTRAINT pk_day; ALTER TABLE day ADD CONSTRAINT pk_day PRIMARY KEY (date, owner);"
        " END IF; END $$",
        f"GRANT USAGE ON SCHEMA public TO {REP}, {MANAGER}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(DATA_TABLES)} TO {REP}",
        f"GRANT SELECT ON {', '.join(DATA_TABLES)}, settings, alembic_version, store_revision TO {REP}, {MANAGER}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {REP}",
        # Each rep's settings are their own row (a manager's too): read and written only by them.
        f"GRANT INSERT, UPDATE ON settings TO {REP}, {MANAGER}",
        f"GRANT USAGE ON SEQUENCE settings_id_seq TO {REP}, {MANAGER}",
        # The revision token: every write statement draws a new one (an import draws one for all its rows).
        "CREATE OR REPLACE FUNCTION daymap_touch_revision() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = public AS $$ BEGIN "
        "IF coalesce(current_setting('daymap.bulk', true), 'off') <> 'on' THEN "
        "UPDATE store_revision SET token = floor(random() * 4e18)::bigint WHERE id = 1; END IF; "
        "RETURN NULL; END $$",
        f"GRANT UPDATE ON store_revision TO {REP}, {MANAGER}",  # an import draws one token (schema.one_revision)
    ]
    ddl += [
        # A row of account data takes its account's owner, whoever inserts it (a rep cannot claim another's).
        "CREATE OR REPLACE FUNCTION daymap_owner_of_account() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = public AS $$ BEGIN "
        "NEW.owner := (SELECT a.owner FROM account a WHERE a.id = NEW.account_id); RETURN NEW; END $$",
        # An account that changes hands takes everything under it along (a handover, or the DBA's update).
        "CREATE OR REPLACE FUNCTION daymap_account_changed_hands() RETURNS trigger LANGUAGE plpgsql "  # noqa: S608
        "SECURITY DEFINER SET search_path = public AS $$ BEGIN "  # (fixed table names, no input)
        + " ".join(f"UPDATE {t} SET owner = NEW.owner WHERE account_id = NEW.id;" for t in CHILD_TABLES)  # noqa: S608
        + " RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS account_changed_hands ON account",
        "CREATE TRIGGER account_changed_hands AFTER UPDATE OF owner ON account FOR EACH ROW "
        "WHEN (OLD.owner IS DISTINCT FROM NEW.owner) EXECUTE FUNCTION daymap_account_changed_hands()",
    ]
    for table in CHILD_TABLES:
        ddl += [
            f"DROP TRIGGER IF EXISTS {table}_owner ON {table}",
            f"CREATE TRIGGER {table}_owner BEFORE INSERT OR UPDATE OF account_id, owner ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION daymap_owner_of_account()",
            f"UPDATE {table} t SET owner = a.owner FROM account a "  # noqa: S608  (fixed names)
            "WHERE a.id = t.account_id AND t.owner IS DISTINCT FROM a.owner",
        ]
    for table in (*DATA_TABLES, "settings"):
        ddl += [
            f"DROP TRIGGER IF EXISTS {table}_revision ON {table}",
            f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION daymap_touch_revision()",
        ]
    rules = {
        "account": ("owner = current_user", "true"),
        "day": ("owner = current_user", "owner = current_user"),
        "contact_history": (
            "EXISTS (SELECT 1 FROM contact c JOIN account a ON a.id = c.account_id "
            "WHERE c.id = contact_id AND a.owner = current_user)",
            "true",
        ),
        **dict.fromkeys(CHILD_TABLES, (owns, "true")),
        "settings": (owns, "true"),  # a manager reads every rep's (the Team page); writes only their own, below
    }
    for table, (rep_rule, manager_rule) in rules.items():
        ddl += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS rep_own ON {table}",
            f"CREATE POLICY rep_own ON {table} TO {REP} USING ({rep_rule}) WITH CHECK ({rep_rule})",
            f"DROP POLICY IF EXISTS manager_reads ON {table}",
            f"CREATE POLICY manager_reads ON {table} FOR SELECT TO {MANAGER} USING ({manager_rule})",
            f"DROP POLICY IF EXISTS owner_all ON {table}",
            f"CREATE POLICY owner_all ON {table} TO {me} USING (true) WITH CHECK (true)",
        ]
    ddl += [
        "DROP POLICY IF EXISTS manager_own ON settings",
        f"CREATE POLICY manager_own ON settings TO {MANAGER} USING ({owns}) WITH CHECK ({owns})",
    ]
    ddl += [
        # A manager's only write: every account of one rep, with all that hangs under it, to another, at once.
        "CREATE OR REPLACE FUNCTION daymap_handover(from_rep text, to_rep text) RETURNS integer "  # noqa: S608
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$ DECLARE moved integer; BEGIN "
        f"IF NOT pg_has_role(session_user, '{MANAGER}', 'member') THEN "
        "RAISE EXCEPTION 'only a manager may hand accounts over' USING ERRCODE = '42501'; END IF; "
        "IF NOT EXISTS (SELECT FROM team_member WHERE role = to_rep AND NOT manager) THEN "
        "RAISE EXCEPTION 'not a rep: %', to_rep USING ERRCODE = '22023'; END IF; "
        "UPDATE account SET owner = to_rep, version = version + 1 WHERE owner = from_rep; "
        "GET DIAGNOSTICS moved = ROW_COUNT; RETURN moved; END $$",
        "REVOKE ALL ON FUNCTION daymap_handover(text, text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION daymap_handover(text, text) TO {MANAGER}",
        # What the team status needs of each rep's day (managers do not read the days themselves).
        "CREATE OR REPLACE FUNCTION daymap_team_days(on_day date) "  # noqa: S608  (fixed names)
        "RETURNS TABLE (owner text, confirmed boolean, capacity_minutes integer) "
        "LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ "
        f"SELECT d.owner::text, d.confirmed, d.capacity_minutes FROM day d WHERE d.date = on_day "
        f"AND pg_has_role(session_user, '{MANAGER}', 'member') $$",
        "REVOKE ALL ON FUNCTION daymap_team_days(date) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION daymap_team_days(date) TO {MANAGER}",
        "CREATE OR REPLACE FUNCTION daymap_reps() RETURNS TABLE (rep text) "  # noqa: S608  (fixed names)
        "LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ "
        "SELECT m.role FROM team_member m WHERE NOT m.manager "
        f"AND pg_has_role(session_user, '{MANAGER}', 'member') ORDER BY 1 $$",
        "REVOKE ALL ON FUNCTION daymap_reps() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION daymap_reps() TO {MANAGER}",
    ]
    return ddl


def _require_server(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        raise ValidationError("team", "team mode needs a PostgreSQL server: --db postgresql://USER@HOST/DATABASE")


def current_role(session: Session) -> str:
    return str(session.execute(text("SELECT current_user")).scalar())


def init(store: Store) -> str:
    """Create or upgrade the schema, roles, grants and policies (as the database's owner); returns the owner."""
    _require_server(store)
    prepare_schema(store)
    with store.write() as session:
        owner = current_role(session)
        for statement in _statements(owner):
            session.execute(text(statement))
    return owner


def check_role_name(name: str, path: str = "NAME") -> str:
    if not _ROLE_NAME.fullmatch(name) or name.startswith("pg_") or name in (REP, MANAGER):
        raise ValidationError(path, f"not a rep's name: {name!r} (lower-case letters, digits and _, at most 63)")
    return name


def add_rep(store: Store, name: str, password: str, *, manager: bool = False) -> None:
    """A login role for a rep (or a manager); the server stores the password as SCRAM."""
    _require_server(store)
    check_role_name(name)
    if not password or "\n" in password or len(password) > 1000:
        raise ValidationError("password", "give the password on standard input, one line")
    from psycopg import sql

    group = MANAGER if manager else REP
    with store.write() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        exists = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        verb = "ALTER ROLE {} LOGIN PASSWORD {}" if exists else "CREATE ROLE {} LOGIN PASSWORD {}"
        cursor = raw.cursor()  # identifiers and literals quoted by psycopg, never pasted
        try:
            cursor.execute("SET LOCAL password_encryption = 'scram-sha-256'")
            cursor.execute(sql.SQL(verb).format(sql.Identifier(name), sql.Literal(password)))
            cursor.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
            database = session.execute(text("SELECT current_database()")).scalar()
            cursor.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(str(database)),
                                                                               sql.Identifier(name)))  # fmt: skip
        finally:
            cursor.close()
        session.execute(
            text("INSERT INTO team_member (role, manager) VALUES (:r, :m) "
                 "ON CONFLICT (role) DO UPDATE SET manager = excluded.manager"),
            {"r": name, "m": manager},
        )  # fmt: skip


def handover(store: Store, rep: str, to: str) -> int:
    """(Managers) every account of ``rep``, with its steps, promises and waiting items, to ``to``: one transaction."""
    _require_server(store)
    check_role_name(rep, "REP")
    check_role_name(to, "--to")
    if rep == to:
        raise ValidationError("--to", "hand the accounts to someone else")
    with store.write() as session:
        moved = session.execute(text("SELECT daymap_handover(:a, :b)"), {"a": rep, "b": to}).scalar()
    return int(moved or 0)


@dataclass(frozen=True)
class RepStatus:
    rep: str
    accounts: int
    question_marks: int
    confirmed: bool
    promises_due: int
    promises_kept: int
    away: bool = False  # the day is one of the rep's days off (vacation, a holiday): away, not "not ready"
    capacity_minutes: int = 0  # the rep's capacity that day (the day's own, else their setting)
    busy_minutes: int = 0  # their calendar's busy time that day
    days_off: tuple[dt.date, ...] = ()  # their own days off from that day on

    def to_json(self) -> dict[str, Any]:
        """SPEC.md's row of ``team status --json``."""
        rate = None if not self.promises_due else round(self.promises_kept / self.promises_due, 4)
        return {
            "rep": self.rep,
            "accounts": self.accounts,
            "question_marks": self.question_marks,
            "ready": self.question_marks == 0,
            "confirmed": self.confirmed,
            "promises": {"due": self.promises_due, "kept": self.promises_kept, "rate": rate},
        }


def role_of(store: Store) -> str | None:
    """ "manager" or "rep" on a team's server; None for a store of one's own (SQLite, or no team set up)."""
    if store.engine.dialect.name != "postgresql":
        return None
    with store.read() as session:
        row = session.execute(
            text("SELECT pg_has_role(current_user, :m, 'member'), pg_has_role(current_user, :r, 'member')"),
            {"m": MANAGER, "r": REP},
        ).first()
    if row is None:
        return None
    return "manager" if row[0] else ("rep" if row[1] else None)


@dataclass(frozen=True)
class RepMorning:
    """A rep's morning as their manager sees it (read-only): the question marks and the accounts."""

    rep: str
    marks: tuple[QuestionMark, ...]
    accounts: tuple[tuple[str, str], ...]  # (id, name), by name


def _require_manager(session: Session) -> None:
    manager = session.execute(text("SELECT pg_has_role(current_user, :m, 'member')"), {"m": MANAGER}).scalar()
    if not manager:
        raise StoreError("not allowed: the team's status is for managers", problem="forbidden")


@dataclass(frozen=True)
class _RepDay:
    """What a rep's morning is judged by: their own settings, capacity and busy time (SPEC.md, team mode)."""

    settings: Settings
    capacity: int
    busy: int


def _rep_days(
    session: Session, day: dt.date, reps: Iterable[str], capacities: dict[str, int | None]
) -> dict[str, _RepDay]:
    """Each rep's own settings (a rep who never wrote theirs: the defaults), the day's capacity and busy time."""
    from organizer.rules.rows import calendar_spans
    from organizer.store.settings import every_reps

    stored = every_reps(session)
    found = {}
    for rep in reps:
        settings, calendar = stored.get(rep, (Settings(), {}))
        busy = sum(end - begin for begin, end in calendar_spans([calendar]).get(day, []))
        capacity = capacities.get(rep)
        found[rep] = _RepDay(settings, capacity if capacity is not None else settings.capacity_minutes, busy)
    return found


def _team_marks(
    session: Session, day: dt.date, owners: dict[str, str], reps: dict[str, _RepDay], *, every_account: bool
) -> dict[str, list[QuestionMark]]:
    """Every rep's question marks: the overdue steps in one pass (over every account the manager reads, or
    only ``owners``' accounts), the account kinds with each rep's own settings (the renewal window), and
    each rep's day against their own capacity and busy time, as the rep's own morning has them."""
    from organizer.rules import evaluate

    only = None if every_account else owners.keys()
    marks, today, _waiting = evaluate.due_steps(session, day, only)
    by_owner: dict[str, list[QuestionMark]] = {rep: [] for rep in {*owners.values(), *reps}}
    for mark in marks:
        if mark.account in owners:
            by_owner[owners[mark.account]].append(mark)
    accounts: dict[str, list[str]] = {}
    for account, owner in owners.items():
        accounts.setdefault(owner, []).append(account)
    for rep, rep_day in reps.items():
        if accounts.get(rep):
            by_owner[rep] += evaluate.account_marks(session, day, rep_day.settings, accounts[rep])
    planned = Counter[str]()
    for item in today:
        if item.account in owners:
            planned[owners[item.account]] += item.minutes or 0
    found = {}
    for rep, rep_marks in by_owner.items():
        rep_day = reps.get(rep) or _RepDay(Settings(), Settings().capacity_minutes, 0)
        found[rep] = evaluate.day_marks(rep_marks, planned[rep], rep_day.capacity, rep_day.busy)
    return found


def rep_morning(store: Store, rep: str, day: dt.date) -> RepMorning:
    """(Managers) one rep's morning, read-only: what ``team status`` counts, mark by mark."""
    _require_server(store)
    with store.read() as session:
        _require_manager(session)
        accounts = [
            (str(account_id), str(name))
            for account_id, name in session.execute(
                text("SELECT id, name FROM account WHERE owner = :rep ORDER BY lower(name)"), {"rep": rep}
            )
        ]
        days = session.execute(text("SELECT capacity_minutes FROM daymap_team_days(:d) WHERE owner = :rep"),
                               {"d": day, "rep": rep}).first()  # fmt: skip
        owners = dict.fromkeys((account_id for account_id, _name in accounts), rep)
        reps = _rep_days(session, day, [rep], {rep: days[0] if days else None})
        marks = _team_marks(session, day, owners, reps, every_account=False)
    return RepMorning(rep, tuple(marks.get(rep, [])), tuple(accounts))


def status(store: Store, day: dt.date) -> list[RepStatus]:
    """(Managers) one row per rep, each judged by their own settings: their morning's question marks, ready,
    confirmed, promises kept, accounts; away on a day off; their capacity, busy time and days off."""
    _require_server(store)
    from organizer.rules.insights import promises_of

    with store.read() as session:
        _require_manager(session)
        reps = [row[0] for row in session.execute(text("SELECT rep FROM daymap_reps()"))]
        rows = session.execute(text("SELECT owner, confirmed, capacity_minutes FROM daymap_team_days(:d)"), {"d": day})
        days = {owner: (confirmed, capacity) for owner, confirmed, capacity in rows}
        owners = {
            str(account_id): str(owner) for account_id, owner in session.execute(text("SELECT id, owner FROM account"))
        }
        rep_days = _rep_days(session, day, reps, {rep: capacity for rep, (_confirmed, capacity) in days.items()})
        marks = _team_marks(session, day, owners, rep_days, every_account=True)
        accounts = Counter(owners.values())
        found = []
        for rep in reps:
            confirmed, _capacity = days.get(rep, (False, None))
            due, kept = promises_of(session, day, rep)
            rep_day = rep_days[rep]
            found.append(
                RepStatus(
                    rep,
                    accounts[rep],
                    len(marks.get(rep, [])),
                    bool(confirmed),
                    due,
                    kept,
                    away=day in rep_day.settings.off,
                    capacity_minutes=rep_day.capacity,
                    busy_minutes=rep_day.busy,
                    days_off=tuple(d for d in rep_day.settings.days_off if d >= day),
                )
            )
    return found
