"""One two-way pass between the store and the connected calendar (SPEC.md "The calendar, both ways").

Each step remembers its event as both sides last agreed (``step.calendar``: href, due, time,
minutes, title). A pass reads the window's events, compares each side with what was agreed, and:
sends what changed here, receives what changed there, keeps both when both changed (a
``calendar-conflict``), makes a step of a meeting with a contact, and counts the rest as busy time.
The server is written first, then the store in one action: a pass cut off anywhere leaves both
sides so that the next one completes it (an event is put at its own UID's address, never twice;
values already equal on both sides are simply agreed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from organizer.app.calendar import (
    CalendarServerError,
    SyncReport,
    calendar_settings,
    describe_failure,
    window,
)
from organizer.app.calendar_read import RemoteView, others_to_keep, read_remote, settle_token
from organizer.app.history import SetStored
from organizer.core.domain import MAX_MINUTES, new_id
from organizer.formats.events import DEFAULT_MINUTES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from organizer.app.history import Edit
    from organizer.app.workspace import Workspace
    from organizer.formats.events import Occurrence

CANCELLED = "cancelled in the calendar"


@dataclass
class _Step:
    id: str
    account: str
    account_name: str
    archived: bool
    status: str
    title: str
    due: dt.date | None
    time: str | None
    minutes: int | None
    contact: str | None
    event: str | None
    agreed: dict[str, Any] | None
    conflict: dict[str, Any] | None

    @property
    def live(self) -> bool:
        return self.status == "open" and not self.archived

    def values(self) -> tuple[Any, ...]:
        """(due, time, minutes) as its event has them: no estimate is the event's default half hour."""
        return (self.due.isoformat() if self.due else None, self.time, self.minutes or DEFAULT_MINUTES)


def _steps(session: Session) -> list[_Step]:
    from sqlalchemy import and_, or_, select

    from organizer.store.models import Account, Step

    query = (
        select(
            Step.id,
            Step.account_id,
            Account.name,
            Account.archived,
            Step.status,
            Step.title,
            Step.due,
            Step.time,
            Step.minutes,
            Step.contact_id,
            Step.event,
            Step.calendar,
            Step.calendar_conflict,
        )
        .join(Account, Account.id == Step.account_id)
        .where(
            or_(
                Step.calendar.is_not(None),
                Step.event.is_not(None),
                and_(Step.status == "open", Step.time.is_not(None), Step.due.is_not(None), Step.waiting.is_(False)),
            )
        )
    )
    return [_Step(*row) for row in session.execute(query)]  # type: ignore[call-arg]  # the row's columns, in order


def _as_agreed(step: _Step) -> Occurrence:
    """A step's own event as last agreed: what the calendar holds when the token says it did not change."""
    from organizer.formats.events import Occurrence

    agreed = step.agreed or {}
    day = dt.date.fromisoformat(agreed["due"])
    hour, minute = (int(part) for part in str(agreed["time"]).split(":"))
    start = dt.datetime.combine(day, dt.time(hour, minute))
    uid = f"{step.id}@daymap"
    return Occurrence(uid, uid, start, day, agreed.get("minutes"), step.title, False, False, (), False)


def _agreed(href: str | None, occurrence_values: tuple[Any, ...], title: str) -> dict[str, Any]:
    due, time, minutes = occurrence_values
    return {"href": href, "due": due, "time": time, "minutes": minutes, "title": title}


def _values(agreed: dict[str, Any]) -> tuple[Any, ...]:
    return (agreed.get("due"), agreed.get("time"), agreed.get("minutes"))


def _remote_values(occurrence: Occurrence) -> tuple[Any, ...]:
    """(due, time, minutes) of an event, as a step's are compared: one with no end counts the default half hour."""
    minutes = min(occurrence.minutes or DEFAULT_MINUTES, MAX_MINUTES)  # a step is one day's work at most
    return (occurrence.day.isoformat(), occurrence.time, minutes)


def sync(planner: Workspace, day: dt.date | None = None) -> SyncReport:
    """One pass; what changed on each side goes to the other, in one action here."""
    from organizer.app.calendar import open_connected, read_feed
    from organizer.rules.queries import contacts_by_address

    when = day or planner.today
    settings = calendar_settings(planner)
    calendar = open_connected(settings)
    report = SyncReport()
    first, last = window(when)
    try:
        view = read_remote(calendar, settings, first, last, report)
    except Exception as error:  # the server failed at the start: nothing written, the store as it was
        raise CalendarServerError(describe_failure(str(settings["url"]), error)) from error
    steps: list[_Step] = planner.read(_steps)
    contacts: dict[str, tuple[str, str]] = planner.read(contacts_by_address)
    edits: list[Edit] = []
    busy: list[Occurrence] = []
    pass_ = _Pass(planner, calendar, view, report, edits, first, last)
    try:
        pass_.own_events(steps, when)
        busy = pass_.other_events(steps, contacts)
    except CalendarServerError:
        settings.pop("token", None)  # the next pass reads the window whole
        pass_.write(settings, busy=None)  # what reached the server so far is agreed; the next pass goes on
        raise
    settings.update(token=settle_token(calendar, view, pass_.written, report), window=first.isoformat(),
                    others=others_to_keep(view))  # fmt: skip
    feeds = {url: read_feed(url, when, feed) for url, feed in (settings.get("feeds") or {}).items()}
    report.feed_errors = [f"{url}: {feed['error']}" for url, feed in feeds.items() if feed.get("error")]
    report.left_out += [f"{url}: {what}" for url, feed in feeds.items() for what in feed.get("left_out", [])]
    settings["feeds"] = feeds
    pass_.write(settings, busy=busy)
    return report


class _Pass:
    """One pass's state: the server's events, the edits for the store, the counts."""

    def __init__(
        self, planner: Workspace, calendar: Any, view: RemoteView, report: SyncReport,
        edits: list[Edit], first: dt.date, last: dt.date,
    ) -> None:  # fmt: skip
        self.planner, self.calendar, self.report, self.edits = planner, calendar, report, edits
        self.view = view
        self.first, self.last = first, last
        self.changed = view.changed  # read by token: what changed there (None: all was read)
        self.written: set[str] = set()  # the hrefs this pass wrote (its own changes, not news next time)
        self.by_key: dict[str, tuple[str, Occurrence]] = {}
        for href, (_data, found) in view.events.items():
            for occurrence in found:
                self.by_key.setdefault(occurrence.key, (href, occurrence))
        self.data = {href: data for href, (data, _found) in view.events.items() if data is not None}

    # --- the server ---------------------------------------------------------------------------------------

    def _server(self, action: Any) -> Any:
        self.report.requests += 1
        try:
            return action()
        except Exception as error:  # cut off midway: what is agreed so far is written, and the next pass goes on
            raise CalendarServerError(describe_failure(str(self.calendar.url), error)) from error

    def _put(self, step: _Step) -> str:
        from organizer.formats.events import step_event

        assert step.due is not None
        assert step.time is not None
        description = f"Account: {step.account_name}\nDaymap step {step.id}"
        data = step_event(step.id, step.title, step.account_name, step.due, step.time, step.minutes, description)
        saved = self._server(lambda: self.calendar.save_event(data.decode()))
        self.written.add(str(saved.url))
        return str(saved.url)

    def _fetch(self, href: str) -> Any | None:
        """An event by its address (outside the window, or gone): its object, None when deleted."""
        from caldav.lib.error import NotFoundError

        def load() -> Any | None:
            try:
                return self.calendar.event_by_url(href).load()
            except NotFoundError:
                return None

        return self._server(load)

    # --- Daymap's own events ---------------------------------------------------------------------------------

    def own_events(self, steps: list[_Step], when: dt.date) -> None:
        from organizer.formats.events import occurrences

        for step in steps:
            if step.event is not None or step.conflict is not None:
                continue  # a meeting's step (below), or a conflict waiting for the rep
            found = self.by_key.get(f"{step.id}@daymap")
            href = found[0] if found else (step.agreed or {}).get("href")
            remote = found[1] if found else None
            if remote is None and step.agreed and href and self.changed is not None and href not in self.changed:
                remote = _as_agreed(step)  # unchanged there since the last pass (the token says so)
            elif remote is None and step.agreed and href:
                loaded = self._fetch(href)
                if loaded is not None:
                    far = occurrences(
                        loaded.data, dt.date.min + dt.timedelta(days=1), dt.date.max - dt.timedelta(days=1)
                    )
                    remote = far[0] if far else None
            self._own(step, href, remote, when)

    def _own(self, step: _Step, href: str | None, remote: Occurrence | None, when: dt.date) -> None:
        wanted = step.live and step.due is not None and step.time is not None
        if step.status == "done":
            return  # a done step's event stays as it is
        if not wanted:
            if remote is not None and href:
                self._server(lambda: self.calendar.event_by_url(href).delete())
                self.written.add(href)
                self.report.removed += 1
            if step.agreed is not None:
                self._state(step, None)
            return
        if step.agreed is None:
            in_window = step.due is not None and self.first <= step.due <= self.last
            if remote is not None and _remote_values(remote) == step.values():
                self._state(step, _agreed(href, step.values(), step.title))  # sent before a cut: agreed now
            elif in_window or remote is not None:
                self._state(step, _agreed(self._put(step), step.values(), step.title))
                self.report.sent += 1
            return
        agreed = _values(step.agreed)
        here = step.values() != agreed or step.title != step.agreed.get("title")
        if remote is None:  # deleted in the calendar: the step keeps its day, loses its time
            if step.values() != agreed:
                self._conflict(step, {"deleted": True})
            else:
                self._update(step, {"time": None})
                self._state(step, None)
                self.report.received += 1
            return
        there = _remote_values(remote) != agreed
        if there and here and _remote_values(remote) != step.values():
            self._conflict(step, self._version(remote))
        elif there:
            self._receive(step, remote, href)
        elif here:
            self._state(step, _agreed(self._put(step), step.values(), step.title))
            self.report.sent += 1

    # --- everyone else's: meetings with contacts, and busy time ------------------------------------------------

    def other_events(self, steps: list[_Step], contacts: dict[str, tuple[str, str]]) -> list[Occurrence]:
        meetings = {step.event: step for step in steps if step.event}
        busy: list[Occurrence] = []
        for key, (href, occurrence) in self.by_key.items():
            if occurrence.step_id is not None:
                continue
            step = meetings.pop(key, None)
            person = next((contacts[p] for p in occurrence.people if p in contacts), None)
            if step is not None:
                self._meeting(step, href, occurrence)
            elif person is not None and occurrence.start is not None and not occurrence.cancelled:
                contact, account = person
                title = occurrence.summary or "Meeting"
                minutes = _remote_values(occurrence)[2] if occurrence.minutes else None
                values = {"account": account, "title": title, "due": occurrence.day,
                          "time": occurrence.time, "minutes": minutes, "contact": contact,
                          "event": key}  # fmt: skip
                step_id = new_id("step")
                from organizer.app.history import CalendarState, Create

                self.edits.append(Create("step", values, step_id))
                state = _agreed(href, _remote_values(occurrence), title)
                self.edits.append(CalendarState(step_id, {"calendar": state}, self.planner.versions))
                self.report.received += 1
            elif person is None:
                busy.append(occurrence)
        for step in meetings.values():  # its event (or occurrence) is gone from the window's answer
            if step.agreed and step.due and self.first <= step.due <= self.last and step.status == "open":
                self._cancel(step)
        return busy

    def _meeting(self, step: _Step, href: str, occurrence: Occurrence) -> None:
        if step.status != "open" or step.conflict is not None:
            return  # dropped or done here: the event is left alone (Daymap does not cancel others' meetings)
        if occurrence.cancelled:
            self._cancel(step)
            return
        agreed = _values(step.agreed or {})
        there = _remote_values(occurrence) != agreed
        here = step.values() != agreed
        if there and here and _remote_values(occurrence) != step.values():
            self._conflict(step, self._version(occurrence))
        elif there:
            self._receive(step, occurrence, href)
        elif here and not occurrence.recurring and step.due and step.time:
            from organizer.formats.events import moved_event, occurrences

            text = self.data.get(href) or self._server(lambda: self.calendar.event_by_url(href).load().data)
            data = moved_event(text, step.due, step.time, step.minutes)
            self._server(lambda: self.calendar.save_event(data.decode()))
            self.written.add(href)
            # The next pass by token takes this event from what this one keeps: keep it as it is now, moved.
            self.view.events[href] = (data.decode(), occurrences(data.decode(), self.first, self.last))
            self._state(step, _agreed(href, step.values(), step.title))
            self.report.sent += 1

    # --- what the pass writes ---------------------------------------------------------------------------------

    def _version(self, occurrence: Occurrence) -> dict[str, Any]:
        due, time, minutes = _remote_values(occurrence)
        return {"due": due, "time": time, "minutes": minutes}

    def _receive(self, step: _Step, occurrence: Occurrence, href: str | None) -> None:
        due, time, minutes = _remote_values(occurrence)
        self._update(step, {"due": due, "time": time, "minutes": minutes or step.minutes})
        self._state(step, _agreed(href, (due, time, minutes or step.minutes), step.title))
        self.report.received += 1

    def _cancel(self, step: _Step) -> None:
        self._update(step, {"status": "dropped", "outcome": CANCELLED})
        self._state(step, None)
        self.report.received += 1

    def _conflict(self, step: _Step, theirs: dict[str, Any]) -> None:
        from organizer.app.history import CalendarState

        self.edits.append(CalendarState(step.id, {"calendar_conflict": theirs}, self.planner.versions))
        self.report.conflicts += 1

    def _update(self, step: _Step, values: dict[str, Any]) -> None:
        from organizer.app.history import Update

        self.edits.append(Update("step", step.id, values, None, self.planner.versions))

    def _state(self, step: _Step, agreed: dict[str, Any] | None) -> None:
        from organizer.app.history import CalendarState

        self.edits.append(CalendarState(step.id, {"calendar": agreed}, self.planner.versions))

    def write(self, settings: dict[str, Any], busy: list[Occurrence] | None) -> None:
        from organizer.formats.events import busy_spans

        if busy is not None:
            settings["busy"] = busy_spans(busy)
        if settings != calendar_settings(self.planner):
            self.edits.append(SetStored("calendar", settings))
        if self.edits:
            self.planner.run("Sync the calendar", self.edits)
