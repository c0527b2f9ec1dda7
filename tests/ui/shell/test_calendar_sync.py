"""The calendar from the window: File ▸ Connect a calendar, a background pass, the status bar, Today's busy time."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import caldav
import pytest

from tests import radicale
from tests.organizer.app.test_calendar import TERRITORY

pytestmark = [pytest.mark.gui, pytest.mark.servers, pytest.mark.usefixtures("passwords_in_a_file")]


@pytest.fixture
def calendar_server() -> Any:
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder, {"rep": "pw"}) as running:
            yield running
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def answer(**fields: str) -> Any:
    def fill(dialog: Any) -> None:
        for key, value in fields.items():
            dialog.field(key).setText(value)

    return fill


def test_connect_then_sync_in_the_background_and_today_counts_the_meetings(
    window: Any, load: Any, dialogs: Any, qtbot: Any, calendar_server: radicale.Radicale
) -> None:
    load(TERRITORY)
    main = window()
    errors: list[str] = []

    def wrong_then_right(dialog: Any) -> None:
        answer(url=calendar_server.url, user="rep", password="nope")(dialog)
        dialog.accept()  # refused: what the server said, under the field; the form stays open
        errors.append(dialog._errors["password"].text())  # under the field to change, not the address
        dialog.field("password").setText("pw")

    dialogs.then(wrong_then_right)
    assert main.calendar.connect_calendar()
    assert "refused the user name or password" in errors[0]
    qtbot.waitUntil(lambda: not main.calendar.busy, timeout=30_000)
    assert "Calendar: synced at" in main.calendar.status.text()
    assert "3 sent" in main.calendar.status.text()
    principal = caldav.DAVClient(calendar_server.url, username="rep", password="pw").principal()
    (phone,) = principal.calendars()
    phone.save_event(dtstart=dt.datetime(2026, 11, 24, 9, 0), dtend=dt.datetime(2026, 11, 24, 12, 0),
                     summary="Dentist", uid="busy-1")  # fmt: skip
    assert main.calendar.sync_now()
    qtbot.waitUntil(lambda: not main.calendar.busy, timeout=30_000)
    assert "outside this window" not in main.statusBar().currentMessage()  # the window's own pass wrote it
    main.show_view("today")
    today = main.today
    assert today.busy_blocks.text() == "Busy in the calendar: 9:00–12:00"
    assert "(3 h in the calendar)" in today.capacity.format()


def test_a_server_that_fails_is_said_in_the_status_bar_with_when_it_tries_again(
    window: Any, load: Any, dialogs: Any, qtbot: Any, calendar_server: radicale.Radicale
) -> None:
    load(TERRITORY)
    main = window()
    dialogs.then(answer(url=calendar_server.url, user="rep", password="pw"))
    assert main.calendar.connect_calendar()
    qtbot.waitUntil(lambda: not main.calendar.busy, timeout=30_000)
    calendar_server.stop()
    assert main.calendar.sync_now()
    qtbot.waitUntil(lambda: not main.calendar.busy, timeout=30_000)
    assert "cannot be reached" in main.calendar.status.text()
    assert "trying again at" in main.calendar.status.text()


def test_the_status_bar_counts_in_words() -> None:
    from ui.shell.calendar import _counted

    assert [_counted(1, "conflicts"), _counted(2, "conflicts"), _counted(1, "sent")] == [
        "1 conflict",
        "2 conflicts",
        "1 sent",
    ]


def test_a_rep_on_a_team_server_connects_their_calendar_and_the_window_syncs_it(
    team: Any, dialogs: Any, qtbot: Any, calendar_server: radicale.Radicale, tmp_path: Path
) -> None:
    """On a team's server the calendar is the rep's own setting: the window connects it and syncs it."""
    from PySide6.QtCore import QSettings

    from organizer.store.database import open_store
    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    with open_store(team["ann"].url) as store:
        main = MainWindow(
            QtPlanner(store, dt.date(2026, 11, 24)), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        )
        qtbot.addWidget(main)
        main.show()
        assert all(action.isEnabled() for action in main.settings_actions)
        dialogs.then(answer(url=calendar_server.url, user="rep", password="pw"))
        assert main.calendar.connect_calendar()
        qtbot.waitUntil(lambda: not main.calendar.busy, timeout=30_000)
        assert "Calendar: synced at" in main.calendar.status.text()
        main.calendar.timer.stop()
    code, _out, err = team["bob"]("calendar", "sync", "--date", "2026-11-24")
    assert code == 2  # ann's calendar is hers: bob has none connected
    assert "no calendar is connected" in err
