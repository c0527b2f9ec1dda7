"""The forms of the day: trim an over-full day, quick add."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from organizer.app.views import match_account, mentions, person_named
from organizer.app.views import parse_quick_add as parse_quick
from organizer.core import domain
from organizer.core.dates import friendly
from organizer.core.domain import DayItem
from organizer.core.errors import DaymapError
from organizer.core.recurrence import describe
from ui.dialogs.forms import DateEdit, FormDialog, Submit
from ui.models import minutes_text


class TrimDialog(FormDialog):
    """Over capacity: move some of the day's steps to days with room, or give the day more minutes.

    The suggested moves come ticked, each to its own day; a running total says what the day
    is left with as boxes are ticked.
    """

    TICK, TIME, TITLE, ACCOUNT, MINUTES, TO = range(6)

    def __init__(
        self,
        submit: Submit,
        items: Sequence[DayItem],
        planned: int,
        capacity: int,
        move_to: dt.date,
        parent: QWidget | None = None,
        *,
        suggested: Mapping[str, dt.date] | None = None,
        day: dt.date | None = None,
    ) -> None:
        when = friendly(day) if day is not None else "today"
        super().__init__(f"Trim {when}: {minutes_text(planned)} planned of {minutes_text(capacity)}", submit, parent)
        self.setMinimumWidth(760)
        self._planned = planned
        self._suggested = dict(suggested or {})
        self._minutes = {item.step: item.minutes or 0 for item in items}
        self.set_intro(
            "Tick the steps to move. The ticked ones go to the first day with room for them; the rest of "
            "the ticks go to the date below. Or give the day more time."
        )
        self.table = QTableWidget(len(items), 6)
        self.table.setHorizontalHeaderLabels(["Move", "Time", "Step", "Account", "Minutes", "Moves to"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self._ticks: list[tuple[str, QTableWidgetItem, QTableWidgetItem]] = []  # step, its box, its "moves to"
        for row, item in enumerate(items):
            tick = QTableWidgetItem()
            tick.setData(Qt.ItemDataRole.UserRole, item.step)
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked if item.step in self._suggested else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.AccessibleTextRole, f"Move “{item.title}”")
            self.table.setItem(row, self.TICK, tick)
            title = ("★ " if item.promised else "") + item.title
            cells = (item.time or "", title, item.account_name, minutes_text(item.minutes) or "no estimate", "")
            for column, text in enumerate(cells, start=self.TIME):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column == self.TITLE and item.promised:
                    cell.setToolTip("★ a promise: moving it moves what you promised")
                if column == self.MINUTES:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
            self._ticks.append((item.step, tick, cell))
        header = self.table.horizontalHeader()
        for column in (self.TICK, self.TIME, self.ACCOUNT, self.MINUTES, self.TO):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        shown = min(len(items), 12)  # every row readable without scrolling, up to a dozen
        self.table.setMinimumHeight(
            header.sizeHint().height() + shown * self.table.verticalHeader().defaultSectionSize() + 4
        )
        self.form.addRow(self.table)  # the whole width: no row is cut off
        self.add_field("due", "Others to", DateEdit(move_to))
        capacity_box = QSpinBox()
        capacity_box.setRange(0, domain.MAX_MINUTES)
        capacity_box.setSingleStep(30)
        capacity_box.setSuffix(" min")
        capacity_box.setValue(capacity)
        self.add_field("capacity_minutes", "The day's capacity", capacity_box)
        self.total = QLabel()
        self.total.setObjectName("trimTotal")
        self.total.setWordWrap(True)
        self.form.addRow(self.total)
        self.table.itemChanged.connect(self._update_total)
        self.field("due").dateChanged.connect(self._update_total)
        capacity_box.valueChanged.connect(self._update_total)
        self.set_ok_text("Apply")
        self._update_total()

    def _ticked(self) -> list[str]:
        return [step for step, tick, _to in self._ticks if tick.checkState() == Qt.CheckState.Checked]

    def _update_total(self, *_args: object) -> None:
        """The minutes ticked, and the day's load once they have gone, against the capacity in the form."""
        others = self.field("due").value()
        self.table.blockSignals(True)
        for step, tick, moves_to in self._ticks:
            target = self._suggested.get(step, others)
            moves_to.setText(friendly(target) if tick.checkState() == Qt.CheckState.Checked and target else "")
        self.table.blockSignals(False)
        moving = sum(self._minutes[step] for step in self._ticked())
        left = self._planned - moving
        capacity = self.field("capacity_minutes").value()
        verdict = (
            f"fits, {minutes_text(capacity - left) or '0 min'} free"
            if left <= capacity
            else f"still {minutes_text(left - capacity)} over"
        )
        self.total.setText(
            f"Moving {minutes_text(moving) or '0 min'} ({len(self._ticked())} steps): the day keeps "
            f"{minutes_text(left) or '0 min'} of {minutes_text(capacity) or '0 min'} — {verdict}"
        )
        self.total.setProperty("over", left > capacity)
        self.total.style().unpolish(self.total)
        self.total.style().polish(self.total)

    def check(self, step_id: str, checked: bool = True) -> None:
        for step, tick, _to in self._ticks:
            if step == step_id:
                tick.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def values(self) -> dict[str, Any]:
        others = self.field("due").value()
        return {
            "moves": {step: self._suggested.get(step, others) for step in self._ticked()},
            "capacity_minutes": self.field("capacity_minutes").value(),
        }


class QuickAddDialog(FormDialog):
    """One line: "Call Ray about the demo fri 10:00 30m @books4u"; the domain reads it, live.

    Typing ``@`` offers the accounts (a name of several words is quoted for you), and the
    preview names the account the line will go to.
    """

    def __init__(
        self,
        submit: Submit,
        today: dt.date,
        parent: QWidget | None = None,
        accounts: Sequence[tuple[str, str]] = (),
        people: Callable[[str], Sequence[tuple[str, str]]] | None = None,
        load: Callable[[dt.date], tuple[int, int]] | None = None,
    ) -> None:
        """``people(account)``: its (id, name) pairs; ``load(day)``: (planned, capacity) — for the preview."""
        super().__init__("Quick add", submit, parent)
        self._today = today
        self._people = people
        self._people_of: dict[str, Sequence[tuple[str, str]]] = {}  # read once per account, not per keystroke
        self._load = load
        self._accounts = list(accounts)
        self._names = dict(self._accounts)
        self.set_intro(
            "Type a step: what, when (today, tomorrow, fri, +3d, next week, 2026-12-01), time, minutes, "
            "@account (type @ for the list); “!” marks a promise."
        )
        line = QLineEdit()
        line.setPlaceholderText("Call Ray about the demo fri 10:00 30m @books4u")
        line.setMinimumWidth(520)
        self.add_field("title", "Step", line)
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setWidget(line)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.activated.connect(self._on_completer_activated)
        self.preview = QLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 2 + 4)  # two lines, never clipped
        self.form.addRow(self.preview)
        line.textEdited.connect(self._on_line_text_edited)
        line.textChanged.connect(self._on_line_text_changed)
        self.set_ok_text("Add")
        self._on_line_text_changed("")
        line.setFocus()  # the first key typed is the step's first letter, never lost to a button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.field("title").setFocus()

    def _mention_at_cursor(self) -> tuple[int, str] | None:
        """Where the ``@word`` being typed starts, and what follows the ``@`` so far."""
        line: QLineEdit = self.field("title")
        before = line.text()[: line.cursorPosition()]
        at = before.rfind("@")
        if at < 0 or (at > 0 and not before[at - 1].isspace()) or '"' in before[at:] or " " in before[at:]:
            return None
        return at, before[at + 1 :]

    def _on_line_text_edited(self, _text: str) -> None:
        found = self._mention_at_cursor()
        names = mentions(self._accounts, found[1]) if found is not None else []
        self.completions.setStringList(names)
        popup = self.completer.popup()
        if names:
            self.completer.complete()
        elif popup is not None:
            popup.hide()

    def _on_completer_activated(self, mention: str) -> None:
        found = self._mention_at_cursor()
        if found is None:
            return
        line: QLineEdit = self.field("title")
        text, cursor = line.text(), line.cursorPosition()
        rest = text[cursor:]
        ending = rest.split(" ", 1)[1] if " " in rest and not rest.startswith(" ") else rest.lstrip()
        line.setText(f"{text[: found[0]]}{mention} {ending}".rstrip() + " ")
        line.setCursorPosition(found[0] + len(mention) + 1)

    def _on_line_text_changed(self, text: str) -> None:
        self.clear_errors()  # what was wrong with the last try is not what is typed now
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
        if step.repeat:
            parts.append(f"repeats {describe(step.repeat)}")
        parts.append(self._account_words(step.account))
        person = self._person_words(step.account, step.title)
        if person:
            parts.append(person)
        if step.promised:
            parts.append("a promise")
        if step.waiting:
            parts.append("waiting on")
        self.preview.setText(" · ".join(parts) + self._fullness(step.due, step.minutes or 0, step.waiting))

    def _person_words(self, key: str | None, title: str) -> str:
        if key is None or self._people is None or not self._accounts:
            return ""
        try:
            account = match_account(self._accounts, key)
            if account not in self._people_of:
                self._people_of[account] = self._people(account)
            people = self._people_of[account]
        except DaymapError:
            return ""
        person = person_named(title, people)
        return f"with {dict(people)[person]}" if person else ""

    def _fullness(self, day: dt.date | None, minutes: int, waiting: bool) -> str:
        """A warning before the step fills a day past its capacity (the rep may still add it)."""
        if day is None or waiting or self._load is None:
            return ""
        planned, capacity = self._load(day)
        if planned + minutes <= capacity:
            return ""
        when = friendly(day, self._today)
        if planned >= capacity:
            return f"\n⚠ {when} is full: {planned} of {capacity} min planned already"
        return f"\n⚠ {when} would be over capacity: {planned + minutes} of {capacity} min with this"

    def _account_words(self, key: str | None) -> str:
        if key is None:
            return "no account yet (type @ and a name)"
        if not self._accounts:
            return f"@{key}"
        try:
            return f"for {self._names[match_account(self._accounts, key)]}"
        except DaymapError as error:
            return str(error)

    def values(self) -> dict[str, Any]:
        return {"text": self.field("title").text()}
