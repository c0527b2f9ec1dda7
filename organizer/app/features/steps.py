"""Steps: adding, closing, moving and chasing them, and settling a calendar conflict."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from organizer.app.features._feature import Feature
from organizer.app.history import CalendarState, Create, Edit
from organizer.core.domain import AccountView, Change, StepView, new_id
from organizer.core.errors import ValidationError
from organizer.rules import quickadd

if TYPE_CHECKING:
    from organizer.app.workspace import Workspace

CHASE_CHANNEL = "other"
RENEGOTIATE_CHANNEL = "call"  # SPEC.md: a promise's new date is agreed by talking to the person


@dataclass(frozen=True, slots=True)
class Completing:
    """What the done flow shows, read at once: the step, its account, whether marking it done leaves the
    account without a next step, and the day the next one would be planned for (the first with room)."""

    account: AccountView
    step: StepView
    owes_next_step: bool
    next_step_date: dt.date


class Steps(Feature):
    def completing(self, step_id: str) -> Completing:
        """One read transaction for the done flow (it read the store four times)."""
        from organizer.rules import queries
        from organizer.rules.evaluate import session_rows
        from organizer.rules.room import next_step_day

        w = self.workspace

        def read(session: Any) -> Completing:
            account = queries.load_account(session, queries.account_of(session, "step", step_id))
            step = next(s for s in account.steps if s.id == step_id)
            owes = queries.leaves_no_next_step(session, step_id, w.today)
            return Completing(account, step, owes, next_step_day(session_rows(session), w.today))

        return w.read(read)  # type: ignore[no-any-return]

    def add(self, account: str, values: Mapping[str, Any], text: str | None = None) -> Change:
        return self.workspace.create(
            "step", {**values, "account": account}, text or f"Add step “{values.get('title')}”"
        )

    def quick_add(self, line: str) -> Change:
        """ "Call Ray about the demo fri 10:00 30m @books4u" → a step."""
        w = self.workspace
        parsed = quickadd.parse(line, w.today)
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
        account = w.resolve_account(parsed.account)
        people = [(c.id, c.name) for c in w.account(account).contacts]
        values["contact"] = quickadd.person_named(parsed.title, people)  # "Call Ray …": the step is with Ray
        return self.add(account, values, f"Quick add “{parsed.title}”")

    def complete(
        self,
        step_id: str,
        outcome: str | None = None,
        on: dt.date | None = None,
        next_step: Mapping[str, Any] | None = None,
    ) -> Change:
        """Done (on ``on``, default today); with ``next_step``, the account's next step in the same action."""
        w = self.workspace
        values = {"status": "done", "done": on or w.today, "outcome": outcome or None}
        edits: list[Edit] = [w.updating("step", step_id, values)]
        if next_step is not None:
            edits.append(Create("step", dict(next_step), new_id("step")))
        return w.run("Mark step done" if next_step is None else "Mark step done and plan the next", edits)

    def drop(self, step_id: str, reason: str | None = None) -> Change:
        return self.workspace.edit("step", step_id, {"status": "dropped", "outcome": reason or None}, "Drop step")

    def reschedule(self, step_id: str, due: dt.date) -> Change:
        return self.workspace.edit("step", step_id, {"due": due}, "Reschedule step")

    def chase(self, step_id: str, due: dt.date, note: str | None = None, channel: str | None = None) -> Change:
        """Chasing a waiting item: a touch today (with the person it waits on) and a new date to wait until."""
        return self.workspace.run(
            "Chase waiting item", chase_edits(self.workspace, step_id, due, note, channel or CHASE_CHANNEL)
        )

    def renegotiate(
        self,
        step_id: str,
        due: dt.date,
        on: dt.date | None = None,
        channel: str | None = None,
        note: str | None = None,
    ) -> Change:
        """A promise's new date, agreed with the person: a touch with them (on ``on``) and the new due date, as one."""
        from organizer.core.dates import friendly

        w = self.workspace
        step = w.step(step_id)
        touch = {
            "account": step.account,
            "date": on or w.today,
            "channel": channel or RENEGOTIATE_CHANNEL,
            "contact": step.contact,
            "note": note or f"Agreed a new date for “{step.title}”: {friendly(due, w.today)}",
        }
        edits: list[Edit] = [Create("touch", touch, new_id("touch")), w.updating("step", step_id, {"due": due})]
        return w.run("Renegotiate a promise", edits)

    def resolve_conflict(self, step_id: str, keep: str) -> Change:
        """A calendar conflict settled: ``keep`` "daymap" or "calendar"; the next sync writes it to the other side."""
        from organizer.rules import queries

        w = self.workspace
        if keep not in ("daymap", "calendar"):
            raise ValidationError("keep", f"say daymap or calendar, not {keep!r}")
        agreed, theirs = w.read(lambda s: queries.calendar_state(s, step_id))
        if theirs is None:
            raise ValidationError("step", f"{step_id!r} has no calendar conflict to settle")
        agreed = dict(agreed or {})
        edits: list[Edit] = []
        if keep == "daymap":  # the calendar's version becomes the agreed one, so the next sync sends ours over it
            seen = {key: theirs.get(key) for key in ("due", "time", "minutes", "etag") if key in theirs}
            state = {**agreed, **seen} if not theirs.get("deleted") else None
            text = "Keep Daymap’s version"
        elif theirs.get("deleted"):  # the event is gone: the step keeps its day, loses its time
            edits.append(w.updating("step", step_id, {"time": None}))
            state, text = None, "Keep the calendar’s version"
        else:
            values = {"due": theirs.get("due"), "time": theirs.get("time"), "minutes": theirs.get("minutes")}
            edits.append(w.updating("step", step_id, values))
            state, text = {**agreed, **values, "etag": theirs.get("etag")}, "Keep the calendar’s version"
        edits.append(CalendarState(step_id, {"calendar": state, "calendar_conflict": None}, w.versions))
        return w.run(text, edits)


def chase_edits(workspace: Workspace, step_id: str, due: dt.date, note: str | None, channel: str) -> list[Edit]:
    """A chase's edits (a touch today with the person waited on, the new date), for any action that chases:
    a chase, or accepting the morning's suggestions."""
    from organizer.rules import queries

    step = workspace.read(lambda s: queries.step_of(s, step_id))
    touch = {
        "account": step.account,
        "date": workspace.today,
        "channel": channel,
        "contact": step.contact,
        "note": note or f"Chased: {step.title}",
    }
    return [Create("touch", touch, new_id("touch")), workspace.updating("step", step_id, {"due": due})]
