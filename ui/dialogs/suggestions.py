"""The preview of "Accept suggestions": every move ticked, its totals, and what it does to each day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from organizer.core.dates import friendly
from ui.dialogs.forms import FormDialog, Submit
from ui.models import minutes_text

if TYPE_CHECKING:
    from organizer.app.views import Suggestion
    from organizer.core.domain import Morning, QuestionMark

VISIBLE_ROWS = 16  # the list shows this many rows before it scrolls
MAX_WIDTH = 1000  # pixels: a longer line scrolls


@dataclass(frozen=True, slots=True)
class Choice:
    """One move of the preview: a step, where it goes, and the day it leaves (None: an overdue date)."""

    step: str
    label: str
    to: dt.date
    minutes: int
    away_from: dt.date | None = None


class SuggestionsDialog(FormDialog):
    """Every reschedule, chase and move, ticked; untick what should stay. Totals and each day's load follow."""

    def __init__(
        self,
        submit: Submit,
        choices: Sequence[Choice],
        loads: Mapping[dt.date, tuple[int, int]],
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__("Accept suggestions", submit, parent)
        self.choices = list(choices)
        self.loads = dict(loads)
        self.today = today
        self.set_intro("Each goes to the first working day with room for it. Untick what should stay as it is.")
        self.list = QListWidget()
        self.list.setAccessibleName("Suggested moves")
        for choice in self.choices:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.step)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        # As tall as its rows (up to VISIBLE_ROWS) and as wide as its longest line (up to most of a screen).
        metrics = self.list.fontMetrics()
        rows = min(len(self.choices), VISIBLE_ROWS)
        row_height = max(metrics.lineSpacing() + 6, 20)
        self.list.setMinimumHeight(rows * row_height + 2 * self.list.frameWidth() + 4)
        if len(self.choices) <= VISIBLE_ROWS:
            self.list.setMaximumHeight(self.list.minimumHeight())
        widest = max((metrics.horizontalAdvance(choice.label) for choice in self.choices), default=0)
        self.list.setMinimumWidth(min(max(560, widest + 60), MAX_WIDTH))
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.add_field("steps", "Moves", self.list)
        self.totals = QLabel()
        self.add_field("totals", "In all", self.totals)
        self.effect = QLabel()
        self.effect.setObjectName("hint")
        self.effect.setWordWrap(True)
        self.effect.setAccessibleName("What it does to each day")
        self.add_field("days", "Each day", self.effect)
        self.set_ok_text("Accept")
        self._update_effect()

    def _ticked(self) -> list[Choice]:
        return [
            choice
            for row, choice in enumerate(self.choices)
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _on_list_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_effect()

    def _update_effect(self) -> None:
        ticked = self._ticked()
        moved = sum(choice.minutes for choice in ticked)
        count = len(ticked)
        self.totals.setText(
            f"{count} of {len(self.choices)} ticked · {minutes_text(moved) or '0 min'} of work given a day"
        )
        after = {day: load for day, (load, _capacity) in self.loads.items()}
        for choice in ticked:
            after[choice.to] = after.get(choice.to, 0) + choice.minutes
            if choice.away_from is not None:
                after[choice.away_from] = after.get(choice.away_from, 0) - choice.minutes
        lines = []
        for day in sorted({choice.to for choice in ticked} | {c.away_from for c in ticked if c.away_from}):
            load, capacity = self.loads.get(day, (0, 0))
            now = after.get(day, load)
            flag = " — over capacity" if now > capacity else (" — full" if now == capacity else "")
            lines.append(f"{friendly(day, self.today)}: {load} → {now} of {capacity} min{flag}")
        self.effect.setText("\n".join(lines) if lines else "Nothing moves.")

    def values(self) -> dict[str, Any]:
        return {"steps": [choice.step for choice in self._ticked()]}


def preview_choices(morning: Morning, suggestion_for: Callable[[QuestionMark], Suggestion | None]) -> list[Choice]:
    """The preview's lines: each reschedule, chase and move the morning's suggestions make (no words needed)."""
    choices: list[Choice] = []
    items = {item.step: item for item in morning.today}
    for mark in morning.question_marks:
        suggestion = suggestion_for(mark)
        if suggestion is None or suggestion.needs_words:
            continue
        kind = suggestion.type
        assert kind.changes is not None  # wordless: it says which steps' dates it changes
        for change in kind.changes(suggestion, mark):
            item = items.get(change.step)
            if change.step == mark.step:  # the mark's own step: its words and minutes are on the mark
                named, minutes = f"“{mark.step_title}” ({mark.account_name})", mark.minutes or 0
            else:  # a step of the day's list
                title, account = (item.title, item.account_name) if item else (change.step, "")
                named, minutes = f"“{title}” ({account})", (item.minutes or 0) if item else 0
            away_from = morning.date if kind.leaves_the_day else None
            minutes = 0 if change.chase else minutes  # waiting is not work
            choices.append(Choice(change.step, kind.preview_line(named, change.due), change.due, minutes, away_from))
    return choices
