"""Companies and people from what reps already have: CRM exports (CSV) and vCards.

Read the file, map its columns (HubSpot, Salesforce and Pipedrive names are known),
then *plan*: which accounts and people will be added, which are already in Daymap or
repeated in the file, which rows are skipped and why. The plan is the preview (the
app's dialog, ``--dry-run``); applying it is one exchange-format import: backed up
first, all or nothing. Nothing already in Daymap is changed: people are added to
accounts that exist, nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.app.transfer.merge import ImportResult, import_document
from organizer.core import domain
from organizer.core.errors import ValidationError
from organizer.core.validate import text
from organizer.formats.crm_table import IGNORE as IGNORE  # re-exported: the import dialog and the CLI use them
from organizer.formats.crm_table import LIMITS, detect_crm, stage_of
from organizer.formats.crm_table import TARGETS as TARGETS
from organizer.formats.crm_table import Table as Table
from organizer.formats.crm_table import guess_mapping as guess_mapping
from organizer.formats.crm_table import parse_mapping as parse_mapping
from organizer.formats.crm_table import read as read
from organizer.formats.exchange import FORMAT, new_id
from organizer.store.database import Store
from organizer.store.models import Account, Contact

# --- the plan ----------------------------------------------------------------------------------------------


@dataclass
class NewAccount:
    id: str
    name: str
    row: int
    stage: str = "prospect"
    industry: str | None = None
    notes: str | None = None
    existing: bool = False


@dataclass(frozen=True)
class NewContact:
    id: str
    account: str  # the account's id (new or existing)
    account_name: str
    name: str
    row: int
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Duplicate:
    row: int
    what: str  # "account" or "person"
    name: str
    of: str  # "already in Daymap" or "row N"


@dataclass
class ImportPlan:
    """What importing a CRM table would do (the preview the rep checks), then applied as it stands."""

    source: str
    crm: str
    kind: str  # "companies" or "contacts" (a table mapped column by column), else the file's kind ("vcard")
    headers: tuple[str, ...]
    mapping: tuple[str, ...]
    rows: int
    accounts: list[NewAccount] = field(default_factory=list)  # new and matched (``existing``)
    contacts: list[NewContact] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    label: str = ""  # a file with fixed fields: what it is ("vCard file"); else it is told by its CRM and kind
    unit: str = "row"  # what a rep counts in the file: a CSV's rows, a vCard's cards

    @property
    def new_accounts(self) -> list[NewAccount]:
        return [a for a in self.accounts if not a.existing]

    @property
    def matched_accounts(self) -> list[NewAccount]:
        return [a for a in self.accounts if a.existing]

    @property
    def empty(self) -> bool:
        return not self.new_accounts and not self.contacts

    @property
    def unusable(self) -> bool:
        """Nothing in the file could be used (every row skipped, none matched or repeated): bad input, not a
        quiet "added nothing"."""
        return self.empty and bool(self.skipped) and not self.duplicates and not self.matched_accounts

    def summary(self) -> str:
        people = len(self.contacts)
        return (
            f"{len(self.new_accounts)} new account{'s' if len(self.new_accounts) != 1 else ''}, "
            f"{people} new {'person' if people == 1 else 'people'}"
        )

    def describe(self) -> str:
        """The preview as text (the CLI's output; the app shows the same in its dialog)."""
        label = self.label or f"{self.crm}-style {self.kind} export"
        article = "an" if label[:1].upper() in "AEIOU" else "a"
        lines = [f"{self.source}: {article} {label}, {self.rows} row{'s' if self.rows != 1 else ''}"]
        lines.extend(f"  note: {note}" for note in self.notes)
        if not self.label:  # mapped column by column: say how
            lines.append("Columns:")
            for header, target in zip(self.headers, self.mapping, strict=True):
                lines.append(f"  {header!r} → {TARGETS.get(target, '(not imported)')}")
        unit = self.unit
        lines.append(f"Will add {self.summary()}.")
        for account in self.new_accounts:
            lines.append(f"  + account {account.name} ({account.stage}, {unit} {account.row})")
        for contact in self.contacts:
            detail = ", ".join(p for p in (contact.title, contact.email) if p)
            lines.append(f"  + {contact.name}{f' ({detail})' if detail else ''} at {contact.account_name}")
        if self.matched_accounts:
            lines.append("Already in Daymap (left as they are; new people are added to them):")
            lines.extend(f"  = {a.name} ({unit} {a.row})" for a in self.matched_accounts)
        if self.duplicates:
            lines.append("Duplicates (not added):")
            lines.extend(f"  = {unit} {d.row}: {d.what} {d.name}, same as {d.of}" for d in self.duplicates)
        if self.skipped:
            lines.append("Skipped:")
            lines.extend(f"  - {unit} {row}: {reason}" for row, reason in self.skipped)
        return "\n".join(lines) + "\n"

    def to_document(self) -> dict[str, Any]:
        """The plan as an exchange-format document: new accounts whole, matched ones by id with new people."""
        people: dict[str, list[dict[str, Any]]] = {}
        for contact in self.contacts:
            person: dict[str, Any] = {"id": contact.id, "name": contact.name}
            for key in ("title", "email", "phone", "notes"):
                if getattr(contact, key):
                    person[key] = getattr(contact, key)
            people.setdefault(contact.account, []).append(person)
        accounts: list[dict[str, Any]] = []
        for account in self.accounts:
            if account.existing:
                if account.id in people:
                    accounts.append({"id": account.id, "contacts": people[account.id]})
                continue
            item: dict[str, Any] = {"id": account.id, "name": account.name, "stage": account.stage}
            if account.industry:
                item["industry"] = account.industry
            if account.notes:
                item["notes"] = account.notes
            item["contacts"] = people.get(account.id, [])
            accounts.append(item)
        return {"format": FORMAT, "accounts": accounts}


def _value(table: Table, row: int, cells: Sequence[str], columns: Mapping[str, int], target: str) -> str | None:
    if target not in columns:
        return None
    raw = cells[columns[target]].strip()
    if not raw:
        return None
    if target in LIMITS:
        where = f"{table.source}: row {row}, column {table.headers[columns[target]]!r}"
        text(LIMITS[target])(raw, where)
    return raw


_PERSON_DETAILS = ("contact.title", "contact.phone", "contact.notes")


def _value_or_none(cells: Sequence[str], columns: Mapping[str, int], target: str) -> str | None:
    return cells[columns[target]].strip() or None if target in columns else None


def plan(session: Session, table: Table, mapping: Sequence[str] | None = None) -> ImportPlan:
    """What importing ``table`` with ``mapping`` would add, match, skip: nothing is written."""
    chosen = (
        list(mapping) if mapping is not None else (list(table.fixed) if table.fixed else guess_mapping(table.headers))
    )
    if len(chosen) != len(table.headers):
        raise ValidationError("mapping", f"{len(chosen)} targets for {len(table.headers)} columns")
    columns: dict[str, int] = {}
    for index, target in enumerate(chosen):
        if target and target not in TARGETS:
            raise ValidationError("mapping", f"unknown field {target!r} (one of {', '.join(TARGETS)})")
        if target:
            if target in columns:
                raise ValidationError("mapping", f"two columns are imported as {TARGETS[target]}")
            columns[target] = index
    people = any(t.startswith("contact.") for t in columns)
    kind = table.kind if table.fixed else ("contacts" if people else "companies")
    if "account.name" not in columns:
        whose = "the company's name" if not people else "the person's company (every person belongs to an account)"
        raise ValidationError(table.source, f"no column holds {whose}: map one to “Account: name”")
    if people and not {"contact.name", "contact.first_name", "contact.last_name"} & set(columns):
        raise ValidationError(table.source, "no column holds the person's name (map one to a “Person” name)")
    result = ImportPlan(
        table.source,
        table.label.removesuffix(" file") if table.fixed else detect_crm(table.headers),
        kind,
        table.headers,
        tuple(chosen),
        len(table.rows),
        notes=list(table.notes),
        label=table.label if table.fixed else "",
        unit=table.unit,
    )
    if table.blank_rows:
        result.notes.append(f"{table.blank_rows} blank row{'s' if table.blank_rows != 1 else ''} ignored")
    result.skipped.extend(table.unreadable)  # named, and the rest still read
    unit = result.unit

    stored = {name.casefold(): account_id for account_id, name in session.execute(select(Account.id, Account.name))}
    accounts: dict[str, NewAccount] = {}
    known_people: dict[str, dict[str, str]] = {}  # account id → {email or name key: "already in Daymap" / "row N"}

    def people_of(account_id: str, existing: bool) -> dict[str, str]:
        if account_id not in known_people:
            known: dict[str, str] = {}
            if existing:
                for name, email in session.execute(
                    select(Contact.name, Contact.email).where(Contact.account_id == account_id)
                ):
                    known[f"name:{name.casefold()}"] = "a person already in Daymap"
                    if email:
                        known[f"email:{email.casefold()}"] = "a person already in Daymap"
            known_people[account_id] = known
        return known_people[account_id]

    for row, cells in table.rows:
        try:  # one row with a value Daymap cannot keep is skipped and named; the others are imported
            company = _value(table, row, cells, columns, "account.name")
            name = _value(table, row, cells, columns, "contact.name")
            if people and not name:
                parts = [_value(table, row, cells, columns, key) for key in ("contact.first_name", "contact.last_name")]
                name = " ".join(p for p in parts if p) or None
                if name:
                    text(domain.MAX_NAME)(name, f"{table.source}: row {row}, the person's name")
            email = _value(table, row, cells, columns, "contact.email")
            extra = {key: _value(table, row, cells, columns, key) for key in _PERSON_DETAILS}
        except ValidationError as error:
            where = error.path.partition(f"row {row}")[2].lstrip(", ")  # "column 'Name'", without the file and row
            result.skipped.append((row, f"{where}: {error.message}" if where else error.message))
            continue
        if people and not name and company and _value_or_none(cells, columns, "contact.email") is None:
            name = None  # a company's own entry (an Apple company card, a business in a contacts list): its account
        elif people and not name:
            result.skipped.append((row, "no name for the person"))
            continue
        if not company:
            who = f"{name}: " if name else ""
            result.skipped.append((row, f"{who}no company: in Daymap every person belongs to an account"))
            continue
        key = company.casefold()
        account = accounts.get(key)
        if account is None:
            existing_id = stored.get(key)
            account = NewAccount(existing_id or new_id("account"), company, row, existing=existing_id is not None)
            if not account.existing:
                stage = _value(table, row, cells, columns, "account.stage")
                account.stage = stage_of(stage) if stage else "prospect"
                account.industry = _value(table, row, cells, columns, "account.industry")
                account.notes = _value(table, row, cells, columns, "account.notes")
            accounts[key] = account
            result.accounts.append(account)
        elif not people or name is None:  # a company's row again (or a people file's row for the company alone)
            result.duplicates.append(Duplicate(row, "account", company, f"{unit} {account.row}"))
            continue
        if not people or name is None:
            continue
        known = people_of(account.id, account.existing)
        keys = [f"name:{name.casefold()}"] + ([f"email:{email.casefold()}"] if email else [])
        earlier = next((known[k] for k in keys if k in known), None)
        if earlier is not None:
            result.duplicates.append(Duplicate(row, "person", name, earlier))
            continue
        for k in keys:
            known[k] = f"{unit} {row}"
        result.contacts.append(
            NewContact(
                new_id("contact"),
                account.id,
                account.name,
                name,
                row,
                extra["contact.title"],
                email,
                extra["contact.phone"],
                extra["contact.notes"],
            )
        )
    return result


def apply(store: Store, planned: ImportPlan) -> ImportResult:
    """Write the plan: one import (backed up first), all or nothing."""
    if planned.empty:
        return ImportResult({}, {})
    return import_document(store, planned.to_document())
