"""Help ▸ Keyboard shortcuts: every key the window answers, read from where each is declared.

The menus' actions (their own shortcuts), each page's ``shortcut_help`` (filled by
``ui.widgets.page_shortcut``) and the morning cards' keys: not a second list to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Row = tuple[str, str, str]  # keys, what they do, where


def menu_shortcuts(bar: QMenuBar) -> list[Row]:
    """(keys, the action's words, its menu path) of every menu action with a shortcut."""
    found: list[Row] = []

    def walk(actions: Iterable[QAction], path: str) -> None:
        for action in actions:
            menu = action.menu()
            words = action.text().replace("&", "")
            if isinstance(menu, QMenu):
                walk(menu.actions(), f"{path} ▸ {words}" if path else words)
            elif not action.isSeparator():
                for keys in action.shortcuts():
                    found.append((keys.toString(QKeySequence.SequenceFormat.NativeText), words, path))

    walk(bar.actions(), "")
    return found


def card_shortcuts(keys: Mapping[Qt.Key, str]) -> list[Row]:
    """The Morning card's own keys (``cards.CARD_KEYS``), and Enter."""
    rows: list[Row] = [("Enter", "Accept the card's suggestion, or press the focused button", "Morning card")]
    for key, action in keys.items():
        name = QKeySequence(QKeyCombination(key)).toString(QKeySequence.SequenceFormat.NativeText)
        rows.append((name, action.replace("-", " ").capitalize(), "Morning card"))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, rows: Sequence[Row], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Does", "Where"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.setMinimumSize(640, 420)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
