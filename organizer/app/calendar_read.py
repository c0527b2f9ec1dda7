"""What the calendar holds, read as little as the server allows (its sync token), for one pass.

The first pass (or one after the window moved, or a token the server forgot) reads every event
touching the window; later ones ask only for what changed since the token, and take everyone
else's events from what the last pass kept (``settings.calendar["others"]``: their occurrences in
the window). Daymap's own events need no copy: each step remembers its event as agreed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from organizer.formats.events import Occurrence, occurrence_from_json, occurrence_to_json, occurrences

if TYPE_CHECKING:
    from organizer.app.calendar import SyncReport


@dataclass
class RemoteView:
    events: dict[str, tuple[str | None, list[Occurrence]]]  # href → (its text if read now, its occurrences)
    changed: set[str] | None  # read by token: the hrefs changed since the last pass (None: everything was read)
    token: str | None  # the server's token as of this view


def read_remote(
    calendar: Any, settings: dict[str, Any], first: dt.date, last: dt.date, report: SyncReport
) -> RemoteView:
    """The window's events: by token where the last pass left one for this window, else all of them."""
    if settings.get("token") and settings.get("window") == first.isoformat() and "others" in settings:
        try:
            return _changes_only(calendar, settings, first, last, report)
        except Exception:  # noqa: S110  (a token the server forgot, or no token support: read it all)
            pass
    token = None
    try:
        report.requests += 1
        token = calendar.objects_by_sync_token(load_objects=False).sync_token  # before the read: nothing missed
    except Exception:
        token = None
    report.requests += 1
    found = calendar.search(
        start=dt.datetime.combine(first, dt.time()), end=dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
        event=True, expand=False,
    )  # fmt: skip
    events = {str(item.url): (item.data, occurrences(item.data, first, last, report.left_out)) for item in found}
    return RemoteView(events, None, token)


def _changes_only(
    calendar: Any, settings: dict[str, Any], first: dt.date, last: dt.date, report: SyncReport
) -> RemoteView:
    report.requests += 1
    changes = calendar.objects_by_sync_token(sync_token=settings["token"], load_objects=False)
    events: dict[str, tuple[str | None, list[Occurrence]]] = {
        href: (None, [occurrence_from_json(value) for value in kept]) for href, kept in settings["others"].items()
    }
    changed: set[str] = set()
    for item in changes:
        href = str(item.url)
        changed.add(href)
        events.pop(href, None)
        if not (getattr(item, "props", None) or {}):
            continue  # deleted: no etag in the answer
        report.requests += 1
        data = calendar.event_by_url(href).load().data
        events[href] = (data, occurrences(data, first, last, report.left_out))
    return RemoteView(events, changed, changes.sync_token)


def others_to_keep(view: RemoteView) -> dict[str, list[dict[str, Any]]]:
    """Everyone else's events, as the next pass by token takes them without reading them again."""
    return {
        href: [occurrence_to_json(o) for o in found]
        for href, (_data, found) in view.events.items()
        if found and not any(o.step_id is not None for o in found)
    }


def settle_token(calendar: Any, view: RemoteView, written: set[str], report: SyncReport) -> str | None:
    """The token for the next pass: past this pass's own writes, unless someone else wrote meanwhile."""
    if view.token is None:
        return None
    if not written:
        return view.token
    try:
        report.requests += 1
        since = calendar.objects_by_sync_token(sync_token=view.token, load_objects=False)
    except Exception:
        return view.token
    if {str(item.url) for item in since} <= written:
        return str(since.sync_token)
    return view.token  # another change came in while we wrote: the next pass reads it
