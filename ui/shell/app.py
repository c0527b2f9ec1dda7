"""Start the desktop app: options, the store, the window; or render one view to a PNG.

``--screenshot FILE --view morning|today|accounts|plan:ID [--date D]`` renders the
window offscreen and exits (the README's screenshots and the tests use it).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from organizer import __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    from organizer.app.ahead import Child
    from organizer.app.stores import Kept
    from ui.shell.instance import SingleInstance
    from ui.shell.window import MainWindow


_probe = {"morning": "store"}  # where the first morning came from: kept, ahead, read, or the store (SQLAlchemy)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="daymap",
        description="Daymap: a morning with no question marks.",
        epilog="It also works without a window: daymap morning, daymap import FILE, daymap export FILE … "
        "'daymap help' lists every command, 'daymap help COMMAND' tells one's options.",
    )
    parser.add_argument("--version", action="version", version=f"Daymap {__version__}")
    parser.add_argument("--db", metavar="URL", help="any SQLAlchemy database URL (a team can share PostgreSQL)")
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding daymap.sqlite3")
    parser.add_argument("--date", metavar="YYYY-MM-DD", type=dt.date.fromisoformat, help="plan as if it were this day")
    parser.add_argument("--screenshot", metavar="FILE", help="render the window to this PNG and exit")
    parser.add_argument(
        "--view",
        default="morning",
        help="a page (morning, today, accounts, insights …) or plan:ACCOUNT (with --screenshot)",
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
    ahead = None
    if not args.screenshot:
        from organizer.app import ahead as morning_ahead

        ahead = morning_ahead.start(args.db, args.data_dir, args.date or dt.date.today())  # before Qt: a fork

    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ui.resources import resources_dir, style_sheet
    from ui.shell.loading import LoadingWindow

    QCoreApplication.setOrganizationName("Daymap")
    QCoreApplication.setApplicationName("Daymap")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setDesktopFileName("daymap")  # the menu entry (daymap.desktop): its icon in the task bar
    if args.screenshot:
        app.setStyle("Fusion")  # screenshots look the same on every machine
    settings = QSettings() if not args.screenshot else QSettings(os.devnull, QSettings.Format.IniFormat)
    from_team = False
    if not args.screenshot and args.db is None and args.data_dir is None:
        from ui.shell.connect import saved_address

        address = saved_address(settings)  # File ▸ Connect to a team server, at an earlier start
        if address is not None:
            args.db, from_team = address.url(), True
    instance = shell = None
    if not args.screenshot:
        instance = _claim_instance(args)  # before any window: a second start only brings the first forward
        if instance is None:
            if ahead is not None:
                ahead.let_finish()
            return 0
        shell = LoadingWindow(settings)  # the first frame, before SQLAlchemy is even imported
        shell.show()
        shell.repaint()
        app.processEvents()
        if _benchmark_exit("first-frame"):
            if ahead is not None:
                ahead.cancel()  # the probe stops here: its child must not run on into the next measurement
            return 0

    # After the first paint: the SVG icon plugin, the style sheet, then the heavy imports.
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    app.setStyleSheet(style_sheet())
    if shell is not None:
        kept = _first_morning(args, settings, ahead)
        if kept is not None:
            return _run_from_kept(app, args, settings, shell, instance, kept)
    if ahead is not None:
        ahead.let_finish()  # a server, or a store to migrate first: the window computes it
    if args.screenshot:
        from organizer.app.stores import open_store
        from organizer.core.errors import DaymapError

        try:
            store = open_store(args.db, args.data_dir)
        except DaymapError as error:
            print(f"daymap: {error}", file=sys.stderr)
            return 1
    else:
        from ui.shell import recovery

        opened = recovery.open_team_server(args, settings, shell) if from_team else None
        opened = opened or recovery.open_with_recovery(args.db, args.data_dir, shell)
        if opened is None:
            return 1
        store = opened

    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    planner = QtPlanner(store, args.date)
    window = MainWindow(planner, settings)
    if args.screenshot:
        return _screenshot(app, window, args)
    window.show()
    if shell is not None:
        shell.close()
    window.repaint()
    app.processEvents()
    if _benchmark_exit("morning"):
        store.close()
        return 0
    _store_ready(window)
    return _serve(app, window, instance)


def _serve(app: QApplication, window: MainWindow, instance: SingleInstance | None) -> int:
    """The event loop: the window takes input from here on, its store attached or still being opened."""
    from PySide6.QtCore import QTimer

    if instance is not None:
        instance.activation_requested.connect(window.bring_to_front)
    sys.excepthook = _excepthook
    if os.environ.get("DAYMAP_EXIT_AFTER") == "ready":
        QTimer.singleShot(0, lambda: _answer_first_key(window))
    code = app.exec()
    planner = window.planner
    if planner.attached or planner.core.opening:
        from organizer.core.errors import DaymapError

        with contextlib.suppress(DaymapError):  # an opening that failed was reported when it failed
            planner.store.close()  # a store still being opened is waited for: a backup is never cut off
    if instance is not None:
        instance.release()
    return int(code)


def _store_ready(window: MainWindow) -> None:
    """The store is attached: what needs it starts (mail and calendar reading, the read-only banner)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window.update_banner()
    for warning in window.planner.store.warnings:
        window.statusBar().showMessage(f"Warning: {warning}", 15000)
    window.mail.start()
    window.calendar.start()
    if _benchmark_exit("attached"):
        QTimer.singleShot(0, lambda: QApplication.exit(0))  # in the loop (this may run before it); quit() would close
    elif _benchmark_exit("closed"):
        QTimer.singleShot(0, window.close)  # as a rep closes it: the morning is kept for the next start
        QTimer.singleShot(0, QApplication.quit)


def _answer_first_key(window: MainWindow) -> None:
    """The ``ready`` probe, in the event loop: a key press reaches the morning's list and is handled."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or window
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier))
    if _benchmark_exit("ready"):
        sys.stderr.flush()
        os._exit(0)  # the probe ends here, the store still opening: no wait for it, no teardown (see the runner)


def _first_morning(args: argparse.Namespace, settings: QSettings, ahead: Child | None) -> Kept | None:
    """The morning drawn before the store opens (``ahead.first_morning``), if the window opens on it."""
    from organizer.app.ahead import first_morning

    def meanwhile() -> None:  # the window's modules, imported while the child computes, not after
        import ui.qt_planner
        import ui.shell.window  # noqa: F401

    found = first_morning(args.db, args.data_dir, args.date or dt.date.today(), ahead, meanwhile)
    if found is None:
        return None
    kept, _probe["morning"] = found
    if kept.morning.confirmed and str(settings.value("window/view", "morning")) != "morning":
        return None  # the window opens on another page, which needs the store
    return kept


def _run_from_kept(
    app: QApplication,
    args: argparse.Namespace,
    settings: QSettings,
    shell: QWidget,
    instance: SingleInstance | None,
    kept: Kept,
) -> int:
    """Draw the kept morning at once, then open the store (SQLAlchemy, migrations, backups) and attach it.

    The window takes input meanwhile: what needs the store waits for it (``Workspace.store``).
    """
    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    planner = QtPlanner(None, args.date, kept=kept)
    window = MainWindow(planner, settings)
    window.show()
    shell.close()
    window.repaint()
    app.processEvents()
    if _benchmark_exit("morning"):
        return 0
    from organizer.app.opening import open_in_background

    planner.store_opened.connect(lambda: _kept_store_opened(window, args))
    planner.attach_when_open(open_in_background(args.db, args.data_dir))  # the window takes input meanwhile
    return _serve(app, window, instance)


def _kept_store_opened(window: MainWindow, args: argparse.Namespace) -> None:
    """The store opened behind the kept morning: attach it, or (damaged, foreign, newer) let the rep choose."""
    from PySide6.QtWidgets import QApplication

    from organizer.core.errors import DaymapError
    from ui.shell import recovery

    try:
        window.planner.finish_opening()
    except DaymapError:
        store = recovery.open_with_recovery(args.db, args.data_dir, window)
        if store is None:
            window.hide()
            QApplication.exit(1)
            return
        window.planner.attach(store)
    _store_ready(window)


def _claim_instance(args: argparse.Namespace) -> SingleInstance | None:
    """This process's claim on the store's window; None when another window has it (brought forward)."""
    from organizer.app.stores import instance_key, resolve_location
    from organizer.core.errors import StoreError
    from ui.shell.instance import SingleInstance

    try:
        key = instance_key(resolve_location(args.db, args.data_dir))
    except StoreError:
        key = f"unresolved:{args.db}:{args.data_dir}"  # the open reports the bad option properly
    instance = SingleInstance(key)
    if instance.claim():
        return instance
    print("daymap: Daymap is already open on this store; it was brought to the front.", file=sys.stderr)
    return None


def _screenshot(app: object, window: object, args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.shell.window import MainWindow

    assert isinstance(window, MainWindow)
    width, _x, height = args.size.partition("x")
    window.resize(int(width), int(height))
    view = args.view
    if view.startswith("plan:"):
        key = view.split(":", 1)[1]
        try:
            account = window.planner.core.find_account(key)
        except Exception as error:
            print(f"daymap: {error}", file=sys.stderr)
            return 2
        window.open_plan(account)
    elif view in window.views:
        window.show_view(view)
    else:
        print(
            f"daymap: --view must be morning, today, accounts, insights or plan:ACCOUNT (got {view!r})", file=sys.stderr
        )
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
    """``DAYMAP_EXIT_AFTER=first-frame|morning|ready|closed``: the benchmarks' cold-start probe.

    ``morning``: the morning is drawn; ``ready``: then a key press was handled in the event loop (the
    store may still be opening); ``attached``: the store is open and attached; ``closed``: then the
    window closed (its morning kept).

    Prints the peak memory so far and says whether to exit now.
    """
    if os.environ.get("DAYMAP_EXIT_AFTER") != phase:
        return False
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    loaded = "sqlalchemy" in sys.modules  # no: the window came from the first morning, read without it
    source = _probe["morning"]
    print(f"DAYMAP_BENCH phase={phase} maxrss_kib={peak} sqlalchemy={loaded} morning={source}", file=sys.stderr)
    return True


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """A bug never shows a traceback to the user: a plain message, and the details on stderr."""
    traceback.print_exception(kind, error, tb)
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.critical(
            None, "Daymap", f"Something went wrong: {error}\n\nYour data is safe: every change is saved as it is made."
        )
