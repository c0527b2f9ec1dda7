"""The window's planner: the core :class:`~organizer.app.planner.Planner` adapted for Qt (a thin QObject).

Throughout ``ui``, ``planner`` is this object and ``planner.core`` the core planner it wraps
(``session`` is left to SQLAlchemy's sessions, inside the store).

Every action is the planner's (one transaction, one Change, one history entry); this
adapter mirrors the planner's history into a ``QUndoStack`` (for Qt's Undo/Redo
actions) and re-emits each Change as one signal, ``store_changed``, from which every
view refreshes. The planner has refreshed its mornings before it tells us, so no view
depends on the order of connections. Reads that need nothing of Qt are asked of
``planner.core`` directly; only the morning and an account, which every page reads,
have a forwarder here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from organizer.app.planner import Planner
from organizer.core.domain import AccountView, Change, Morning
from organizer.core.errors import ConflictError, DaymapError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from organizer.app.features.accounts import Accounts
    from organizer.app.features.calendar import Calendar
    from organizer.app.features.days import Days
    from organizer.app.features.documents import Documents
    from organizer.app.features.mail import Mail
    from organizer.app.features.steps import Steps
    from organizer.app.features.team import Team
    from organizer.app.stores import Kept, Store

T = TypeVar("T")


class _HistoryCommand(QUndoCommand):
    """The newest planner history entry, on Qt's stack: undo and redo ask the planner."""

    def __init__(self, qt: QtPlanner, text: str) -> None:
        super().__init__(text)
        self._qt = qt
        self._done = True  # pushed after it ran: the first redo() is the run that already happened

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        if not self._qt._replay(self._qt.core.redo):
            self.setObsolete(True)  # refused (changed elsewhere): it leaves the history

    def undo(self) -> None:
        if not self._qt._replay(self._qt.core.undo):
            self.setObsolete(True)


class QtPlanner(QObject):
    """The planner, its undo stack for Qt, and the signals the window listens to."""

    store_changed = Signal(object)  # a Change
    error_raised = Signal(str)  # an undo/redo that the store refused (shown in the status bar)
    outside_change_detected = Signal()  # another program (the CLI, a restore) or a conflict changed the store
    own_pass_wrote = Signal()  # the window's own background pass (the calendar's) wrote with its own store
    store_opened = Signal()  # the store being opened on another thread is ready (or failed): finish_opening()

    def __init__(
        self, store: Store | None, today: dt.date | None = None, parent: QObject | None = None, kept: Kept | None = None
    ) -> None:
        super().__init__(parent)
        self.core = Planner(store, today, kept)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(self.core.history.limit)
        self._opening_recorded: set[dt.date] = set()
        self.replaying = False
        self.core.subscribe(self.store_changed.emit)

    # --- the store and the day ----------------------------------------------------------------

    @property
    def store(self) -> Store:
        return self.core.store

    @property
    def attached(self) -> bool:
        return self.core.attached

    @property
    def today(self) -> dt.date:
        return self.core.today

    def attach(self, store: Store) -> None:
        """The store, opened after the kept morning was drawn (that first look is recorded now)."""
        self._attached(self.core.attach(store))

    def attach_when_open(self, opening: Future[Store]) -> None:
        """The store, being opened on another thread; ``store_opened`` says when it is done (in this thread)."""
        self.core.attach_when_open(opening)
        opening.add_done_callback(lambda _done: self.store_opened.emit())  # emitted there, received here

    def finish_opening(self) -> None:
        """Attach the store whose opening ended (raises its error), as :meth:`attach` does."""
        self._attached(self.core.finish_opening())

    def _attached(self, kept_was_current: bool) -> None:
        if not kept_was_current:  # someone wrote since the kept morning: every view reads afresh
            self.outside_change_detected.emit()
            return
        self.record_opening(self.today)

    def switch_store(self, store: Store) -> None:
        """Plan in another store from now on (a team server, or one's own); the old one is closed."""
        previous = self._act(lambda: self.core.switch(store))  # a new history, and a new undo stack
        if previous is not None and previous is not store:
            previous.close()

    def check_outside_changes(self) -> bool:
        """Called when the window regains focus: `daymap import` run in a terminal shows at once."""
        changed = self.core.check_outside_changes()
        if changed:
            self.outside_change_detected.emit()
        return changed

    def reload_after_own_pass(self) -> bool:
        """The window's calendar pass wrote through a store of its own: every page reads afresh, and it is
        not news "from outside this window" (the pass's own status label says what it did)."""
        changed = self.core.check_outside_changes()
        if changed:
            self.own_pass_wrote.emit()
        return changed

    def record_opening(self, day: dt.date) -> None:
        """The first look at today's morning is history for the Insights chart (once per day and window)."""
        if day == self.today and day not in self._opening_recorded and self.core.attached:
            self._opening_recorded.add(day)
            self.core.days.record_opening(day)

    # --- reads --------------------------------------------------------------------------------

    def morning(self, day: dt.date | None = None) -> Morning:
        return self.core.morning(day)

    def account(self, account_id: str) -> AccountView:
        return self.core.account(account_id)

    def write_refusal(self, what: str = "plan") -> str | None:
        """Why this window may not write ``what`` (the core's answer: ``planner.team.write_refusal``), or None.

        Asked before a form opens, so nobody fills one in to be refused at OK.
        """
        if not self.attached:
            return None  # drawn from the kept morning: the store is being opened, writes wait in the queue
        return self.core.team.write_refusal(what)

    def team_role(self) -> str | None:
        """ "manager" or "rep" on a team's server; None for a store of one's own (or one still opening)."""
        return self.core.team.role() if self.attached else None

    # --- actions: the planner's, mirrored on the undo stack ----------------------------------------

    def _act(self, action: Callable[[], T]) -> T:
        """Run one planner action now (its errors reach the caller); a new history entry goes on the undo
        stack, and a history started afresh (an import, a restore) empties the stack too."""
        history = self.core.history
        pushed, cleared = history.pushed, history.cleared
        try:
            result = action()
        except DaymapError as error:
            if isinstance(error, ConflictError):
                self.outside_change_detected.emit()
            raise
        if history.cleared != cleared:
            self.undo_stack.clear()
        elif history.pushed != pushed:
            self.undo_stack.push(_HistoryCommand(self, history.undo_text or "Change"))
        return result

    def _replay(self, step: Callable[[], Change | None]) -> bool:
        """Undo or redo: a refusal is reported, never raised into Qt's event loop."""
        self.replaying = True  # the window says "Saved" for an action, not for its undo or redo
        try:
            step()
        except DaymapError as error:
            if isinstance(error, ConflictError):
                self.outside_change_detected.emit()
            self.error_raised.emit(str(error))
            return False
        finally:
            self.replaying = False
        return True

    def do(self, action: Callable[[Planner], T]) -> T:
        """The one door for any planner action: ``planner.do(lambda p: p.steps.resolve_conflict(step, "daymap"))``.

        It runs now, its errors reach the caller, and its history entry goes on the undo stack.
        """
        return self._act(lambda: action(self.core))

    # The planner's own verbs and features, each call through :meth:`do`: ``planner.steps.complete(…)``
    # from the window is the core's ``steps.complete(…)``, same arguments, same answer, one undo entry.

    def create(self, kind: str, values: Mapping[str, Any], text: str | None = None) -> Change:
        return self._act(lambda: self.core.create(kind, values, text))

    def edit(
        self,
        kind: str,
        object_id: str,
        values: Mapping[str, Any],
        text: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        return self._act(lambda: self.core.edit(kind, object_id, values, text, expected_version))

    def update_settings(self, values: Mapping[str, Any]) -> Change:
        return self._act(lambda: self.core.update_settings(values))

    @property
    def steps(self) -> Steps:
        return _through(self, self.core.steps)

    @property
    def accounts(self) -> Accounts:
        return _through(self, self.core.accounts)

    @property
    def days(self) -> Days:
        return _through(self, self.core.days)

    @property
    def documents(self) -> Documents:
        return _through(self, self.core.documents)

    @property
    def team(self) -> Team:
        return _through(self, self.core.team)

    @property
    def mail(self) -> Mail:
        return _through(self, self.core.mail)

    @property
    def calendar(self) -> Calendar:
        return _through(self, self.core.calendar)


F = TypeVar("F")


class _Through:
    """A feature of the core planner whose every method runs through the window's :meth:`QtPlanner._act`."""

    def __init__(self, qt: QtPlanner, feature: object) -> None:
        self._qt = qt
        self._feature = feature

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._feature, name)
        return lambda *args, **kwargs: self._qt._act(lambda: method(*args, **kwargs))


def _through(qt: QtPlanner, feature: F) -> F:
    """``feature`` as the window calls it: the same methods (so typed as the feature), each through the door."""
    return cast(F, _Through(qt, feature))
