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
    """The icon, plus a white twin for the selected row: the blue icons vanish on the blue selection."""
    base = icon(name)
    result = QIcon(base)
    for scale in (1, 2):
        white = QPixmap(base.pixmap(size * scale, size * scale))
        painter = QPainter(white)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(white.rect(), QColor(Qt.GlobalColor.white))
        painter.end()
        result.addPixmap(white, QIcon.Mode.Selected)
    return result


def style_sheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
