"""``mail connect`` / ``mail fetch`` against a real Dovecot (tests/dovecot.py): new mail once, nothing twice."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import dovecot
from tests.conftest import Cli
from tests.organizer.cli.test_cli_mail import TERRITORY, touches
from tests.organizer.formats.test_mail import message

pytestmark = [pytest.mark.servers, pytest.mark.usefixtures("passwords_in_a_file")]  # a real server: run once


@pytest.fixture(scope="module")
def imap_server() -> Iterator[dovecot.Dovecot]:
    if not dovecot.available():
        if os.environ.get("CI"):
            pytest.fail("Dovecot is not installed: the test command installs it (scripts/system-deps.sh test)")
        pytest.skip("Dovecot is not installed here (make test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="daymap-dovecot-"))  # not under pytest's 0700 tmp: Dovecot's uid reads it
    try:
        with dovecot.server(folder, {"rep@mine.example": "secret", "other": "pw"}) as running:
            yield running
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def mail_cli(cli: Cli, tmp_path: Path) -> Cli:
    assert cli.import_doc(TERRITORY, tmp_path)[0] == 0
    return cli


def connect(cli: Cli, server: dovecot.Dovecot, user: str = "rep@mine.example", password: str = "secret") -> Any:
    return cli("mail", "connect", f"127.0.0.1:{server.port}", "--user", user, "--plain", stdin=password + "\n")


def test_a_wrong_password_is_exit_2_and_nothing_is_remembered(mail_cli: Cli, imap_server: dovecot.Dovecot) -> None:
    code, _out, err = connect(mail_cli, imap_server, password="wrong")
    assert code == 2
    assert "refused the user name or password" in err
    code, _out, err = mail_cli("mail", "fetch")
    assert code == 2
    assert "no mail account" in err


def test_plain_text_to_another_machine_is_refused(mail_cli: Cli) -> None:
    code, _out, err = mail_cli("mail", "connect", "imap.example.com", "--user", "u", "--plain", stdin="pw\n")
    assert code == 2
    assert "TLS" in err


def test_fetch_logs_new_mail_once_and_then_only_what_is_new(
    mail_cli: Cli, imap_server: dovecot.Dovecot, tmp_path: Path
) -> None:
    user = "other"
    imap_server.deliver(user, message(sender="jane@acme.example", message_id="<i1@x>"))
    imap_server.deliver(user, message(sender="stranger@x.example", message_id="<i2@x>"))
    code, _out, err = connect(mail_cli, imap_server, user=user, password="pw")
    assert code == 0, err
    assert "passwords.json" in err
    secret = tmp_path / "config" / "Daymap" / "passwords.json"
    assert oct(secret.stat().st_mode & 0o777) == "0o600"
    assert "pw" not in mail_cli("export", "-")[1]  # never in the store
    first = mail_cli.json("mail", "fetch", "--json")
    assert first == {"messages": 2, "touches": 1, "unmatched": 1, "duplicates": 0, "unreadable": 0}
    assert mail_cli.json("mail", "fetch", "--json")["messages"] == 0  # nothing new: nothing read again
    imap_server.deliver(user, message(sender="Ray <ray@brill.example>", message_id="<i3@x>", subject="Figures"))
    assert mail_cli.json("mail", "fetch", "--json") == {
        "messages": 1, "touches": 1, "unmatched": 0, "duplicates": 0, "unreadable": 0,
    }  # fmt: skip
    # the same message in a file, read afterwards: logged once
    eml = tmp_path / "again.eml"
    eml.write_text(message(sender="Ray <ray@brill.example>", message_id="<i3@x>", subject="Figures"))
    assert mail_cli.json("mail", "import", str(eml), "--json")["duplicates"] == 1
    assert sorted(t["message"] for _a, t in touches(mail_cli)) == ["<i1@x>", "<i3@x>"]


def test_a_server_that_is_gone_is_exit_1_naming_it(mail_cli: Cli, tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="daymap-dovecot-"))
    try:
        with dovecot.server(folder, {"rep": "pw"}) as short_lived:
            assert connect(mail_cli, short_lived, user="rep", password="pw")[0] == 0
            port = short_lived.port
        code, _out, err = mail_cli("mail", "fetch")
        assert code == 1
        assert f"127.0.0.1:{port}" in err
        assert "cannot be reached" in err
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_line_dropped_mid_fetch_keeps_what_came_and_the_next_fetch_goes_on(
    mail_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.app import imap

    folder = Path(tempfile.mkdtemp(prefix="daymap-dovecot-"))
    try:
        with dovecot.server(folder, {"rep": "pw"}) as first:
            port = first.port
            for number in range(3):
                first.deliver("rep", message(sender="jane@acme.example", message_id=f"<d{number}@x>"))
            assert connect(mail_cli, first, user="rep", password="pw")[0] == 0
            monkeypatch.setattr(imap, "FETCH_BATCH", 1)
            read_one = imap.from_header_bytes

            def then_the_server_goes(*args: Any) -> Any:
                first.stop()  # the real server goes away after handing over one message
                return read_one(*args)

            monkeypatch.setattr(imap, "from_header_bytes", then_the_server_goes)
            code, _out, err = mail_cli("mail", "fetch")
            assert code == 1
            assert "connection was lost after 1 new messages" in err
            monkeypatch.setattr(imap, "from_header_bytes", read_one)
        assert [t["message"] for _a, t in touches(mail_cli)] == ["<d0@x>"]
        with dovecot.server(folder, {"rep": "pw"}, port=port):
            assert mail_cli.json("mail", "fetch", "--json")["touches"] == 2
        assert sorted(t["message"] for _a, t in touches(mail_cli)) == ["<d0@x>", "<d1@x>", "<d2@x>"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
