"""Mail read in the background (Edit ▸ Mail): a local folder and an IMAP account, the window never blocked."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests import dovecot
from tests.organizer.cli.test_cli_mail import TERRITORY
from tests.organizer.formats.test_mail import message

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("passwords_in_a_file")]


def maildir(folder: Path) -> Path:
    for sub in ("new", "cur", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def settings_answer(**fields: Any) -> Any:
    def fill(dialog: Any) -> None:
        for key, value in fields.items():
            widget = dialog.watch if key == "watch" else dialog.field(key)
            if key == "plain":
                widget.setChecked(value)
            else:
                widget.setText(value)

    return fill


def test_a_watched_mail_folder_is_read_in_the_background_and_said_in_the_status_bar(
    window: Any, load: Any, dialogs: Any, tmp_path: Path, qtbot: Any
) -> None:
    load(TERRITORY)
    main = window()
    box = maildir(tmp_path / "Maildir")
    (box / "new" / "1.x").write_text(message(sender="jane@acme.example", message_id="<w1@x>"))
    dialogs.then(settings_answer(me="me@mine.example", watch=str(box)))
    assert main.mail.edit_settings()
    qtbot.waitUntil(lambda: not main.mail.busy, timeout=20_000)
    assert "1 touch logged" in main.mail.status.text()
    assert main.planner.undo_stack.undoText() == "Read the mail folder"
    assert main.mail.read_now()  # the folder unchanged: not read again
    qtbot.waitUntil(lambda: not main.mail.busy, timeout=20_000)
    assert "nothing new" in main.mail.status.text()
    (box / "new" / "2.x").write_text(message(sender="ray@brill.example", message_id="<w2@x>"))
    main.mail.read_now()
    qtbot.waitUntil(lambda: not main.mail.busy, timeout=20_000)
    assert "1 touch logged" in main.mail.status.text()
    shutil.rmtree(box)
    main.mail.read_now()
    qtbot.waitUntil(lambda: not main.mail.busy, timeout=20_000)
    assert "trying again at" in main.mail.status.text()


def test_a_folder_that_is_not_mail_is_refused_in_the_form(window: Any, load: Any, dialogs: Any, tmp_path: Path) -> None:
    load(TERRITORY)
    main = window()
    (tmp_path / "photos").mkdir()
    shown: list[str] = []

    def fill_and_look(dialog: Any) -> bool:
        settings_answer(watch=str(tmp_path / "photos"))(dialog)
        dialog.accept()  # refused: the form stays open with the reason under the field
        shown.append(dialog._errors["watch"].text())
        return False

    dialogs.then(fill_and_look)
    assert main.mail.edit_settings() is False
    assert "not a Maildir" in shown[0]


def test_an_imap_account_is_tried_then_read_in_the_background(window: Any, load: Any, dialogs: Any, qtbot: Any) -> None:
    if not dovecot.available():
        pytest.skip("Dovecot is not installed here (make test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="daymap-dovecot-"))
    try:
        with dovecot.server(folder, {"rep": "pw"}) as server:
            server.deliver("rep", message(sender="ray@brill.example", message_id="<b1@x>", subject="Figures"))
            load(TERRITORY)
            main = window()
            errors: list[str] = []

            def wrong_then_right(dialog: Any) -> None:
                settings_answer(server=f"127.0.0.1:{server.port}", user="rep", password="nope", plain=True)(dialog)
                dialog.accept()
                errors.append(dialog._errors["password"].text())
                dialog.field("password").setText("pw")

            dialogs.then(wrong_then_right)
            assert main.mail.edit_settings()
            assert "refused the user name or password" in errors[0]
            qtbot.waitUntil(lambda: not main.mail.busy, timeout=20_000)
            assert "1 touch logged" in main.mail.status.text()
            main.open_plan("brill")
            assert main.plan.touches_model.index(0, 3).data() == "Figures"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
