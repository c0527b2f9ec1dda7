"""Calendar events as Daymap reads and writes them (SPEC.md "The calendar, both ways"), on icalendar.

A step's own event (UID ``<step id>@daymap``) is written here; any event is read into
:class:`Occurrence` records in the rep's local time zone (``TZ``, else the system's), a
recurring event as each of its occurrences in a window (recurring-ical-events), so the sync
compares plain values. Busy time is the minutes timed, opaque, confirmed events cover on a day,
overlaps counted once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

OWN_SUFFIX = "@daymap"
DEFAULT_MINUTES = 30
REMIND_MINUTES_BEFORE = 10
MAX_EVENT_MINUTES = 31 * 24 * 60  # a conference, a trade fair: busy every day it covers; a month at most


def local_zone() -> dt.tzinfo:
    """The rep's time zone: ``TZ`` where set (and known), else the system's, with its DST rules."""
    from dateutil import tz

    name = os.environ.get("TZ")
    zone: dt.tzinfo | None = tz.gettz(name) if name else None
    return zone or tz.tzlocal()


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event, or one occurrence of a recurring one, as plain values in local time."""

    uid: str
    key: str  # the UID; for an occurrence, "UID#YYYYMMDDTHHMM" of its original start in local time
    start: dt.datetime | None  # local, naive; None for an all-day event
    day: dt.date
    minutes: int | None
    summary: str
    cancelled: bool
    free: bool  # TRANSP:TRANSPARENT
    people: tuple[str, ...]  # attendees' addresses in the event's order, then the organizer's, lower case
    recurring: bool

    @property
    def time(self) -> str | None:
        return None if self.start is None else f"{self.start:%H:%M}"

    @property
    def step_id(self) -> str | None:
        """The step whose own event this is (UID ``<step id>@daymap``), else None."""
        return self.uid[: -len(OWN_SUFFIX)] if self.uid.endswith(OWN_SUFFIX) and not self.recurring else None


def step_event(
    step_id: str, title: str, account: str, due: dt.date, time: str, minutes: int | None, description: str
) -> bytes:
    """A step's own event: UID, summary, start, duration, the pre-call card, an alarm 10 minutes before."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Daymap//Daymap 1//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{step_id}{OWN_SUFFIX}")
    event.add("summary", f"{title} ({account})")
    hour, minute = (int(part) for part in time.split(":"))
    event.add("dtstart", dt.datetime.combine(due, dt.time(hour, minute), tzinfo=local_zone()))
    event.add("duration", dt.timedelta(minutes=minutes or DEFAULT_MINUTES))
    event.add("description", description)
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", dt.timedelta(minutes=-REMIND_MINUTES_BEFORE))
    event.add_component(alarm)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def moved_event(data: bytes | str, due: dt.date, time: str, minutes: int | None) -> bytes:
    """Another's event (a meeting kept in step) with a new start and duration, all else as it was."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        hour, minute = (int(part) for part in time.split(":"))
        for name in ("dtstart", "dtend", "duration"):
            event.pop(name, None)
        event.add("dtstart", dt.datetime.combine(due, dt.time(hour, minute), tzinfo=local_zone()))
        event.add("duration", dt.timedelta(minutes=minutes or DEFAULT_MINUTES))
        event["sequence"] = int(event.get("sequence", 0)) + 1
        break
    result: bytes = calendar.to_ical()
    return result


def occurrences(
    data: bytes | str, first: dt.date, last: dt.date, problems: list[str] | None = None, *, strict: bool = False
) -> list[Occurrence]:
    """Every event of an iCalendar object in [first, last], recurring ones expanded.

    An event with a broken date or rule (Force.com's ``DTEND: 20240812T223000Z``) is left out and named in
    ``problems``; the others are read. A text that is not iCalendar at all: [] (``strict``: ValueError, so a
    feed that was read before keeps its busy time instead of becoming an empty calendar).
    """
    with warnings.catch_warnings():  # icalendar's guesses about odd zone names: not the rep's terminal's business
        warnings.simplefilter("ignore")
        return _occurrences(data, first, last, problems if problems is not None else [], strict)


def _occurrences(
    data: bytes | str, first: dt.date, last: dt.date, problems: list[str], strict: bool
) -> list[Occurrence]:
    found: list[Occurrence] = []
    for calendar in _calendars(data, problems, strict):
        found += _of_calendar(calendar, first, last, problems)
    return found


def _calendars(data: bytes | str, problems: list[str], strict: bool) -> list[Any]:
    """The file's calendars (several, as some exports write them); where the whole file does not parse, each of its
    events on its own, so one broken line costs its event only; none at all: [] (``strict``: ValueError)."""
    import icalendar

    whole: Exception
    try:
        read = list(icalendar.Calendar.from_ical(data, multiple=True))
        if read:
            return read
        whole = ValueError("no calendar in it")
    except (ValueError, KeyError, IndexError, TypeError) as error:
        whole = error
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    blocks = re.findall(r"(?ms)^BEGIN:VEVENT\s*$.*?^END:VEVENT\s*$", text)
    zones = "".join(re.findall(r"(?ms)^BEGIN:VTIMEZONE\s*$.*?^END:VTIMEZONE\s*$", text))
    calendars = []
    for number, block in enumerate(blocks, start=1):
        head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//daymap//read//EN\r\n"
        wrapped = f"{head}{zones}{block}\r\nEND:VCALENDAR\r\n"
        try:
            calendars.append(icalendar.Calendar.from_ical(wrapped))
        except (ValueError, KeyError, IndexError, TypeError) as error:
            problems.append(f"event {number} of the file left out: it cannot be read ({error})")
    if not calendars and strict:
        raise ValueError(f"not an iCalendar file ({whole})")
    return calendars


def _of_calendar(calendar: Any, first: dt.date, last: dt.date, problems: list[str]) -> list[Occurrence]:
    _leave_out_broken(calendar, problems)
    zone = local_zone()
    found: list[Occurrence] = []
    recurring_uids = {str(e.get("uid", "")) for e in calendar.walk("VEVENT") if e.get("rrule") or e.get("rdate")}
    try:
        expanded = _expand(calendar, first, last)
    except Exception:
        expanded = list(calendar.walk("VEVENT"))
    for event in expanded:
        try:
            occurrence = _occurrence(event, zone, str(event.get("uid", "")) in recurring_uids)
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
            problems.append(f"event {_named(event)} left out: {error}")
            continue
        if occurrence is not None and first <= occurrence.day <= last:
            found.append(occurrence)
    return found


_TIMES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def _leave_out_broken(calendar: Any, problems: list[str]) -> None:
    """Events whose dates or rules icalendar could not read: out, each named once; the rest stay."""
    for component in list(calendar.subcomponents):
        if component.name != "VEVENT":
            continue
        broken = [name for name, _why in getattr(component, "errors", []) if str(name).upper() in _TIMES]
        if broken:
            calendar.subcomponents.remove(component)
            problems.append(f"event {_named(component)} left out: its {', '.join(broken)} cannot be read")


def _named(event: Any) -> str:
    summary = " ".join(str(event.get("summary", "")).split())[:80]
    uid = str(event.get("uid", "")).strip()[:80]
    return f"“{summary}”" if summary else (uid or "without a name")


def _expand(calendar: Any, first: dt.date, last: dt.date) -> Iterable[Any]:
    import recurring_ical_events

    return list(recurring_ical_events.of(calendar).between(first, last + dt.timedelta(days=1)))


def _local(value: Any, zone: dt.tzinfo) -> dt.datetime:
    """A DTSTART/DTEND in local wall time (a zone the machine does not know arrives naive: taken as local)."""
    if value.tzinfo is None:
        return value  # type: ignore[no-any-return]
    return value.astimezone(zone).replace(tzinfo=None)  # type: ignore[no-any-return]


def _occurrence(event: Any, zone: dt.tzinfo, recurring: bool) -> Occurrence | None:
    start_prop = event.get("dtstart")
    if start_prop is None:
        return None
    start = start_prop.dt
    uid = str(event.get("uid", "")).strip()
    summary = " ".join(str(event.get("summary", "")).split())[:500]
    cancelled = str(event.get("status", "")).upper() == "CANCELLED"
    free = str(event.get("transp", "")).upper() == "TRANSPARENT"
    people = tuple(_addresses(event))
    if not isinstance(start, dt.datetime):  # a date: all day
        return Occurrence(uid, uid, None, start, None, summary, cancelled, free, people, recurring)
    begin = _local(start, zone)
    end_prop, duration = event.get("dtend"), event.get("duration")
    if end_prop is not None and isinstance(end_prop.dt, dt.datetime):
        minutes = int((_local(end_prop.dt, zone) - begin).total_seconds() // 60)
    elif duration is not None:
        minutes = int(duration.dt.total_seconds() // 60)
    else:
        minutes = 0  # no end: an instant (RFC 5545)
    minutes = max(0, min(minutes, MAX_EVENT_MINUTES))
    key = uid
    if recurring:
        original = event.get("recurrence-id")
        moment = _local(original.dt, zone) if original is not None and isinstance(original.dt, dt.datetime) else begin
        key = f"{uid}#{moment:%Y%m%dT%H%M}"
    return Occurrence(uid, key, begin, begin.date(), minutes, summary, cancelled, free, people, recurring)


def _addresses(event: Any) -> Iterator[str]:
    attendees = event.get("attendee")
    if attendees is not None and not isinstance(attendees, list):
        attendees = [attendees]
    for value in [*(attendees or []), *([event["organizer"]] if event.get("organizer") else [])]:
        text = str(value).strip()
        if text.lower().startswith("mailto:"):
            text = text[7:]
        if "@" in text:
            yield text.lower()


def busy_spans(occurrences: Iterable[Occurrence]) -> dict[str, list[list[int]]]:
    """The spans (minutes of the day, from and to) timed, opaque, confirmed events cover, by ISO day.

    An event past midnight covers each day it reaches; overlaps are merged where the days are read
    (``rows.busy_by_day``), across the calendar and its feeds.
    """
    spans: dict[str, list[list[int]]] = {}
    for occurrence in occurrences:
        if occurrence.start is None or occurrence.cancelled or occurrence.free or not occurrence.minutes:
            continue
        begin, end = occurrence.start, occurrence.start + dt.timedelta(minutes=occurrence.minutes)
        while begin < end:
            midnight = dt.datetime.combine(begin.date() + dt.timedelta(days=1), dt.time())
            until = min(end, midnight)
            start_minute = begin.hour * 60 + begin.minute
            spans.setdefault(begin.date().isoformat(), []).append(
                [start_minute, start_minute + int((until - begin).total_seconds() // 60)]
            )
            begin = midnight
    return spans


def occurrence_to_json(occurrence: Occurrence) -> dict[str, object]:
    """An occurrence kept between syncs (another's event, read by sync token only when it changes)."""
    return {
        "uid": occurrence.uid, "key": occurrence.key,
        "start": occurrence.start.isoformat() if occurrence.start else None, "day": occurrence.day.isoformat(),
        "minutes": occurrence.minutes, "summary": occurrence.summary, "cancelled": occurrence.cancelled,
        "free": occurrence.free, "people": list(occurrence.people), "recurring": occurrence.recurring,
    }  # fmt: skip


def occurrence_from_json(value: dict[str, Any]) -> Occurrence:
    start = value.get("start")
    return Occurrence(
        str(value["uid"]), str(value["key"]), dt.datetime.fromisoformat(start) if start else None,
        dt.date.fromisoformat(value["day"]), value.get("minutes"), str(value.get("summary", "")),
        bool(value.get("cancelled")), bool(value.get("free")), tuple(value.get("people", ())),
        bool(value.get("recurring")),
    )  # fmt: skip
