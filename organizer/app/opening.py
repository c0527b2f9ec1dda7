"""The store opened on a worker thread, while the window already shows the kept morning and takes input.

Opening a store imports SQLAlchemy, checks the schema and takes the day's backup: most of a
cold start. None of it needs the rep to wait: what needs the store meanwhile waits for it
(:meth:`organizer.app.workspace.Workspace.store`), and everything else answers at once.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from organizer.store.database import Store


def open_in_background(db: str | None, data_dir: str | None) -> Future[Store]:
    """Start opening the store on its own thread; the future holds the store, or the open's error.

    The thread is not a daemon: a window closed within the opening waits for it, so a
    migration or a backup is never cut off by the app's exit.
    """
    opening: Future[Store] = Future()

    def open_now() -> None:
        from organizer.app.stores import open_store

        if not opening.set_running_or_notify_cancel():
            return
        try:
            opening.set_result(open_store(db, data_dir))
        except BaseException as error:  # the caller sees it in result(), as it would have in the call
            opening.set_exception(error)

    threading.Thread(target=open_now, name="daymap-open-store").start()
    return opening
