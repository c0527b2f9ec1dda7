"""Field validators shared by the import, the operations and the quick-add parser.

Each returns the clean value or raises ValidationError naming the path, so a rep
(or a file's author) reads *what* is wrong and *where*; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from organizer.core.domain import FIRST_DATE, LAST_DATE
from organizer.core.errors import ValidationError

Converter = Callable[[Any, str], Any]
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def show(value: Any) -> str:
    """A value as the user wrote it, shortened: strings in quotes, like JSON."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "…"


def not_text(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (a lone surrogate, a NUL), or None when it can."""
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"contains a character that is not valid text (a lone surrogate at position {error.start + 1})"
    return None


def _null(nullable: bool, path: str) -> None:
    if not nullable:
        raise ValidationError(path, "must not be empty (null)")


def text(limit: int, *, nullable: bool = True, nonblank: bool = False) -> Converter:
    def convert(value: Any, path: str) -> str | None:
        if value is None:
            _null(nullable, path)
            return None
        if not isinstance(value, str):
            raise ValidationError(path, f"must be text (got {show(value)})")
        if nonblank and not value.strip():
            raise ValidationError(path, "must not be blank")
        if len(value) > limit:
            raise ValidationError(path, f"is too long ({len(value)} characters; at most {limit})")
        problem = not_text(value)
        if problem is not None:
            raise ValidationError(path, problem)
        return value

    return convert


def identifier(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(path, f"an id must be text (got {show(value)})")
    if not value.strip() or value != value.strip():
        raise ValidationError(path, f"an id must not be blank or start/end with spaces (got {show(value)})")
    if len(value) > 100:
        raise ValidationError(path, f"an id is at most 100 characters (got {len(value)})")
    if any(ord(ch) < 32 for ch in value):
        raise ValidationError(path, f"an id must not contain control characters (got {show(value)})")
    problem = not_text(value)
    if problem is not None:
        raise ValidationError(path, f"an id {problem}")
    return value


def parse_date(value: Any, path: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return in_range(value, path)
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return in_range(day, path)
    raise ValidationError(path, f"not a date: {show(value)} (expected YYYY-MM-DD)")


def in_range(day: dt.date, path: str) -> dt.date:
    """Dates a plan can hold: every view (calendars, weeks, suggestions ahead) works inside this range."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(
            path, f"{day.isoformat()} is outside the dates Daymap plans ({FIRST_DATE} to {LAST_DATE})"
        )
    return day


def date(*, nullable: bool = True) -> Converter:
    def convert(value: Any, path: str) -> dt.date | None:
        if value is None:
            _null(nullable, path)
            return None
        return parse_date(value, path)

    return convert


MAX_DAYS_OFF = 3660  # ten years of vacation, one date each


def days_off(value: Any, path: str) -> list[str]:
    """The rep's days off: a list of ISO dates, stored sorted and once each."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(path, f"must be a list of dates […] (got {show(value)})")
    if len(value) > MAX_DAYS_OFF:
        raise ValidationError(path, f"has {len(value):,} dates; at most {MAX_DAYS_OFF:,}")
    return sorted({parse_date(item, f"{path}[{index}]").isoformat() for index, item in enumerate(value)})


def country_code(value: Any, path: str) -> str | None:
    """An ISO 3166 code whose public holidays the ``holidays`` library lists (any case), or null."""
    from organizer.core.dates import known_countries

    if value is None:
        return None
    if not isinstance(value, str) or value.strip().upper() not in known_countries():
        raise ValidationError(
            path, f"not a country whose public holidays are known (an ISO 3166 code such as US or DE): {show(value)}"
        )
    return value.strip().upper()


def time_of_day(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _TIME.fullmatch(value):
        return value
    raise ValidationError(path, f"not a time: {show(value)} (expected HH:MM, 00:00 to 23:59)")


def integer(low: int, high: int, *, nullable: bool = True) -> Converter:
    def convert(value: Any, path: str) -> int | None:
        if value is None:
            _null(nullable, path)
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise ValidationError(path, f"must be a whole number from {low} to {high} (got {show(value)})")
        if not low <= value <= high:
            raise ValidationError(path, f"must be from {low} to {high} (got {value})")
        return int(value)

    return convert


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(path, f"must be true or false (got {show(value)})")
    return value


def choice(choices: Iterable[str], *, nullable: bool = False) -> Converter:
    allowed = tuple(choices)

    def convert(value: Any, path: str) -> str | None:
        if value is None:
            _null(nullable, path)
            return None
        if not isinstance(value, str) or value not in allowed:
            raise ValidationError(path, f"must be one of {', '.join(allowed)} (got {show(value)})")
        return value

    return convert


_ROLE = re.compile(r"[a-z_][a-z0-9_$-]{0,62}")


def owner_name(value: Any, path: str) -> str | None:
    """A rep's database role name (team mode): lower-case letters, digits, ``_``, ``-``; at most 63."""
    if value is None:
        return None
    if not isinstance(value, str) or not _ROLE.fullmatch(value):
        raise ValidationError(path, f"not a rep's role name (lower-case letters, digits, _ or -): {show(value)}")
    return value


def email_address(value: Any, path: str) -> str:
    """One mail address, "name@domain" (lower case): the rep's own, given with ``--me``."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(path, f"not an email address: {show(value)}")
    address = value.strip().lower()
    local, at, domain_part = address.rpartition("@")
    if not at or not local or "." not in domain_part or len(address) > 320 or any(c.isspace() for c in address):
        raise ValidationError(path, f"not an email address: {show(value)}")
    return address
