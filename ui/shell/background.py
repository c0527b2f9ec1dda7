"""A reader that works in the background (mail, the calendar): one job at a time on a worker thread, when the
window opens and every few minutes, its state in a label of the status bar.

The job runs off the window's thread; its value (or what went wrong, in words) comes back on the
window's thread, where the subclass writes it through the one door.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QWidget

EVERY_MS = 5 * 60_000
T = TypeVar("T")


@dataclass
class Done:
    value: Any = None
    error: str | None = None


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], done: SignalInstance) -> None:
        super().__init__()
        self._work, self._done = work, done

    def run(self) -> None:
        try:
            done = Done(self._work())
        except Exception as error:
            done = Done(error=str(error))
        self._done.emit(done)


class BackgroundReader(QObject):
    """The worker, the timer and the status label; a subclass says what to run and what its value means."""

    finished = Signal(object)  # a Done, from the worker's thread to the window's

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = name
        self._parent = parent
        self.status = QLabel()
        self.status.setObjectName(f"{name.lower()}Status")
        self.status.setAccessibleName(name)
        self.status.hide()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.busy = False
        self.finished.connect(self._on_finished)
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.run_now)

    def start(self) -> None:
        """When the window opens (its store attached): a first run, then every few minutes."""
        self.timer.start()
        QTimer.singleShot(0, self.run_now)

    def run_now(self) -> bool:  # the subclass's: its job, when there is one to run
        raise NotImplementedError

    def launch(self, work: Callable[[], Any], doing: str) -> bool:
        self.busy = True
        self.status.setText(f"{self.name}: {doing}…")
        self.status.show()
        self.pool.start(_Job(work, self.finished))
        return True

    def wait(self, msecs: int = 60_000) -> bool:
        """For the tests and for closing: the job done, its value handed over."""
        return self.pool.waitForDone(msecs)

    def say(self, words: str) -> None:
        self.status.setText(f"{self.name}: {words}")

    def _on_finished(self, done: Done) -> None:
        self.busy = False
        if done.error is not None:
            retry = (dt.datetime.now() + dt.timedelta(milliseconds=EVERY_MS)).strftime("%H:%M")
            self.say(f"{done.error} — trying again at {retry}")
            return
        self.succeeded(done.value)

    def succeeded(self, value: Any) -> None:  # the subclass's: write the value, say what it did
        raise NotImplementedError


def off_the_window(work: Callable[[], T]) -> T:
    """Run ``work`` (a server tried, a file read) on a worker thread while the window goes on painting; its
    value, or what it raised, comes back here. Clicks and keys wait (a form is open and modal): nothing is
    done twice, and the window never freezes grey."""
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtCore import QEventLoop

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="daymap-try") as pool:
        future = pool.submit(work)
        loop = QEventLoop()
        watch = QTimer()  # on this thread: the worker's own thread has no event loop to post from
        watch.setInterval(15)
        watch.timeout.connect(lambda: loop.quit() if future.done() else None)
        watch.start()
        if not future.done():
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        watch.stop()
        return future.result()
