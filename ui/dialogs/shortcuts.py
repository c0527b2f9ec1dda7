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


def card_shortcuts(keys: Mapping[Qt.Key, str], words: Mapping[str, str] | None = None) -> list[Row]:
    """The Morning card's own keys (``cards.CARD_KEYS``, said as ``cards.KEY_WORDS``), Enter, the arrows, its menu."""
    rows: list[Row] = [
        ("Enter", "Accept the card's suggestion, or press the focused button", "Morning card"),
        ("Up, Down", "The card above, the card below", "Morning card"),
        ("Menu, Shift+F10", "Every resolution of the card, and its account's plan map", "Morning card"),
    ]
    for key, action in keys.items():
        name = QKeySequence(QKeyCombination(key)).toString(QKeySequence.SequenceFormat.NativeText)
        said = (words or {}).get(action)
        rows.append((name, said.capitalize() if said else action.replace("-", " ").capitalize(), "Morning card"))
    return rows


# What every window and form answers, declared by Qt rather than by a menu: said once here.
GENERAL: tuple[Row, ...] = (
    ("Tab, Shift+Tab", "The next, the previous control", "Everywhere"),
    ("Space", "Press the focused button, tick the focused box", "Everywhere"),
    ("Enter", "OK in a form (its first field has the focus when it opens)", "Forms"),
    ("Esc", "Cancel a form: nothing is written", "Forms"),
)


def without_repeats(rows: Iterable[Row]) -> list[Row]:
    """Each (keys, action) once: an action whose two shortcuts are one key on this platform is listed once."""
    seen: set[tuple[str, str]] = set()
    found = []
    for row in rows:
        if (row[0], row[1]) not in seen:
            seen.add((row[0], row[1]))
            found.append(row)
    return found


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
