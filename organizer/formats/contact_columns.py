"""The contact exports reps bring, told apart by their own columns: Google Contacts, Outlook, Thunderbird,
Apple, LinkedIn, and the CRMs (HubSpot, Salesforce, Pipedrive).

A person's e-mail and phone are spread over several columns in most of them: Google's "E-mail 1 - Type" /
"E-mail 1 - Value" pairs, Outlook's "Email Work", "Email Home", "Email Other", Thunderbird's "Primary
Email" and "Secondary Email". One column a row cannot say which to keep, so each row's own values are
read as the tool means them: the work address first, then the primary, then any other; a pager or a fax
is never a phone. They become two columns of their own ("Email (work first)", "Phone (work first)") that
the mapping takes, and the preview shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DERIVED_EMAIL = "Email (work first)"
DERIVED_PHONE = "Phone (work first)"
DERIVED = (DERIVED_EMAIL, DERIVED_PHONE)


def normalise(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


_PAIR = re.compile(r"^(e mail|email|phone) (\d+) (type|label|value)$")

# Named columns, by how much each is the person's work one: lower ranks first.
_EMAIL_RANKS: dict[str, int] = {
    **dict.fromkeys(("email work", "work email", "business email", "e mail work", "email address work"), 0),
    **dict.fromkeys(("primary email", "e mail address", "email address", "email", "e mail", "person email"), 1),
    **dict.fromkeys(("email home", "home email", "email other", "other email", "secondary email"), 2),
    **dict.fromkeys(("e mail 2 address", "e mail 3 address", "email 2", "email 3", "additional email"), 3),
}
_PHONE_RANKS: dict[str, int] = {
    **dict.fromkeys(("business phone", "work phone", "phone work", "company main phone", "business phone 2"), 0),
    **dict.fromkeys(("mobile phone", "mobile number", "home mobile", "mobile", "cell phone", "work mobile"), 1),
    **dict.fromkeys(("primary phone", "phone", "phone number", "telephone", "person phone", "main phone"), 2),
    **dict.fromkeys(("home phone", "other phone", "home phone 2", "phone 2"), 3),
}
_NEVER_A_PHONE = ("fax", "pager")


def family(headers: Sequence[str]) -> str | None:
    """Which tool wrote this export, from the columns only it writes; None when none is known."""
    keys = {normalise(h) for h in headers}
    if "connected on" in keys:
        return "LinkedIn"
    if {"given name", "family name"} <= keys or any(_PAIR.match(k) for k in keys if k.startswith("e mail 1")):
        return "Google Contacts"
    if "primary email" in keys and ("secondary email" in keys or "display name" in keys):
        return "Thunderbird"
    if keys & {"e mail address", "email work", "business phone"} and keys & {"job title", "company"}:
        return "Outlook"
    return None


def _first_address(value: str) -> str:
    """Google writes several addresses of one type in one cell: "a@x ::: b@y"."""
    return value.split(":::")[0].strip()


def _typed_pairs(keys: Sequence[str], kind: str) -> list[tuple[int, int]]:
    """(type column, value column) of Google's numbered pairs of ``kind`` ("e mail" or "phone")."""
    found: dict[str, dict[str, int]] = {}
    for index, key in enumerate(keys):
        match = _PAIR.match(key)
        if match and (match.group(1) == kind or (kind == "e mail" and match.group(1) == "email")):
            found.setdefault(match.group(2), {})["value" if match.group(3) == "value" else "type"] = index
    return [(pair["type"], pair["value"]) for _n, pair in sorted(found.items()) if "type" in pair and "value" in pair]


def _choose(candidates: list[tuple[int, str]]) -> str:
    """The lowest-ranked non-empty value, the earliest of a rank."""
    filled = [(rank, order, value) for order, (rank, value) in enumerate(candidates) if value.strip()]
    return min(filled)[2].strip() if filled else ""


def derive(headers: Sequence[str]) -> list[tuple[str, list[tuple[str, int, int | None]]]]:
    """For each derived column that this export needs: its name and where its values come from,
    ``(how, value column, type column)`` ("named" with its rank, or "typed")."""
    keys = [normalise(h) for h in headers]
    found: list[tuple[str, list[tuple[str, int, int | None]]]] = []
    for name, kind, ranks in ((DERIVED_EMAIL, "e mail", _EMAIL_RANKS), (DERIVED_PHONE, "phone", _PHONE_RANKS)):
        pairs = _typed_pairs(keys, kind)
        sources: list[tuple[str, int, int | None]] = [("typed", value, type_) for type_, value in pairs]
        sources += [(f"named:{ranks[key]}", index, None) for index, key in enumerate(keys) if key in ranks]
        if len(sources) > 1 or any(how == "typed" for how, _v, _t in sources):
            found.append((name, sources))
    return found


def derived_cell(cells: Sequence[str], sources: list[tuple[str, int, int | None]], phone: bool) -> str:
    """One row's value of a derived column: its work value first, then the preferred or primary, then any."""
    candidates: list[tuple[int, str]] = []
    for how, value_at, type_at in sources:
        value = cells[value_at] if value_at < len(cells) else ""
        if how == "typed":
            label = (cells[type_at] if type_at is not None and type_at < len(cells) else "").casefold()
            if phone and any(word in label for word in _NEVER_A_PHONE):
                continue
            rank = 0 if "work" in label else (1 if "*" in label or "pref" in label or "main" in label else 2)
            rank = 1 if phone and "mobile" in label and rank == 2 else rank
            candidates.append((rank, _first_address(value)))
        else:
            candidates.append((int(how.split(":")[1]), _first_address(value)))
    return _choose(candidates)
