"""The rep's actions as dialog flows, shared by Morning, Today and the plan map.

Each flow asks what it must (an outcome, a date, the next step) and ends in one
planner operation; cancelling anywhere writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from organizer.core.dates import friendly
from organizer.core.domain import AccountView, DayItem
from organizer.core.errors import DaymapError
from ui import dialogs
from ui.dialogs.account import AccountDialog, ContactDialog, GoalDialog, MoveDialog
from ui.dialogs.forms import ChaseDialog, DateDialog, RenegotiateDialog, StepDialog, TextDialog, TouchDialog
from ui.qt_planner import QtPlanner


def refused(planner: QtPlanner, parent: QWidget, what: str = "plan") -> bool:
    """Say why this window may not write ``what`` (a read-only store; a manager's role, for the plan), before any
    form opens: the core's words, the same as the server's."""
    refusal = planner.write_refusal(what)
    if refusal is not None:
        dialogs.show_message(parent, "Daymap", refusal)
    return refusal is not None


class StepFlows(QObject):
    """Dialog flows over a planner; ``parent_widget`` owns the dialogs."""

    plan_requested = Signal(str)  # an account id whose plan map should open

    def __init__(self, planner: QtPlanner, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.planner = planner
        self.widget = parent_widget

    # --- helpers -------------------------------------------------------------------------------

    def refused(self, what: str = "plan") -> bool:
        return refused(self.planner, self.widget, what)

    def _exec(self, dialog: Any, what: str = "plan") -> bool:
        """Run a form, unless this window may not write: then say why, before anything is typed."""
        return not self.refused(what) and dialogs.run_dialog(dialog)

    def report(self, error: DaymapError) -> None:
        dialogs.show_message(self.widget, "Daymap", str(error))

    def _step(self, step_id: str) -> tuple[AccountView, Any]:
        account_id = self.planner.core.account_of_step(step_id)
        account = self.planner.account(account_id)
        step = next(s for s in account.steps if s.id == step_id)
        return account, step

    # --- steps ---------------------------------------------------------------------------------

    def complete(self, step_id: str) -> bool:
        """Done, with an outcome; if that leaves the account without a next step, ask for it now."""
        try:
            completing = self.planner.core.steps.completing(step_id)
        except DaymapError as error:
            self.report(error)
            return False
        account, step = completing.account, completing.step
        label = "What did you get?" if step.waiting else "Outcome"
        outcome = TextDialog(
            f"Done: “{step.title}” — {account.name}",
            label,
            "e.g. agreed to a demo on the 3rd",
            "Mark done",
            self.widget,
        )
        if not self._exec(outcome):
            return False
        text = outcome.result_values.get("text")
        if not completing.owes_next_step:
            return self._apply(lambda: self.planner.steps.complete(step_id, text))
        dialog = StepDialog(
            f"{account.name}: what is the next step?",
            lambda values: self.planner.steps.complete(step_id, text, None, values),
            account=account,
            goal=step.goal,
            due=completing.next_step_date,
            parent=self.widget,
        )
        dialog.set_intro(
            f"“{step.title}” was {account.name}’s last next step. Plan the next one now, so tomorrow "
            "morning has no question mark."
        )
        dialog.set_ok_text("Done, and plan this")
        skip = dialog.buttons.addButton("Done, no next step", QDialogButtonBox.ButtonRole.DestructiveRole)
        skipped: list[bool] = []

        def _on_skip_clicked() -> None:
            skipped.append(True)
            dialog.reject()

        skip.clicked.connect(_on_skip_clicked)
        if self._exec(dialog):
            return True
        if skipped:
            return self._apply(lambda: self.planner.steps.complete(step_id, text))
        return False

    def reschedule(self, step_id: str, suggested: dt.date | None = None) -> bool:
        """The date proposed is the suggestion's (a day with room for the step), else the first day with room."""
        try:
            account, step = self._step(step_id)
        except DaymapError as error:
            self.report(error)
            return False
        due = suggested or self.planner.core.days.first_day_with_room(step.minutes or 0, self.planner.today)
        dialog = DateDialog(
            f"Reschedule “{step.title}” — {account.name}",
            "New date",
            due,
            lambda values: self.planner.steps.reschedule(step_id, values["due"]),
            self.widget,
            loads=self.planner.core.days.day_loads(self.planner.today, 10),
            minutes=step.minutes or 0,
        )
        return self._exec(dialog)

    def renegotiate(self, step_id: str) -> bool:
        """An overdue promise with no room soon: ask the person for a new date (a load-aware picker) and log it."""
        try:
            account, step = self._step(step_id)
        except DaymapError as error:
            self.report(error)
            return False
        planner = self.planner.core
        due = planner.days.first_day_with_room(step.minutes or 0, self.planner.today)
        who = self._person_name(account, step.contact) or "them"
        dialog = RenegotiateDialog(
            f"Ask {who} for a new date: “{step.title}” — {account.name}",
            due,
            lambda values: self.planner.steps.renegotiate(
                step_id, values["due"], None, values["channel"], values["note"]
            ),
            self.widget,
            loads=planner.days.day_loads(self.planner.today, 10),
            minutes=step.minutes or 0,
        )
        dialog.set_intro(
            f"You promised “{step.title}” to {who}. The first day with room is {friendly(due)}: "
            "agree a date with them rather than move a promise quietly. The conversation is logged as a touch."
        )
        return self._exec(dialog)

    @staticmethod
    def _person_name(account: AccountView, contact: str | None) -> str | None:
        return next((c.name.split()[0] for c in account.contacts if c.id == contact), None)

    def edit_settings(self) -> bool:
        """Edit ▸ Settings: a working day's capacity, the renewal window, days off and the holidays' country."""
        from organizer.core.dates import country_names
        from ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(
            self.planner.update_settings,
            self.planner.core.settings(),
            sorted(country_names().items(), key=lambda pair: pair[1]),
            self.planner.today,
            self.widget,
        )
        return self._exec(dialog, "settings")  # a manager's own settings are theirs to write

    def drop(self, step_id: str) -> bool:
        try:
            account, step = self._step(step_id)
        except DaymapError as error:
            self.report(error)
            return False
        dialog = TextDialog(
            f"Drop “{step.title}” — {account.name}",
            "Why drop it?",
            "e.g. they chose another supplier",
            "Drop",
            self.widget,
        )
        if not self._exec(dialog):
            return False
        return self._apply(lambda: self.planner.steps.drop(step_id, dialog.result_values.get("text")))

    def chase(self, item: DayItem | Any, suggested: dt.date | None = None) -> bool:
        step_id = item.step if isinstance(item, DayItem) else item.id
        try:
            account, _step = self._step(step_id)
        except DaymapError as error:
            self.report(error)
            return False
        due = suggested or self.planner.core.days.chase_date()
        dialog = ChaseDialog(
            lambda values: self.planner.steps.chase(step_id, values["due"], values["note"]),
            item.title,
            due,
            self.widget,
            account_name=account.name,
        )
        return self._exec(dialog)

    def schedule(
        self,
        account_id: str,
        *,
        goal: str | None = None,
        title: str = "",
        due: dt.date | None = None,
        heading: str = "",
    ) -> bool:
        try:
            account = self.planner.account(account_id)
        except DaymapError as error:
            self.report(error)
            return False
        dialog = StepDialog(
            heading or f"{account.name}: next step",
            lambda values: self.planner.create("step", values, "Add step"),
            account=account,
            goal=goal,
            due=due or self.planner.core.days.next_step_date(),
            preset_title=title,
            loads=self.planner.core.days.day_loads(self.planner.today, 10),
            parent=self.widget,
        )
        return self._exec(dialog)

    def edit_step(self, step_id: str) -> bool:
        account, step = self._step(step_id)
        dialog = StepDialog(
            f"Edit “{step.title}” — {account.name}",
            lambda values: self.planner.edit("step", step_id, values, "Edit step", step.version),
            account=account,
            step=step,
            parent=self.widget,
        )
        return self._exec(dialog)

    def plan_renewal(self, account_id: str, renewal: dt.date | None, suggested: dt.date | None = None) -> bool:
        """A renewal is planned by an action step before it, on the suggested day (one with room before it)."""
        today = self.planner.today
        due = suggested or self.planner.core.days.next_step_date()
        when = f" on {friendly(renewal, today)}" if renewal else ""
        return self.schedule(account_id, title="Renewal conversation", due=due, heading=f"Plan the renewal{when}")

    # --- touches, goals, accounts, people ---------------------------------------------------------

    def log_touch(self, account_id: str) -> bool:
        try:
            account = self.planner.account(account_id)
        except DaymapError as error:
            self.report(error)
            return False
        dialog = TouchDialog(
            f"{account.name}: log a touch",
            lambda v: self.planner.accounts.log_touch(account_id, None, v["channel"], v["contact"], v["note"]),
            account,
            self.widget,
        )
        return self._exec(dialog)

    def add_goal(self, account_id: str) -> bool:
        def submit(values: dict[str, Any]) -> None:
            self.planner.create("goal", {"account": account_id, **values}, "Add goal")

        return self._exec(GoalDialog(f"New goal — {self._name(account_id)}", submit, parent=self.widget))

    def edit_goal(self, account_id: str, goal_id: str) -> bool:
        account = self.planner.account(account_id)
        goal = account.goal(goal_id)
        if goal is None:
            return False
        dialog = GoalDialog(
            f"Edit goal “{goal.title}” — {account.name}",
            lambda v: self.planner.edit("goal", goal_id, v, "Edit goal", goal.version),
            goal,
            self.widget,
        )
        return self._exec(dialog)

    def set_goal_status(self, goal_id: str, status: str) -> bool:
        undo_text = "Achieve goal" if status == "achieved" else "Drop goal"
        return self._apply(lambda: self.planner.edit("goal", goal_id, {"status": status}, undo_text))

    def new_account(self) -> str | None:
        """The account, its first goal and its next step: one action, one undo."""
        created: list[str] = []
        dialog: AccountDialog

        def submit(values: dict[str, Any]) -> None:
            created.append(self.planner.accounts.new(values, *dialog.first_plan()))

        first_day = self.planner.core.days.next_step_date()
        dialog = AccountDialog("New account", submit, parent=self.widget, next_day=first_day)
        if self._exec(dialog):
            return created[0]
        return None

    def edit_account(self, account_id: str) -> bool:
        account = self.planner.account(account_id)
        dialog = AccountDialog(
            f"Edit account — {account.name}",
            lambda v: self.planner.edit("account", account_id, v, "Edit account", account.version),
            account,
            self.widget,
        )
        return self._exec(dialog)

    def set_archived(self, account_id: str, archived: bool) -> bool:
        undo_text = "Archive account" if archived else "Restore account"
        return self._apply(lambda: self.planner.edit("account", account_id, {"archived": archived}, undo_text))

    def add_contact(self, account_id: str) -> bool:
        def submit(values: dict[str, Any]) -> None:
            self.planner.create("contact", {"account": account_id, **values}, "Add person")

        return self._exec(ContactDialog(f"New person — {self._name(account_id)}", submit, parent=self.widget))

    def edit_contact(self, account_id: str, contact_id: str) -> bool:
        account = self.planner.account(account_id)
        contact = account.contact(contact_id)
        if contact is None:
            return False
        dialog = ContactDialog(
            f"Edit {contact.name} — {account.name}",
            lambda v: self.planner.edit("contact", contact_id, v, "Edit person", contact.version),
            contact,
            self.widget,
        )
        return self._exec(dialog)

    def move_contact(self, account_id: str, contact_id: str) -> bool:
        contact = self.planner.account(account_id).contact(contact_id)
        if contact is None:
            return False
        accounts = [(key, name) for key, name in self.planner.core.account_choices() if key != account_id]
        dialog = MoveDialog(
            lambda v: self.planner.accounts.move_contact(contact_id, v["account"], v["since"]),
            contact.name,
            accounts,
            self.planner.today,
            self.widget,
        )
        return self._exec(dialog, "settings")  # a manager's own settings are theirs to write

    def _name(self, account_id: str) -> str:
        """The account's name for a form's title (its id if it cannot be read)."""
        try:
            return self.planner.account(account_id).name
        except DaymapError:
            return account_id

    def keep_version(self, step_id: str, keep: str) -> bool:
        """A calendar conflict: keep Daymap's version or the calendar's; the next sync writes it to the other."""
        return self._apply(lambda: self.planner.steps.resolve_conflict(step_id, keep))

    def _apply(self, action: Any) -> bool:
        if self.refused():
            return False
        try:
            action()
        except DaymapError as error:
            self.report(error)
            return False
        return True
