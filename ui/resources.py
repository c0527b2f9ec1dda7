"""Icons and the style sheet from ``resources/``, in a checkout and in the packaged app."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks data files here
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@functools.cache
def icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


@functools.cache
def nav_icon(name: str, size: int = 20) -> QIcon:
    """The icon, plus a white twin for a selected row: the blue icons vanish on the blue selection.

    Built of pixmaps alone: an SVG icon's engine paints the SVG again for every mode at the size a view
    asks, and never uses a twin added beside it (the plan tree's selected row showed no icon)."""
    base = icon(name)
    result = QIcon()
    for scale in (1, 2):
        normal = base.pixmap(size * scale, size * scale)
        white = QPixmap(normal)
        painter = QPainter(white)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(white.rect(), QColor(Qt.GlobalColor.white))
        painter.end()
        result.addPixmap(normal, QIcon.Mode.Normal)
        result.addPixmap(white, QIcon.Mode.Selected)
    return result


def meeting_icon() -> QIcon:
    """A step that is a meeting from the rep's calendar, as every list and the plan tree mark it."""
    return nav_icon("calendar", 16)


def style_sheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
