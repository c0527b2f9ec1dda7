"""The application layer's core: the store, the day, the mornings and the history (the actions: ``planner``).

It owns the store, "today", the mornings computed so far (refreshed incrementally from
what each action changed) and the undo history. Every user action is one method: one
transaction, one ``Change``, one history entry. Reads never write; recording the first
look of the day is its own explicit operation. Listeners hear each ``Change`` after
the planner has refreshed itself, so no front end depends on the order of connections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from organizer.app.history import Create, Edit, Entry, History, SetSettings, Update, Versions
from organizer.core.dates import NO_DAYS_OFF, DaysOff, first_working_day
from organizer.core.domain import AccountSummary, AccountView, Change, Morning, Settings, StepView, new_id
from organizer.core.errors import ConflictError
from organizer.rules import quickadd

if TYPE_CHECKING:
    from organizer.core.domain import MarkKey
    from organizer.core.suggestion_types import Suggestion
    from organizer.rules.backlog import Backlog
    from organizer.store.database import Store
    from organizer.store.kept import Kept

# The store side (SQLAlchemy) is imported inside the methods that use it: the window draws the morning
# kept at the last close before SQLAlchemy is even imported (organizer.store.kept), and attaches the store after.

Listener = Callable[[Change], None]
T = TypeVar("T")


class Workspace:
    """The store, the day, the mornings and the history, for every front end."""

    def __init__(self, store: Store | None, today: dt.date | None = None, kept: Kept | None = None) -> None:
        """``store`` None with a ``kept`` morning: it is drawn now, :meth:`attach` brings the store."""
        self._store = store
        self._fixed_today = today
        self.history = History()
        self.versions: Versions = {}  # what this front end last wrote: undo never overwrites others' edits
        self._listeners: list[Listener] = []
        self._mornings: dict[dt.date, Morning] = {}
        self._suggestions: dict[dt.date, dict[MarkKey, Suggestion]] = {}
        self._settings: Settings | None = None
        self._backlogs: dict[dt.date, Backlog] = {}
        self._kept = kept
        self._opening: Future[Store] | None = None
        self._kept_current = True
        if kept is not None:
            import organizer.rules.kinds  # noqa: F401  (declares each kind's words, which the kept morning's views read)
            from organizer.core.suggestion_types import Suggestion

            self._mornings[kept.morning.date] = kept.morning
            if kept.suggestions:  # kept (or read ahead) with the morning: the cards' buttons from the first frame
                self._suggestions[kept.morning.date] = {
                    key: Suggestion.from_json(value) for key, value in kept.suggestions.items()
                }
        self._data_version = store.data_version() if store is not None else None

    # --- the store ------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The store; while it is being opened on another thread (:meth:`attach_when_open`), waits for it."""
        if self._store is None:
            if self._opening is None:
                raise RuntimeError("the store is not open yet (the window shows the kept morning)")
            self.finish_opening()
        assert self._store is not None
        return self._store

    @property
    def attached(self) -> bool:
        return self._store is not None

    def attach(self, store: Store) -> bool:
        """The store, opened after the kept morning was drawn; False when someone wrote in between."""
        from organizer.store.schema import read_revision

        self._store, self._opening = store, None
        self._data_version = store.data_version()
        kept, self._kept = self._kept, None
        with store.read() as session:
            current = read_revision(session)
        self._kept_current = kept is None or current == kept.revision
        if not self._kept_current:
            self.forget()
        return self._kept_current

    def attach_when_open(self, opening: Future[Store]) -> None:
        """The store, being opened on another thread while the kept morning is on screen and takes input.

        Whatever needs the store meanwhile (a write, a page that reads) waits for the opening
        to end; the front end calls :meth:`finish_opening` when it has ended.
        """
        self._opening = opening

    def finish_opening(self) -> bool:
        """Attach the store being opened, waiting for it if need be; False when someone wrote since the
        kept morning was computed (it was forgotten). Raises what the opening raised; called again, it
        answers the same."""
        if self._opening is not None:
            self.attach(self._opening.result())  # a failed opening raises again at each call
        return self._kept_current

    @property
    def opening(self) -> bool:
        """A store is being opened (or failed to open) behind the kept morning."""
        return self._opening is not None

    def switch(self, store: Store) -> Store | None:
        """Another store in place of this one (a team server connected, or left): a new history and morning.

        Returns the store it replaces, for the caller to close.
        """
        previous, self._store, self._kept = self._store, store, None
        self._data_version = store.data_version()
        self.versions.clear()
        self._reset(Change("import"))
        return previous

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def forget(self) -> None:
        """Drop what was computed from the store (after outside changes, or a change that reaches far)."""
        self._mornings.clear()
        self._suggestions.clear()
        self._backlogs.clear()
        self._settings = None

    def check_outside_changes(self) -> bool:
        """Did another program write to the store since we last looked? Then forget what we computed."""
        if self._store is None:
            return False
        current = self.store.data_version()
        if current is None or current == self._data_version:
            return False
        self._data_version = current
        self.forget()
        return True

    def note_own_write(self) -> None:
        """A write of ours outside :meth:`run` (history, not an action): not news from another program."""
        self._data_version = self.store.data_version()

    # --- time -----------------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self._fixed_today or dt.date.today()

    def next_working_day(self, after: dt.date | None = None) -> dt.date:
        """The working day after ``after`` (default today), skipping the rep's days off once the store is open."""
        return first_working_day((after or self.today) + dt.timedelta(days=1), self.days_off())

    def settings(self) -> Settings:
        """The store's settings (capacity, renewal window, days off), read once per change."""
        if self._settings is None:
            from organizer.store.settings import read_settings

            self._settings = self.read(read_settings)
        return self._settings

    def days_off(self) -> DaysOff:
        """The rep's days off (their dates and their country's holidays); none known before the store opens."""
        if self._store is None:
            return NO_DAYS_OFF
        return self.settings().off

    # --- reads: plain snapshots, never a write ----------------------------------------------------

    def morning(self, day: dt.date | None = None) -> Morning:
        """One computation per day per change: every view of the morning shares it."""
        when = day or self.today
        cached = self._mornings.get(when)
        if cached is None:
            from organizer.rules import evaluate

            with self.store.read() as session:
                cached = self._mornings[when] = evaluate.morning(session, when)
        return cached

    def suggestions(self, day: dt.date | None = None) -> dict[MarkKey, Suggestion]:
        """A suggestion for each of the day's question marks (SPEC.md "Suggestions")."""
        when = day or self.today
        cached = self._suggestions.get(when)
        if cached is None and self._store is None:
            return {}  # drawn from a morning kept without them: they come with the store
        if cached is None:
            from organizer.rules.evaluate import session_rows
            from organizer.rules.suggestions import suggest

            morning = self.morning(when)
            with self.store.read() as session:
                cached = self._suggestions[when] = suggest(session_rows(session), morning)
        return cached

    def backlog(self, day: dt.date | None = None) -> Backlog | None:
        """How full the working days after ``day`` are (None before the store is open)."""
        from organizer.rules.backlog import read_backlog

        if self._store is None:
            return None
        when = day or self.today
        cached = self._backlogs.get(when)
        if cached is None:  # one read per change, whichever pages show it, of the few weeks it looks at
            from organizer.rules.evaluate import session_rows

            cached = self._backlogs[when] = self.read(lambda s: read_backlog(session_rows(s), when))
        return cached

    def is_empty(self) -> bool:
        if self._store is None and self._kept is not None:
            return self._kept.accounts == 0
        return self.count_accounts() == 0

    def read(self, query: Callable[[Any], Any]) -> Any:
        """Run ``query(session)`` in one read-only transaction."""
        with self.store.read() as session:
            return query(session)

    def account(self, account_id: str) -> AccountView:
        from organizer.rules import queries

        result: AccountView = self.read(lambda s: queries.load_account(s, account_id))
        return result

    def summaries(self, day: dt.date | None = None) -> list[AccountSummary]:
        from organizer.rules import evaluate, queries

        when = day or self.today
        result: list[AccountSummary] = self.read(
            lambda s: queries.account_summaries(s, when, evaluate.marks_per_account(s, when))
        )
        return result

    def account_choices(self) -> list[tuple[str, str]]:
        from organizer.rules import queries

        result: list[tuple[str, str]] = self.read(queries.account_choices)
        return result

    def count_accounts(self) -> int:
        from organizer.rules import queries

        return int(self.read(queries.count_accounts))

    def find_account(self, key: str) -> str:
        """An account by id or unique name (the CLI's ACCOUNT)."""
        from organizer.rules import queries

        return str(self.read(lambda s: queries.find_account_id(s, key)))

    def resolve_account(self, key: str) -> str:
        """Quick add's ``@books4u``: id, name without spaces, or a unique prefix."""
        return str(self.read(lambda s: quickadd.resolve_account(s, key)))

    def leaves_no_next_step(self, step_id: str, day: dt.date | None = None) -> bool:
        from organizer.rules import queries

        return bool(self.read(lambda s: queries.leaves_no_next_step(s, step_id, day or self.today)))

    def step(self, step_id: str) -> StepView:
        """One step as a snapshot (NotFoundError when there is no such step)."""
        from organizer.rules import queries

        found: StepView = self.read(lambda s: queries.step_of(s, step_id))
        return found

    def account_of_step(self, step_id: str) -> str:
        from organizer.rules import queries

        return str(self.read(lambda s: queries.account_of(s, "step", step_id)))

    # --- running actions --------------------------------------------------------------------------

    def create(self, kind: str, values: Mapping[str, Any], text: str | None = None) -> Change:
        """Add an account, person, goal, step or touch (``values`` names its parents: ``account``, ``goal``)."""
        return self.run(text or f"Add {kind}", [Create(kind, dict(values), new_id(kind))])

    def edit(
        self,
        kind: str,
        object_id: str,
        values: Mapping[str, Any],
        text: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Change some fields; with ``expected_version`` an object changed elsewhere meanwhile is a conflict."""
        return self.run(text or f"Edit {kind}", [self.updating(kind, object_id, values, expected_version)])

    def updating(self, kind: str, object_id: str, values: Mapping[str, Any], expected: int | None = None) -> Update:
        """The edit that changes some fields, for an action made of several."""
        return Update(kind, object_id, dict(values), expected, self.versions)

    def update_settings(self, values: Mapping[str, Any]) -> Change:
        """Capacity, renewal window, days off, holidays country: one action, one undo; every morning is recomputed."""
        return self.run("Change the settings", [SetSettings(dict(values))])

    def replace_all(self, write: Callable[[Store], T]) -> T:
        """An import, a restore, the sample, a handover: a whole-store write, not undoable piece by piece,
        so the history starts afresh (and the write is not news from outside)."""
        result = write(self.store)
        self._reset(Change("import"))
        return result

    def run(self, text: str, edits: Sequence[Edit]) -> Change:
        """One user action: its edits in one transaction, one history entry, one Change to the listeners."""
        return self._write(
            lambda session: [edit.do(session) for edit in edits],
            then=lambda: self.history.push(Entry(text, list(edits))),
        )

    def undo(self) -> Change | None:
        """Take the newest action back (in one transaction); a refused undo leaves the history."""
        if not self.history.done:
            return None
        entry = self.history.done.pop()
        return self._write(
            lambda session: [edit.undo(session) for edit in reversed(entry.edits)],
            then=lambda: self.history.undone.append(entry),
        )

    def redo(self) -> Change | None:
        if not self.history.undone:
            return None
        entry = self.history.undone.pop()
        return self._write(
            lambda session: [edit.do(session) for edit in entry.edits],
            then=lambda: self.history.done.append(entry),
        )

    def _write(self, write: Callable[[Any], list[Change]], then: Callable[[], None] | None = None) -> Change:
        """One transaction of edits; what it changed is refreshed here and told to the listeners.

        ``then`` records the write in the history before the listeners hear of it, so what they
        read of the history (the Undo text) is already the new one.
        """
        try:
            with self.store.write() as session:
                changes = write(session)
        except ConflictError:
            self._changed_elsewhere()
            raise
        change = Change.combine(changes)
        self._refresh(change)
        if then is not None:
            then()
        self._notify(change)
        return change

    def _changed(self, change: Change) -> None:
        self._refresh(change)
        self._notify(change)

    def _refresh(self, change: Change) -> None:
        """Refresh what we computed: one account's marks when that is all the change reached, else all of it."""
        from organizer.rules import evaluate

        self._data_version = self.store.data_version()  # our own write is not news from outside
        self._suggestions.clear()
        self._backlogs.clear()
        self._settings = None
        if change.confined and self._mornings:
            with self.store.read() as session:
                for day, previous in list(self._mornings.items()):
                    self._mornings[day] = evaluate.refresh_morning(session, previous, change.accounts)
        else:
            self.forget()

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _changed_elsewhere(self) -> None:
        """Someone else changed what we edited: forget what we knew; a retry starts afresh."""
        self.versions.clear()
        self._data_version = self.store.data_version()
        self.forget()

    def _reset(self, change: Change) -> Change:
        """An import, a restore or the sample: not undoable piece by piece, so the history starts afresh."""
        self.history.clear()
        self._changed(change)
        return change
