"""Render the README's Team page on a throwaway PostgreSQL cluster: four reps and their manager.

.venv/bin/python scripts/team_screenshot.py OUT_DIR   (make screenshots runs it when PostgreSQL is installed)
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-27"


def main(out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tests.postgres import cluster, new_database

    def cli(url: str, *args: str, stdin: str | None = None) -> None:
        subprocess.run([sys.executable, "-m", "organizer", "--db", url, *args], input=stdin, text=True,
                       capture_output=True, check=True, cwd=ROOT)  # fmt: skip

    with cluster() as server:
        database, owner, password = new_database(server)
        admin = server.url(owner, password, database)
        cli(admin, "team", "init")
        for number, name in enumerate(("ann", "bob", "cleo", "dev")):
            cli(admin, "team", "add-rep", name, stdin=f"pw-{name}\n")
            rep = server.url(name, f"pw-{name}", database)
            cli(rep, "demo", "--accounts", str(8 + 3 * number), "--seed", str(number + 2), "--date", DAY)
        cli(admin, "team", "add-rep", "meg", "--manager", stdin="pw-meg\n")

        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from organizer.store.database import open_store
        from ui.qt_planner import QtPlanner
        from ui.resources import style_sheet
        from ui.shell.window import MainWindow

        app = QApplication([])
        app.setStyle("Fusion")
        app.setStyleSheet(style_sheet())
        with tempfile.TemporaryDirectory() as folder, open_store(server.url("meg", "pw-meg", database)) as store:
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(QtPlanner(store, dt.date.fromisoformat(DAY)), settings)
            window.resize(1280, 800)
            window.show()
            app.processEvents()
            page = window.team.page
            assert page is not None
            page.select_rep("bob")
            page.account_list.setCurrentRow(1)
            app.processEvents()
            out.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out / "team.png")):
                print(f"could not write {out / 'team.png'}", file=sys.stderr)
                return 1
            print(out / "team.png")
            window.hide()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
