"""Work off the window's thread (ui/shell/background.py): the window goes on painting while a server is tried."""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from ui.shell.background import off_the_window

pytestmark = pytest.mark.gui


def test_the_window_goes_on_while_a_slow_server_is_tried(qapp: Any) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    def slow() -> str:
        time.sleep(0.4)  # a calendar server taking its time to answer
        return "answered"

    try:
        assert off_the_window(slow) == "answered"
    finally:
        timer.stop()
    assert len(ticks) >= 5  # the window's own timers (its painting) ran meanwhile


def test_what_the_work_raised_comes_back_to_the_caller(qapp: Any) -> None:
    def refused() -> None:
        raise ValueError("refused the user name or password")

    with pytest.raises(ValueError, match="refused"):
        off_the_window(refused)
