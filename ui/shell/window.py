"""The main window: a sidebar of pages, menus with a shortcut for every frequent action,
undo/redo, and the refresh loop (one Change in, the pages that show it refreshed)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import cast

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer import __version__
from organizer.core.domain import Change
from ui import dialogs
from ui.dialogs.day import QuickAddDialog
from ui.pages.accounts import AccountsPage
from ui.pages.morning import MorningPage
from ui.pages.plan import PlanPage
from ui.pages.today import TodayPage
from ui.qt_planner import QtPlanner
from ui.resources import icon, nav_icon
from ui.shell.connect import ServerConnection
from ui.shell.imports import FileImports
from ui.shell.menus import add_action, build_menus, show_shortcuts
from ui.shell.pages import PAGES, LazyPage, Page, page_widget
from ui.shell.verbs import VerbActions


class MainWindow(FileImports, VerbActions, ServerConnection, QMainWindow):
    # Built by ui.shell.menus.build_menus:
    quick_add_action: QAction
    undo_action: QAction
    redo_action: QAction
    accept_action: QAction
    trim_action: QAction
    confirm_action: QAction
    write_actions: tuple[QAction, ...]  # off where writes are refused
    settings_actions: tuple[QAction, ...]  # the rep's (or manager's) own settings: off only on a read-only store
    _go_menu: QMenu

    def __init__(self, planner: QtPlanner, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.settings = settings or QSettings()
        self.setWindowTitle("Daymap")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)  # mail, a Daymap file or a CRM export dropped on it (ui/shell/imports.py)
        self._stale: set[str] = set()
        self._last_day = planner.today
        self._focus_placed = False

        shown = [page for page in PAGES if page.shown(planner)]
        widgets = {page.key: page_widget(page, planner, self._wire_page) for page in shown}
        self.views = tuple(page.key for page in shown)
        self.pages: dict[str, Page] = dict(widgets)  # type: ignore[arg-type]  # every page is a Page
        # The pages the window wires to each other (they talk through it, never directly):
        self.morning = cast(MorningPage, widgets["morning"])
        self.today = cast(TodayPage, widgets["today"])
        self.accounts = cast(AccountsPage, widgets["accounts"])
        self.plan = cast(PlanPage, widgets["plan"])

        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        for page in shown:
            item = QListWidgetItem(nav_icon(page.icon_name), page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.nav.addItem(item)
            self.stack.addWidget(widgets[page.key])
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.nav.itemSelectionChanged.connect(self._on_nav_item_selection_changed)  # a screen reader selects
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        column.addWidget(self.banner)
        row = QHBoxLayout()
        row.setContentsMargins(6, 6, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(body)
        from ui.shell.calendar import CalendarSync
        from ui.shell.mail import MailSync

        self.mail = MailSync(planner, self)  # the inbox read in the background: started once the store is open
        self.calendar = CalendarSync(planner, self)  # the calendar kept in step, the same way
        self.statusBar().addPermanentWidget(self.calendar.status)
        self.statusBar().addPermanentWidget(self.mail.status)
        self._build_menus()
        self.update_banner()

        planner.store_changed.connect(self._on_planner_store_changed)
        planner.error_raised.connect(self._on_planner_error_raised)
        planner.outside_change_detected.connect(self._on_planner_outside_change_detected)
        planner.own_pass_wrote.connect(self.reload_all)
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # a window needs one
        app.applicationStateChanged.connect(self._on_application_state_changed)
        self.morning.plan_requested.connect(self.open_plan)
        self.morning.today_requested.connect(lambda: self.show_view("today"))
        self.morning.new_account_requested.connect(self.accounts.new_account)
        self.morning.sample_requested.connect(lambda: self.run_placed("demo"))  # as File ▸ Import offers it
        self.morning.count_changed.connect(self._on_morning_count_changed)
        self.today.plan_requested.connect(self.open_plan)
        self.today.step_requested.connect(self.open_step)
        self.today.quick_add_requested.connect(self.quick_add)
        self.accounts.plan_requested.connect(self.open_plan)
        self.plan.calendar_requested.connect(self._on_plan_calendar_requested)

        self.morning.load()
        # loaded when first shown: the morning paints sooner
        self._unloaded = set(self.views) - {"morning"}
        self._restore()
        from ui.shell.reminders import Reminders  # here: not on the path of the first frame

        self.reminders = Reminders(
            planner, self.settings, self.bring_to_front, self, ask_next=lambda step: self.today.flows.complete(step)
        )
        self._quitting = False
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start()

    # --- menus and shortcuts -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        build_menus(self)

    def fill_go_menu(self) -> None:
        """A page each, Ctrl+1 … in the sidebar's order; then Refresh."""
        go = self._go_menu
        go.clear()
        for number, page in enumerate((p for p in PAGES if p.key in self.views), start=1):
            show = lambda _=False, k=page.key: self.show_view(k)  # noqa: E731  (one page's key)
            add_action(self, go, page.menu_text, show, f"Ctrl+{number}", page.key)
        go.addSeparator()
        add_action(self, go, "&Refresh", self.reload_all, QKeySequence.StandardKey.Refresh)

    # --- navigation ---------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """At the first show the focus is where the morning's ritual starts (its first card), not in the sidebar."""
        super().showEvent(event)
        if not self._focus_placed and self.current_view() == "morning":
            self._focus_placed = True
            QTimer.singleShot(0, self.morning.take_first_focus)

    def current_view(self) -> str:
        return self.views[max(self.stack.currentIndex(), 0)]

    def show_view(self, key: str) -> None:
        self.nav.setCurrentRow(self.views.index(key))

    def open_plan(self, account_id: str) -> None:
        self.plan.show_account(account_id)
        self._stale.discard("plan")
        self.show_view("plan")

    def open_step(self, account_id: str, step_id: str) -> None:
        """The account's plan map with the step selected in its tree."""
        self.open_plan(account_id)
        self.plan.select_object(step_id)

    def _on_nav_item_selection_changed(self) -> None:
        selected = self.nav.selectedItems()
        if selected and self.nav.row(selected[0]) != self.nav.currentRow():
            self.nav.setCurrentRow(self.nav.row(selected[0]))

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.views[row]
        if key in self._unloaded:
            self._unloaded.discard(key)
            self._stale.discard(key)
            self.pages[key].load()
        self.stack.setCurrentIndex(row)
        if key in self._stale:
            self._stale.discard(key)
            self.pages[key].refresh(None)

    def _on_morning_count_changed(self, count: int) -> None:
        item = self.nav.item(0)
        item.setText(f"Morning  ({count})" if count > 0 else ("Morning  ✓" if count == 0 else "Morning"))

    # --- the refresh loop ------------------------------------------------------------------------------------

    def _on_planner_store_changed(self, change: Change) -> None:
        """One change in: the page on screen refreshes now, the others when they are shown."""
        if change.kind == "import":  # the whole store changed (an import, a restore, the sample)
            self.reload_all()
            return
        current = self.current_view()
        for key, page in self.pages.items():
            if key in self._unloaded:
                continue
            if key == current or key == "morning":  # the morning's count is always in the sidebar
                page.refresh(change)
            else:
                self._stale.add(key)
        if self.planner.replaying:  # an undo or redo: the page shows it; "Saved. Undo …" would be wrong
            self.statusBar().clearMessage()
            return
        undo = self.planner.core.history.undo_text  # already this action's (the Qt stack is pushed after)
        self.statusBar().showMessage(f"Saved. Undo {undo} with Ctrl+Z" if undo else "Saved", 4000)

    def _on_planner_error_raised(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        dialogs.show_message(self, "Daymap", message)

    def _on_planner_outside_change_detected(self) -> None:
        """Another program (the CLI, a restore) or another window changed the store: show it."""
        self.reload_all()
        self.statusBar().showMessage("Updated with changes made outside this window", 6000)

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.planner.check_outside_changes()

    def bring_to_front(self) -> None:
        """A second start on the same store, or a reminder's Open, asked for this window (shown from the tray)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.planner.check_outside_changes()

    def show_backups(self) -> None:
        from ui.dialogs.backups import BackupsDialog

        dialogs.run_dialog(BackupsDialog(self.planner, self))

    def update_banner(self) -> None:
        """A store the rep (or IT) made read-only is shown, not written: say so above everything."""
        read_only = self.planner.attached and self.planner.store.read_only
        manager = self.planner.team_role() == "manager"
        if manager:  # the server lets a manager read every account and write only through a handover
            self.banner.setText(
                "Signed in as a manager: every rep's accounts, to read. The reps plan them; the Team page "
                "shows each rep's morning and hands accounts over."
            )
        else:
            self.banner.setText(
                "Read-only: this store's file or folder may not be written, so Daymap shows it and changes "
                "nothing. Make it writable to plan in it."
            )
        self.banner.setVisible(read_only or manager)
        for actions, what in ((self.write_actions, "plan"), (self.settings_actions, "settings")):
            refusal = self.planner.write_refusal(what)
            for action in actions:
                action.setEnabled(refusal is None)
                action.setToolTip(refusal or "")

    def reload_all(self) -> None:
        self.update_banner()
        self.planner.core.forget()
        self._unloaded = set()
        for key, page in self.pages.items():
            if isinstance(page, LazyPage) and page.page is None:
                self._unloaded.add(key)  # built when first shown
            else:
                getattr(page, "reload", page.load)()  # a page showing a day the rep chose keeps it

    def _on_clock_timeout(self) -> None:
        """Past midnight, a new morning: the ritual starts again."""
        if self.planner.today != self._last_day:
            self._last_day = self.planner.today
            self.reload_all()
            self.today.load(self.planner.today)

    # --- file actions ----------------------------------------------------------------------------------------

    def quick_add(self) -> None:
        if self.refused():
            return
        dialog = QuickAddDialog(
            lambda values: self.planner.steps.quick_add(values["text"]),
            self.planner.today,
            self,
            accounts=self.planner.core.account_choices() if self.planner.attached else (),
            people=lambda account: [(c.id, c.name) for c in self.planner.account(account).contacts],
            load=self._day_load,
        )
        dialogs.run_dialog(dialog)

    def _day_load(self, day: dt.date) -> tuple[int, int]:
        loads = self.planner.core.days.day_loads_from(day, until=day)  # that day's load alone: read per keystroke
        return loads.load[day], loads.capacity(day)

    def _wire_page(self, page: QWidget) -> None:
        """What any page may ask of the window, connected as the page is built (a lazy one, when first shown)."""
        brief_requested = getattr(page, "brief_requested", None)  # the plan map's Brief tab, the Team page's
        if brief_requested is not None:
            brief_requested.connect(self._on_page_brief_requested)

    def _on_page_brief_requested(self, account_id: str) -> None:
        self.run_verb("brief", {"account": account_id, "format": "html"}, "Save the brief")

    def _on_plan_calendar_requested(self) -> None:
        if self.plan.account is not None:  # its steps from a week back, for four months
            values = {"account": self.plan.account.id, "start": self.planner.today - dt.timedelta(days=7), "days": 120}
            self.run_verb("ics", values, "Export to calendar")

    def show_shortcuts(self) -> None:
        show_shortcuts(self)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Daymap",
            f"<b>Daymap {__version__}</b><p>A morning with no question marks.</p>"
            f"<p>Store: {self.planner.store.location.path or self.planner.store.location.url}</p>",
        )

    # --- remembered between runs -----------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 780)
        view = str(self.settings.value("window/view", "morning"))
        morning = self.morning.morning
        if "team" in self.views:
            view = "team"  # a manager's morning is the team's
        elif morning is not None and not morning.confirmed:
            view = "morning"  # the ritual opens by default until today's plan is confirmed
        account = self.settings.value("window/account")
        if view == "plan" and account:
            self.open_plan(str(account))
        self.show_view(view if view in self.views else "morning")

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/view", self.current_view())
        if self.plan.account is not None:
            self.settings.setValue("window/account", self.plan.account.id)
        self.settings.sync()

    def quit(self) -> None:
        """Quit for real (closing the window only hides it while reminders run in the tray)."""
        self._quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.reminders.keeps_running and not self._quitting:
            self.save_state()
            self.hide()  # reminders keep running in the tray; Quit (Ctrl+Q) ends Daymap
            event.ignore()
            return
        self.save_state()
        try:
            self.planner.core.days.keep()  # the next start draws this morning before the store is even open
        except Exception as error:  # closing never fails: the kept morning only saves time
            print(f"daymap: the morning was not kept for the next start: {error}", file=sys.stderr)
        super().closeEvent(event)
