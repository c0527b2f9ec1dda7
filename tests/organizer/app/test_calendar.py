"""The calendar, both ways, against a real Radicale (tests/radicale.py); the rep's phone is the caldav client.

Case by case along SPEC.md "The calendar, both ways (CalDAV)".
"""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import caldav
import pytest

from tests import radicale
from tests.conftest import Cli

DAY = "2026-11-24"  # a Tuesday; the window is 17 Nov to 22 Feb
TERRITORY = {
    "format": "daymap/1",
    "accounts": [
        {"id": "acme", "name": "Acme", "stage": "client",
         "contacts": [{"id": "jane", "name": "Jane Roe", "email": "Jane@Acme.example"}],
         "steps": [{"id": "s1", "title": "Demo", "due": "2026-11-26", "time": "10:00", "minutes": 60},
                   {"id": "s2", "title": "Call", "due": "2026-11-27", "time": "09:00"},
                   {"id": "s3", "title": "Untimed", "due": "2026-11-27"},
                   {"id": "far", "title": "Far", "due": "2027-06-01", "time": "09:00"}]},
        {"id": "brill", "name": "Brill", "stage": "client",
         "steps": [{"id": "b1", "title": "Visit", "due": "2026-11-25", "time": "14:00", "minutes": 90}]},
    ],
}  # fmt: skip


pytestmark = [pytest.mark.servers, pytest.mark.usefixtures("passwords_in_a_file")]  # a real server: run once


@pytest.fixture(scope="module")
def server() -> Iterator[radicale.Radicale]:
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder, {"rep": "pw"}) as running:
            yield running
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def rep(cli: Cli, tmp_path: Path, server: radicale.Radicale) -> Cli:
    """A store with the territory, connected to a calendar of its own on the server."""
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    name = f"Daymap {tmp_path.name}"
    code, _out, err = cli("calendar", "connect", server.url, "--user", "rep", "--calendar", name, stdin="pw\n")
    assert code == 0, err
    cli.calendar_name = name  # type: ignore[attr-defined]
    return cli


def phone(server: radicale.Radicale, rep: Cli) -> Any:
    """The rep's phone: the same calendar through another client."""
    principal = caldav.DAVClient(server.url, username="rep", password="pw").principal()
    return next(c for c in principal.calendars() if c.get_display_name() == rep.calendar_name)  # type: ignore[attr-defined]


def sync(cli: Cli, day: str = DAY) -> dict[str, int]:
    result: dict[str, int] = cli.json("calendar", "sync", "--date", day, "--json")
    return result


def step(cli: Cli, step_id: str) -> dict[str, Any]:
    for account in cli.json("export", "-")["accounts"]:
        for found in account.get("steps", []):
            if found["id"] == step_id:
                return dict(found)
    raise AssertionError(f"no step {step_id}")


def move(event: Any, start: dt.datetime, minutes: int | None = None) -> None:
    component = event.icalendar_component
    length = minutes or int(component.get("duration").dt.total_seconds() // 60)
    for name in ("dtstart", "dtend", "duration"):
        component.pop(name, None)
    component.add("dtstart", start)
    component.add("duration", dt.timedelta(minutes=length))
    event.save()


def assert_settled(rep: Cli, calendar: Any, step_id: str, uid: str, start: dt.datetime) -> None:
    """After a two-way pass the next changes nothing: all counts 0, the step and its event where they were."""
    assert sync(rep) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}
    found = step(rep, step_id)
    assert (found["due"], found["time"]) == (start.date().isoformat(), f"{start:%H:%M}")
    assert calendar.event_by_uid(uid).icalendar_component["dtstart"].dt.replace(tzinfo=None) == start


def test_connecting_tries_the_server_first(cli: Cli, tmp_path: Path,
                                           server: radicale.Radicale) -> None:  # fmt: skip
    code, _out, err = cli("calendar", "connect", server.url, "--user", "rep", stdin="wrong\n")
    assert code == 2
    assert "refused the user name or password" in err
    code, _out, err = cli("calendar", "connect", "http://127.0.0.1:9/", "--user", "rep", stdin="pw\n")
    assert code == 2
    assert "cannot be reached" in err
    with _http_server(b"<html>not a calendar</html>", "text/html") as url:
        code, _out, err = cli("calendar", "connect", url)
        assert code == 2
        assert "did not answer as a CalDAV server" in err
    code, _out, err = cli("calendar", "sync")
    assert code == 2
    assert "no calendar is connected" in err


def test_timed_steps_in_the_window_are_sent_once_with_their_card_and_an_alarm(
    rep: Cli, server: radicale.Radicale
) -> None:
    assert sync(rep) == {"sent": 3, "received": 0, "removed": 0, "conflicts": 0}  # s1, s2, b1: not untimed, not far
    assert sync(rep) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}
    event = phone(server, rep).event_by_uid("s1@daymap").icalendar_component
    assert str(event["summary"]) == "Demo (Acme)"
    assert event["dtstart"].dt.replace(tzinfo=None) == dt.datetime(2026, 11, 26, 10, 0)
    assert event["duration"].dt == dt.timedelta(minutes=60)
    assert "Acme" in str(event["description"])
    (alarm,) = event.walk("VALARM")
    assert alarm["trigger"].dt == dt.timedelta(minutes=-10)


def test_a_step_moved_on_the_phone_is_moved_here_and_one_moved_here_is_moved_there(
    rep: Cli, server: radicale.Radicale
) -> None:
    sync(rep)
    calendar = phone(server, rep)
    move(calendar.event_by_uid("s1@daymap"), dt.datetime(2026, 11, 26, 15, 0), 45)
    assert sync(rep) == {"sent": 0, "received": 1, "removed": 0, "conflicts": 0}
    assert (step(rep, "s1")["due"], step(rep, "s1")["time"], step(rep, "s1")["minutes"]) == ("2026-11-26", "15:00", 45)
    assert_settled(rep, calendar, "s1", "s1@daymap", dt.datetime(2026, 11, 26, 15, 0))
    assert rep("step", "reschedule", "b1", "2026-11-30", "--date", DAY)[0] == 0
    assert sync(rep)["sent"] == 1
    assert_settled(rep, calendar, "b1", "b1@daymap", dt.datetime(2026, 11, 30, 14, 0))


def test_an_event_deleted_on_the_phone_leaves_the_step_its_day_without_its_time(
    rep: Cli, server: radicale.Radicale
) -> None:
    sync(rep)
    phone(server, rep).event_by_uid("s2@daymap").delete()
    assert sync(rep)["received"] == 1
    assert (step(rep, "s2")["due"], step(rep, "s2").get("time"), step(rep, "s2")["status"]) == (
        "2026-11-27",
        None,
        "open",
    )
    assert sync(rep) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}
    assert step(rep, "s2").get("time") is None


def test_dropped_and_archived_remove_their_events_done_keeps_its(rep: Cli, server: radicale.Radicale) -> None:
    sync(rep)
    assert rep("step", "drop", "s2", "--date", DAY)[0] == 0
    assert rep("step", "done", "s1", "--on", DAY, "--date", DAY)[0] == 0
    assert (
        rep.import_doc(
            {"format": "daymap/1", "accounts": [{"id": "brill", "archived": True}]}, Path(tempfile.mkdtemp())
        )[0]
        == 0
    )
    assert sync(rep)["removed"] == 2
    uids = {e.icalendar_component["uid"] for e in phone(server, rep).events()}
    assert uids == {"s1@daymap"}
    assert sync(rep) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}
    assert {e.icalendar_component["uid"] for e in phone(server, rep).events()} == {"s1@daymap"}


def test_both_sides_changed_is_a_conflict_neither_overwritten_until_the_rep_chooses(
    rep: Cli, server: radicale.Radicale
) -> None:
    sync(rep)
    calendar = phone(server, rep)
    move(calendar.event_by_uid("s1@daymap"), dt.datetime(2026, 11, 27, 16, 0))
    assert rep("step", "reschedule", "s1", "2026-11-30", "--date", DAY)[0] == 0
    assert sync(rep)["conflicts"] == 1
    morning = rep.json("morning", "--date", DAY, "--json")
    first = morning["question_marks"][0]
    assert (first["kind"], first["step"], first["suggest"]) == ("calendar-conflict", "s1", {"action": "choose"})
    assert "16:00" in first["message"]
    assert sync(rep) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}  # waiting for the rep
    assert step(rep, "s1")["due"] == "2026-11-30"
    start = calendar.event_by_uid("s1@daymap").icalendar_component["dtstart"].dt
    assert start.replace(tzinfo=None) == dt.datetime(2026, 11, 27, 16, 0)
    assert rep("calendar", "resolve", "s1", "--keep", "daymap")[0] == 0
    assert sync(rep)["sent"] == 1
    assert_settled(rep, calendar, "s1", "s1@daymap", dt.datetime(2026, 11, 30, 10, 0))


def test_a_meeting_with_a_contact_is_the_accounts_next_step_kept_in_step_and_cancelled_with_it(
    rep: Cli, server: radicale.Radicale
) -> None:
    calendar = phone(server, rep)
    calendar.save_event(dtstart=dt.datetime(2026, 11, 25, 13, 0), dtend=dt.datetime(2026, 11, 25, 14, 0),
                        summary="Lunch with Jane", uid="lunch-1", attendee="mailto:JANE@acme.example")  # fmt: skip
    assert sync(rep)["received"] == 1
    (made,) = [s for s in rep.json("export", "-")["accounts"][0]["steps"] if s.get("event") == "lunch-1"]
    assert (made["title"], made["due"], made["time"], made["minutes"], made["contact"]) == (
        "Lunch with Jane",
        "2026-11-25",
        "13:00",
        60,
        "jane",
    )
    assert sync(rep) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}  # never made twice
    assert rep("step", "reschedule", made["id"], "2026-11-26", "--date", DAY)[0] == 0  # moved here: sent there
    assert sync(rep)["sent"] == 1
    assert_settled(rep, calendar, made["id"], "lunch-1", dt.datetime(2026, 11, 26, 13, 0))
    move(calendar.event_by_uid("lunch-1"), dt.datetime(2026, 11, 30, 11, 0))  # moved there: received here
    assert sync(rep)["received"] == 1
    assert_settled(rep, calendar, made["id"], "lunch-1", dt.datetime(2026, 11, 30, 11, 0))
    lunch = calendar.event_by_uid("lunch-1")
    lunch.icalendar_component["status"] = "CANCELLED"
    lunch.save()
    assert sync(rep)["received"] == 1
    assert (step(rep, made["id"])["status"], step(rep, made["id"])["outcome"]) == (
        "dropped",
        "cancelled in the calendar",
    )


def test_a_recurring_meeting_is_a_step_per_occurrence_in_the_window(rep: Cli, server: radicale.Radicale) -> None:
    phone(server, rep).save_event(
        dtstart=dt.datetime(2026, 11, 23, 9, 0), dtend=dt.datetime(2026, 11, 23, 9, 30), summary="Weekly with Jane",
        uid="weekly", attendee="mailto:jane@acme.example", rrule={"FREQ": "WEEKLY"},
    )  # fmt: skip
    sync(rep)
    events = sorted(s["event"] for s in rep.json("export", "-")["accounts"][0]["steps"] if s.get("event"))
    assert events[0] == "weekly#20261123T0900"
    assert len(events) == 14  # 23 Nov to 22 Feb, every Monday: a rule that never ends, read in the window


def test_other_events_are_busy_time_counted_once_and_the_day_over_capacity(rep: Cli, server: radicale.Radicale) -> None:
    calendar = phone(server, rep)
    calendar.save_event(
        dtstart=dt.datetime(2026, 11, 26, 8, 0), dtend=dt.datetime(2026, 11, 26, 12, 0), summary="Offsite", uid="o1"
    )
    calendar.save_event(
        dtstart=dt.datetime(2026, 11, 26, 11, 0), dtend=dt.datetime(2026, 11, 26, 13, 0), summary="Board", uid="o2"
    )
    calendar.save_event(dtstart=dt.date(2026, 11, 26), dtend=dt.date(2026, 11, 27), summary="Holiday", uid="o3")
    free = {
        "dtstart": dt.datetime(2026, 11, 26, 14, 0),
        "dtend": dt.datetime(2026, 11, 26, 18, 0),
        "transp": "TRANSPARENT",
    }
    calendar.save_event(summary="Free", uid="o4", **free)
    sync(rep)
    morning = rep.json("morning", "--date", "2026-11-26", "--json")
    assert morning["busy_minutes"] == 300  # 8:00 to 13:00, the overlap once; all-day and free are not busy
    assert morning["planned_minutes"] == 60
    assert "over-capacity" not in {m["kind"] for m in morning["question_marks"]}
    calendar.save_event(
        dtstart=dt.datetime(2026, 11, 26, 13, 0), dtend=dt.datetime(2026, 11, 26, 14, 30), summary="More", uid="o5"
    )
    sync(rep)
    morning = rep.json("morning", "--date", "2026-11-26", "--json")
    assert morning["busy_minutes"] == 390
    assert "over-capacity" in {m["kind"] for m in morning["question_marks"]}


def test_a_feed_is_busy_time_only_and_one_that_cannot_be_read_keeps_its_last(rep: Cli) -> None:
    feed = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\n"
            b"DTSTART:20261127T080000\r\nDTEND:20261127T100000\r\nSUMMARY:Outlook meeting\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n")  # fmt: skip
    with _http_server(feed, "text/calendar") as url:
        code, _out, err = rep("calendar", "subscribe", url, "--date", DAY)
        assert code == 0, err
        assert rep.json("morning", "--date", "2026-11-27", "--json")["busy_minutes"] == 120
    code, _out, err = rep("calendar", "sync", "--date", DAY)  # the feed's server is gone
    assert code == 0
    assert "last busy time is kept" in err
    assert rep.json("morning", "--date", "2026-11-27", "--json")["busy_minutes"] == 120
    assert rep("calendar", "unsubscribe", url)[0] == 0
    assert rep.json("morning", "--date", "2026-11-27", "--json")["busy_minutes"] == 0


def test_a_feed_that_no_longer_parses_keeps_its_last_busy_time_and_says_what_is_wrong_with_the_file(
    rep: Cli,
) -> None:
    feed = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\n"
            b"DTSTART:20261127T080000\r\nDTEND:20261127T100000\r\nSUMMARY:Outlook meeting\r\nEND:VEVENT\r\n"
            b"BEGIN:VEVENT\r\nUID:f2\r\nSUMMARY:Force.com review\r\nDTSTART:20261127T130000\r\n"
            b"DTEND: 20261127T140000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip
    with _http_server(feed, "text/calendar") as url:
        assert rep("calendar", "subscribe", url, "--date", DAY)[0] == 0
        assert rep.json("morning", "--date", "2026-11-27", "--json")["busy_minutes"] == 120  # the broken one left out
        code, _out, err = rep("calendar", "sync", "--date", DAY)
        assert code == 0
        assert "Force.com review" in err  # named once, the rest of the feed read
        _http_server.serve(url, b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n")  # cut short
        code, _out, err = rep("calendar", "sync", "--date", DAY)
    assert code == 0
    assert "cannot be read as a calendar" in err
    assert "CalDAV" not in err  # the file's problem, not a server's
    assert "last busy time is kept" in err
    assert rep.json("morning", "--date", "2026-11-27", "--json")["busy_minutes"] == 120


def test_disconnect_forgets_the_calendar_and_leaves_its_events(rep: Cli, server: radicale.Radicale) -> None:
    sync(rep)
    assert rep("calendar", "disconnect")[0] == 0
    assert len(phone(server, rep).events()) == 3
    assert rep("calendar", "sync")[0] == 2


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""
    kind = "text/plain"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", self.kind)
        self.end_headers()
        self.wfile.write(self.body)

    def do_PROPFIND(self) -> None:
        self.send_response(405)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


class _http_server:  # noqa: N801  (used as a context manager, like a function)
    """A local HTTP server answering every GET with ``body``: a feed, or a web page that is not CalDAV."""

    def __init__(self, body: bytes, kind: str) -> None:
        handler = type("Handler", (_Handler,), {"body": body, "kind": kind})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    running: dict[str, Any] = {}  # noqa: RUF012  (the servers of the test, by their address)

    def __enter__(self) -> str:
        self.thread.start()
        url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.ics"
        _http_server.running[url] = self.httpd
        return url

    @staticmethod
    def serve(url: str, body: bytes) -> None:
        """The running server at ``url`` answers with ``body`` from now on (a feed that changed)."""
        _http_server.running[url].RequestHandlerClass.body = body

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_sync_cut_off_midway_is_completed_by_the_next_never_doubled(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.app import calendar_sync
    from organizer.formats import events

    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder, {"rep": "pw"}) as first:
            port = first.port
            assert cli("calendar", "connect", first.url, "--user", "rep", stdin="pw\n")[0] == 0
            made = events.step_event

            def then_the_server_goes(*args: Any) -> bytes:
                data = made(*args)
                if args[0] == "s2":
                    first.stop()  # the line drops after s1's event went (steps go by id: b1, s1, s2)
                return data

            monkeypatch.setattr(events, "step_event", then_the_server_goes)
            code, _out, err = cli("calendar", "sync", "--date", DAY)
            assert code == 1
            assert f"127.0.0.1:{port}" in err
            monkeypatch.setattr(events, "step_event", made)
            assert calendar_sync is not None
        with radicale.server(folder, {"rep": "pw"}, port=port) as again:
            result = sync(cli)
            assert result["conflicts"] == 0
            assert sync(cli) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}
            principal = caldav.DAVClient(again.url, username="rep", password="pw").principal()
            (calendar,) = principal.calendars()
            uids = sorted(str(e.icalendar_component["uid"]) for e in calendar.events())
            assert uids == ["b1@daymap", "s1@daymap", "s2@daymap"]  # each once
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_server_gone_at_the_start_is_exit_1_naming_it_and_the_store_as_it_was(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder) as short_lived:
            assert cli("calendar", "connect", short_lived.url, "--user", "anyone", stdin="any\n")[0] == 0
            url = short_lived.url
        before = cli("export", "-")[1]
        code, _out, err = cli("calendar", "sync", "--date", DAY)
        assert code == 1
        assert f"{url}: cannot be reached" in err
        assert cli("export", "-")[1] == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_self_signed_certificate_is_named_and_never_trusted(cli: Cli, tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder, {"rep": "pw"}, self_signed=True) as unverified:
            code, _out, err = cli("calendar", "connect", unverified.url, "--user", "rep", stdin="pw\n")
            assert code == 2
            assert "certificate is not trusted" in err
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_sync_killed_with_sigkill_at_any_moment_is_completed_by_the_next_never_doubled(
    cli: Cli, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    many = {"format": "daymap/1", "accounts": [
        {"id": f"a{n}", "name": f"Account {n}", "steps": [
            {"id": f"s{n}", "title": "Call", "due": "2026-11-26", "time": f"{8 + n % 9:02d}:00"}]}
        for n in range(120)]}  # fmt: skip
    assert cli.import_doc(many, tmp_path)[0] == 0
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder, {"rep": "pw"}) as running:
            assert cli("calendar", "connect", running.url, "--user", "rep", stdin="pw\n")[0] == 0
            argv = [
                sys.executable,
                "-m",
                "organizer",
                "--data-dir",
                str(cli.data_dir),
                "calendar",
                "sync",
                "--date",
                DAY,
            ]
            child = subprocess.Popen(argv, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(2.5)  # some events are on the server by now, none agreed in the store yet
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            first = sync(cli)
            assert first["conflicts"] == 0
            assert sync(cli) == {"sent": 0, "received": 0, "removed": 0, "conflicts": 0}
            principal = caldav.DAVClient(running.url, username="rep", password="pw").principal()
            (calendar,) = principal.calendars()
            uids = [str(e.icalendar_component["uid"]) for e in calendar.events()]
            assert sorted(uids) == sorted(f"s{n}@daymap" for n in range(120))  # every step once, none twice
            assert len(rep_steps := cli.json("export", "-")["accounts"]) == 120
            assert all(len(a["steps"]) == 1 for a in rep_steps)  # no step made twice
    finally:
        shutil.rmtree(folder, ignore_errors=True)
