"""Reading vCard files (2.1, 3.0, 4.0) as the phones and mail programs write them: one row per card.

The content lines are read here, not by vobject: vobject cut a value at its first comma (an FN of
"Mr. John Richter, James Doe Sr." became "Mr. John Richter"), refused a whole file for one card's
broken photo or a legal ``PROFILE:VCard`` line, read quoted-printable without a charset only as UTF-8,
and logged hundreds of lines to the terminal. The grammar Daymap needs is small (RFC 2425/2426/6350 and
vCard 2.1): lines unfolded, ``group.NAME;PARAM=V;BARE:value``, quoted-printable and charsets decoded,
``\\,`` ``\\;`` ``\\\\`` ``\\n`` unescaped, structured values split on unescaped ``;``. Only the fields the
import maps are read (name, company, title, work e-mail and phone, note); photos and the rest are
never decoded, so a broken one cannot spoil its card.

A card that cannot be read is named with why (``Unreadable``); the others are still read.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from organizer.core.errors import ValidationError

VCARD_HEADERS = ("Name", "Organization", "Title", "Email", "Phone", "Note")
VCARD_MAPPING = ["contact.name", "account.name", "contact.title", "contact.email", "contact.phone", "contact.notes"]
_BEGIN = re.compile(r"(?i)^\s*begin:vcard\s*$")
_END = re.compile(r"(?i)^\s*end:vcard\s*$")
_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")  # an optional group ("item1."), then the name
WANTED = frozenset({"FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "NOTE", "X-ABSHOWAS", "KIND", "VERSION"})


@dataclass
class ContentLine:
    name: str  # upper case, without its group
    params: dict[str, list[str]]  # upper-case names; a 2.1 bare parameter ("WORK") is a TYPE
    value: str  # decoded (quoted-printable, charset), still escaped


@dataclass
class Card:
    number: int  # its place in the file, from 1
    line: int  # the line of its BEGIN:VCARD
    lines: list[ContentLine] = field(default_factory=list)

    def first(self, name: str) -> ContentLine | None:
        return next((line for line in self.lines if line.name == name), None)

    def all(self, name: str) -> list[ContentLine]:
        return [line for line in self.lines if line.name == name]


# --- the file into cards, a card into content lines --------------------------------------------------------


def _unfolded(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Logical lines with their first physical line's number: a line starting with a space or a tab goes on
    the one before (RFC 6350 3.2); a quoted-printable value ending in ``=`` goes on to the next (vCard 2.1)."""
    current: tuple[int, str] | None = None
    for number, raw in enumerate(lines, start=1):
        if current is not None and _quoted_printable(current[1]) and current[1].endswith("="):
            current = (current[0], current[1][:-1] + raw)  # a soft line break: a leading space is the value's
            continue
        if current is not None and raw[:1] in (" ", "\t"):
            current = (current[0], current[1] + raw[1:])
            continue
        if current is not None:
            yield current
        current = (number, raw)
    if current is not None:
        yield current


def _quoted_printable(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def split_cards(content: str, source: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each card's logical lines, by the line its BEGIN:VCARD is on. A card never closed is an error naming its
    line (nothing is read from a file cut short); so is a file with no card at all."""
    cards: list[tuple[int, list[tuple[int, str]]]] = []
    opened: tuple[int, list[tuple[int, str]]] | None = None
    for number, line in _unfolded(content.splitlines()):
        if _BEGIN.match(line):
            if opened is not None:
                raise ValidationError(
                    f"{source}: line {number}", f"a new card begins before the card of line {opened[0]} ends"
                )
            opened = (number, [])
        elif _END.match(line):
            if opened is None:
                raise ValidationError(f"{source}: line {number}", "END:VCARD without a card to end")
            cards.append(opened)
            opened = None
        elif opened is not None:
            opened[1].append((number, line))
    if opened is not None:
        raise ValidationError(f"{source}: line {opened[0]}", "this card is never closed (no END:VCARD)")
    if not cards:
        raise ValidationError(source, "not a vCard file: no BEGIN:VCARD found")
    return cards


def _params(text: str) -> dict[str, list[str]]:
    """``TYPE=WORK,PREF;CHARSET=UTF-8;INTERNET`` → {"TYPE": ["WORK", "PREF", "INTERNET"], "CHARSET": ["UTF-8"]}."""
    found: dict[str, list[str]] = {}
    for part in re.findall(r'(?:[^;"]|"[^"]*")+', text):
        name, sep, value = part.partition("=")
        if not sep:  # vCard 2.1: a bare type, or a bare encoding
            bare = name.strip().upper()
            key = "ENCODING" if bare in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B") else "TYPE"
            found.setdefault(key, []).append(bare)
            continue
        key = name.strip().upper()
        values = [v.strip().strip('"') for v in re.findall(r'(?:[^,"]|"[^"]*")+', value)]
        found.setdefault(key, []).extend(v.upper() if key == "TYPE" else v for v in values)
    return found


def _decode(raw: str, params: dict[str, list[str]]) -> str:
    """Quoted-printable decoded in the charset the line names, else UTF-8, else Windows-1252 (The Bat! and
    Outlook write "Iksi=F1ski" without one)."""
    encoding = {value.upper() for value in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" not in encoding:
        return raw
    data = quopri.decodestring(raw.encode("latin-1", errors="replace"))
    for charset in (*params.get("CHARSET", []), "utf-8", "cp1252"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def parse_card(number: int, begin: int, lines: list[tuple[int, str]]) -> Card:
    """A card's content lines (the ones the import reads; the others are not decoded at all)."""
    card = Card(number, begin)
    for _line, text in lines:
        head, sep, value = text.partition(":")
        if not sep:
            continue  # a base64 photo's bare line, a stray blank: nothing the import reads
        match = _NAME.match(head)
        if match is None:
            continue
        name = match.group(1).upper()
        if name not in WANTED:
            continue
        params = _params(head[match.end() :].lstrip(";"))
        card.lines.append(ContentLine(name, params, _decode(value, params)))
    return card


# --- values -----------------------------------------------------------------------------------------------


def unescape(value: str) -> str:
    """RFC 6350 3.4: ``\\,`` ``\\;`` ``\\:`` ``\\\\`` are the characters, ``\\n`` (``\\N``) a new line."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value, flags=re.DOTALL)


def components(value: str) -> list[str]:
    """A structured value (N, ORG) split on the semicolons that are not escaped, each part unescaped."""
    return [unescape(part) for part in re.split(r"(?<!\\);", value)]


def _clean(text: str) -> str:
    return " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split(" ")).strip()


def _kinds(line: ContentLine) -> set[str]:
    return {v.upper() for v in line.params.get("TYPE", [])} | ({"PREF"} if "PREF" in line.params else set())


def _preferred(card: Card, name: str) -> str:
    """The work value of EMAIL / TEL, else the preferred one, else the first."""
    lines = card.all(name)
    for wanted in ("WORK", "PREF"):
        for line in lines:
            if wanted in _kinds(line):
                return _clean(unescape(line.value))
    return _clean(unescape(lines[0].value)) if lines else ""


def is_company(card: Card) -> bool:
    """A company's own card (Apple's X-ABShowAs:COMPANY, vCard 4's KIND:org): an account, not a person."""
    shown = card.first("X-ABSHOWAS")
    kind = card.first("KIND")
    return (shown is not None and shown.value.strip().upper() == "COMPANY") or (
        kind is not None and kind.value.strip().lower() == "org"
    )


def row_of(card: Card) -> tuple[str, ...]:
    """The six cells (name, organization, title, e-mail, phone, note); a company's card has no person's name."""
    org = card.first("ORG")
    organization = _clean(components(org.value)[0]) if org is not None else ""
    full = ""
    fn = card.first("FN")
    if fn is not None:
        full = _clean(unescape(fn.value))
    n = card.first("N")
    if not full and n is not None:
        parts = components(n.value) + [""] * 5
        full = " ".join(p for p in (_clean(parts[1]), _clean(parts[2]), _clean(parts[0])) if p)
    if is_company(card):
        organization = organization or full
        full = ""
    title = card.first("TITLE")
    note = card.first("NOTE")
    email = _preferred(card, "EMAIL").removeprefix("mailto:")
    phone = _preferred(card, "TEL").removeprefix("tel:")
    if is_company(card):
        email = phone = ""  # the company's own address and number (info@…): nobody's to keep as a person
    return (
        full,
        organization,
        _clean(unescape(title.value)) if title is not None else "",
        email,
        phone,
        unescape(note.value).replace("\r\n", "\n").strip() if note is not None else "",
    )


@dataclass(frozen=True)
class Unreadable:
    number: int  # the card's place in the file
    why: str


def read_cards(content: str, source: str) -> tuple[list[tuple[int, tuple[str, ...]]], list[Unreadable]]:
    """(card number, the six cells) for every card that reads, and each card that does not, with why."""
    rows: list[tuple[int, tuple[str, ...]]] = []
    unreadable: list[Unreadable] = []
    for number, (begin, lines) in enumerate(split_cards(content, source), start=1):
        try:
            cells = row_of(parse_card(number, begin, lines))
        except (ValueError, UnicodeError, LookupError, IndexError) as error:
            unreadable.append(Unreadable(number, f"card of line {begin} cannot be read ({error})"))
            continue
        if any("\x00" in cell for cell in cells):
            unreadable.append(Unreadable(number, f"card of line {begin} holds binary data, not text"))
            continue
        rows.append((number, cells))
    return rows, unreadable
