"""Render the README's dialog screenshots on a store: trim, quick add with its completion, a new account,
the accept preview, the renegotiate dialog and the settings.

.venv/bin/python scripts/dialog_screenshots.py DATA_DIR DATE OUT_DIR   (make screenshots runs it)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(data: Path, day: dt.date, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog

    from organizer.store.database import open_store
    from ui import dialogs
    from ui.dialogs.account import AccountDialog
    from ui.dialogs.day import QuickAddDialog
    from ui.qt_planner import QtPlanner
    from ui.resources import style_sheet
    from ui.shell.window import MainWindow

    app = QApplication([])
    app.setStyleSheet(style_sheet())
    planner = QtPlanner(open_store(data_dir=data), day)
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(planner, QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 800)
        window.show()
        app.processEvents()

        def save(dialog: QDialog, name: str) -> bool:
            dialog.adjustSize()
            dialog.resize(dialog.size().expandedTo(dialog.minimumSizeHint()))  # adjustSize stops at 2/3 of the screen
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
            return False  # cancelled: nothing is written

        dialogs.run_dialog = lambda dialog: save(dialog, "trim")  # the one place dialogs run
        window.morning.trim()

        quick = QuickAddDialog(lambda _values: None, day, window, accounts=planner.core.account_choices())
        quick.show()
        line = quick.field("title")
        line.setFocus()
        QTest.keyClicks(line, "Share the pricing deck tue 11:00 45m every 2 weeks @gra")
        names = quick.completions.stringList()
        if names:
            quick.completer.activated.emit(names[0])
        save(quick, "quick-add")

        account = AccountDialog("New account", lambda _values: None, parent=window, next_day=planner.next_working_day())
        account.field("name").setText("Northwind Traders")
        account.field("mission").setPlainText("Their 2027 hiring plan runs through us")
        account.field("first_goal.title").setText("Win the 2027 training budget")
        account.field("next_step.title").setText("Call Ray to book a discovery meeting")
        save(account, "new-account")

        dialogs.run_dialog = lambda dialog: save(dialog, "accept-preview")
        window.morning.accept_suggestions()
        promise = next((m for m in planner.morning().question_marks if m.kind == "promise-overdue"), None)
        if promise is not None and promise.step:
            dialogs.run_dialog = lambda dialog: save(dialog, "renegotiate")
            window.morning.flows.renegotiate(promise.step)
        dialogs.run_dialog = lambda dialog: save(dialog, "settings")
        window.morning.flows.edit_settings()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]), Path(sys.argv[3])))
