"""Helpers for the GUI tests: a territory with one of each question mark, and scripted dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tests.builders import D, account, day, doc, step

Answer = Callable[[Any], bool | None]


def every_mark_territory() -> dict[str, Any]:
    """One account per question-mark kind (on D, a Tuesday), each with nothing else wrong."""
    later = step("later-{}", 7)

    def future(prefix: str) -> dict[str, Any]:
        return {**later, "id": f"{prefix}-later", "title": f"{prefix} later step"}

    return doc(
        account(
            "promise",
            name="Promise Co",
            contacts=[{"id": "ray", "name": "Ray Chen", "role": "champion"}],
            steps=[step("p-1", -4, title="Send Ray the quote", promised=True, contact="ray"), future("promise")],
        ),
        account(
            "waiting",
            name="Waiting Co",
            contacts=[{"id": "mo", "name": "Mo Said"}],
            steps=[step("w-1", -1, title="Signed order from Mo", waiting=True, contact="mo"), future("waiting")],
        ),
        account("overdue", name="Overdue Co", steps=[step("o-1", -3, title="Visit the office"), future("overdue")]),
        account("nonext", name="No Next Co", stage="prospect"),
        account(
            "goalless",
            name="Goal Co",
            goals=[{"id": "goal-1", "title": "Win the training budget"}],
            steps=[future("goalless")],
        ),
        account("renewal", name="Renewal Co", stage="client", renewal=day(20), steps=[step("r-1", 30)]),
        account(
            "touch",
            name="Touch Co",
            cadence_days=7,
            touches=[{"id": "t-old", "date": day(-10), "channel": "call"}],
            steps=[future("touch")],
        ),
        account(
            "busy",
            name="Busy Co",
            steps=[
                step("b-1", 0, title="Long workshop", minutes=300, time="09:00"),
                step("b-2", 0, title="Prepare the deck", minutes=120),
                future("busy"),
            ],
        ),
        settings={"capacity_minutes": 360},
    )


def ready_territory() -> dict[str, Any]:
    return doc(
        account(
            "acme",
            name="Acme Staffing",
            stage="client",
            contacts=[{"id": "ann", "name": "Ann Silva", "role": "decision-maker"}],
            goals=[
                {
                    "id": "g-acme",
                    "title": "Renew for 2027",
                    "steps": [
                        step("a-1", 0, title="Call Ann about the renewal", minutes=30, time="10:00"),
                        step("a-2", 0, title="Send the case study", minutes=15),
                        step("a-3", 0, title="Draft the proposal", minutes=60),
                    ],
                }
            ],
            steps=[step("a-4", 5, title="Follow up")],
        ),
        account(
            "books",
            name="Books4U",
            steps=[step("k-1", 0, title="Ship the samples", minutes=20), step("k-2", 1, title="Call back")],
        ),
    )


TODAY: dt.date = D


def store_window(qtbot: Any, store: Any, when: dt.date, folder: Any) -> Any:
    """The main window on ``store`` as of ``when``, shown, with its settings in ``folder`` (not the user's)."""
    from PySide6.QtCore import QSettings

    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    main = MainWindow(QtPlanner(store, when), QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    return main


class Rep:
    """A rep's hands on the window: each click is counted as it is made, each dialog by what was typed in it.

    ``actions`` is what the rep did, counted from the events the test really sends (and ``Dialogs.actions``),
    so a flow that needs one more step than before fails its bound instead of being counted by hand.
    """

    def __init__(self, qtbot: Any, dialogs: Any) -> None:
        self.qtbot = qtbot
        self.dialogs = dialogs
        self.clicks = 0

    def click(self, widget: Any) -> None:
        from PySide6.QtCore import Qt

        assert widget.isVisible(), widget
        assert widget.isEnabled(), widget
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.clicks += 1

    def click_row(self, view: Any, index: Any) -> None:
        """A click on a row of a list, table or tree (as on the sidebar or the plan map's tree)."""
        from PySide6.QtCore import Qt

        rect = view.visualRect(index)
        assert rect.isValid(), index
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.clicks += 1

    @property
    def actions(self) -> int:
        return self.clicks + self.dialogs.actions
