"""The next working days' load against capacity, under a date field: the days with room plain to see.

Each day is a small button (its date, a bar of planned ÷ capacity, green with room, red
full); a click picks it. Quick choices beside: Today, Tomorrow, Next day with room, Next week.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QGridLayout, QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

ROOM, FULL = "#2e9b5f", "#d0483a"
Load = tuple[dt.date, int, int]  # (day, planned minutes, capacity)
DAYS_A_ROW = 5


def _bar(planned: int, capacity: int, width: int = 8) -> str:
    filled = width if capacity <= 0 else min(width, round(width * planned / capacity))
    return "█" * filled + "░" * (width - filled)


class DayStrip(QWidget):
    """Picks a day for ``field``, showing each of the next working days' load."""

    def __init__(self, field: QDateEdit, loads: Sequence[Load], today: dt.date, minutes: int = 0,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.field = field
        self.days: list[QToolButton] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        strip = QGridLayout()  # a working week a row: ten days fit a small screen (800×600) two rows high
        strip.setSpacing(3)
        room = next((day for day, planned, capacity in loads if planned + minutes <= capacity), None)
        for index, (day, planned, capacity) in enumerate(loads):
            button = QToolButton()
            fits = planned + minutes <= capacity
            button.setText(f"{day:%a} {day.day}\n{_bar(planned, capacity)}")
            button.setToolTip(f"{day:%A %-d %B}: {planned} of {capacity} min planned" + ("" if fits else " — full"))
            button.setStyleSheet(f"QToolButton {{ color: {ROOM if fits else FULL}; font-size: 10px; }}")
            button.clicked.connect(lambda _checked=False, d=day: self.pick(d))
            strip.addWidget(button, index // DAYS_A_ROW, index % DAYS_A_ROW)
            self.days.append(button)
        column.addLayout(strip)
        quick = QHBoxLayout()
        choices = [("Today", today), ("Tomorrow", today + dt.timedelta(days=1))]
        if room is not None:
            choices.append(("Next day with room", room))
        monday = today + dt.timedelta(days=7 - today.weekday())
        choices.append(("Next week", monday))
        for label, day in choices:
            choice = QPushButton(label)
            choice.setAutoDefault(False)
            choice.clicked.connect(lambda _checked=False, d=day: self.pick(d))
            quick.addWidget(choice)
        quick.addStretch(1)
        column.addLayout(quick)

    def pick(self, day: dt.date) -> None:
        self.field.setDate(QDate(day.year, day.month, day.day))
