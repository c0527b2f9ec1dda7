"""The forms: every dialog of the app, and the one place a dialog runs (so tests can answer it).

``forms`` holds the base form and the step, date and text forms; ``account`` and ``day`` the
forms of a plan map and of a day; ``day_strip`` the load strip their date fields share.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


def documents_folder() -> str:
    """Where a file dialog opens when nothing better is known: the rep's Documents (else their home), never the
    process's working folder, which for an installed app is wherever it was started from."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def run_dialog(dialog: QDialog) -> bool:
    """Show a dialog modally. The one place dialogs run, so tests can answer them instead."""
    return bool(dialog.exec())


def show_message(parent: QWidget | None, title: str, text: str) -> None:
    """A warning the user must see (a refused write); routed here like run_dialog."""
    QMessageBox.warning(parent, title, text)


def ask(parent: QWidget | None, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def choose(parent: QWidget | None, title: str, text: str, options: Sequence[tuple[str, str]]) -> str | None:
    """One of several ways out, as buttons (key, label); the last option is the cancel/escape one."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    buttons = {}
    for position, (key, label) in enumerate(options):
        last = position == len(options) - 1
        role = QMessageBox.ButtonRole.RejectRole if last else QMessageBox.ButtonRole.AcceptRole
        buttons[box.addButton(label, role)] = key
    if options:
        box.setDefaultButton(next(iter(buttons)))
    box.exec()
    clicked = box.clickedButton()
    return next((key for button, key in buttons.items() if button is clicked), None)
