"""The rep's CalDAV calendar kept in step with the plan, both ways, and the read-only feeds whose events
are busy time (``app/calendar.py`` remembers and reads, ``app/calendar_sync.py`` syncs)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from organizer.app.features._feature import Feature

if TYPE_CHECKING:
    from organizer.app.calendar import SyncReport
    from organizer.core.domain import Change


class Calendar(Feature):
    def settings(self) -> dict[str, Any]:
        from organizer.app.calendar import calendar_settings

        return calendar_settings(self.workspace)

    def connect(self, url: str, user: str | None, password: str | None, name: str | None = None) -> str:
        """Try the server, then remember the calendar (the password outside the store); returns its URL."""
        from organizer.app.calendar import DEFAULT_NAME, connect

        return connect(self.workspace, url, user, password, name or DEFAULT_NAME)

    def remember(self, url: str, user: str | None, password: str | None, name: str, calendar: str) -> str:
        """A server already tried (``app.calendar.try_server``, off the window's thread), remembered."""
        from organizer.app.calendar import remember

        return remember(self.workspace, url, user, password, name, calendar)

    def sync(self, day: dt.date | None = None) -> SyncReport:
        """One two-way pass: the plan's timed steps out, the calendar's changes and busy time in."""
        from organizer.app.calendar_sync import sync

        return sync(self.workspace, day)

    def disconnect(self) -> Change:
        from organizer.app.calendar import disconnect

        return disconnect(self.workspace)

    def subscribe(self, url: str, day: dt.date | None = None) -> str | None:
        from organizer.app.calendar import subscribe

        return subscribe(self.workspace, url, day or self.workspace.today)

    def unsubscribe(self, url: str) -> Change:
        from organizer.app.calendar import unsubscribe

        return unsubscribe(self.workspace, url)
