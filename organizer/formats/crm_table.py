"""A CRM's export, or a vCard file, as a table: decoded, its columns named, their mapping guessed.

HubSpot, Salesforce and Pipedrive column names are known; ``--map`` (and the import dialog)
override the guess. What the rows will become is ``organizer.app.transfer.crm``'s plan.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from organizer.core import domain
from organizer.core.errors import ValidationError
from organizer.formats import registry
from organizer.formats.contact_columns import DERIVED_EMAIL, DERIVED_PHONE, derive, derived_cell, family, normalise
from organizer.formats.vcard import VCARD_HEADERS, VCARD_MAPPING, read_cards

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
    "primary company", "employer", "organization 1 name", "company name 1",
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
    "organization 1 title": "contact.title",
    "organization title": "contact.title",
    "display name": "contact.name",
    "person job title": "contact.title",
    "notes": "contact.notes",
}
_DERIVED_TARGETS = {DERIVED_EMAIL: "contact.email", DERIVED_PHONE: "contact.phone"}
_CLIENT_STAGES = {"customer", "client", "won", "customer direct", "customer channel", "active customer"}
_FORMER_STAGES = {"former customer", "former client", "churned", "former", "lost customer", "inactive customer"}


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
    kind: str = "csv"  # its FileKind's key (formats/registry): csv, vcard …
    notes: tuple[str, ...] = ()
    unreadable: tuple[tuple[int, str], ...] = ()  # (row or card number, why): skipped, named, the rest read
    fixed: tuple[str, ...] = ()  # a format whose fields are its own (a vCard's): the mapping, not guessed
    label: str = ""  # what the preview calls a file with fixed fields ("vCard file")
    unit: str = "row"  # what a rep counts in it: a CSV's rows, a vCard's cards

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
    filled = [i for i, (_n, row) in enumerate(lines) if any(cell.strip() for cell in row)]
    if not filled:
        raise ValidationError(source, "the file is empty: no header row")
    # LinkedIn's export starts with a few lines of notes: the header is the first row of several columns.
    header_at = next((i for i in filled if sum(1 for cell in lines[i][1] if cell.strip()) > 1), filled[0])
    headers = tuple(cell.strip() for cell in lines[header_at][1])
    rows: list[tuple[int, tuple[str, ...]]] = []
    unreadable: list[tuple[int, str]] = []
    blank = 0
    for number, row in lines[header_at + 1 :]:
        if not any(cell.strip() for cell in row):
            blank += 1
            continue
        problem = _field_count(row, headers)
        if problem is not None:
            unreadable.append((number, problem))
            continue
        cells = tuple(cell.replace("\r\n", "\n").replace("\r", "\n").strip() for cell in row[: len(headers)])
        rows.append((number, cells + ("",) * (len(headers) - len(cells))))
    headers, rows = _with_derived(headers, rows)
    return Table(source, headers, tuple(rows), blank, "csv", notes, tuple(unreadable))


def _field_count(row: Sequence[str], headers: Sequence[str]) -> str | None:
    """Why a row's fields would land in the wrong columns, or None: a row as long as the header (give or take
    empty cells under empty headers, or past the last one) is read."""
    if len(row) == len(headers):
        return None
    if len(row) < len(headers) and not any(h.strip() for h in headers[len(row) :]):
        return None
    if len(row) > len(headers) and not any(cell.strip() for cell in row[len(headers) :]):
        return None
    return (
        f"it has {len(row)} fields where the header has {len(headers)}: not imported, so no value lands in "
        "another column"
    )


def _with_derived(
    headers: tuple[str, ...], rows: list[tuple[int, tuple[str, ...]]]
) -> tuple[tuple[str, ...], list[tuple[int, tuple[str, ...]]]]:
    """The person's e-mail and phone, each row's work one first, as columns of their own (contact_columns)."""
    derived = derive(headers)
    if not derived:
        return headers, rows
    extended = [
        (number, cells + tuple(derived_cell(cells, sources, name == DERIVED_PHONE) for name, sources in derived))
        for number, cells in rows
    ]
    return headers + tuple(name for name, _sources in derived), extended


def detect_crm(headers: Sequence[str]) -> str:
    known = family(headers)
    if known is not None:
        return known
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
    """The target of each column (IGNORE when unknown); each target is taken by its first column only, and a
    person's e-mail and phone by their derived column where the export spreads them (contact_columns)."""
    contacts = is_contacts(headers)
    keys = [normalise(h) for h in headers]
    taken: set[str] = {target for header, target in _DERIVED_TARGETS.items() if header in headers}
    if "job title" in keys or "organization 1 title" in keys or "organization title" in keys:
        taken.add("honorific")  # Outlook's "Title" is "Mr." beside its "Job Title"
    mapping = []
    for header in headers:
        key = normalise(header)
        if header in _DERIVED_TARGETS:
            mapping.append(_DERIVED_TARGETS[header])
            continue
        if key == "title" and "honorific" in taken:
            mapping.append(IGNORE)
            continue
        target = _ALIASES.get(key, IGNORE)
        if key in _ACCOUNT_NAMES:
            target = "account.name"
        elif key == "name":
            target = "contact.name" if contacts else "account.name"
        elif key.startswith(("email", "e mail", "person email", "work email", "primary email")):
            target = "contact.email"
        elif key.startswith(("phone", "mobile", "person phone", "work phone", "telephone", "business phone")):
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


def _utf16_without_a_mark(data: bytes) -> str | None:
    """UTF-16 that does not say so (no byte-order mark): ASCII text with a NUL beside every character."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def _decode_vcards(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    """A vCard file's text: UTF-16 with or without its mark; else each line UTF-8, or Windows-1252 where it is
    not (one card with a bad byte does not turn every other card's names into mojibake)."""
    wide = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_a_mark(data)
    if wide is not None:
        try:
            return data.decode(wide), ()
        except UnicodeDecodeError as error:
            raise ValidationError(source, f"not UTF-16 text: {error.reason} at byte {error.start}") from error
    lines, guessed = [], 0
    for line in data.removeprefix(b"\xef\xbb\xbf").split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            guessed += 1
    notes = (f"{guessed} line{'s' * (guessed != 1)} of {source} not UTF-8: read as Windows-1252",) if guessed else ()
    return "\n".join(lines), notes


def read_vcards(data: bytes, source: str = "file") -> Table:
    """vCard 2.1, 3.0 and 4.0 contacts, one row per card (FN or N, ORG, TITLE, EMAIL, TEL, NOTE); a card that
    cannot be read is named in ``unreadable`` and the others are read."""
    content, notes = _decode_vcards(data, source)
    rows, unreadable = read_cards(content, source)
    skipped = tuple((card.number, card.why) for card in unreadable)
    fields = tuple(VCARD_MAPPING)  # a vCard's fields are the format's own
    return Table(source, VCARD_HEADERS, tuple(rows), 0, "vcard", notes, skipped, fields, "vCard file", "card")


def read(data: bytes, source: str, kind: str | None = None) -> Table:
    """A contacts file of the kind named (a key of ``registry.CONTACT_KINDS``), else told by its name or its
    first bytes (a CSV otherwise), read by that kind's reader."""
    import importlib

    chosen = registry.contacts_kind(source, data, kind)
    module, _, function = chosen.reader.partition(":")
    table: Table = getattr(importlib.import_module(module), function)(data, source)
    return table


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
