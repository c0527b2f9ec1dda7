"""Settings: a working day's capacity, the renewal window, the rep's days off (a vacation, a country's holidays)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget

from organizer.core import domain
from organizer.core.dates import day_ranges, range_text
from ui.dialogs.forms import DateEdit, FormDialog, Submit, choice_box

MAX_VACATION_DAYS = 366


class SettingsDialog(FormDialog):
    """Edit ▸ Settings: what a working day holds and which days are not working days."""

    def __init__(
        self,
        submit: Submit,
        settings: domain.Settings,
        countries: Sequence[tuple[str, str]],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Settings", submit, parent)
        self._today = today
        self.set_intro(
            "Suggestions only propose working days: Monday to Friday, without your days off and your country's "
            "public holidays."
        )
        capacity = QSpinBox()
        capacity.setRange(domain.MIN_MINUTES, domain.MAX_MINUTES)
        capacity.setSingleStep(30)
        capacity.setSuffix(" min")
        capacity.setValue(settings.capacity_minutes)
        self.add_field("capacity_minutes", "A working day holds", capacity)
        window = QSpinBox()
        window.setRange(domain.MIN_WINDOW, domain.MAX_WINDOW)
        window.setSuffix(" days ahead")
        window.setValue(settings.renewal_window_days)
        self.add_field("renewal_window_days", "Plan renewals", window)
        self.add_field(
            "holidays_country",
            "Public holidays of",
            choice_box([("No country", None), *((f"{name} ({code})", code) for code, name in countries)],
                       settings.holidays_country),
        )  # fmt: skip

        self.days = QListWidget()
        self.days.setAccessibleName("Days off")
        self.days.setMinimumHeight(90)
        self.days.setMaximumHeight(160)
        for first, last in day_ranges(settings.days_off):
            self._add_range(first, last)
        adder = QWidget()
        row = QHBoxLayout(adder)
        row.setContentsMargins(0, 0, 0, 0)
        self.first = DateEdit(today)
        self.first.setAccessibleName("First day off")
        self.last = DateEdit(today)
        self.last.setAccessibleName("Last day off")
        add = QPushButton("Add")
        add.setAccessibleName("Add these days off")
        add.clicked.connect(self._on_add_clicked)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove the selected days off")
        remove.clicked.connect(self._on_remove_clicked)
        for widget in (self.first, self.last, add, remove):
            row.addWidget(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.days)
        column.addWidget(adder)
        self.add_field("days_off", "Days off (vacation, holidays)", box)
        self.set_ok_text("Save")

    def _add_range(self, first: dt.date, last: dt.date) -> None:
        item = QListWidgetItem(range_text(first, last, self._today))
        item.setData(Qt.ItemDataRole.UserRole, (first, last))
        self.days.addItem(item)

    def _on_add_clicked(self) -> None:
        chosen = [day for day in (self.first.value(), self.last.value()) if day is not None]
        if not chosen:
            return
        first, last = min(chosen), max(chosen)
        if (last - first).days >= MAX_VACATION_DAYS:
            last = first + dt.timedelta(days=MAX_VACATION_DAYS - 1)
        self._add_range(first, last)

    def _on_remove_clicked(self) -> None:
        for item in self.days.selectedItems():
            self.days.takeItem(self.days.row(item))

    def days_off(self) -> list[str]:
        found: set[dt.date] = set()
        for row in range(self.days.count()):
            first, last = self.days.item(row).data(Qt.ItemDataRole.UserRole)
            found |= {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
        return sorted(day.isoformat() for day in found if day.weekday() < 5)  # weekends are off anyway

    def values(self) -> dict[str, Any]:
        return {
            "capacity_minutes": self.field("capacity_minutes").value(),
            "renewal_window_days": self.field("renewal_window_days").value(),
            "holidays_country": self.field("holidays_country").currentData(),
            "days_off": self.days_off(),
        }
