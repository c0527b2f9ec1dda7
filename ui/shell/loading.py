"""The first frame: a window painted before SQLAlchemy, the store and the pages are loaded.

Importing ``sqlalchemy.orm`` alone takes longer than showing a Qt window, so the app
shows this light window at the remembered geometry first, then builds the real one.
It imports nothing but Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow


class LoadingWindow(QMainWindow):
    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self.setWindowTitle("Daymap")
        label = QLabel("Opening your day…")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("hint")
        self.setCentralWidget(label)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
