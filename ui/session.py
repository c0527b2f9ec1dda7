"""The app's one door to the store: every write is an operation on the undo stack.

A write runs once (one session, one commit) before it is pushed, so a domain error
reaches the widget that asked and nothing is pushed; undo and redo replay the
inverse and the same operation. Each run emits ``store_changed`` with the
operation's :class:`~organizer.operations.Change`, the only thing views refresh from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from organizer import quickadd
from organizer.domain import AccountSummary, AccountView, Change, Morning, new_id
from organizer.errors import ConflictError, DaymapError, ValidationError

if TYPE_CHECKING:
    from organizer import backup, crm
    from organizer.insights import Insights, WeekPromises
    from organizer.kept import Kept
    from organizer.store import Store

# The store side (SQLAlchemy) is imported inside the methods that use it, not above: the
# window can then be drawn from the morning kept at the last close before SQLAlchemy is
# even imported (organizer.kept), and the store attached a moment later.


@dataclass(frozen=True)
class Op:
    """One reversible write: how to do it and how to undo it, both plain store calls."""

    text: str
    do: Callable[[Store], Change]
    undo: Callable[[Store], Change] = field(repr=False)


class _OpCommand(QUndoCommand):
    """Operations that undo as one: redo runs them in order, undo in reverse.

    A single command holding a Python list, not Qt child commands: PySide6 does not keep
    the Python side of child commands alive.
    """

    def __init__(self, session: QtSession, text: str, ops: Sequence[Op]) -> None:
        super().__init__(text)
        self._session = session
        self._ops = list(ops)
        self._done = True  # pushed after it ran: the first redo() is the run that already happened

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        for op in self._ops:
            if not self._session._run(op.do):
                self.setObsolete(True)  # refused (changed elsewhere): it leaves the history
                break

    def undo(self) -> None:
        for op in reversed(self._ops):
            if not self._session._run(op.undo):
                self.setObsolete(True)
                break


class QtSession(QObject):
    """Holds the store, "today" and the undo stack; turns requests into operations."""

    store_changed = Signal(object)  # a Change
    error_raised = Signal(str)  # an undo/redo that the store refused (shown in the status bar)
    today_changed = Signal(object)  # a date: a new day for the morning ritual
    outside_change_detected = Signal()  # another program (the CLI, a restore) or a conflict changed the store

    def __init__(
        self,
        store: Store | None,
        today: dt.date | None = None,
        parent: QObject | None = None,
        kept: Kept | None = None,
    ) -> None:
        """``store`` None with a ``kept`` morning: the window draws it now, :meth:`attach` brings the store."""
        super().__init__(parent)
        self._store = store
        self._fixed_today = today
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self._mornings: dict[dt.date, Morning] = {}
        self._versions: dict[tuple[str, str], int] = {}  # (kind, id) → the version this window last wrote
        self._opening_recorded: set[dt.date] = set()
        self._kept = kept
        if kept is not None:
            self._mornings[kept.morning.date] = kept.morning
        self._data_version = store.data_version() if store is not None else None
        self.store_changed.connect(self._on_self_store_changed)

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store is not open yet (the window shows the kept morning)")
        return self._store

    @property
    def attached(self) -> bool:
        return self._store is not None

    def attach(self, store: Store) -> None:
        """The store, opened after the kept morning was drawn: check that it still describes it.

        The kept morning was checked against the store's revision token a moment ago; if
        anyone wrote in between, forget it and tell the window (it reloads, as after focus).
        """
        from organizer.store import read_revision

        self._store = store
        self._data_version = store.data_version()
        kept, self._kept = self._kept, None
        with store.read() as s:
            current = read_revision(s)
        if kept is not None and current != kept.revision:
            self.forget()
            self.outside_change_detected.emit()
            return
        today = self._mornings.get(self.today)
        if today is not None:
            self._record_opening(today)

    def keep(self) -> Path | None:
        """At close: today's and the next days' mornings, for the next start to draw at once (SQLite stores)."""
        from organizer import kept, queries, rules
        from organizer.store import read_revision

        if self._store is None or self._store.location.path is None:
            return None
        days = sorted({self.today, self.today + dt.timedelta(days=1), self.next_working_day()})
        with self._store.read() as s:  # one transaction: the token and the mornings describe the same state
            revision = read_revision(s)
            if revision is None:
                return None
            mornings = [rules.morning(s, day) for day in days]
            accounts = queries.count_accounts(s)
        return kept.save(self._store.location.path, revision, mornings, accounts)

    def _on_self_store_changed(self, change: Change) -> None:
        from organizer import rules

        self._data_version = self.store.data_version()  # our own write is not news from outside
        if not self._mornings:
            return
        if change.confined:
            # One account's edit: recompute its marks and items, keep the territory's (rules.refresh_morning).
            with self.store.read() as s:
                for day, previous in list(self._mornings.items()):
                    self._mornings[day] = rules.refresh_morning(s, previous, change.accounts)
        else:
            self.forget()  # a contact (named across accounts), the settings, an import, an account deleted

    def check_outside_changes(self) -> bool:
        """Did another program write to the store since we last looked? Then forget what we computed.

        Called when the window regains focus: `daymap import` run in a terminal shows at once.
        """
        if self._store is None:
            return False  # still opening: attach() makes the same check
        current = self.store.data_version()
        if current is None or current == self._data_version:
            return False
        self._data_version = current
        self.forget()
        self.outside_change_detected.emit()
        return True

    def forget(self) -> None:
        """Drop what was computed from the store (after a write, or outside changes on Refresh)."""
        self._mornings.clear()

    # --- time ------------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self._fixed_today or dt.date.today()

    def next_working_day(self, after: dt.date | None = None) -> dt.date:
        day = (after or self.today) + dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    # --- reads: plain snapshots only ----------------------------------------------------------

    def morning(self, day: dt.date | None = None) -> Morning:
        """One computation per day per change: Morning, Today and the sidebar share it."""
        when = day or self.today
        cached = self._mornings.get(when)
        if cached is None:
            from organizer import rules  # here: a kept morning is drawn before SQLAlchemy is imported

            with self.store.read() as s:
                cached = self._mornings[when] = rules.morning(s, when)
            self._record_opening(cached)
        return cached

    def is_empty(self) -> bool:
        """No accounts yet (the welcome screen)."""
        if self._store is None and self._kept is not None:
            return self._kept.accounts == 0
        return self.count_accounts() == 0

    def _record_opening(self, morning: Morning) -> None:
        """The first look at today's morning is history for the Insights chart; not an edit, not undoable."""
        from organizer import operations

        if morning.date != self.today or morning.date in self._opening_recorded:
            return
        self._opening_recorded.add(morning.date)
        try:
            operations.record_opening_marks(self.store, morning.date, len(morning.question_marks))
        except DaymapError:
            return  # a read-only or full store: the chart misses a point, the morning still shows
        self._data_version = self.store.data_version()

    def account(self, account_id: str) -> AccountView:
        from organizer import queries

        with self.store.read() as s:
            return queries.load_account(s, account_id)

    def summaries(self, day: dt.date | None = None) -> list[AccountSummary]:
        from organizer import queries, rules

        when = day or self.today
        with self.store.read() as s:
            return queries.account_summaries(s, when, rules.marks_per_account(s, when))

    def account_choices(self) -> list[tuple[str, str]]:
        from organizer import queries

        with self.store.read() as s:
            return queries.account_choices(s)

    def count_accounts(self) -> int:
        from organizer import queries

        with self.store.read() as s:
            return queries.count_accounts(s)

    def brief_html(self, account: AccountView) -> str:
        """The manager's brief from a snapshot already loaded (no second read)."""
        from organizer import brief

        return brief.render_html(brief.build_brief(account, self.today))

    def brief_text(self, account: AccountView) -> str:
        from organizer import brief

        return brief.render_text(brief.build_brief(account, self.today))

    def leaves_no_next_step(self, step_id: str) -> bool:
        from organizer import operations

        return operations.leaves_no_next_step(self.store, step_id, self.today)

    def account_of_step(self, step_id: str) -> str:
        from organizer import operations

        return operations.account_of(self.store, "step", step_id)

    def resolve_account(self, key: str) -> str:
        with self.store.read() as s:
            return quickadd.resolve_account(s, key)

    # --- writing ----------------------------------------------------------------------------

    def _on_conflict(self) -> None:
        """Someone else changed what we edited: show their version (the message says so)."""
        self._data_version = self.store.data_version()
        self.forget()
        self.outside_change_detected.emit()

    def _run(self, action: Callable[[Store], Change]) -> Change | None:
        """Replay for undo/redo: a refusal is reported, never raised into Qt's event loop."""
        try:
            change = action(self.store)
        except DaymapError as error:
            if isinstance(error, ConflictError):
                self._on_conflict()
            self.error_raised.emit(str(error))
            return None
        self.store_changed.emit(change)
        return change

    def apply(self, op: Op) -> Change:
        """Run one operation now (errors propagate to the caller) and push it for undo."""
        try:
            change = op.do(self.store)
        except ConflictError:
            self._on_conflict()
            raise
        self.undo_stack.push(_OpCommand(self, op.text, [op]))
        self.store_changed.emit(change)
        return change

    def apply_all(self, text: str, ops: Sequence[Op]) -> list[Change]:
        """Several operations as one undo step (e.g. "done, and the next step").

        If a later one fails, the earlier ones are undone before the error propagates.
        """
        done: list[tuple[Op, Change]] = []
        try:
            for op in ops:
                done.append((op, op.do(self.store)))
        except DaymapError as error:
            for op, _change in reversed(done):
                op.undo(self.store)
            if isinstance(error, ConflictError):
                self._on_conflict()
            raise
        self.undo_stack.push(_OpCommand(self, text, ops))
        for _op, change in done:
            self.store_changed.emit(change)
        return [change for _op, change in done]

    def reset_history(self) -> None:
        self.undo_stack.clear()

    # --- files for other programs: calendars, spreadsheets, reports ------------------------------

    def calendar(self, start: dt.date, days: int, account: str | None = None) -> bytes:
        from organizer.ics import build_calendar

        with self.store.read() as s:
            return build_calendar(s, start, days, account)

    def accounts_csv(self) -> str:
        from organizer.csvout import accounts_csv

        with self.store.read() as s:
            return accounts_csv(s, self.today)

    def day_csv(self, day: dt.date | None = None) -> str:
        from organizer.csvout import action_list_csv

        return action_list_csv(self.morning(day))

    def insights(self) -> tuple[Insights, list[tuple[dt.date, int | None]], tuple[WeekPromises, ...]]:
        """The figures behind the Insights screen, in one read."""
        from organizer import insights

        with self.store.read() as s:
            return (
                insights.insights(s, self.today),
                insights.marks_per_day(s, self.today),
                insights.promises_per_week(s, self.today),
            )

    def weekly_report_html(self, day: dt.date | None = None) -> str:
        from organizer.report import build_report, render_html

        with self.store.read() as s:
            return render_html(build_report(s, day or self.today))

    # --- imports from CRMs and vCards ----------------------------------------------------------

    def plan_import(self, table: crm.Table, mapping: Sequence[str] | None = None) -> crm.Plan:
        from organizer import crm

        with self.store.read() as s:
            return crm.plan(s, table, mapping)

    def apply_import(self, plan: crm.Plan) -> Change:
        """An import is one write (backed up first); like a file import, it starts the history afresh."""
        from organizer import crm

        crm.apply(self.store, plan)
        self.undo_stack.clear()
        change = Change("import")
        self.store_changed.emit(change)
        return change

    # --- backups (SQLite stores) ------------------------------------------------------------

    def backups(self) -> list[backup.BackupInfo]:
        from organizer import backup

        return backup.list_backups(self.store.location)

    def backup_now(self) -> backup.BackupInfo | None:
        from organizer import backup

        return backup.take(self.store.location, "manual")

    def check_store(self) -> backup.Report:
        from organizer import backup

        return backup.check(self.store.location)

    def restore_backup(self, path: Path) -> backup.Restored:
        """Bring a backup back in place; the undo history described the store that is gone."""
        from organizer import backup

        result = backup.restore(self.store.location, path)
        self.undo_stack.clear()
        self._data_version = None
        self.check_outside_changes()
        return result

    # --- operation builders (pure descriptions; ``apply`` runs them) -----------------------------

    def op_create(self, kind: str, values: Mapping[str, Any], text: str | None = None) -> Op:
        from organizer import operations

        new = new_id(kind)
        frozen = dict(values)
        return Op(
            text or f"Add {kind}",
            lambda store: operations.create(store, kind, frozen, new),
            lambda store: operations.delete(store, kind, new),
        )

    def op_update(
        self,
        kind: str,
        object_id: str,
        values: Mapping[str, Any],
        text: str | None = None,
        expected_version: int | None = None,
    ) -> Op:
        """An update whose undo restores exactly the fields it changed, read when it first runs.

        With ``expected_version`` (the version of the snapshot the user edited), an object
        changed elsewhere meanwhile is a ConflictError, never a silent overwrite. Undo and
        redo expect the object as this window last wrote it, so they never overwrite what
        another program changed since.
        """
        from organizer import operations

        frozen = dict(values)
        before: dict[str, Any] = {}
        first_run = [True]

        def do(store: Store) -> Change:

            expected = expected_version if first_run[0] else self._versions.get((kind, object_id))
            change = self._versioned(lambda: operations.update(store, kind, object_id, frozen, expected))
            if first_run[0]:
                before.update(change.before)  # exchange-format keys: exactly what undo must restore
                first_run[0] = False
            return change

        def undo(store: Store) -> Change:

            expected = self._versions.get((kind, object_id))
            return self._versioned(lambda: operations.update(store, kind, object_id, before, expected))

        return Op(text or f"Edit {kind}", do, undo)

    def _versioned(self, write: Callable[[], Change]) -> Change:
        """Run an update and remember the version it left (or forget it, on a conflict)."""
        try:
            change = write()
        except ConflictError:
            self._versions.clear()  # whatever we knew is stale now; a retry starts afresh
            raise
        for object_id in change.ids:
            if change.version is not None:
                self._versions[(change.kind, object_id)] = change.version
        return change

    def op_set_day(self, day: dt.date, values: Mapping[str, Any], text: str) -> Op:
        from organizer import operations

        frozen = dict(values)
        before: dict[str, Any] = {}

        def do(store: Store) -> Change:
            from organizer import operations

            change = operations.set_day(store, day, frozen)
            if not before:
                before.update(change.before)
            return change

        return Op(text, do, lambda store: operations.set_day(store, day, before))

    # --- the rep's verbs -------------------------------------------------------------------

    def create(self, kind: str, values: Mapping[str, Any], text: str | None = None) -> Change:
        return self.apply(self.op_create(kind, values, text))

    def update(
        self,
        kind: str,
        object_id: str,
        values: Mapping[str, Any],
        text: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        return self.apply(self.op_update(kind, object_id, values, text, expected_version))

    def complete_step(self, step_id: str, outcome: str | None, next_step: Mapping[str, Any] | None = None) -> None:
        done = self.op_update(
            "step", step_id, {"status": "done", "done": self.today, "outcome": outcome or None}, "Mark step done"
        )
        if next_step is None:
            self.apply(done)
        else:
            self.apply_all("Mark step done and plan the next", [done, self.op_create("step", next_step)])

    def move_contact(self, contact_id: str, to_account: str, since: dt.date | None = None) -> Change:
        """A person changed companies; undo moves them back and forgets that history entry."""
        from organizer import operations

        when = since or self.today
        moved: dict[str, Any] = {}

        def do(store: Store) -> Change:
            change = operations.move_contact(store, contact_id, to_account, when)
            moved.update(change.before)
            return change

        def undo(store: Store) -> Change:
            return operations.unmove_contact(store, contact_id, moved["account"], moved["history"])

        return self.apply(Op("Move person to another account", do, undo))

    def drop_step(self, step_id: str, reason: str | None) -> Change:
        return self.update("step", step_id, {"status": "dropped", "outcome": reason or None}, "Drop step")

    def reschedule(self, step_id: str, due: dt.date) -> Change:
        return self.update("step", step_id, {"due": due}, "Reschedule step")

    def log_touch(self, account_id: str, channel: str, contact: str | None, note: str | None) -> Change:
        values = {"account": account_id, "date": self.today, "channel": channel, "contact": contact, "note": note}
        return self.create("touch", values, "Log touch")

    def chase(self, step_id: str, account_id: str, contact: str | None, note: str | None, due: dt.date) -> None:
        """Chasing a waiting item is a touch (the chase) and a new date to wait until."""
        touch = self.op_create(
            "touch",
            {"account": account_id, "date": self.today, "channel": "email", "contact": contact, "note": note},
        )
        self.apply_all("Chase waiting item", [touch, self.op_update("step", step_id, {"due": due})])

    def set_order(self, day: dt.date, order: Sequence[str]) -> Change:
        return self.apply(self.op_set_day(day, {"order": list(order)}, "Reorder the day"))

    def confirm_plan(self, day: dt.date) -> Change:
        return self.apply(self.op_set_day(day, {"confirmed": True}, "Confirm the plan"))

    def quick_add(self, text: str) -> Change:
        """Parse "Call Ray fri 10:00 30m @books4u" in the domain and add the step."""
        parsed = quickadd.parse(text, self.today)
        if parsed.account is None:
            raise ValidationError("account", "say which account with @name, e.g. “… @books4u”")
        account = self.resolve_account(parsed.account)
        values: dict[str, Any] = {
            "account": account,
            "title": parsed.title,
            "due": parsed.due,
            "time": parsed.time,
            "minutes": parsed.minutes,
            "promised": parsed.promised,
            "waiting": parsed.waiting,
        }
        return self.create("step", values, f"Quick add “{parsed.title}”")

    def load_sample(self, accounts: int = 25, seed: int = 7) -> Change:
        """The sample territory is an import: not undoable step by step, so history starts afresh."""
        from organizer.demo import load_demo

        load_demo(self.store, accounts, seed, self.today)
        self.undo_stack.clear()
        change = Change("import")
        self.store_changed.emit(change)
        return change
