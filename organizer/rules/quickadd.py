"""Quick add: "Call Ray about the demo fri 10:00 30m @books4u" → a step.

A small natural-date language, parsed here (not in a widget) so it is unit-tested:
today, tomorrow, weekdays (the next one on or after today), "next fri", +3d / +2w,
"next week" (its Monday), ISO dates; times 10:00, 10am, 2:30pm; estimates 30m, 1h,
1h30m; @account (id or name, spaces left out); "!" marks a promise; a title that
starts with "waiting on" / "wait for" is a "waiting on" item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from organizer.core.errors import ValidationError
from organizer.core.validate import in_range, parse_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$")
_DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m(?:in)?)?$")
_RELATIVE = re.compile(r"^\+(\d{1,6})([dw])$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class QuickStep:
    title: str
    due: dt.date | None = None
    time: str | None = None
    minutes: int | None = None
    account: str | None = None
    promised: bool = False
    waiting: bool = False
    repeat: str | None = None


_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_UNITS = {"day": "DAILY", "days": "DAILY", "week": "WEEKLY", "weeks": "WEEKLY", "month": "MONTHLY",
          "months": "MONTHLY", "year": "YEARLY", "years": "YEARLY"}  # fmt: skip
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def person_named(title: str, people: Sequence[tuple[str, str]]) -> str | None:
    """The account's person a quick-add title names ("Call Ray about the demo", "lunch with Ray Novak"), or None.

    A full name first; else a first name, as written with its capital, that only one of them has.
    """
    folded = title.casefold()
    for person, name in sorted(people, key=lambda p: -len(p[1])):
        if len(name.split()) > 1 and re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", folded):
            return person
    words = {word for word in _NAME_WORD.findall(title) if word[0].isupper()}
    found = [person for person, name in people if name.split() and name.split()[0] in words]
    return found[0] if len(found) == 1 else None


def parse_repeat(words: list[str], position: int) -> tuple[str, int] | None:
    """ "every month on the 1st", "every 2 weeks", "every tue" at ``words[position]`` → (RRULE, words used)."""
    if words[position].lower() != "every" or position + 1 >= len(words):
        return None
    rest = [w.lower().strip(",") for w in words[position + 1 : position + 6]]
    used = 1
    interval = 1
    if rest and rest[0].isdigit() and 1 <= int(rest[0]) <= 99:
        interval, rest, used = int(rest[0]), rest[1:], used + 1
    if not rest:
        return None
    if rest[0] in WEEKDAYS:
        rule, used = f"FREQ=WEEKLY;BYDAY={_BYDAY[WEEKDAYS[rest[0]]]}", used + 1
    elif rest[0] in _UNITS:
        rule, used = f"FREQ={_UNITS[rest[0]]}", used + 1
        if _UNITS[rest[0]] == "MONTHLY" and rest[1:3] == ["on", "the"] and len(rest) > 3:
            day = _ORDINAL.match(rest[3])
            if day and 1 <= int(day.group(1)) <= 31:
                rule, used = f"{rule};BYMONTHDAY={int(day.group(1))}", used + 3
    else:
        return None
    if interval > 1:
        rule += f";INTERVAL={interval}"
    return rule, used


def _time(token: str) -> str | None:
    match = _TIME.match(token)
    if not match or (match.group(2) is None and match.group(3) is None):
        return None  # a bare number is part of the title ("3 seats"), not a time
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _minutes(token: str) -> int | None:
    match = _DURATION.match(token)
    if not match or not token or not (match.group(1) or match.group(2)):
        return None
    total = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    return total if 0 < total <= 1440 else None


def _weekday(today: dt.date, index: int, *, next_week: bool = False) -> dt.date:
    if next_week:
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)
        return monday + dt.timedelta(days=index)
    return today + dt.timedelta(days=(index - today.weekday()) % 7)


def parse_date_word(words: list[str], position: int, today: dt.date) -> tuple[dt.date, int] | None:
    """A date starting at ``words[position]``: the date and how many words it used."""
    word = words[position].lower()
    following = words[position + 1].lower() if position + 1 < len(words) else ""
    if word in ("today", "tod"):
        return today, 1
    if word in ("tomorrow", "tmr", "tmrw"):
        return today + dt.timedelta(days=1), 1
    if word == "next" and following == "week":
        return _weekday(today, 0, next_week=True), 2
    if word == "next" and following in WEEKDAYS:
        return _weekday(today, WEEKDAYS[following], next_week=True), 2
    if word in WEEKDAYS:
        return _weekday(today, WEEKDAYS[word]), 1
    match = _RELATIVE.match(word)
    if match:
        amount = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        if amount > 36_600:
            raise ValidationError("date", f"{word} is too far ahead (at most a hundred years)")
        return in_range(today + dt.timedelta(days=amount), "date"), 1
    if _ISO.match(word):
        return parse_date(word, "date"), 1
    return None


def date_words(text: str, today: dt.date, path: str = "date") -> dt.date:
    """A whole date said as ISO or in quick-add words (``today``, ``fri``, ``next week``, ``+3d``)."""
    words = text.split()
    found = parse_date_word(words, 0, today) if words else None
    if found is None or found[1] != len(words):
        raise ValidationError(
            path, f"not a date: {text!r} (YYYY-MM-DD, today, tomorrow, a weekday, next week, +3d, +2w)"
        )
    return found[0]


_QUOTED_ACCOUNT = re.compile(r"""@(?:"([^"]+)"|“([^”]+)”|'([^']+)')""")  # each quote closes its own kind


def parse(text: str, today: dt.date) -> QuickStep:
    quoted = _QUOTED_ACCOUNT.search(text)  # @"Graphic Software": an account name of several words
    named = next(part for part in quoted.groups() if part).strip() if quoted else None
    if quoted:
        text = text[: quoted.start()] + " " + text[quoted.end() :]
    words = text.split()
    title: list[str] = []
    due = time = minutes = repeat = None
    account = named
    promised = False
    position = 0
    while position < len(words):
        word = words[position]
        lower = word.lower()
        if word.startswith("@") and len(word) > 1 and named is None:
            account = word[1:]
        elif word == "!":
            promised = True
        elif repeat is None and (rule := parse_repeat(words, position)) is not None:
            repeat, used = rule
            position += used
            continue
        elif due is None and (found := parse_date_word(words, position, today)) is not None:
            due, used = found
            position += used
            continue
        elif time is None and (clock := _time(lower)) is not None:
            time = clock
        elif minutes is None and (estimate := _minutes(lower)) is not None:
            minutes = estimate
        else:
            title.append(word)
        position += 1
    joined = " ".join(title).strip()
    if not joined:
        raise ValidationError("title", "say what the step is, e.g. “Call Ray about the demo fri 10:00 @books4u”")
    waiting = bool(re.match(r"^(waiting on|waiting for|wait for)\b", joined, re.IGNORECASE))
    if repeat is not None and due is None:
        from organizer.core.recurrence import first_on_or_after

        due = first_on_or_after(repeat, today)  # it repeats from its due date: the rule's first day from today
    return QuickStep(joined, due, time, minutes, account, promised, waiting, repeat)


def _squash(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", value.casefold())


def resolve_account(session: Session, key: str) -> str:
    """``@books4u`` → the account: its id, else its name without spaces or punctuation, else a unique prefix."""
    from organizer.rules.queries import account_choices
    from organizer.store.models import (
        Account,  # here, not above: the app's windows import this module before SQLAlchemy
    )

    if session.get(Account, key) is not None:
        return key
    return match_account(account_choices(session), key)


def match_account(choices: Sequence[tuple[str, str]], key: str) -> str:
    """The one account of ``choices`` (id, name) that ``key`` names: its id, its whole name, or a unique prefix."""
    if any(account_id == key for account_id, _name in choices):
        return key
    wanted = _squash(key)
    exact = [account_id for account_id, name in choices if _squash(name) == wanted]
    prefix = [account_id for account_id, name in choices if _squash(name).startswith(wanted)]
    for found in (exact, prefix):
        if len(found) == 1:
            return str(found[0])
        if len(found) > 1:
            raise ValidationError("account", f"@{key} matches more than one account; type more of the name")
    raise ValidationError("account", f"no account matches @{key}")


def account_mention(name: str) -> str:
    """How quick add names an account: ``@Books4U``, or ``@"Graphic Software"`` when the name has spaces."""
    return f'@"{name}"' if any(character.isspace() for character in name) else f"@{name}"


def mentions(choices: Sequence[tuple[str, str]], typed: str) -> list[str]:
    """What completes ``@typed``: the accounts whose name starts with it, then those containing it."""
    wanted = _squash(typed)
    starts = [name for _id, name in choices if _squash(name).startswith(wanted)]
    inside = [name for _id, name in choices if wanted and wanted in _squash(name) and name not in starts]
    return [account_mention(name) for name in sorted(starts, key=str.lower) + sorted(inside, key=str.lower)]
