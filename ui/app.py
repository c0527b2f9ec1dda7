"""Start the desktop app: options, the store, the window; or render one view to a PNG.

``--screenshot FILE --view morning|today|accounts|plan:ID [--date D]`` renders the
window offscreen and exits (the README's screenshots and the tests use it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from organizer import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="daymap", description="Daymap: a morning with no question marks.")
    parser.add_argument("--version", action="version", version=f"Daymap {__version__}")
    parser.add_argument("--db", metavar="URL", help="any SQLAlchemy database URL (a team can share PostgreSQL)")
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding daymap.sqlite3")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=dt.date.fromisoformat, help="plan as if it were this day")
    parser.add_argument("--screenshot", metavar="FILE", help="render the window to this PNG and exit")
    parser.add_argument(
        "--view", default="morning", help="morning, today, accounts or plan:ACCOUNT (with --screenshot)"
    )
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot, e.g. 1280x800")
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as stop:
        return int(stop.code or 0)
    if args.screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.resources import resources_dir, style_sheet
    from ui.shell import LoadingWindow

    QCoreApplication.setOrganizationName("Daymap")
    QCoreApplication.setApplicationName("Daymap")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    if args.screenshot:
        app.setStyle("Fusion")  # screenshots look the same on every machine
    settings = QSettings() if not args.screenshot else QSettings(os.devnull, QSettings.Format.IniFormat)
    shell = None
    if not args.screenshot:
        shell = LoadingWindow(settings)  # the first frame, before SQLAlchemy is even imported
        shell.show()
        shell.repaint()
        app.processEvents()
        if _benchmark_exit("first-frame"):
            return 0

    # After the first paint: the SVG icon plugin, the style sheet, then the heavy imports.
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    app.setStyleSheet(style_sheet())
    from organizer.errors import DaymapError
    from organizer.store import open_store

    try:
        store = open_store(args.db, args.data_dir)
    except DaymapError as error:
        if args.screenshot:
            print(f"daymap: {error}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, "Daymap cannot open its store", str(error))
        return 1

    from ui.session import QtSession
    from ui.window import MainWindow

    session = QtSession(store, args.date)
    window = MainWindow(session, settings)
    if args.screenshot:
        return _screenshot(app, window, args)

    sys.excepthook = _excepthook
    window.show()
    if shell is not None:
        shell.close()
    window.repaint()
    app.processEvents()
    if _benchmark_exit("morning"):
        store.close()
        return 0
    code = app.exec()
    store.close()
    return int(code)


def _screenshot(app: object, window: object, args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.window import MainWindow

    assert isinstance(window, MainWindow)
    width, _x, height = args.size.partition("x")
    window.resize(int(width), int(height))
    view = args.view
    if view.startswith("plan:"):
        key = view.split(":", 1)[1]
        from organizer.queries import find_account_id

        try:
            with window.session.store.read() as s:
                account = find_account_id(s, key)
        except Exception as error:
            print(f"daymap: {error}", file=sys.stderr)
            return 2
        window.open_plan(account)
    elif view in ("morning", "today", "accounts"):
        window.show_view(view)
    else:
        print(f"daymap: --view must be morning, today, accounts or plan:ACCOUNT (got {view!r})", file=sys.stderr)
        return 2
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    path = Path(args.screenshot)
    if not window.grab().save(str(path)):
        print(f"daymap: could not write {path}", file=sys.stderr)
        return 1
    window.close()
    return 0


def _benchmark_exit(phase: str) -> bool:
    """``DAYMAP_EXIT_AFTER=first-frame|morning``: the benchmarks' cold-start probe.

    Prints the peak memory so far and says whether to exit now.
    """
    if os.environ.get("DAYMAP_EXIT_AFTER") != phase:
        return False
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"DAYMAP_BENCH phase={phase} maxrss_kib={peak}", file=sys.stderr)
    return True


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A bug never shows a traceback to the user: a plain message, and the details on stderr."""
    traceback.print_exception(kind, error, tb)
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None, "Daymap", f"Something went wrong: {error}\n\nYour data is safe: every change is saved as it is made."
        )
