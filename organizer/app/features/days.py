"""The day: its order, its capacity, trimming it, accepting the morning's suggestions, confirming it;
and what a day holds beside the steps (the calendar's busy time) and keeps for the next start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from organizer.app.features._feature import Feature
from organizer.app.features.steps import CHASE_CHANNEL, chase_edits
from organizer.app.history import Edit, SetDay
from organizer.core.dates import first_working_day
from organizer.core.domain import Change, MarkKey, QuestionMark
from organizer.core.errors import DaymapError, ValidationError

if TYPE_CHECKING:
    from organizer.core.suggestion_types import Suggestion
    from organizer.rules.room import DayLoads


class Days(Feature):
    def set_order(self, day: dt.date, order: Sequence[str]) -> Change:
        return self.workspace.run("Reorder the day", [SetDay(day, {"order": list(order)})])

    def set_capacity(self, day: dt.date, minutes: int | None) -> Change:
        return self.workspace.run("Change the day's capacity", [SetDay(day, {"capacity_minutes": minutes})])

    def trim(self, day: dt.date, moves: Mapping[str, dt.date], capacity: int | None = None) -> Change:
        """Over capacity: move some steps to other days (and perhaps change the day's capacity), as one action."""
        w = self.workspace
        edits: list[Edit] = [w.updating("step", step, {"due": due}) for step, due in moves.items()]
        if capacity is not None:
            edits.append(SetDay(day, {"capacity_minutes": capacity}))
        if not edits:
            raise ValidationError("moves", "choose at least one step to move, or change the day's capacity")
        return w.run("Trim the day", edits)

    def confirm(self, day: dt.date | None = None) -> Change:
        """Confirm the day's plan: only a morning with no question marks is ready to confirm."""
        w = self.workspace
        when = day or w.today
        marks = w.morning(when).question_marks
        if marks:
            count = len(marks)
            raise ValidationError(
                "confirm", f"{when} still has {count} question mark{'s' if count != 1 else ''}: resolve them first"
            )
        return w.run("Confirm the plan", [SetDay(when, {"confirmed": True})])

    def record_opening(self, day: dt.date | None = None) -> bool:
        """Keep how many question marks the day opened with (the Insights chart): history, not an edit.

        True when written now; a read-only or full store misses a point, the morning still shows.
        """
        from organizer.app import operations

        w = self.workspace
        when = day or w.today
        count = len(w.morning(when).question_marks)
        try:
            with w.store.write() as session:
                written = operations.record_opening_marks(session, when, count)
        except DaymapError:
            return False
        w.note_own_write()
        return written

    def accept_suggestions(self, day: dt.date | None = None, only: Sequence[str] | None = None) -> list[Suggestion]:
        """Apply every suggestion that needs no words from the rep (reschedule, chase, move) as one action.

        ``only``: the step ids the rep left ticked in the preview (default: all). Returns what was applied.
        """
        return self._accept(day, lambda _mark: True, only, "Accept suggestions")

    def accept_suggestion(self, key: MarkKey, day: dt.date | None = None) -> Suggestion | None:
        """One card's suggestion and nothing else (an over-full day's moves, one step's new date, a chase), as
        one action; None when that mark has none that needs no words (or is gone)."""
        applied = self._accept(day, lambda mark: mark.key == key, None, "Accept the suggestion")
        return applied[0] if applied else None

    def _accept(
        self, day: dt.date | None, chosen: Callable[[QuestionMark], bool], only: Sequence[str] | None, text: str
    ) -> list[Suggestion]:
        from organizer.rules.suggestions import mark_key

        w = self.workspace
        when = day or w.today
        suggestions = w.suggestions(when)
        applied: list[Suggestion] = []
        edits: list[Edit] = []
        for mark in w.morning(when).question_marks:
            suggestion = suggestions.get(mark_key(mark))
            changes = suggestion.type.changes if suggestion is not None else None  # None: it needs the rep
            if suggestion is None or changes is None or not chosen(mark):
                continue
            dates = [change for change in changes(suggestion, mark) if only is None or change.step in only]
            if not dates:
                continue
            for change in dates:
                if change.chase:
                    edits += chase_edits(w, change.step, change.due, None, CHASE_CHANNEL)
                else:
                    edits.append(w.updating("step", change.step, {"due": change.due}))
            applied.append(suggestion)
        if edits:
            w.run(text, edits)
        return applied

    # --- room: how full the days ahead are -----------------------------------------------------------

    def first_day_with_room(self, minutes: int, start: dt.date | None = None) -> dt.date:
        """The first working day from ``start`` (default: the next working day) with room for ``minutes``."""
        begin = start or self.workspace.next_working_day()
        return self.day_loads_from(begin).first_with_room(minutes, begin)

    def next_step_date(self, after: dt.date | None = None) -> dt.date:
        """A new step's date when the rep gives none: the first day with room for half an hour after ``after``
        (default today), as the suggestions propose it."""
        from organizer.rules.evaluate import session_rows
        from organizer.rules.room import next_step_day

        w = self.workspace
        return w.read(lambda s: next_step_day(session_rows(s), after or w.today))  # type: ignore[no-any-return]

    def chase_date(self) -> dt.date:
        """When a chased item is next waited for: the first working day two days on (SPEC.md ``chase``)."""
        from organizer.rules.kinds.overdue import CHASE_AFTER_DAYS

        return first_working_day(self.workspace.today + dt.timedelta(days=CHASE_AFTER_DAYS), self.workspace.days_off())

    def day_loads_from(self, start: dt.date, until: dt.date | None = None) -> DayLoads:
        """The loads, capacities and days off from ``start`` on (to ``until`` only, where given), as the suggestions
        see them."""
        from organizer.rules.evaluate import session_rows
        from organizer.rules.suggestions import read_day_loads

        return self.workspace.read(lambda s: read_day_loads(session_rows(s), start, until=until))  # type: ignore[no-any-return]

    def day_loads(self, start: dt.date, days: int) -> list[tuple[dt.date, int, int]]:
        """(day, planned minutes, capacity) of ``days`` working days from ``start`` (the date pickers' strip)."""
        loads = self.day_loads_from(start)
        found: list[tuple[dt.date, int, int]] = []
        for day in loads.working_days(start):
            if len(found) == days:
                break
            found.append((day, loads.load[day], loads.capacity(day)))
        return found

    def busy_spans(self, day: dt.date) -> list[tuple[int, int]]:
        """The calendar's busy spans on ``day`` (minutes of the day, merged): Today draws them beside the steps."""
        from organizer.rules.evaluate import session_rows
        from organizer.rules.rows import busy_spans

        w = self.workspace
        if not w.attached:
            return []
        found: list[tuple[int, int]] = w.read(lambda s: busy_spans(session_rows(s), day).get(day, []))
        return found

    def keep(self) -> Path | None:
        """At close: today's and the next days' mornings, for the next start to draw at once (SQLite stores)."""
        from organizer.rules import evaluate, queries
        from organizer.rules.suggestions import suggest
        from organizer.store import kept
        from organizer.store.schema import read_revision

        w = self.workspace
        if not w.attached or w.store.location.path is None or w.store.read_only:
            return None
        store, path = w.store, w.store.location.path
        days = sorted({w.today, w.today + dt.timedelta(days=1), w.next_working_day()})
        with store.read() as session:  # one transaction: the token and the mornings agree
            revision = read_revision(session)
            if revision is None:
                return None
            mornings = [evaluate.morning(session, day) for day in days]
            accounts = queries.count_accounts(session)
            read = evaluate.session_rows(session)
            suggested = [{key: s.to_json() for key, s in suggest(read, morning).items()} for morning in mornings]
        return kept.save(path, revision, mornings, accounts, suggested)
