"""Opening the store at start: a damaged or foreign file, or a team server that does not answer, is
the rep's choice to make (restore, set aside, connect again, or plan on this computer), never a crash."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from organizer.app.stores import Store


def open_team_server(args: argparse.Namespace, settings: QSettings, parent: QWidget | None) -> Store | None:
    """The team server this app was connected to. When it cannot be opened (no password kept, the server
    down), the connection form; cancelled, None and ``args.db`` cleared: the rep's own store opens instead."""
    from organizer.app.stores import open_store
    from organizer.core.errors import DaymapError
    from ui import dialogs
    from ui.shell.connect import ConnectDialog, saved_address

    try:
        return open_store(args.db)
    except DaymapError as error:
        dialog = ConnectDialog(saved_address(settings), parent)
        dialog.set_intro(f"{error}\n\nConnect again, or Cancel to plan in your own store on this computer.")
        if dialogs.run_dialog(dialog) and dialog.store is not None:
            return dialog.store
    args.db = None
    return None


def open_with_recovery(db: str | None, data_dir: str | None, parent: QWidget | None = None) -> Store | None:
    """Open the store; a damaged or foreign file is left untouched and the rep chooses the way out.

    Restore the newest good backup (the file is kept aside), or move the file aside and
    start empty, or quit. A newer store only says to update Daymap.
    """
    from organizer.app.stores import backup, open_store, resolve_location
    from organizer.core.errors import DaymapError, StoreError
    from ui import dialogs

    title = "Daymap cannot open its store"
    tried: set[str] = set()
    while True:
        try:
            return open_store(db, data_dir)
        except StoreError as error:
            if error.problem not in ("damaged", "foreign") or len(tried) > 1:
                dialogs.show_message(parent, title, str(error))
                return None
            location = resolve_location(db, data_dir)
            newest = backup.newest_good(location) if "restore" not in tried else None
            options = []
            if newest is not None:
                options.append(("restore", f"Restore the backup of {newest.taken:%a %d %b, %H:%M}"))
            if "set-aside" not in tried:
                options.append(("set-aside", "Move the file aside and start empty"))
            options.append(("quit", "Quit"))
            text = f"{error}\n\nThe file has not been changed. " + (
                "Restoring the newest good backup keeps the damaged file beside it."
                if newest
                else "There is no backup to restore."
            )
            choice = dialogs.choose(parent, title, text, options)
            if choice not in ("restore", "set-aside"):
                return None
            tried.add(choice)
            try:
                if choice == "restore" and newest is not None:
                    from organizer.app.stores import restore_backup

                    restore_backup(location, newest.path, replace_readable=False)  # only if still damaged
                else:
                    from organizer.app.stores import set_aside

                    set_aside(location)
            except DaymapError as failure:
                dialogs.show_message(parent, title, str(failure))
                return None
        except DaymapError as error:
            dialogs.show_message(parent, title, str(error))
            return None
