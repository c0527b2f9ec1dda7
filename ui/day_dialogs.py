"""The forms of the day: trim an over-full day, quick add."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from organizer.core import domain
from organizer.core.domain import DayItem, friendly
from organizer.core.errors import DaymapError
from organizer.plan.quickadd import parse as parse_quick
from ui.dialogs import DateEdit, FormDialog, Submit
from ui.models import minutes_text


class TrimDialog(FormDialog):
    """Over capacity: move some of today's steps to another day, or give today more minutes."""

    def __init__(
        self,
        submit: Submit,
        items: Sequence[DayItem],
        planned: int,
        capacity: int,
        move_to: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Trim today", submit, parent)
        self.set_intro(
            f"{minutes_text(planned)} planned, {minutes_text(capacity)} available. Tick the steps to move to "
            f"{friendly(move_to)}, or give today more time."
        )
        self._list = QListWidget()
        for item in items:
            row = QListWidgetItem(f"{item.title} — {item.account_name} ({minutes_text(item.minutes) or 'no estimate'})")
            row.setData(Qt.ItemDataRole.UserRole, item.step)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self._list.addItem(row)
        self.add_field("steps", "Move", self._list)
        self.add_field("due", "to", DateEdit(move_to))
        capacity_box = QSpinBox()
        capacity_box.setRange(0, domain.MAX_MINUTES)
        capacity_box.setSingleStep(30)
        capacity_box.setSuffix(" min")
        capacity_box.setValue(capacity)
        self.add_field("capacity_minutes", "Today's capacity", capacity_box)
        self.set_ok_text("Apply")

    def check(self, step_id: str) -> None:
        for row in range(self._list.count()):
            if self._list.item(row).data(Qt.ItemDataRole.UserRole) == step_id:
                self._list.item(row).setCheckState(Qt.CheckState.Checked)

    def values(self) -> dict[str, Any]:
        steps = [
            self._list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self._list.count())
            if self._list.item(row).checkState() == Qt.CheckState.Checked
        ]
        return {
            "steps": steps,
            "due": self.field("due").value(),
            "capacity_minutes": self.field("capacity_minutes").value(),
        }


class QuickAddDialog(FormDialog):
    """One line: "Call Ray about the demo fri 10:00 30m @books4u"; the domain reads it, live."""

    def __init__(self, submit: Submit, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__("Quick add", submit, parent)
        self._today = today
        self.set_intro(
            "Type a step: what, when (today, tomorrow, fri, +3d, next week, 2026-12-01), time, minutes, "
            "@account; “!” marks a promise."
        )
        line = QLineEdit()
        line.setPlaceholderText("Call Ray about the demo fri 10:00 30m @books4u")
        line.setMinimumWidth(460)
        self.add_field("title", "Step", line)
        self.preview = QLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        self.form.addRow("", self.preview)
        line.textChanged.connect(self._on_line_text_changed)
        self.set_ok_text("Add")
        self._on_line_text_changed("")

    def _on_line_text_changed(self, text: str) -> None:
        if not text.strip():
            self.preview.setText("")
            return
        try:
            step = parse_quick(text, self._today)
        except DaymapError as error:
            self.preview.setText(str(error))
            return
        parts = [f"“{step.title}”"]
        parts.append(friendly(step.due, self._today) if step.due else "no date")
        if step.time:
            parts.append(step.time)
        if step.minutes:
            parts.append(minutes_text(step.minutes))
        parts.append(f"@{step.account}" if step.account else "no account yet (add @name)")
        if step.promised:
            parts.append("a promise")
        if step.waiting:
            parts.append("waiting on")
        self.preview.setText(" · ".join(parts))

    def values(self) -> dict[str, Any]:
        return {"text": self.field("title").text()}


class SuggestionsDialog(FormDialog):
    """The preview of "Accept suggestions": every move, ticked; untick what should stay as it is."""

    def __init__(self, submit: Submit, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__("Accept suggestions", submit, parent)
        self.set_intro("Each goes to the first working day with room for it. Untick what should stay as it is.")
        self.list = QListWidget()
        for step, label in choices:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, step)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.setMinimumWidth(560)
        self.add_field("steps", "", self.list)
        self.set_ok_text("Accept")

    def values(self) -> dict[str, Any]:
        ticked = [self.list.item(row) for row in range(self.list.count())]
        return {"steps": [i.data(Qt.ItemDataRole.UserRole) for i in ticked if i.checkState() == Qt.CheckState.Checked]}
