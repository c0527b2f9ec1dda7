"""Companies and people from what reps already have: CRM exports (CSV) and vCards.

Read the file, map its columns (HubSpot, Salesforce and Pipedrive names are known),
then *plan*: which accounts and people will be added, which are already in Daymap or
repeated in the file, which rows are skipped and why. The plan is the preview (the
app's dialog, ``--dry-run``); applying it is one exchange-format import: backed up
first, all or nothing. Nothing already in Daymap is changed: people are added to
accounts that exist, nothing is overwritten.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from organizer.core import domain
from organizer.core.errors import ValidationError
from organizer.core.validate import text
from organizer.formats.exchange import FORMAT, ImportResult, import_document, new_id
from organizer.formats.vcard import VCARD_HEADERS, read_cards
from organizer.formats.vcard import VCARD_MAPPING as VCARD_MAPPING  # re-exported: the import dialog shows it
from organizer.store.database import Store
from organizer.store.models import Account, Contact

# The fields a column can be imported as, in the order the preview offers them.
TARGETS: dict[str, str] = {
    "account.name": "Account: name",
    "account.industry": "Account: industry",
    "account.stage": "Account: stage",
    "account.notes": "Account: notes",
    "contact.name": "Person: full name",
    "contact.first_name": "Person: first name",
    "contact.last_name": "Person: last name",
    "contact.title": "Person: job title",
    "contact.email": "Person: email",
    "contact.phone": "Person: phone",
    "contact.notes": "Person: notes",
}
IGNORE = ""  # a column that is not imported

LIMITS = {
    "account.name": domain.MAX_NAME,
    "account.industry": domain.MAX_SHORT,
    "account.notes": domain.MAX_TEXT,
    "contact.name": domain.MAX_NAME,
    "contact.title": domain.MAX_SHORT,
    "contact.email": domain.MAX_SHORT,
    "contact.phone": domain.MAX_SHORT,
    "contact.notes": domain.MAX_TEXT,
}

# Column names as CRMs write them (normalised: lower case, punctuation as spaces).
_ACCOUNT_NAMES = {
    "company name", "company", "account name", "account", "organization name", "organization",
    "organisation name", "organisation", "associated company", "person organization", "person organisation",
    "primary company", "employer",
}  # fmt: skip
_ALIASES: dict[str, str] = {
    "industry": "account.industry",
    "organization industry": "account.industry",
    "lifecycle stage": "account.stage",
    "type": "account.stage",
    "account type": "account.stage",
    "description": "account.notes",
    "company description": "account.notes",
    "full name": "contact.name",
    "contact name": "contact.name",
    "contact full name": "contact.name",
    "person name": "contact.name",
    "first name": "contact.first_name",
    "firstname": "contact.first_name",
    "given name": "contact.first_name",
    "person first name": "contact.first_name",
    "last name": "contact.last_name",
    "lastname": "contact.last_name",
    "surname": "contact.last_name",
    "family name": "contact.last_name",
    "person last name": "contact.last_name",
    "job title": "contact.title",
    "title": "contact.title",
    "position": "contact.title",
    "person job title": "contact.title",
    "notes": "contact.notes",
}
_CLIENT_STAGES = {"customer", "client", "won", "customer direct", "customer channel", "active customer"}
_FORMER_STAGES = {"former customer", "former client", "churned", "former", "lost customer", "inactive customer"}


def normalise(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def stage_of(value: str) -> str:
    key = normalise(value)
    if key in _CLIENT_STAGES:
        return "client"
    if key in _FORMER_STAGES:
        return "former"
    return "prospect"


@dataclass(frozen=True)
class Table:
    """A file read into rows of text: what the mapping and the plan work on."""

    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line or card number, cells)
    blank_rows: int = 0
    kind: str = "csv"  # csv or vcard
    notes: tuple[str, ...] = ()

    def sample(self, column: int) -> str:
        """The first non-empty value of a column, for the preview."""
        return next((cells[column] for _n, cells in self.rows if column < len(cells) and cells[column].strip()), "")


# --- reading --------------------------------------------------------------------------------------------


def _decode(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError as error:
            raise ValidationError(
                source, f"not UTF-16 text as its start says: {error.reason} at byte {error.start}"
            ) from error
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), (f"{source} is not UTF-8: read as Windows-1252",)


def read_csv(data: bytes, source: str = "file") -> Table:
    """A CSV export: BOMs, quoted commas and newlines, ``;`` or tab separators, blank rows."""
    content, notes = _decode(data, source)
    if "\x00" in content:
        raise ValidationError(source, "not a CSV file (it contains binary data)")
    try:
        dialect: Any = csv.Sniffer().sniff(content[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content, newline=""), dialect)
    lines: list[tuple[int, list[str]]] = []
    try:
        # Rows are numbered as a spreadsheet shows them (the header is row 1), not by text line:
        # a quoted cell may span lines.
        for row in reader:
            lines.append((len(lines) + 1, row))
    except csv.Error as error:
        raise ValidationError(f"{source}: line {reader.line_num}", f"not valid CSV: {error}") from error
    header_at = next((i for i, (_n, row) in enumerate(lines) if any(cell.strip() for cell in row)), None)
    if header_at is None:
        raise ValidationError(source, "the file is empty: no header row")
    headers = tuple(cell.strip() for cell in lines[header_at][1])
    rows: list[tuple[int, tuple[str, ...]]] = []
    blank = 0
    for number, row in lines[header_at + 1 :]:
        if not any(cell.strip() for cell in row):
            blank += 1
            continue
        cells = tuple(cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in row[: len(headers)])
        rows.append((number, cells + ("",) * (len(headers) - len(cells))))
    return Table(source, headers, tuple(rows), blank, "csv", notes)


def detect_crm(headers: Sequence[str]) -> str:
    keys = {normalise(h) for h in headers}
    if any(k.startswith(("person ", "organization ", "organisation ", "deal ")) for k in keys):
        return "Pipedrive"
    if keys & {"record id", "lifecycle stage", "company domain name", "associated company", "contact owner"}:
        return "HubSpot"
    if keys & {"account id", "contact id", "account name", "mailing street", "billing street", "account owner"}:
        return "Salesforce"
    return "CRM"


def is_contacts(headers: Sequence[str]) -> bool:
    """A file of people (else of companies): it has name parts or an email column."""
    keys = [normalise(h) for h in headers]
    person = {"first name", "last name", "full name", "contact name", "person name", "firstname", "lastname"}
    return any(k in person or k.startswith(("email", "person email", "e mail")) for k in keys)


def guess_mapping(headers: Sequence[str]) -> list[str]:
    """The target of each column (IGNORE when unknown); each target is taken by its first column only."""
    contacts = is_contacts(headers)
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = normalise(header)
        target = _ALIASES.get(key, IGNORE)
        if key in _ACCOUNT_NAMES:
            target = "account.name"
        elif key == "name":
            target = "contact.name" if contacts else "account.name"
        elif key.startswith(("email", "e mail", "person email", "work email")):
            target = "contact.email"
        elif key.startswith(("phone", "mobile", "person phone", "work phone", "telephone")):
            target = "contact.phone" if contacts else IGNORE
        if target == "contact.notes" and not contacts:
            target = "account.notes"
        if target == "account.notes" and contacts:
            target = "contact.notes"  # a people export's description is about the person
        if target in taken:
            target = IGNORE
        if target:
            taken.add(target)
        mapping.append(target)
    return mapping


def read_vcards(data: bytes, source: str = "file") -> Table:
    """vCard 2.1, 3.0 and 4.0 contacts, one row per card (FN or N, ORG, TITLE, EMAIL, TEL, NOTE)."""
    content, notes = _decode(data, source)
    return Table(source, VCARD_HEADERS, tuple(read_cards(content, source)), 0, "vcard", notes)


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
class Plan:
    source: str
    crm: str
    kind: str  # "companies", "contacts" or "vcard"
    headers: tuple[str, ...]
    mapping: tuple[str, ...]
    rows: int
    accounts: list[NewAccount] = field(default_factory=list)  # new and matched (``existing``)
    contacts: list[NewContact] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def new_accounts(self) -> list[NewAccount]:
        return [a for a in self.accounts if not a.existing]

    @property
    def matched_accounts(self) -> list[NewAccount]:
        return [a for a in self.accounts if a.existing]

    @property
    def empty(self) -> bool:
        return not self.new_accounts and not self.contacts

    def summary(self) -> str:
        people = len(self.contacts)
        return (
            f"{len(self.new_accounts)} new account{'s' if len(self.new_accounts) != 1 else ''}, "
            f"{people} new {'person' if people == 1 else 'people'}"
        )

    def describe(self) -> str:
        """The preview as text (the CLI's output; the app shows the same in its dialog)."""
        label = "vCard file" if self.kind == "vcard" else f"{self.crm}-style {self.kind} export"
        lines = [f"{self.source}: a {label}, {self.rows} row{'s' if self.rows != 1 else ''}"]
        lines.extend(f"  note: {note}" for note in self.notes)
        if self.kind != "vcard":
            lines.append("Columns:")
            for header, target in zip(self.headers, self.mapping, strict=True):
                lines.append(f"  {header!r} → {TARGETS.get(target, '(not imported)')}")
        lines.append(f"Will add {self.summary()}.")
        for account in self.new_accounts:
            lines.append(f"  + account {account.name} ({account.stage}, row {account.row})")
        for contact in self.contacts:
            detail = ", ".join(p for p in (contact.title, contact.email) if p)
            lines.append(f"  + {contact.name}{f' ({detail})' if detail else ''} at {contact.account_name}")
        if self.matched_accounts:
            lines.append("Already in Daymap (left as they are; new people are added to them):")
            lines.extend(f"  = {a.name} (row {a.row})" for a in self.matched_accounts)
        if self.duplicates:
            lines.append("Duplicates (not added):")
            lines.extend(f"  = row {d.row}: {d.what} {d.name}, same as {d.of}" for d in self.duplicates)
        if self.skipped:
            lines.append("Skipped:")
            lines.extend(f"  - row {row}: {reason}" for row, reason in self.skipped)
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


def plan(session: Session, table: Table, mapping: Sequence[str] | None = None) -> Plan:
    """What importing ``table`` with ``mapping`` would add, match, skip: nothing is written."""
    chosen = (
        list(mapping)
        if mapping is not None
        else (VCARD_MAPPING if table.kind == "vcard" else guess_mapping(table.headers))
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
    people = table.kind == "vcard" or any(t.startswith("contact.") for t in columns)
    kind = "vcard" if table.kind == "vcard" else ("contacts" if people else "companies")
    if "account.name" not in columns:
        whose = "the company's name" if not people else "the person's company (every person belongs to an account)"
        raise ValidationError(table.source, f"no column holds {whose}: map one to “Account: name”")
    if people and not {"contact.name", "contact.first_name", "contact.last_name"} & set(columns):
        raise ValidationError(table.source, "no column holds the person's name (map one to a “Person” name)")
    result = Plan(
        table.source,
        "vCard" if table.kind == "vcard" else detect_crm(table.headers),
        kind,
        table.headers,
        tuple(chosen),
        len(table.rows),
        notes=list(table.notes),
    )
    if table.blank_rows:
        result.notes.append(f"{table.blank_rows} blank row{'s' if table.blank_rows != 1 else ''} ignored")

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
        company = _value(table, row, cells, columns, "account.name")
        name = _value(table, row, cells, columns, "contact.name")
        if people and not name:
            parts = [_value(table, row, cells, columns, key) for key in ("contact.first_name", "contact.last_name")]
            name = " ".join(p for p in parts if p) or None
            if name:
                text(domain.MAX_NAME)(name, f"{table.source}: row {row}, the person's name")
        if people and not name:
            result.skipped.append((row, "no name for the person"))
            continue
        if not company:
            result.skipped.append((row, "no company: in Daymap every person belongs to an account"))
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
        elif not people:
            result.duplicates.append(Duplicate(row, "account", company, f"row {account.row}"))
            continue
        if not people or name is None:
            continue
        email = _value(table, row, cells, columns, "contact.email")
        known = people_of(account.id, account.existing)
        keys = [f"name:{name.casefold()}"] + ([f"email:{email.casefold()}"] if email else [])
        earlier = next((known[k] for k in keys if k in known), None)
        if earlier is not None:
            result.duplicates.append(Duplicate(row, "person", name, earlier))
            continue
        for k in keys:
            known[k] = f"row {row}"
        result.contacts.append(
            NewContact(
                new_id("contact"),
                account.id,
                account.name,
                name,
                row,
                _value(table, row, cells, columns, "contact.title"),
                email,
                _value(table, row, cells, columns, "contact.phone"),
                _value(table, row, cells, columns, "contact.notes"),
            )
        )
    return result


def apply(store: Store, planned: Plan) -> ImportResult:
    """Write the plan: one import (backed up first), all or nothing."""
    if planned.empty:
        return ImportResult({}, {})
    return import_document(store, planned.to_document())


def read(data: bytes, source: str, kind: str | None = None) -> Table:
    """A CSV or vCard file, told apart by its name or its first line."""
    vcard = kind == "vcard" or (
        kind is None and (source.lower().endswith((".vcf", ".vcard")) or data.lstrip()[:11].upper() == b"BEGIN:VCARD")
    )
    return read_vcards(data, source) if vcard else read_csv(data, source)


def parse_mapping(pairs: Iterable[str], headers: Sequence[str], guessed: Sequence[str]) -> list[str]:
    """``--map "Column=field"`` overrides (field ``-`` to leave a column out) on top of the guess."""
    mapping = list(guessed)
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep:
            raise ValidationError("--map", f"expected COLUMN=FIELD (got {pair!r})")
        if column.strip() not in headers:
            raise ValidationError("--map", f"no column {column.strip()!r} in the file (it has {', '.join(headers)})")
        target = target.strip()
        target = IGNORE if target in ("-", "") else (target if "." in target else f"contact.{target}")
        if target and target not in TARGETS:
            raise ValidationError("--map", f"unknown field {target!r} (one of {', '.join(TARGETS)})")
        index = headers.index(column.strip())
        mapping = [IGNORE if t == target and target else t for t in mapping]
        mapping[index] = target
    return mapping
