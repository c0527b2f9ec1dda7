"""Accounts and the people in them: a new account with its first goal and step, touches, a person moving on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from organizer.app.features._feature import Feature
from organizer.app.history import Create, Edit, MoveContact, Within
from organizer.core.domain import Change, new_id


class Accounts(Feature):
    def new(
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
        self.workspace.run(f"New account {values.get('name') or ''}".strip(), edits)
        return account

    def log_touch(
        self,
        account: str,
        on: dt.date | None = None,
        channel: str | None = None,
        contact: str | None = None,
        note: str | None = None,
    ) -> Change:
        w = self.workspace
        values = {"account": account, "date": on or w.today, "channel": channel or "other", "contact": contact}
        return w.create("touch", {**values, "note": note or None}, "Log touch")

    def move_contact(self, contact_id: str, to_account: str, since: dt.date | None = None) -> Change:
        """A person changed companies; undo moves them back and forgets that history entry."""
        w = self.workspace
        return w.run("Move person to another account", [MoveContact(contact_id, to_account, since or w.today)])

    def last_email(self, step_id: str) -> tuple[dt.date, str | None] | None:
        """The newest email with the person a (waiting) step is with: a reply may have come."""
        from organizer.rules import queries

        found: tuple[dt.date, str | None] | None = self.workspace.read(lambda s: queries.last_email_with(s, step_id))
        return found
