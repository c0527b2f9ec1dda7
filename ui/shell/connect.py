"""File ▸ Connect to a team server: where the server is, tried before anything is remembered.

The settings keep the server, port, database and user; the password goes to ``~/.pgpass`` or
the system keyring when the rep asks, else nowhere (it is asked again at the next start).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from organizer.app.stores import (
    DEFAULT_PORT,
    ServerAddress,
    check_address,
    keyring_available,
    remember_in_keyring,
    remember_password,
)
from organizer.core.errors import DaymapError, StoreError
from ui import dialogs
from ui.dialogs.forms import FormDialog, choice_box
from ui.resources import nav_icon
from ui.shell.pages import PAGES, page_widget

if TYPE_CHECKING:
    from organizer.app.stores import Store
    from ui.qt_planner import QtPlanner
    from ui.shell.pages import Page

SETTINGS_KEY = "team/server"


def saved_address(settings: QSettings) -> ServerAddress | None:
    """The team server this app was connected to (None: the rep's own store)."""
    raw = settings.value(SETTINGS_KEY)
    if not raw:
        return None
    try:
        values = json.loads(str(raw))
        return check_address(values["host"], values["port"], values["database"], values["user"])
    except (ValueError, KeyError, TypeError, DaymapError):
        return None  # a damaged setting: the rep's own store, and the dialog to connect again


def save_address(settings: QSettings, address: ServerAddress | None) -> None:
    if address is None:
        settings.remove(SETTINGS_KEY)
    else:
        values = {"host": address.host, "port": address.port, "database": address.database, "user": address.user}
        settings.setValue(SETTINGS_KEY, json.dumps(values))
    settings.sync()


class ConnectDialog(FormDialog):
    """Server, port, database, user and the password: for this start, or kept in ~/.pgpass or the keyring."""

    def __init__(self, current: ServerAddress | None, parent: QWidget | None = None) -> None:
        super().__init__("Connect to a team server", None, parent)
        self.set_intro(
            "Your team's PostgreSQL server, as your IT gave it to you. Daymap remembers where it is, never "
            "your password: leave it empty if it is in ~/.pgpass or your keyring already."
        )
        self.add_field("host", "Server", QLineEdit(current.host if current else ""))
        self.field("host").setPlaceholderText("e.g. sales-db.example.com")
        port = QSpinBox()
        port.setRange(1, 65535)
        port.setValue(current.port if current else DEFAULT_PORT)
        self.add_field("port", "Port", port)
        self.add_field("database", "Database", QLineEdit(current.database if current else "daymap"))
        self.add_field("user", "User", QLineEdit(current.user if current else ""))
        password = QLineEdit()
        password.setEchoMode(QLineEdit.EchoMode.Password)
        password.setPlaceholderText("from the keyring or ~/.pgpass if empty")
        self.add_field("password", "Password", password)
        places = [("Only for now", None), ("In ~/.pgpass (readable by you only)", "pgpass")]
        if keyring_available():
            places.insert(1, ("In the system keyring", "keyring"))
        self.add_field("remember", "Remember it", choice_box(places))
        self.set_ok_text("Connect")
        self.address: ServerAddress | None = None
        self.role: str | None = None
        self.store: Store | None = None  # opened by OK, for the caller to plan in

    def values(self) -> dict[str, Any]:
        return {
            "host": self.field("host").text(),
            "port": self.field("port").value(),
            "database": self.field("database").text(),
            "user": self.field("user").text(),
            "password": self.field("password").text(),
            "remember": self.field("remember").currentData(),
        }

    def accept(self) -> None:
        """Check the form, then open the server (kept open for the caller): a wrong password or an
        unreachable server keeps the form open."""
        from organizer.app.stores import open_store
        from organizer.app.team_server import role_of

        values = self.values()
        store = None
        try:
            address = check_address(values["host"], values["port"], values["database"], values["user"])
            store = open_store(address.url(values["password"] or None))
            self.role = role_of(store)
            if self.role is None:
                raise StoreError(
                    f"{address.describe()} is not a Daymap team yet: its owner runs `daymap team init`, "
                    "then `daymap team add-rep` for you"
                )
            if values["remember"] == "pgpass" and values["password"]:
                remember_password(address, values["password"])
            elif values["remember"] == "keyring" and values["password"]:
                remember_in_keyring(address, values["password"])
        except (DaymapError, OSError) as error:
            if store is not None:
                store.close()
            self.show_error(error if isinstance(error, DaymapError) else StoreError(str(error)))
            return
        self.address, self.store = address, store
        self.result_values = values
        super(FormDialog, self).accept()


class ServerConnection(QMainWindow):
    """File ▸ Connect to a team server / Plan on this computer, and the Team page that comes with a manager's role.

    A mixin of the main window: the store changes in place (a new history, every page reloaded).
    """

    planner: QtPlanner
    settings: QSettings
    nav: QListWidget
    stack: QStackedWidget
    views: tuple[str, ...]
    pages: dict[str, Page]
    _unloaded: set[str]
    _wire_page: Callable[[QWidget], None]  # the window's: what a page may ask of it, connected as it is built
    # the main window's own
    current_view: Callable[[], str]
    show_view: Callable[[str], None]
    fill_go_menu: Callable[[], None]
    update_banner: Callable[[], None]

    def connect_team_server(self) -> bool:
        dialog = ConnectDialog(saved_address(self.settings), self)
        if not dialogs.run_dialog(dialog) or dialog.address is None or dialog.store is None:
            return False
        save_address(self.settings, dialog.address)
        self._switch_to(dialog.store, f"Connected to {dialog.address.describe()} as a {dialog.role}")
        return True

    def use_own_store(self) -> bool:
        """Leave the team server: plan in this computer's own store again."""
        from organizer.app.stores import open_store

        try:
            store = open_store(None, None)
        except DaymapError as error:
            dialogs.show_message(self, "Plan on this computer", str(error))
            return False
        save_address(self.settings, None)
        self._switch_to(store, "Planning in your own store on this computer")
        return True

    def _switch_to(self, store: Store, message: str) -> None:
        self.planner.switch_store(store)  # its Change reloads every page
        self.sync_pages()
        self.statusBar().showMessage(message, 8000)

    def sync_pages(self) -> None:
        """The pages this store's role sees (the Team page is a manager's), as the registry declares them."""
        added = []
        for spec in PAGES:
            wanted = spec.shown(self.planner)
            if wanted and spec.key not in self.views:
                keys = [p.key for p in PAGES if p.key in self.views or p.key == spec.key]
                row = keys.index(spec.key)
                item = QListWidgetItem(nav_icon(spec.icon_name), spec.title)
                item.setData(Qt.ItemDataRole.UserRole, spec.key)
                widget = page_widget(spec, self.planner, self._wire_page)
                self.nav.insertItem(row, item)
                self.stack.insertWidget(row, widget)
                self.views = tuple(keys)
                self.pages[spec.key] = widget  # type: ignore[assignment]  # every page is a Page
                self._unloaded.add(spec.key)
                added.append(spec.key)
            elif not wanted and spec.key in self.views:
                if self.current_view() == spec.key:
                    self.show_view(self.views[0])
                row = self.views.index(spec.key)
                self.nav.takeItem(row)
                gone = self.stack.widget(row)
                if gone is not None:
                    self.stack.removeWidget(gone)
                self.views = tuple(view for view in self.views if view != spec.key)
                self.pages.pop(spec.key, None)
        self.fill_go_menu()
        self.update_banner()
        if added:
            self.show_view(added[-1])
