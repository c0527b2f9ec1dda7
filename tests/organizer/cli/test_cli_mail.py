"""``mail import`` (SPEC.md "Mail"): each message a touch once, matched by the contacts' addresses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.organizer.formats.test_mail import BODY, message

TERRITORY = {
    "format": "daymap/1",
    "accounts": [
        {"id": "acme", "name": "Acme", "stage": "client", "cadence_days": 14,
         "contacts": [{"id": "jane", "name": "Jane Roe", "email": "Jane@Acme.example"}]},
        {"id": "brill", "name": "Brill", "contacts": [{"id": "ray", "name": "Ray", "email": "ray@brill.example"}]},
    ],
}  # fmt: skip


def mbox(tmp_path: Path, *messages: str, name: str = "inbox.mbox") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"From x@y Tue Nov 24 09:12:00 2026\n{text}" for text in messages))
    return path


def touches(cli: Cli) -> list[tuple[str, dict[str, Any]]]:
    return [(a["id"], t) for a in cli.json("export", "-")["accounts"] for t in a.get("touches", [])]


def test_messages_from_contacts_and_from_me_are_touches_strangers_add_nothing(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    path = mbox(
        tmp_path,
        message(sender="jane@acme.example", message_id="<1@x>"),
        message(sender="Me <me@mine.example>", to="Ray <ray@brill.example>, jane@acme.example", subject="Proposal",
                message_id="<2@x>"),
        message(sender="stranger@spam.example", to="jane@acme.example", message_id="<3@x>"),
    )  # fmt: skip
    code, out, err = cli("mail", "import", str(path), "--me", "me@mine.example", "--json")
    assert code == 0, err
    assert json.loads(out) == {"messages": 3, "touches": 3, "unmatched": 1, "duplicates": 0, "unreadable": 0}
    logged = {(account, t["contact"], t["note"], t["message"], t["channel"]) for account, t in touches(cli)}
    assert logged == {
        ("acme", "jane", "Headcount figures", "<1@x>", "email"),
        ("brill", "ray", "Proposal", "<2@x>", "email"),
        ("acme", "jane", "Proposal", "<2@x>", "email"),
    }
    assert BODY not in cli("export", "-")[1]  # headers only: no body reaches the store


def test_the_same_mailbox_twice_and_an_eml_already_seen_add_nothing(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    path = mbox(tmp_path, message(sender="jane@acme.example", message_id="<1@x>"))
    assert cli.json("mail", "import", str(path), "--json")["touches"] == 1
    again = cli.json("mail", "import", str(path), "--json")
    assert again == {"messages": 1, "touches": 0, "unmatched": 0, "duplicates": 1, "unreadable": 0}
    single = tmp_path / "one.eml"
    single.write_text(message(sender="jane@acme.example", message_id="<1@x>"))
    assert cli.json("mail", "import", str(single), "--json")["duplicates"] == 1
    assert len(touches(cli)) == 1


def test_my_addresses_are_remembered_for_the_next_read(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    cli("mail", "import", str(mbox(tmp_path, message(message_id="<1@x>"), name="a.mbox")), "--me", "me@mine.example")
    mine = mbox(tmp_path, message(sender="me@mine.example", to="ray@brill.example", message_id="<2@x>"), name="b")
    assert cli.json("mail", "import", str(mine), "--json")["touches"] == 1


def test_an_unreadable_message_is_named_and_the_others_are_still_read(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    path = tmp_path / "cut.mbox"
    path.write_text(
        "From x@y Tue Nov 24 09:12:00 2026\n" + message(sender="jane@acme.example", message_id="<1@x>")
        + "From x@y Tue Nov 24 09:12:00 2026\nFrom: jane@acme.example\nSubject: cut of"
    )  # fmt: skip
    code, out, err = cli("mail", "import", str(path), "--json")
    assert code == 0
    assert json.loads(out)["unreadable"] == 1
    assert json.loads(out)["touches"] == 1
    assert f"{path}, message 2" in err


def test_not_mail_is_exit_2_with_nothing_written(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    good = mbox(tmp_path, message(sender="jane@acme.example", message_id="<1@x>"))
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)
    code, _out, err = cli("mail", "import", str(good), str(binary))
    assert code == 2
    assert "photo.jpg: not mail" in err
    assert touches(cli) == []
    code, _out, err = cli("mail", "import", str(good), "--me", "not an address")
    assert code == 2
    assert "not an email address" in err


def test_a_mail_import_is_one_undoable_action(store: Any, tmp_path: Path) -> None:
    from organizer.app.mail import log_mail
    from organizer.app.planner import Planner
    from organizer.app.transfer.merge import import_document
    from organizer.formats.mail import read_messages

    import_document(store, TERRITORY)
    planner = Planner(store)
    path = mbox(tmp_path, message(sender="jane@acme.example", message_id="<1@x>"),
                message(sender="ray@brill.example", message_id="<2@x>"))  # fmt: skip
    report = log_mail(planner, read_messages(path), ["me@mine.example"])
    assert report.touches == 2
    assert planner.history.undo_text == "Log mail"
    planner.undo()
    assert [t for a in ("acme", "brill") for t in planner.account(a).touches] == []


def test_someone_new_at_a_known_companys_domain_is_offered_never_added(store: Any, tmp_path: Path) -> None:
    from organizer.app.mail import add_newcomers, log_mail
    from organizer.app.planner import Planner
    from organizer.app.transfer.merge import import_document
    from organizer.formats.mail import read_messages

    import_document(store, TERRITORY)
    planner = Planner(store)
    path = mbox(tmp_path,
                message(sender="Sam Lee <sam@acme.example>", message_id="<n1@x>"),
                message(sender="pat@gmail.com", message_id="<n2@x>"),  # anyone's domain: says nothing
                message(sender="Quinn <quinn@brill.example>", message_id="<n3@x>"))  # fmt: skip
    report = log_mail(planner, read_messages(path))
    assert report.newcomers == {"sam@acme.example": ("acme", "Sam Lee"), "quinn@brill.example": ("brill", "Quinn")}
    assert [c.name for c in planner.account("acme").contacts] == ["Jane Roe"]  # nobody added silently
    add_newcomers(planner, {"sam@acme.example": ("acme", "Sam Lee")}, ["quinn@brill.example"])
    assert sorted(c.name for c in planner.account("acme").contacts) == ["Jane Roe", "Sam Lee"]
    again = mbox(tmp_path, message(sender="Quinn <quinn@brill.example>", message_id="<n4@x>"), name="again.mbox")
    assert log_mail(planner, read_messages(again)).newcomers == {}  # declined: not offered again


def test_paths_may_come_after_my_addresses(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    path = mbox(tmp_path, message(sender="me@mine.example", to="ray@brill.example", message_id="<o@x>"))
    result = cli.json("mail", "import", "--me", "me@mine.example", "other@mine.example", str(path), "--json")
    assert result["touches"] == 1
    code, _out, err = cli("mail", "import", "--me", "me@mine.example")
    assert code == 2
    assert "name an .eml file" in err


def test_a_message_with_a_nul_or_bad_bytes_in_its_headers_is_named_and_the_rest_are_read(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    start = b"From x@y Tue Nov 24 09:12:00 2026\n"
    good = message(sender="jane@acme.example", message_id="<1@x>").encode()
    nul = b"From: jane@acme.example\nSubject: the \x00 budget \xff\xfe\nMessage-ID: <2@x>\n\nbody\n\n"
    sender = b"From: Ray\x00 <ray@brill.example>\nSubject: ok\nMessage-ID: <3@x>\n\nbody\n\n"
    last = message(sender="ray@brill.example", message_id="<4@x>").encode()
    path = tmp_path / "nul.mbox"
    path.write_bytes(b"".join(start + part for part in (good, nul, sender, last)))
    code, out, err = cli("mail", "import", str(path), "--json")
    assert code == 0, err
    assert json.loads(out) == {"messages": 4, "touches": 2, "unmatched": 0, "duplicates": 0, "unreadable": 2}
    assert f"{path}, message 2" in err
    assert "NUL" in err
    assert f"{path}, message 3" in err
    assert {t["message"] for _account, t in touches(cli)} == {"<1@x>", "<4@x>"}


def test_two_readers_of_one_mailbox_at_once_log_each_message_once(
    store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal's `mail import` and the window's reader, both past their look before either writes."""
    from organizer.app import mail
    from organizer.app.mail import log_mail
    from organizer.app.planner import Planner
    from organizer.app.transfer.merge import import_document
    from organizer.formats.mail import read_messages

    import_document(store, TERRITORY)
    path = mbox(tmp_path, message(sender="jane@acme.example", message_id="<1@x>"))
    window, terminal = Planner(store), Planner(store)
    looked = list(read_messages(path))
    first = log_mail(window, looked)
    monkeypatch.setattr(mail, "_logged_before", lambda _session, _keys: set())  # it looked before that write
    second = log_mail(terminal, looked)
    assert (first.touches, second.touches, second.duplicates) == (1, 0, 1)
    with store.read() as session:
        from sqlalchemy import func, select

        from organizer.store.models import Touch

        assert session.scalar(select(func.count()).select_from(Touch).where(Touch.message == "<1@x>")) == 1


def test_sent_mail_without_the_reps_own_address_says_how_to_count_it(cli: Cli, tmp_path: Path) -> None:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    sent = mbox(tmp_path, message(sender="me@mine.example", to="ray@brill.example", message_id="<s1@x>"))
    code, _out, err = cli("mail", "import", str(sent))
    assert code == 0
    assert "your own address is not set" in err
    assert "--me" in err
    code, _out, err = cli("mail", "import", str(sent), "--me", "me@mine.example")
    assert "your own address is not set" not in err
