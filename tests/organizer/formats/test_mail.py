"""Reading mail's headers (SPEC.md "Mail"): every kind of mailbox, every bad message named, bodies never read."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from organizer.core.errors import ValidationError
from organizer.formats.mail import MailMessage, Unreadable, detect, read_messages

BODY = "Secret body text: the quote is 40k"


def message(
    sender: str = "Jane Roe <jane@acme.example>",
    to: str = "me@mine.example",
    subject: str = "Headcount figures",
    date: str | None = "Tue, 24 Nov 2026 09:12:00 +0000",
    message_id: str | None = "<m1@acme.example>",
    extra: str = "",
) -> str:
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}"]
    if date is not None:
        lines.append(f"Date: {date}")
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    return "\n".join(lines) + extra + f"\n\n{BODY}\n"


def eml(tmp_path: Path, text: str | bytes, name: str = "m.eml") -> list[MailMessage | Unreadable]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return list(read_messages(path))


def test_an_eml_gives_its_sender_recipients_day_subject_and_id(tmp_path: Path) -> None:
    (found,) = eml(tmp_path, message(to="Me <ME@mine.example>", extra="\nCc: Ray <ray@brill.example>"))
    assert found == MailMessage("<m1@acme.example>", "jane@acme.example", ("me@mine.example", "ray@brill.example"),
                                dt.date(2026, 11, 24), "Headcount figures", "Jane Roe")  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "subject"),
    [
        ("=?utf-8?q?R=C3=A9sum=C3=A9?=", "Résumé"),
        ("=?iso-8859-1?q?caf=E9_au_lait?=", "café au lait"),
        ("=?windows-1251?b?0O7x8ej/?=", "Россия"),
        ("=?shift_jis?b?k/qWe4zq?=", "日本語"),
        ("Plain\n  folded over\n\ttwo lines", "Plain folded over two lines"),
    ],
)
def test_subjects_are_decoded_and_unfolded(tmp_path: Path, raw: str, subject: str) -> None:
    (found,) = eml(tmp_path, message(subject=raw))
    assert isinstance(found, MailMessage)
    assert found.subject == subject


def test_the_day_is_the_date_in_the_local_time_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        (found,) = eml(tmp_path, message(date="Tue, 24 Nov 2026 23:30:00 +0000"))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert isinstance(found, MailMessage)
    assert found.day == dt.date(2026, 11, 25)


def test_without_a_date_the_file_time_is_used_and_a_future_date_is_today(tmp_path: Path) -> None:
    path = tmp_path / "nodate.eml"
    path.write_text(message(date=None))
    moment = dt.datetime(2026, 10, 5, 12, 0).timestamp()
    os.utime(path, (moment, moment))
    (found,) = read_messages(path)
    assert isinstance(found, MailMessage)
    assert found.day == dt.date(2026, 10, 5)
    (future,) = eml(tmp_path, message(date="Fri, 1 Jan 9999 10:00:00 +0000"), "future.eml")
    assert isinstance(future, MailMessage)
    assert future.day == dt.date.today()


def test_a_message_without_an_id_is_known_by_its_from_date_and_subject(tmp_path: Path) -> None:
    (first,) = eml(tmp_path, message(message_id=None), "a.eml")
    (again,) = eml(tmp_path, message(message_id=None), "b.eml")
    (other,) = eml(tmp_path, message(message_id=None, subject="Other"), "c.eml")
    assert isinstance(first, MailMessage)
    assert isinstance(again, MailMessage)
    assert isinstance(other, MailMessage)
    assert first.key == again.key != other.key


def test_a_from_with_no_address_and_ten_thousand_recipients(tmp_path: Path) -> None:
    many = ", ".join(f"p{n}@big.example" for n in range(10_000))
    (found,) = eml(tmp_path, message(sender="Undisclosed", to=many))
    assert isinstance(found, MailMessage)
    assert found.sender is None
    assert len(found.recipients) == 10_000


def test_an_mbox_keeps_a_from_line_in_a_body_inside_its_message_and_names_a_cut_one(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    cut = "From x@y Thu Nov 26 10:00:00 2026\nFrom: Cut <cut@acme.example>\nSubject: cut sh"
    path.write_text(
        "From jane@acme.example Tue Nov 24 09:12:00 2026\n" + message()
        + "From here on the body goes on\n\n"
        + "From me@mine.example Wed Nov 25 10:00:00 2026\n" + message(message_id="<m2@x>", date=None)
        + cut
    )  # fmt: skip
    found = list(read_messages(path))
    assert [type(m).__name__ for m in found] == ["MailMessage", "MailMessage", "Unreadable"]
    assert isinstance(found[1], MailMessage)
    assert found[1].day == dt.date(2026, 11, 25)  # no Date: the mbox's "From " line
    assert isinstance(found[2], Unreadable)
    assert found[2].where == f"{path}, message 3"


def test_a_maildir_reads_new_and_cur_and_leaves_what_is_still_being_written(tmp_path: Path) -> None:
    box = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "new" / "1.host").write_text(message(message_id="<n@x>"))
    (box / "cur" / "2.host:2,S").write_text(message(message_id="<c@x>"))
    (box / "tmp" / "3.host").write_text("From: half")
    assert sorted(m.key for m in read_messages(box) if isinstance(m, MailMessage)) == ["<c@x>", "<n@x>"]
    empty = tmp_path / "Empty"
    for sub in ("new", "cur", "tmp"):
        (empty / sub).mkdir(parents=True)
    assert list(read_messages(empty)) == []


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "empty"), (b"\x00\x01\x02binary\xff" * 40, "not mail"), (b"just some text\nno headers\n", "not mail")],
)
def test_what_is_not_mail_is_refused_before_anything_is_read(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "x.dat"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=why):
        detect(path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(ValidationError, match="not a Maildir"):
        detect(tmp_path / "folder")


def test_headers_only_the_body_is_never_in_what_is_read(tmp_path: Path) -> None:
    (found,) = eml(tmp_path, message())
    assert BODY not in repr(found)
