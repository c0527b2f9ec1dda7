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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from organizer.app.planner import Planner
from organizer.core.domain import AccountView, Change, Morning
from organizer.core.errors import ConflictError, DaymapError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from organizer.app.files import ImportResult, crm
    from organizer.app.stores import Kept, Restored, Store
    from organizer.app.views import Suggestion

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
        self._team_role: tuple[str | None] | None = None
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
        self._team_role = None  # asked again of the new store
        previous = self._whole_store(lambda: self.core.switch(store))
        if previous is not None and previous is not store:
            previous.close()

    def check_outside_changes(self) -> bool:
        """Called when the window regains focus: `daymap import` run in a terminal shows at once."""
        changed = self.core.check_outside_changes()
        if changed:
            self.outside_change_detected.emit()
        return changed

    def next_working_day(self, after: dt.date | None = None) -> dt.date:
        return self.core.next_working_day(after)

    def record_opening(self, day: dt.date) -> None:
        """The first look at today's morning is history for the Insights chart (once per day and window)."""
        if day == self.today and day not in self._opening_recorded and self.core.attached:
            self._opening_recorded.add(day)
            self.core.record_opening(day)

    # --- reads --------------------------------------------------------------------------------

    def morning(self, day: dt.date | None = None) -> Morning:
        return self.core.morning(day)

    def account(self, account_id: str) -> AccountView:
        return self.core.account(account_id)

    def write_refusal(self) -> str | None:
        """Why this window may not change the store (a read-only file, a manager's role), or None when it may.

        Asked before a form opens, so nobody fills one in to be refused at OK.
        """
        if not self.attached:
            return None  # drawn from the kept morning: the store is being opened, writes wait in the queue
        if self.store.read_only:
            return "This store is read-only (its file or folder may not be written): Daymap shows it, changes nothing."
        if self.team_role() == "manager":
            return "Signed in as a manager: the reps plan their accounts; a manager reads them and hands them over."
        return None

    def team_role(self) -> str | None:
        """ "manager" or "rep" on a team's server (asked once: a role does not change while connected)."""
        if self._team_role is None:  # not asked yet
            self._team_role = (self.core.team_role() if self.attached else None,)
        return self._team_role[0]

    # --- actions: the planner's, mirrored on the undo stack ----------------------------------------

    def _act(self, action: Callable[[], T]) -> T:
        """Run one planner action now (its errors reach the caller); a new history entry goes on the undo stack."""
        pushed = self.core.history.pushed
        try:
            result = action()
        except DaymapError as error:
            if isinstance(error, ConflictError):
                self.outside_change_detected.emit()
            raise
        if self.core.history.pushed != pushed:
            self.undo_stack.push(_HistoryCommand(self, self.core.history.undo_text or "Change"))
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

    def _whole_store(self, action: Callable[[], Any]) -> Any:
        """An import, a restore or the sample: the planner starts its history afresh; so does Qt's stack."""
        result = action()
        self.undo_stack.clear()
        return result

    def do(self, action: Callable[[Planner], T]) -> T:
        """The one door for any planner action: ``planner.do(lambda p: p.resolve_conflict(step, "daymap"))``.

        It runs now, its errors reach the caller, and its history entry goes on the undo stack.
        """
        return self._act(lambda: action(self.core))

    def create(self, kind: str, values: Mapping[str, Any], text: str | None = None) -> Change:
        return self._act(lambda: self.core.create(kind, values, text))

    def new_account(
        self, values: Mapping[str, Any], first_goal: Mapping[str, Any] | None, next_step: Mapping[str, Any] | None
    ) -> str:
        return self._act(lambda: self.core.new_account(values, first_goal, next_step))

    def update(
        self,
        kind: str,
        object_id: str,
        values: Mapping[str, Any],
        text: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        return self._act(lambda: self.core.edit(kind, object_id, values, text, expected_version))

    def complete_step(self, step_id: str, outcome: str | None, next_step: Mapping[str, Any] | None = None) -> Change:
        return self._act(lambda: self.core.complete_step(step_id, outcome, None, next_step))

    def drop_step(self, step_id: str, reason: str | None) -> Change:
        return self._act(lambda: self.core.drop_step(step_id, reason))

    def reschedule(self, step_id: str, due: dt.date) -> Change:
        return self._act(lambda: self.core.reschedule(step_id, due))

    def renegotiate(self, step_id: str, due: dt.date, channel: str | None, note: str | None) -> Change:
        return self._act(lambda: self.core.renegotiate(step_id, due, None, channel, note))

    def update_settings(self, values: dict[str, Any]) -> Change:
        return self._act(lambda: self.core.update_settings(values))

    def log_touch(self, account_id: str, channel: str, contact: str | None, note: str | None) -> Change:
        return self._act(lambda: self.core.log_touch(account_id, None, channel, contact, note))

    def chase(self, step_id: str, note: str | None, due: dt.date, channel: str | None = None) -> Change:
        """The planner's channel unless the rep chose one: a chase is the same touch from the window and the CLI."""
        return self._act(lambda: self.core.chase(step_id, due, note, channel))

    def trim_day(self, day: dt.date, moves: Mapping[str, dt.date], capacity: int | None = None) -> Change:
        return self._act(lambda: self.core.trim_day(day, moves, capacity))

    def accept_suggestions(self, day: dt.date, only: Sequence[str] | None = None) -> list[Suggestion]:
        return self._act(lambda: self.core.accept_suggestions(day, only))

    def set_order(self, day: dt.date, order: Sequence[str]) -> Change:
        return self._act(lambda: self.core.set_order(day, order))

    def confirm_plan(self, day: dt.date) -> Change:
        return self._act(lambda: self.core.confirm(day))

    def quick_add(self, text: str) -> Change:
        return self._act(lambda: self.core.quick_add(text))

    def move_contact(self, contact_id: str, to_account: str, since: dt.date | None = None) -> Change:
        return self._act(lambda: self.core.move_contact(contact_id, to_account, since))

    def import_document(self, document: Any) -> ImportResult:
        return self._whole_store(lambda: self.core.import_document(document))  # type: ignore[no-any-return]

    def apply_import(self, planned: crm.ImportPlan) -> ImportResult:
        return self._whole_store(lambda: self.core.import_table(planned))  # type: ignore[no-any-return]

    def load_sample(self, accounts: int | None = None, seed: int = 7) -> ImportResult:
        return self._whole_store(lambda: self.core.load_sample(accounts, seed))  # type: ignore[no-any-return]

    def handover(self, rep: str, to: str) -> int:
        return self._whole_store(lambda: self.core.handover(rep, to))  # type: ignore[no-any-return]

    def restore_backup(self, path: Path) -> Restored:
        return self._whole_store(lambda: self.core.restore(path))  # type: ignore[no-any-return]
