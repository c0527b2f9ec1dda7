"""Reminders through a real notification daemon: dunst on a private D-Bus session bus under Xvfb.

``make test`` runs this module alone inside ``xvfb-run dbus-run-planner`` with dunst started
(``DAYMAP_NOTIFY_TEST=1``); anywhere else it is skipped, since it needs that bus and daemon.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from typing import Any

import pytest

from organizer.app.transfer.merge import import_document
from organizer.rules.reminders import reminders_for
from tests.builders import D, account, doc, step

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not os.environ.get("DAYMAP_NOTIFY_TEST"), reason="needs dunst on a private bus (make test)"),
]
TEN = dt.datetime.combine(D, dt.time(10, 0))


def dunst_history() -> list[dict[str, Any]]:
    subprocess.run(["dunstctl", "close-all"], check=True, timeout=10)
    done = subprocess.run(["dunstctl", "history"], capture_output=True, text=True, check=True, timeout=10)
    return [
        {key: entry[key]["data"] for key in ("summary", "body", "appname")}
        for entry in json.loads(done.stdout)["data"][0]
    ]


@pytest.fixture
def reminders(qapp: Any, store: Any, tmp_path: Any) -> Any:
    from PySide6.QtCore import QSettings

    from ui.qt_planner import QtPlanner
    from ui.shell.reminders import Reminders

    import_document(
        store,
        doc(
            account(
                "acme", name="Acme Books",
                contacts=[{"id": "jane", "name": "Jane Roe", "role": "decision-maker",
                           "resonates": "hates agency fees"}],
                steps=[step("call", 0, time="10:00", contact="jane", title="Call Jane about the pilot"),
                       step("p", 2, promised=True, contact="jane", title="Send the case study")],
            )
        ),
    )  # fmt: skip
    planner = QtPlanner(store, D)
    opened: list[bool] = []
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    made = Reminders(planner, settings, lambda: opened.append(True))
    made.opened = opened
    return made


def test_a_reminder_shows_in_the_daemon_with_its_precall_card(reminders: Any) -> None:
    assert reminders.notifier.available
    due = reminders_for(reminders.planner.morning(D).today, D, 10)
    assert reminders.show(due[-1]) > 0
    shown = dunst_history()
    assert shown[0]["summary"] == "Now, 10:00: Call Jane about the pilot"
    assert "Resonates: hates agency fees" in shown[0]["body"]
    assert "Promised: Send the case study" in shown[0]["body"]
    assert shown[0]["appname"] == "Daymap"


def test_opening_a_reminder_from_the_daemon_shows_the_precall_window(reminders: Any, qtbot: Any) -> None:
    due = reminders_for(reminders.planner.morning(D).today, D, 10)
    reminders.show(due[-1])
    subprocess.run(["dunstctl", "action", "0"], check=True, timeout=10)  # the bubble clicked: its default action
    qtbot.waitUntil(lambda: bool(reminders.windows), timeout=5000)
    assert reminders.opened
    assert "hates agency fees" in reminders.windows[0].text.text()


def test_done_from_a_reminder_completes_the_step(reminders: Any) -> None:
    reminders.answer("call", "done")
    assert [item.step for item in reminders.planner.morning(D).today] == []
