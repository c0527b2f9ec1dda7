"""Small widget builders the pages share: one read-only list table, one row of buttons, the backlog line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QPalette, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QTableView, QWidget

from ui.resources import icon

if TYPE_CHECKING:
    from organizer.app.views import Backlog

SIZE_SAMPLE_ROWS = 200
"""Columns sized to their contents look at this many rows, not Qt's default 1,000: a long day opens at once."""

ButtonSpec = tuple[str, str, str, Callable[[], object]]  # icon name, text, tooltip ("" for none), slot


class HintTableView(QTableView):
    """A table that says what to do, inside itself, while it has no rows (the hint a new user needs)."""

    def __init__(self, hint: str = "") -> None:
        super().__init__()
        self.hint = hint

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not self.hint or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        area = self.viewport().rect().adjusted(24, 12, -24, -12)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.hint)
        painter.end()


def read_only_table(
    model: QAbstractItemModel, name: str, *, alternating: bool = True, wrap: bool = True, empty_hint: str = ""
) -> HintTableView:
    """A list shown as a table: whole rows selected one at a time, edited through dialogs only.

    ``name`` is what a screen reader calls it ("The day's steps").
    """
    view = HintTableView(empty_hint)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setShowGrid(False)
    view.setAlternatingRowColors(alternating)
    view.setWordWrap(wrap)
    return view


def button_row(specs: Sequence[ButtonSpec]) -> tuple[QHBoxLayout, list[QPushButton]]:
    """Buttons left-aligned in a row, in order; returned too, for pages that enable or rename them."""
    row = QHBoxLayout()
    buttons = []
    for icon_name, text, tip, slot in specs:
        button = QPushButton(icon(icon_name), text)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        row.addWidget(button)
        buttons.append(button)
    row.addStretch(1)
    return row, buttons


def backlog_label() -> QLabel:
    """Where a page says the coming working days are full (hidden while they are not)."""
    label = QLabel()
    label.setObjectName("backlog")
    label.setWordWrap(True)
    label.setAccessibleName("The days ahead")
    label.hide()
    return label


def show_backlog(label: QLabel, backlog: Backlog | None, today: dt.date) -> None:
    text = backlog.describe(today) if backlog is not None and backlog.worth_saying else ""
    label.setText(text)
    label.setVisible(bool(text))


def page_shortcut(page: QWidget, keys: str | QKeySequence.StandardKey, said: str, slot: Callable[[], object]) -> None:
    """A key of one page (it works while the page has the focus), declared once: Help ▸ Keyboard shortcuts reads
    the page's ``shortcut_help`` that this fills."""
    shortcut = QShortcut(QKeySequence(keys), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    declared: list[tuple[str, str]] = page.__dict__.setdefault("shortcut_help", [])
    declared.append((QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText), said))


def page_title(text: str = "") -> QLabel:
    """A page's title: big, and wrapped onto a second line rather than widening the window past a small
    screen (800×600: "Today — Wednesday 30 September" beside its buttons)."""
    title = QLabel(text)
    title.setObjectName("pageTitle")
    title.setWordWrap(True)
    title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return title
