"""Small widget builders the pages share: one read-only list table, one row of buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QTableView

from ui.resources import icon

SIZE_SAMPLE_ROWS = 200
"""Columns sized to their contents look at this many rows, not Qt's default 1,000: a long day opens at once."""

ButtonSpec = tuple[str, str, str, Callable[[], object]]  # icon name, text, tooltip ("" for none), slot


def read_only_table(model: QAbstractItemModel, *, alternating: bool = True, wrap: bool = True) -> QTableView:
    """A list shown as a table: whole rows selected one at a time, edited through dialogs only."""
    view = QTableView()
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
