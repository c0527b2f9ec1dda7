"""Reading events (organizer/formats/events.py): local time, odd events, recurrences, busy spans."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from organizer.formats.events import busy_spans, occurrences, step_event

FIRST, LAST = dt.date(2026, 11, 17), dt.date(2027, 2, 22)


def calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


@pytest.fixture(autouse=True)
def _berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()


def test_an_event_in_another_zone_is_read_in_the_reps_local_time() -> None:
    (found,) = occurrences(
        calendar("UID:a\r\nDTSTART;TZID=America/New_York:20261125T090000\r\nDURATION:PT1H"), FIRST, LAST
    )
    assert (found.day, found.time, found.minutes) == (dt.date(2026, 11, 25), "15:00", 60)


def test_a_zone_the_machine_does_not_know_is_read_as_local_time_not_an_error() -> None:
    (found,) = occurrences(
        calendar("UID:b\r\nDTSTART;TZID=Mars/Olympus_Mons:20261125T090000\r\nDURATION:PT30M"), FIRST, LAST
    )
    assert (found.time, found.minutes) == ("09:00", 30)


def test_an_event_with_no_end_is_an_instant_and_no_busy_time() -> None:
    (found,) = occurrences(calendar("UID:c\r\nDTSTART:20261125T090000Z"), FIRST, LAST)
    assert found.minutes == 0
    assert busy_spans([found]) == {}


def test_a_rule_that_never_ends_gives_the_windows_occurrences_only() -> None:
    found = occurrences(calendar("UID:d\r\nDTSTART:20261123T090000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY"), FIRST, LAST)
    assert len(found) == (LAST - dt.date(2026, 11, 23)).days + 1
    assert found[0].key == "d#20261123T0900"


def test_busy_spans_cross_midnight_and_skip_free_cancelled_and_all_day() -> None:
    found = occurrences(calendar(
        "UID:e\r\nDTSTART:20261125T230000\r\nDURATION:PT2H",
        "UID:f\r\nDTSTART:20261126T100000\r\nDURATION:PT1H\r\nTRANSP:TRANSPARENT",
        "UID:g\r\nDTSTART:20261126T120000\r\nDURATION:PT1H\r\nSTATUS:CANCELLED",
        "UID:h\r\nDTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261127",
    ), FIRST, LAST)  # fmt: skip
    assert busy_spans(found) == {"2026-11-25": [[1380, 1440]], "2026-11-26": [[0, 60]]}


def test_a_ten_thousand_event_calendar_is_read_whole() -> None:
    many = [f"UID:n{n}\r\nDTSTART:2026{11 + n % 2:02d}{1 + n % 28:02d}T{8 + n % 9:02d}0000\r\nDURATION:PT30M"
            for n in range(10_000)]  # fmt: skip
    found = occurrences(calendar(*many), dt.date(2026, 11, 1), dt.date(2026, 12, 31))  # pytest-timeout guards a hang
    assert len(found) == 10_000


def test_a_steps_event_carries_its_uid_start_duration_card_and_alarm() -> None:
    data = step_event("s1", "Demo", "Acme", dt.date(2026, 11, 26), "10:00", None, "Account: Acme")
    (found,) = occurrences(data, FIRST, LAST)
    assert (found.uid, found.step_id, found.time, found.minutes, found.summary) == (
        "s1@daymap",
        "s1",
        "10:00",
        30,
        "Demo (Acme)",
    )
    assert b"TRIGGER:-PT10M" in data


def test_an_event_of_several_days_is_busy_every_day_it_covers() -> None:
    """Mon 10:00 to Fri 18:00: the minutes it covers on each day (SPEC), not 840 minutes of Monday alone."""
    found = occurrences(calendar("UID:fair\r\nDTSTART:20261123T100000\r\nDTEND:20261127T180000"), FIRST, LAST)
    spans = busy_spans(found)
    assert spans == {
        "2026-11-23": [[600, 1440]],
        "2026-11-24": [[0, 1440]],
        "2026-11-25": [[0, 1440]],
        "2026-11-26": [[0, 1440]],
        "2026-11-27": [[0, 1080]],
    }


def test_one_event_with_a_broken_date_is_left_out_and_named_the_others_are_read() -> None:
    """Force.com writes "DTEND: 20240812T223000Z" (a space after the colon)."""
    problems: list[str] = []
    found = occurrences(calendar(
        "UID:broken\r\nSUMMARY:Quarterly review\r\nDTSTART:20261125T200000Z\r\nDTEND: 20261125T223000Z",
        "UID:good\r\nSUMMARY:Standup\r\nDTSTART:20261126T090000Z\r\nDTEND:20261126T100000Z",
    ), FIRST, LAST, problems)  # fmt: skip
    assert [o.uid for o in found] == ["good"]
    assert len(problems) == 1
    assert "Quarterly review" in problems[0]
    assert "DTEND" in problems[0]


def test_a_text_that_is_not_a_calendar_is_an_error_when_asked_strictly() -> None:
    assert occurrences(b"BEGIN:VCALENDAR\r\nthis is not", FIRST, LAST) == []
    with pytest.raises(ValueError, match="not an iCalendar file"):
        occurrences(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", FIRST, LAST, strict=True)
