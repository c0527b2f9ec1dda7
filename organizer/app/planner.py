"""The application layer: the rep's verbs, each one action (one transaction, one Change, one undo entry).

Every front end drives these: the window (through ``ui/qt_planner.py``), the CLI's
``step``/``touch``/``confirm``/``plan`` commands, and the tests that play a month of
mornings. Values use the exchange-format names (``due``, ``contact`` …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from organizer.app.history import CalendarState, Create, Edit, MoveContact, SetDay, SetSettings, Update, Within
from organizer.app.reads import Reads
from organizer.core.domain import Change, new_id
from organizer.core.errors import DaymapError, ValidationError
from organizer.rules import quickadd

if TYPE_CHECKING:
    from organizer.app import team
    from organizer.formats import crm
    from organizer.formats.merge import ImportResult
    from organizer.rules.suggestions import Suggestion
    from organizer.store import restore as store_restore

CHASE_CHANNEL = "other"
RENEGOTIATE_CHANNEL = "call"  # SPEC.md: a promise's new date is agreed by talking to the person


class Planner(Reads):
    """Every user action of Daymap, for every front end."""

    def _update(self, kind: str, object_id: str, values: Mapping[str, Any], expected: int | None = None) -> Update:
        return Update(kind, object_id, dict(values), expected, self.versions)

    # --- objects ---------------------------------------------------------------------------------

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
        return self.run(text or f"Edit {kind}", [self._update(kind, object_id, values, expected_version)])

    def new_account(
        self,
        values: Mapping[str, Any],
        first_goal: Mapping[str, Any] | None = None,
        next_step: Mapping[str, Any] | None = None,
    ) -> str:
        """An account with its first goal and next step, as one action: it starts the morning with no question mark.

        A bad goal or step field is reported as ``first_goal.FIELD`` / ``next_step.FIELD``.
        """
        account = new_id("account")
        edits: list[Edit] = [Create("account", dict(values), account)]
        goal = None
        if first_goal is not None:
            goal = new_id("goal")
            edits.append(Within(Create("goal", {**first_goal, "account": account}, goal), "first_goal"))
        if next_step is not None:
            step = {**next_step, "account": account, "goal": goal}
            edits.append(Within(Create("step", step, new_id("step")), "next_step"))
        self.run(f"New account {values.get('name') or ''}".strip(), edits)
        return account

    def add_step(self, account: str, values: Mapping[str, Any], text: str | None = None) -> Change:
        return self.create("step", {**values, "account": account}, text or f"Add step “{values.get('title')}”")

    def quick_add(self, line: str) -> Change:
        """ "Call Ray about the demo fri 10:00 30m @books4u" → a step."""
        parsed = quickadd.parse(line, self.today)
        if parsed.account is None:
            raise ValidationError("account", "say which account with @name, e.g. “… @books4u”")
        values = {
            "title": parsed.title,
            "due": parsed.due,
            "time": parsed.time,
            "minutes": parsed.minutes,
            "promised": parsed.promised,
            "waiting": parsed.waiting,
            "repeat": parsed.repeat,
        }
        account = self.resolve_account(parsed.account)
        people = [(c.id, c.name) for c in self.account(account).contacts]
        values["contact"] = quickadd.person_named(parsed.title, people)  # "Call Ray …": the step is with Ray
        return self.add_step(account, values, f"Quick add “{parsed.title}”")

    # --- closing and moving steps -------------------------------------------------------------------

    def complete_step(
        self,
        step_id: str,
        outcome: str | None = None,
        on: dt.date | None = None,
        next_step: Mapping[str, Any] | None = None,
    ) -> Change:
        """Done (on ``on``, default today); with ``next_step``, the account's next step in the same action."""
        values = {"status": "done", "done": on or self.today, "outcome": outcome or None}
        edits: list[Edit] = [self._update("step", step_id, values)]
        if next_step is not None:
            edits.append(Create("step", dict(next_step), new_id("step")))
        return self.run("Mark step done" if next_step is None else "Mark step done and plan the next", edits)

    def drop_step(self, step_id: str, reason: str | None = None) -> Change:
        return self.edit("step", step_id, {"status": "dropped", "outcome": reason or None}, "Drop step")

    def reschedule(self, step_id: str, due: dt.date) -> Change:
        return self.edit("step", step_id, {"due": due}, "Reschedule step")

    def log_touch(
        self,
        account: str,
        on: dt.date | None = None,
        channel: str | None = None,
        contact: str | None = None,
        note: str | None = None,
    ) -> Change:
        values = {"account": account, "date": on or self.today, "channel": channel or "other", "contact": contact}
        return self.create("touch", {**values, "note": note or None}, "Log touch")

    def chase(self, step_id: str, due: dt.date, note: str | None = None, channel: str | None = None) -> Change:
        """Chasing a waiting item: a touch today (with the person it waits on) and a new date to wait until."""
        return self.run("Chase waiting item", self._chase_edits(step_id, due, note, channel or CHASE_CHANNEL))

    def _chase_edits(self, step_id: str, due: dt.date, note: str | None, channel: str) -> list[Edit]:
        from organizer.rules import queries

        with self.store.read() as session:
            step = queries.step_of(session, step_id)
        touch = {
            "account": step.account,
            "date": self.today,
            "channel": channel,
            "contact": step.contact,
            "note": note or f"Chased: {step.title}",
        }
        return [Create("touch", touch, new_id("touch")), self._update("step", step_id, {"due": due})]

    def renegotiate(
        self,
        step_id: str,
        due: dt.date,
        on: dt.date | None = None,
        channel: str | None = None,
        note: str | None = None,
    ) -> Change:
        """A promise's new date, agreed with the person: a touch with them (on ``on``) and the new due date, as one."""
        from organizer.core.days import friendly

        step = self.step(step_id)
        touch = {
            "account": step.account,
            "date": on or self.today,
            "channel": channel or RENEGOTIATE_CHANNEL,
            "contact": step.contact,
            "note": note or f"Agreed a new date for “{step.title}”: {friendly(due, self.today)}",
        }
        edits: list[Edit] = [Create("touch", touch, new_id("touch")), self._update("step", step_id, {"due": due})]
        return self.run("Renegotiate a promise", edits)

    def trim_day(self, day: dt.date, moves: Mapping[str, dt.date], capacity: int | None = None) -> Change:
        """Over capacity: move some steps to other days (and perhaps change the day's capacity), as one action."""
        edits: list[Edit] = [self._update("step", step, {"due": due}) for step, due in moves.items()]
        if capacity is not None:
            edits.append(SetDay(day, {"capacity_minutes": capacity}))
        if not edits:
            raise ValidationError("moves", "choose at least one step to move, or change the day's capacity")
        return self.run("Trim the day", edits)

    # --- the calendar ------------------------------------------------------------------------------------

    def resolve_conflict(self, step_id: str, keep: str) -> Change:
        """A calendar conflict settled: ``keep`` "daymap" or "calendar"; the next sync writes it to the other side."""
        from organizer.rules import queries

        if keep not in ("daymap", "calendar"):
            raise ValidationError("keep", f"say daymap or calendar, not {keep!r}")
        agreed, theirs = self.read(lambda s: queries.calendar_state(s, step_id))
        if theirs is None:
            raise ValidationError("step", f"{step_id!r} has no calendar conflict to settle")
        agreed = dict(agreed or {})
        edits: list[Edit] = []
        if keep == "daymap":  # the calendar's version becomes the agreed one, so the next sync sends ours over it
            seen = {key: theirs.get(key) for key in ("due", "time", "minutes", "etag") if key in theirs}
            state = {**agreed, **seen} if not theirs.get("deleted") else None
            text = "Keep Daymap’s version"
        elif theirs.get("deleted"):  # the event is gone: the step keeps its day, loses its time
            edits.append(self._update("step", step_id, {"time": None}))
            state, text = None, "Keep the calendar’s version"
        else:
            values = {"due": theirs.get("due"), "time": theirs.get("time"), "minutes": theirs.get("minutes")}
            edits.append(self._update("step", step_id, values))
            state, text = {**agreed, **values, "etag": theirs.get("etag")}, "Keep the calendar’s version"
        edits.append(CalendarState(step_id, {"calendar": state, "calendar_conflict": None}, self.versions))
        return self.run(text, edits)

    # --- the day ---------------------------------------------------------------------------------------

    def set_order(self, day: dt.date, order: Sequence[str]) -> Change:
        return self.run("Reorder the day", [SetDay(day, {"order": list(order)})])

    def set_capacity(self, day: dt.date, minutes: int | None) -> Change:
        return self.run("Change the day's capacity", [SetDay(day, {"capacity_minutes": minutes})])

    def update_settings(self, values: Mapping[str, Any]) -> Change:
        """Capacity, renewal window, days off, holidays country: one action, one undo; every morning is recomputed."""
        return self.run("Change the settings", [SetSettings(dict(values))])

    def confirm(self, day: dt.date | None = None) -> Change:
        """Confirm the day's plan: only a morning with no question marks is ready to confirm."""
        when = day or self.today
        marks = self.morning(when).question_marks
        if marks:
            count = len(marks)
            raise ValidationError(
                "confirm", f"{when} still has {count} question mark{'s' if count != 1 else ''}: resolve them first"
            )
        return self.run("Confirm the plan", [SetDay(when, {"confirmed": True})])

    def record_opening(self, day: dt.date | None = None) -> bool:
        """Keep how many question marks the day opened with (the Insights chart): history, not an edit.

        True when written now; a read-only or full store misses a point, the morning still shows.
        """
        from organizer.app import operations

        when = day or self.today
        count = len(self.morning(when).question_marks)
        try:
            with self.store.write() as session:
                written = operations.record_opening_marks(session, when, count)
        except DaymapError:
            return False
        self.note_own_write()
        return written

    # --- suggestions -------------------------------------------------------------------------------

    def accept_suggestions(self, day: dt.date | None = None, only: Sequence[str] | None = None) -> list[Suggestion]:
        """Apply every suggestion that needs no words from the rep (reschedule, chase, move) as one action.

        ``only``: the step ids the rep left ticked in the preview (default: all). Returns what was applied.
        """
        from organizer.rules.suggestions import mark_key

        when = day or self.today
        suggestions = self.suggestions(when)
        applied: list[Suggestion] = []
        edits: list[Edit] = []
        for mark in self.morning(when).question_marks:
            suggestion = suggestions.get(mark_key(mark))
            if suggestion is None or suggestion.needs_words:
                continue
            if suggestion.action == "move":
                moves = [(step, due) for step, due in suggestion.moves if only is None or step in only]
                edits += [self._update("step", step, {"due": due}) for step, due in moves]
            elif mark.step is not None and (only is None or mark.step in only) and suggestion.date is not None:
                if suggestion.action == "chase":
                    edits += self._chase_edits(mark.step, suggestion.date, None, CHASE_CHANNEL)
                else:
                    edits.append(self._update("step", mark.step, {"due": suggestion.date}))
            else:
                continue
            applied.append(suggestion)
        if edits:
            self.run("Accept suggestions", edits)
        return applied

    # --- people -------------------------------------------------------------------------------------

    def move_contact(self, contact_id: str, to_account: str, since: dt.date | None = None) -> Change:
        """A person changed companies; undo moves them back and forgets that history entry."""
        return self.run("Move person to another account", [MoveContact(contact_id, to_account, since or self.today)])

    # --- whole-store actions (not undoable piece by piece: the history starts afresh) --------------

    def import_document(self, document: Any) -> ImportResult:
        from organizer.formats.merge import import_document

        result = import_document(self.store, document)
        self._reset(Change("import"))
        return result

    def import_table(self, planned: crm.ImportPlan) -> ImportResult:
        from organizer.formats import crm

        result = crm.apply(self.store, planned)
        self._reset(Change("import"))
        return result

    def load_sample(self, accounts: int | None = None, seed: int = 7) -> ImportResult:
        from organizer.core.domain import SAMPLE_ACCOUNTS
        from organizer.formats.demo import load_demo

        result = load_demo(self.store, accounts or SAMPLE_ACCOUNTS, seed, self.today)
        self._reset(Change("import"))
        return result

    def restore(self, path: Path | None = None) -> store_restore.Restored:
        """Bring a backup back in place; the history described the store that is gone."""

        from organizer.store.database import restore_backup

        result = restore_backup(self.store.location, path)
        self._reset(Change("import"))  # and our own write is not news from outside
        return result

    # --- team mode (a PostgreSQL server; the server decides what each role may do) ------------------

    def team_role(self) -> str | None:
        """ "manager", "rep", or None for a store of one's own."""
        from organizer.app import team

        return team.role_of(self.store)

    def team_status(self) -> list[team.RepStatus]:
        from organizer.app import team

        return team.status(self.store, self.today)

    def rep_morning(self, rep: str) -> team.RepMorning:
        from organizer.app import team

        return team.rep_morning(self.store, rep, self.today)

    def handover(self, rep: str, to: str) -> int:
        """(Managers) every account of ``rep`` to ``to``, in one transaction; the history starts afresh."""
        from organizer.app import team

        moved = team.handover(self.store, rep, to)
        self._reset(Change("import"))
        return moved
