"""Recurring steps: an RFC 5545 recurrence rule (RRULE without DTSTART), computed by dateutil.

The rule is anchored at the step's own due date: when a step is done or dropped, its
next occurrence is the rule's first date after that due date.
"""

from __future__ import annotations

import datetime as dt

from organizer.core.domain import LAST_DATE
from organizer.core.errors import ValidationError
from organizer.core.validate import show, text

MAX_RULE = 500
_ANCHOR = dt.datetime(2000, 1, 3)  # any day: a rule is checked against it, not stored with it


def _rule(rule: str, start: dt.datetime) -> object:
    from dateutil.rrule import rrulestr  # late: only a repeating step needs it

    return rrulestr(rule, dtstart=start, forceset=False, unfold=False)


def check_rule(value: object, path: str) -> str | None:
    """A valid rule as stored (upper-case, no ``RRULE:`` prefix), or ValidationError naming ``path``."""
    rule = text(MAX_RULE)(value, path)
    if rule is None or not rule.strip():
        return None
    clean = rule.strip().removeprefix("RRULE:").removeprefix("rrule:").strip()
    upper = clean.upper()
    if "\n" in clean or "\r" in clean:
        raise ValidationError(path, f"a recurrence rule is one line (got {show(rule)})")
    if "DTSTART" in upper:
        raise ValidationError(path, "a recurrence rule must not carry a DTSTART: a step repeats from its due date")
    if "FREQ=" not in upper:
        raise ValidationError(
            path, f"a recurrence rule needs FREQ=… (e.g. FREQ=MONTHLY;BYMONTHDAY=1; got {show(rule)})"
        )
    try:
        _rule(upper, _ANCHOR)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise ValidationError(path, f"not a recurrence rule (RFC 5545 RRULE): {show(rule)}: {error}") from error
    return str(upper)


def next_occurrence(rule: str, due: dt.date) -> dt.date | None:
    """The rule's first date after ``due`` (None when the rule has ended, or lies past the dates Daymap plans)."""
    start = dt.datetime.combine(due, dt.time())
    try:
        found = _rule(rule, start).after(start, inc=False)  # type: ignore[attr-defined]  # dateutil is untyped
    except (ValueError, OverflowError):
        return None
    if found is None or found.date() > LAST_DATE:
        return None
    day: dt.date = found.date()
    return day


def first_on_or_after(rule: str, day: dt.date) -> dt.date:
    """The first date of the rule from ``day`` on (a new repeating step said without a date starts there)."""
    start = dt.datetime.combine(day, dt.time())
    found = _rule(rule, start).after(start, inc=True)  # type: ignore[attr-defined]  # dateutil is untyped
    return day if found is None else min(found.date(), LAST_DATE)


def describe(rule: str | None) -> str | None:
    """How often, as a rep says it: "every month", "every 2 weeks on Tue"."""
    if not rule:
        return None
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(parts.get("FREQ", ""), "")
    if not unit:
        return "repeats"
    interval = int(parts.get("INTERVAL", "1") or 1)
    said = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    days = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
    if "BYDAY" in parts:
        said += " on " + ", ".join(days.get(d[-2:], d) for d in parts["BYDAY"].split(","))
    if "BYMONTHDAY" in parts:
        said += f" on day {parts['BYMONTHDAY']}"
    return said
