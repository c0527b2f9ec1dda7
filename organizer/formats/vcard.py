"""Reading vCard files (2.1, 3.0, 4.0) with vobject: one row per card for the CRM import.

The card structure is vobject's; this module only checks that every card is closed
(so a missing END:VCARD is reported with its line, never dropped silently) and picks
the fields the import maps: name, company, title, work e-mail and phone, note.
"""

from __future__ import annotations

import re
from typing import Any

from organizer.core.errors import ValidationError

VCARD_HEADERS = ("Name", "Organization", "Title", "Email", "Phone", "Note")
VCARD_MAPPING = ["contact.name", "account.name", "contact.title", "contact.email", "contact.phone", "contact.notes"]
_BEGIN = re.compile(r"(?i)^begin:vcard\s*$")
_END = re.compile(r"(?i)^end:vcard\s*$")
_QUOTED_PRINTABLE = re.compile(r"(?i)^[^:]*;(?:encoding=)?quoted-printable[;:]")


def join_soft_line_breaks(content: str) -> str:
    """vCard 2.1's quoted-printable values go on after a line ending in ``=`` (a soft line break).

    Android and older phones write long names that way; vobject reads only the first line of
    such a value, so the value's lines are joined first (the ``=`` dropped, as quoted-printable
    means). Nothing else is touched; a card's END is never swallowed.
    """
    lines = content.splitlines()
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if _QUOTED_PRINTABLE.match(line):
            while line.endswith("=") and index < len(lines) and not _END.match(lines[index]):
                line = line[:-1] + lines[index]
                index += 1
        joined.append(line)
    return "\r\n".join(joined) + "\r\n"


def _check_cards_closed(content: str, source: str) -> int:
    """Every BEGIN:VCARD has its END:VCARD before the next card begins; returns how many cards."""
    opened_at: int | None = None
    cards = 0
    for number, line in enumerate(content.splitlines(), start=1):
        if _BEGIN.match(line):
            if opened_at is not None:
                raise ValidationError(
                    f"{source}: line {number}", f"a new card begins before the card of line {opened_at} ends"
                )
            opened_at = number
            cards += 1
        elif _END.match(line):
            if opened_at is None:
                raise ValidationError(f"{source}: line {number}", "END:VCARD without a card to end")
            opened_at = None
    if opened_at is not None:
        raise ValidationError(f"{source}: line {opened_at}", "this card is never closed (no END:VCARD)")
    if cards == 0:
        raise ValidationError(source, "not a vCard file: no BEGIN:VCARD found")
    return cards


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if v)
    return str(value or "").strip()


def _preferred(card: Any, name: str) -> str:
    """The work or preferred value of EMAIL / TEL, else the first."""
    lines = card.contents.get(name, [])
    for line in lines:
        marks = " ".join(str(v) for values in line.params.values() for v in values).upper()
        if "WORK" in marks or "PREF" in marks or "PREF" in (k.upper() for k in line.params):
            return _text(line.value)
    return _text(lines[0].value) if lines else ""


def _row(card: Any) -> tuple[str, ...]:
    contents = card.contents
    full = _text(contents["fn"][0].value) if "fn" in contents else ""
    if not full and "n" in contents:
        name = contents["n"][0].value
        full = " ".join(p for p in (_text(name.given), _text(name.family)) if p)
    organization = ""
    if "org" in contents:
        org = contents["org"][0].value
        organization = _text(org[0] if isinstance(org, list) and org else org)
    title = _text(contents["title"][0].value) if "title" in contents else ""
    note = _text(contents["note"][0].value) if "note" in contents else ""
    email = _preferred(card, "email").removeprefix("mailto:")
    phone = _preferred(card, "tel").removeprefix("tel:")
    return (full, organization, title, email, phone, note)


def read_cards(content: str, source: str) -> list[tuple[int, tuple[str, ...]]]:
    """(card number, the six cells) for every card in the file."""
    import vobject  # late: only a vCard import needs it

    _check_cards_closed(content, source)
    content = join_soft_line_breaks(content)
    rows: list[tuple[int, tuple[str, ...]]] = []
    try:
        for number, card in enumerate(vobject.readComponents(content, ignoreUnreadable=True), start=1):
            if card.name.upper() != "VCARD":
                continue
            rows.append((number, _row(card)))
    except vobject.base.ParseError as error:
        line = getattr(error, "lineNumber", None)
        where = f"{source}: line {line}" if line else source
        raise ValidationError(where, f"not a readable vCard: {error}") from error
    except LookupError as error:  # CHARSET=… names an encoding Python does not know
        raise ValidationError(source, f"a card names a character set that cannot be read: {error}") from error
    except (UnicodeError, ValueError) as error:
        raise ValidationError(source, f"not a readable vCard: {error}") from error
    return rows
