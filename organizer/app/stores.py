"""Where the data lives, for the front ends: opening a store, its backups, restoring, writing files.

Through the one door (see :mod:`organizer.app.views`): the window and the terminal never import
``organizer.store`` themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.lazy import exports

if TYPE_CHECKING:  # what mypy reads; at run time each name is imported when first asked for
    from organizer.store import backup as backup
    from organizer.store.atomic import write_atomically as write_atomically
    from organizer.store.backup import KEEP_DAILY as KEEP_DAILY
    from organizer.store.backup import KEEP_RECENT as KEEP_RECENT
    from organizer.store.backup import KEEP_WEEKLY as KEEP_WEEKLY
    from organizer.store.backup import BackupInfo as BackupInfo
    from organizer.store.connection import DEFAULT_PORT as DEFAULT_PORT
    from organizer.store.connection import ServerAddress as ServerAddress
    from organizer.store.connection import check_address as check_address
    from organizer.store.connection import keyring_available as keyring_available
    from organizer.store.connection import remember_in_keyring as remember_in_keyring
    from organizer.store.connection import remember_password as remember_password
    from organizer.store.database import Store as Store
    from organizer.store.database import open_store as open_store
    from organizer.store.database import restore_backup as restore_backup
    from organizer.store.kept import Kept as Kept
    from organizer.store.location import Location as Location
    from organizer.store.location import instance_key as instance_key
    from organizer.store.location import resolve_location as resolve_location
    from organizer.store.restore import set_aside as set_aside
    from organizer.store.sqlite_file import not_a_file as not_a_file
    from organizer.store.sqlite_file import read_other_file as read_other_file
    from organizer.store.sqlite_file import refuse_store_file as refuse_store_file

__getattr__ = exports(
    __name__,
    {
        "backup": ("organizer.store", "backup"),
        "KEEP_DAILY": ("organizer.store.backup", "KEEP_DAILY"),
        "KEEP_RECENT": ("organizer.store.backup", "KEEP_RECENT"),
        "KEEP_WEEKLY": ("organizer.store.backup", "KEEP_WEEKLY"),
        "BackupInfo": ("organizer.store.backup", "BackupInfo"),
        "DEFAULT_PORT": ("organizer.store.connection", "DEFAULT_PORT"),
        "ServerAddress": ("organizer.store.connection", "ServerAddress"),
        "check_address": ("organizer.store.connection", "check_address"),
        "keyring_available": ("organizer.store.connection", "keyring_available"),
        "remember_in_keyring": ("organizer.store.connection", "remember_in_keyring"),
        "remember_password": ("organizer.store.connection", "remember_password"),
        "Store": ("organizer.store.database", "Store"),
        "open_store": ("organizer.store.database", "open_store"),
        "restore_backup": ("organizer.store.database", "restore_backup"),
        "write_atomically": ("organizer.store.atomic", "write_atomically"),
        "Kept": ("organizer.store.kept", "Kept"),
        "Location": ("organizer.store.location", "Location"),
        "instance_key": ("organizer.store.location", "instance_key"),
        "resolve_location": ("organizer.store.location", "resolve_location"),
        "set_aside": ("organizer.store.restore", "set_aside"),
        "not_a_file": ("organizer.store.sqlite_file", "not_a_file"),
        "refuse_store_file": ("organizer.store.sqlite_file", "refuse_store_file"),
        "read_other_file": ("organizer.store.sqlite_file", "read_other_file"),
    },
)
