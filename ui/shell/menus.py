"""The main window's menus, built from one place (a helper of the window, not a mixin of it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from ui import dialogs
from ui.resources import icon
from ui.shell.pages import PAGES

if TYPE_CHECKING:
    from ui.shell.window import MainWindow


def on_morning(window: MainWindow, run: Callable[[], object]) -> Callable[[], None]:
    """A Day menu action: the Morning shown, then the action."""

    def act() -> None:
        window.show_view("morning")
        run()

    return act


def build_menus(window: MainWindow) -> None:
    """File, Edit, Go, Day, Reports, Help: each frequent action with its key (Help ▸ Keyboard shortcuts reads them)."""
    action = window._action
    bar = window.menuBar()
    file = bar.addMenu("&File")
    window.quick_add_action = action(file, "&Quick add…", window.quick_add, "Ctrl+N", "quick-add")
    new_account = action(file, "New &account…", window.accounts.new_account, "Ctrl+Shift+N", "add")
    file.addSeparator()
    # One submenu in, one out: each names what it reads or writes.
    bring_in = file.addMenu(icon("add"), "&Import")
    imports = (
        action(bring_in, "A &Daymap file (.json)…", window.import_file, "Ctrl+I"),
        action(bring_in, "From a &CRM or contacts file (.csv, .vcf)…", window.import_crm_file),
        action(bring_in, "&Mail (.eml, .mbox)…", window.import_mail_files),
        action(bring_in, "A mail &folder (Maildir)…", window.import_mail_folder),
        action(bring_in, "&Read new mail now", window.mail.read_now, "F9"),
        action(bring_in, "A &sample territory to try Daymap", window.load_sample),
    )
    calendar = (
        action(file, "Connect a &calendar…", window.calendar.connect_calendar, icon_name="calendar"),
        action(file, "&Sync the calendar now", window.calendar.sync_now, "F8"),
    )
    export = file.addMenu(icon("save"), "&Export")
    action(export, "A &Daymap file of everything (.json)…", window.export_file, "Ctrl+E")
    export.addSeparator()
    action(export, "Calendar: &today (.ics)…", lambda: window.export_calendar(days=1), icon_name="calendar")
    action(export, "Calendar: the next &7 days (.ics)…", lambda: window.export_calendar(days=7))
    action(export, "Spreadsheet: &accounts (.csv)…", window.export_accounts_csv)
    action(export, "Spreadsheet: today's &list (.csv)…", window.export_day_csv)
    # off where writes are refused (the plan: a manager's role; anything: a read-only store)
    window.write_actions = (window.quick_add_action, new_account, *imports)
    window.settings_actions = calendar  # a rep's, and a manager's, own
    file.addSeparator()
    action(file, "&Backups…", window.show_backups)
    action(file, "Connect to a &team server…", window.connect_team_server)
    action(file, "Plan on this &computer (leave the team server)", window.use_own_store)
    file.addSeparator()
    action(file, "&Quit", window.quit, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    window.undo_action = window.planner.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.undo_action.setIcon(icon("undo"))
    window.redo_action = window.planner.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")])
    window.redo_action.setIcon(icon("redo"))
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    settings = action(edit, "&Settings… (capacity, days off)", window.morning.flows.edit_settings, "Ctrl+,")
    mail = action(edit, "&Mail… (your addresses, IMAP, a mail folder)", window.mail.edit_settings)
    people = action(edit, "New &people from mail…", lambda: window.mail.offer_newcomers())
    window.write_actions = (*window.write_actions, people)
    window.settings_actions = (*window.settings_actions, settings, mail)

    window._go_menu = bar.addMenu("&Go")
    window.fill_go_menu()

    day = bar.addMenu("&Day")  # the Morning's actions, in a menu with their keys
    morning = window.morning
    window.accept_action = action(
        day, "&Accept suggestions…", on_morning(window, morning.accept_suggestions), "Ctrl+Shift+A", "done"
    )
    window.trim_action = action(day, "&Trim the day…", on_morning(window, morning.trim), "Ctrl+Shift+T")
    window.confirm_action = action(day, "&Confirm the plan", on_morning(window, morning.confirm_plan), "Ctrl+Return")

    reports = bar.addMenu("&Reports")
    action(reports, "&Weekly territory report…", window.save_weekly_report, "Ctrl+R")
    action(reports, "&Brief of the open account…", window._on_brief_action_triggered)

    help_menu = bar.addMenu("&Help")
    action(help_menu, "&Keyboard shortcuts", window.show_shortcuts, "F1")
    action(help_menu, "&About Daymap", window._about)
    window.statusBar()


def show_shortcuts(window: MainWindow) -> None:
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
