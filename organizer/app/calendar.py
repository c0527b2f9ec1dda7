"""The calendar's settings and its server (SPEC.md "The calendar, both ways"): connect, disconnect, feeds.

The calendar is remembered in the store (``settings.calendar``), its password in the keyring (else
a 0600 file), never in the store. A server is tried before it is remembered: what it answered,
in words, is the refusal (exit 2). The two-way pass itself is :mod:`organizer.app.calendar_sync`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from organizer.app.history import SetStored
from organizer.core.domain import Change
from organizer.core.errors import DaymapError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.app.workspace import Workspace

DEFAULT_NAME = "Daymap"
TIMEOUT_SECONDS = 30
WINDOW_BEFORE, WINDOW_AFTER = 7, 90  # the sync's window: D − 7 to D + 90


class CalendarServerError(DaymapError):
    """The server could not be reached, refused, or did not answer as CalDAV (exit 1; the store as it was)."""


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    removed: int = 0
    conflicts: int = 0
    requests: int = 0  # made to the server (the benchmark counts them)
    feed_errors: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # events with a broken date or rule: named, the rest read

    def to_json(self) -> dict[str, int]:
        return {"sent": self.sent, "received": self.received, "removed": self.removed, "conflicts": self.conflicts}


def calendar_settings(planner: Workspace) -> dict[str, Any]:
    from organizer.store.settings import read_stored

    return dict(planner.read(lambda session: read_stored(session, "calendar")))


def window(day: dt.date) -> tuple[dt.date, dt.date]:
    return day - dt.timedelta(days=WINDOW_BEFORE), day + dt.timedelta(days=WINDOW_AFTER)


def _key(url: str, user: str | None) -> str:
    return f"{user}@{url}" if user else url


AUTH_REFUSED = "refused the user name or password"


def describe_failure(url: str, error: BaseException) -> str:
    """What a server did, in words, naming it (whichever HTTP library caldav runs on said it)."""
    chain: list[BaseException] = []
    seen: BaseException | None = error
    while seen is not None and len(chain) < 6:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = " ".join(cls.__name__ for item in chain for cls in type(item).__mro__)
    said = " ".join(str(item) for item in chain)
    text = str(error).strip().splitlines()[0][:160] if str(error).strip() else type(error).__name__
    if "SSL" in names or "CERTIFICATE_VERIFY_FAILED" in said:
        return f"{url}: its certificate is not trusted ({text}); Daymap does not talk to a server it cannot verify"
    if "refused" in said or "NewConnectionError" in said or "Name or service not known" in said:
        return f"{url}: cannot be reached"
    if "Timeout" in names or "timed out" in said:
        return f"{url}: did not answer in {TIMEOUT_SECONDS} s"
    if "ConnectionError" in names or "ConnectError" in names:
        return f"{url}: cannot be reached"
    if "Authorization" in names or "401" in said or "Unauthorized" in said:
        return f"{url}: {AUTH_REFUSED}"
    return f"{url}: did not answer as a CalDAV server ({type(error).__name__}: {text})"


def open_calendar(url: str, user: str | None, password: str | None, name: str = DEFAULT_NAME) -> Any:
    """The calendar collection at ``url``, or the one named ``name`` on the server at ``url`` (made if missing)."""
    from caldav.davclient import DAVClient

    client = DAVClient(url=url, username=user, password=password, timeout=TIMEOUT_SECONDS)
    try:
        principal = client.principal()  # type: ignore[no-untyped-call]  # caldav leaves it unannotated
        calendars = principal.calendars()
        wanted = url.rstrip("/")
        for calendar in calendars:
            if str(calendar.url).rstrip("/") == wanted:
                return calendar
        for calendar in calendars:
            if (calendar.get_display_name() or "") == name:
                return calendar
        return principal.make_calendar(name=name)
    except Exception as error:  # every failure of the server's is said in words (never a traceback)
        raise CalendarServerError(describe_failure(url, error)) from error


def connect(planner: Workspace, url: str, user: str | None, password: str | None, name: str = DEFAULT_NAME) -> str:
    """Try the server, then remember the calendar (and the password, outside the store). Returns its URL."""
    return remember(planner, url, user, password, name, try_server(url, user, password, name))


def try_server(url: str, user: str | None, password: str | None, name: str = DEFAULT_NAME) -> str:
    """The calendar's own address on the server, tried with the password; the network only, no store (the
    window runs it off its thread). A refusal is said under the field to change: nothing is remembered."""
    if not url.startswith(("http://", "https://")) or len(url) > 2000 or any(c.isspace() for c in url):
        raise ValidationError("url", f"not a calendar address (http:// or https://): {url[:80]!r}")
    try:
        return str(open_calendar(url, user, password, name).url)
    except CalendarServerError as error:
        raise ValidationError("password" if AUTH_REFUSED in str(error) else "url", str(error)) from error


def remember(planner: Workspace, url: str, user: str | None, password: str | None, name: str, calendar: str) -> str:
    """The calendar the server answered for, remembered in the store (the password outside it), one action."""
    from organizer.store import secrets

    if user and password is not None:
        secrets.remember(_key(url, user), password)
    settings = calendar_settings(planner)
    settings.update({"url": url, "user": user, "name": name, "calendar": calendar})
    settings.pop("token", None)
    planner.run("Connect a calendar", [SetStored("calendar", settings)])
    return calendar


def open_connected(settings: Mapping[str, Any]) -> Any:
    """The remembered calendar, opened (CalendarServerError when its server fails)."""
    from organizer.store import secrets

    if not settings.get("calendar"):
        raise ValidationError("calendar", "no calendar is connected: `calendar connect URL` first")
    user = settings.get("user")
    password = secrets.password(_key(str(settings["url"]), user)) if user else None
    if user and password is None:
        raise ValidationError("calendar", "no password is kept for the calendar: run `calendar connect` again")
    from caldav.collection import Calendar
    from caldav.davclient import DAVClient

    client = DAVClient(url=str(settings["url"]), username=user, password=password, timeout=TIMEOUT_SECONDS)
    return Calendar(client=client, url=str(settings["calendar"]))


def disconnect(planner: Workspace) -> Change:
    """Forget the calendar (its events stay where they are) and what the steps remembered of them."""
    from organizer.app.history import CalendarState

    settings = calendar_settings(planner)
    if not settings.get("calendar"):
        raise ValidationError("calendar", "no calendar is connected")
    synced: list[str] = planner.read(_synced_steps)
    edits: list[Any] = [CalendarState(step, {"calendar": None, "calendar_conflict": None}, planner.versions)
                        for step in synced]  # fmt: skip
    feeds = settings.get("feeds")
    edits.append(SetStored("calendar", {"feeds": feeds} if feeds else {}))
    return planner.run("Disconnect the calendar", edits)


def _synced_steps(session: Session) -> list[str]:
    from sqlalchemy import or_, select

    from organizer.store.models import Step

    query = select(Step.id).where(or_(Step.calendar.is_not(None), Step.calendar_conflict.is_not(None)))
    return list(session.execute(query).scalars())


# --- read-only feeds (an Outlook or Google secret address): busy time only -------------------------------


def subscribe(planner: Workspace, url: str, day: dt.date) -> str | None:
    """Add a feed and read it now; returns what went wrong reading it (it is kept, and read at each sync)."""
    if not url.startswith(("http://", "https://", "webcal://")) or any(c.isspace() for c in url) or len(url) > 2000:
        raise ValidationError("url", f"not a calendar feed address: {url[:80]!r}")
    settings = calendar_settings(planner)
    feeds = dict(settings.get("feeds") or {})
    feeds[url] = read_feed(url, day, feeds.get(url))
    settings["feeds"] = feeds
    planner.run("Subscribe to a calendar", [SetStored("calendar", settings)])
    error: str | None = feeds[url].get("error")
    return error


def unsubscribe(planner: Workspace, url: str) -> Change:
    settings = calendar_settings(planner)
    feeds = dict(settings.get("feeds") or {})
    if url not in feeds:
        raise ValidationError("url", f"no feed {url[:80]!r} is subscribed")
    del feeds[url]
    settings["feeds"] = feeds
    return planner.run("Unsubscribe from a calendar", [SetStored("calendar", settings)])


def read_feed(url: str, day: dt.date, previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """A feed's busy time in the window; one that cannot be read keeps its last busy time and says why."""
    import requests

    from organizer.formats.events import busy_spans, occurrences

    first, last = window(day)
    fetch = "https://" + url[len("webcal://") :] if url.startswith("webcal://") else url
    problems: list[str] = []
    try:
        answer = requests.get(fetch, timeout=TIMEOUT_SECONDS)
        answer.raise_for_status()
    except Exception as error:  # kept as it was: the last busy time stands, and the reason is said
        return _kept_feed(previous, describe_failure(url, error).removeprefix(f"{url}: "))
    try:
        if b"BEGIN:VCALENDAR" not in answer.content[:4096]:
            raise ValueError("it is not an iCalendar file (no BEGIN:VCALENDAR)")
        found = occurrences(answer.content, first, last, problems, strict=True)
    except Exception as error:  # the file, not the server: said as what is wrong with it
        return _kept_feed(previous, f"the feed cannot be read as a calendar: {error}")
    read: dict[str, Any] = {"busy": busy_spans(found), "read": dt.datetime.now().isoformat(timespec="minutes")}
    read["error"] = None
    if problems:  # one broken event is left out, named; the rest of the feed is busy time
        read["left_out"] = problems[:20]
    return read


def _kept_feed(previous: Mapping[str, Any] | None, error: str) -> dict[str, Any]:
    """A feed that could not be read this time: its last busy time kept, and why it was not read."""
    kept = dict(previous or {})
    kept["error"] = error
    kept.setdefault("busy", {})
    return kept
