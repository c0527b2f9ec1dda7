"""The main window's menus, declared once as data: each action's words, the window's method it calls, its key,
its icon and whether it writes the plan or the rep's own settings (greyed where the store or the role refuses).

Two kinds of entries: a verb the terminal offers too is declared once, with its words, key and the spot it
goes (``organizer.app.verbs``), and :class:`Placed` marks that spot here; what only the window does (a
dialog, a page's action) is a :class:`MenuAction`. Help ▸ Keyboard shortcuts reads the built menus. The
slots are the window's attribute paths ("accounts.new_account"), so this module needs nothing of the window
but its attributes.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from organizer.app.files import file_kinds
from organizer.app.verbs import VERBS, Place, Verb
from ui import dialogs
from ui.resources import icon
from ui.shell.pages import PAGES

Keys = str | QKeySequence.StandardKey | None


@dataclass(frozen=True)
class MenuAction:
    """One menu action, as the window shows it: words, the window's method (a dotted attribute path), a key."""

    text: str
    slot: str
    keys: Keys = None
    icon: str = ""
    args: tuple[Any, ...] = ()
    writes: Literal["", "plan", "settings"] = ""  # off where the role or the store refuses that write
    morning: bool = False  # the Morning is shown first (the Day menu's actions)
    kept_as: str = ""  # the window's attribute the QAction is kept in, for whoever needs it by name


@dataclass(frozen=True)
class Submenu:
    text: str
    icon: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Placed:
    """The spot where the verbs placed in ``section`` go, in the order their modules declare them."""

    section: str


SEPARATOR = None
Entry = MenuAction | Submenu | Placed | Literal["undo", "redo", "go"] | None

MENUS: tuple[tuple[str, tuple[Entry, ...]], ...] = (
    ("&File", (
        MenuAction("&Quick add…", "quick_add", "Ctrl+N", "quick-add", writes="plan", kept_as="quick_add_action"),
        MenuAction("New &account…", "accounts.new_account", "Ctrl+Shift+N", "add", writes="plan"),
        SEPARATOR,
        Submenu("&Import", "add", (  # one submenu in, one out: each names what it reads or writes
            Placed("import"),
            MenuAction(file_kinds.CONTACTS.menu, "import_crm_file", writes="plan"),
            MenuAction(file_kinds.MAIL.menu, "import_mail_files", writes="plan"),
            MenuAction("A mail &folder (Maildir)…", "import_mail_folder", writes="plan"),
            MenuAction("&Read new mail now", "mail.read_now", "F9", writes="plan"),
            Placed("try"),
        )),
        MenuAction("Connect a &calendar…", "calendar.connect_calendar", icon="calendar", writes="settings"),
        MenuAction("&Sync the calendar now", "calendar.sync_now", "F8", writes="settings"),
        Submenu("&Export", "save", (
            Placed("export"),
            SEPARATOR,
            Placed("export-for-other-apps"),  # calendars, spreadsheets
        )),
        SEPARATOR,
        MenuAction("&Backups…", "show_backups"),
        MenuAction("Connect to a &team server…", "connect_team_server"),
        MenuAction("Plan on this &computer (leave the team server)", "use_own_store"),
        SEPARATOR,
        MenuAction("&Quit", "quit", QKeySequence.StandardKey.Quit),
    )),
    ("&Edit", (
        "undo",
        "redo",
        SEPARATOR,
        MenuAction("&Settings… (capacity, days off)", "morning.flows.edit_settings", "Ctrl+,", writes="settings"),
        MenuAction("&Mail… (your addresses, IMAP, a mail folder)", "mail.edit_settings", writes="settings"),
        MenuAction("New &people from mail…", "mail.offer_newcomers", writes="plan"),
    )),
    ("&Go", ("go",)),  # a page each, in the sidebar's order (the window fills it: the pages depend on the role)
    ("&Day", (  # the Morning's actions, in a menu with their keys
        MenuAction("&Accept suggestions…", "morning.accept_suggestions", "Ctrl+Shift+A", "done", morning=True,
                   kept_as="accept_action"),
        MenuAction("&Trim the day…", "morning.trim", "Ctrl+Shift+T", morning=True, kept_as="trim_action"),
        MenuAction("&Confirm the plan", "morning.confirm_plan", "Ctrl+Return", morning=True,
                   kept_as="confirm_action"),
    )),
    ("&Reports", (
        Placed("reports"),
    )),
    ("&Help", (
        MenuAction("&Keyboard shortcuts", "show_shortcuts", "F1"),
        MenuAction("&About Daymap", "about"),
    )),
)  # fmt: skip


def add_action(
    window: QMainWindow, menu: QMenu, text: str, slot: Callable[..., object], keys: Keys = None, icon_name: str = ""
) -> QAction:
    """A QAction of the window in ``menu``, with its key and icon."""
    action = QAction(icon(icon_name), text, window) if icon_name else QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def _slot(window: Any, declared: MenuAction) -> Callable[[], None]:
    method = operator.attrgetter(declared.slot)(window)

    def act() -> None:
        if declared.morning:
            window.show_view("morning")
        method(*declared.args)

    return act


def placed(section: str) -> list[tuple[Verb, Place]]:
    """The verbs' places in ``section``, in the order they are declared."""
    return [(declared, place) for declared in VERBS.values() for place in declared.places if place.section == section]


def _run(window: Any, declared: Verb, place: Place) -> Callable[[], None]:
    def act() -> None:
        window.run_verb(declared.name, place.preset, place.title)

    return act


def _fill(window: Any, menu: QMenu, entries: tuple[Entry, ...], kinds: dict[str, list[QAction]]) -> None:
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        elif isinstance(entry, Submenu):
            _fill(window, menu.addMenu(icon(entry.icon), entry.text), entry.entries, kinds)
        elif entry in ("undo", "redo"):
            menu.addAction(_undo_action(window, entry))
        elif isinstance(entry, Placed):
            for declared, place in placed(entry.section):
                made = add_action(window, menu, place.words, _run(window, declared, place), place.key, place.icon)
                if declared.writes:
                    kinds[declared.writes].append(made)
        elif entry == "go":
            window._go_menu = menu
            window.fill_go_menu()
        else:
            assert isinstance(entry, MenuAction)
            made = add_action(window, menu, entry.text, _slot(window, entry), entry.keys, entry.icon)
            if entry.writes:
                kinds[entry.writes].append(made)
            if entry.kept_as:
                setattr(window, entry.kept_as, made)


def _undo_action(window: Any, which: str) -> QAction:
    stack: QUndoStack = window.planner.undo_stack
    if which == "undo":
        made = stack.createUndoAction(window, "&Undo")
        made.setShortcut(QKeySequence.StandardKey.Undo)
    else:
        made = stack.createRedoAction(window, "&Redo")
        made.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")])
    made.setIcon(icon(which))
    setattr(window, f"{which}_action", made)
    return made


def build_menus(window: QMainWindow) -> None:
    """File, Edit, Go, Day, Reports, Help, as MENUS declares them (Help ▸ Keyboard shortcuts reads them)."""
    kinds: dict[str, list[QAction]] = {"plan": [], "settings": []}
    bar = window.menuBar()
    for title, entries in MENUS:
        _fill(window, bar.addMenu(title), entries, kinds)
    window.write_actions = tuple(kinds["plan"])  # type: ignore[attr-defined]  # the window declares both
    window.settings_actions = tuple(kinds["settings"])  # type: ignore[attr-defined]
    window.statusBar()


def show_shortcuts(window: Any) -> None:
    """Every key, read from the menus, the pages and the cards where each is declared."""
    from ui.dialogs.shortcuts import GENERAL, ShortcutsDialog, card_shortcuts, menu_shortcuts, without_repeats
    from ui.pages.cards import CARD_KEYS, KEY_WORDS

    rows = menu_shortcuts(window.menuBar())
    for page in (window.morning, window.today, window.accounts, window.plan):
        title = next((p.title for p in PAGES if getattr(window, p.key, None) is page), type(page).__name__)
        rows += [(keys, said, title) for keys, said in getattr(page, "shortcut_help", [])]
    rows += card_shortcuts(CARD_KEYS, KEY_WORDS)
    rows += GENERAL
    dialogs.run_dialog(ShortcutsDialog(without_repeats(rows), window))
