"""The forms of an account's plan map: an account, a goal, a person, a person who moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from organizer.core import domain, vocabulary
from organizer.core.domain import AccountView, GoalView
from ui.dialogs.forms import DateEdit, FormDialog, Submit, choice_box, text_or_none


class MoveDialog(FormDialog):
    """A person changed companies: which of your accounts they are at now, and since when."""

    def __init__(
        self,
        submit: Submit,
        name: str,
        accounts: Sequence[tuple[str, str]],
        since: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{name} moved", submit, parent)
        self.set_intro(
            f"{name} keeps their history: this account will show they were here, and the new one where they were."
        )
        combo = choice_box([("", None)] + [(label, key) for key, label in accounts])
        combo.setEditable(True)  # type to find one among thousands
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMinimumContentsLength(32)
        line = combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("type part of the account's name")
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        self.add_field("account", "Now at", combo)
        self.add_field("since", "Since", DateEdit(since))
        self.set_ok_text("Move")

    def values(self) -> dict[str, Any]:
        combo = self.field("account")
        index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return {"account": combo.itemData(index) if index > 0 else None, "since": self.field("since").value()}


class AccountDialog(FormDialog):
    """An account's fields; a new one also gets its first goal and its dated next step, in the same action."""

    def __init__(
        self,
        title: str,
        submit: Submit,
        account: AccountView | None = None,
        parent: QWidget | None = None,
        *,
        next_day: dt.date | None = None,
    ):
        super().__init__(title, submit, parent)
        self._new = account is None
        self.add_field("name", "Name", QLineEdit(account.name if account else ""))
        self.add_field(
            "stage",
            "Stage",
            choice_box(
                [(s.value.capitalize(), s.value) for s in vocabulary.Stage], account.stage if account else "prospect"
            ),
        )
        self.add_field("industry", "Industry", QLineEdit(account.industry or "" if account else ""))
        mission = QPlainTextEdit(account.mission or "" if account else "")
        mission.setPlaceholderText("Why this account matters and what you want to achieve with it")
        mission.setFixedHeight(70)
        self.add_field("mission", "Mission", mission)
        cadence = QSpinBox()
        cadence.setRange(0, domain.MAX_CADENCE)
        cadence.setSpecialValueText("No cadence")
        cadence.setSuffix(" days")
        cadence.setValue(account.cadence_days or 0 if account else 0)
        self.add_field("cadence_days", "Keep in touch every", cadence)
        self.add_field("renewal", "Renewal", DateEdit(account.renewal if account else None, optional=True))
        notes = QPlainTextEdit(account.notes or "" if account else "")
        notes.setFixedHeight(60)
        self.add_field("notes", "Notes", notes)
        if self._new:
            self._add_first_plan(next_day)
            self.set_ok_text("Create account")
        self.field("name").setFocus()

    def _add_first_plan(self, next_day: dt.date | None) -> None:
        """The plan map's first branch: a goal and the step that moves it, so the account starts dated."""
        self.set_intro(
            "Give it a first goal and a dated next step: tomorrow’s morning then has no question mark about it."
        )
        heading = QLabel("The plan")
        heading.setObjectName("cardTitle")
        self.form.addRow(heading)
        goal = QLineEdit()
        goal.setPlaceholderText("e.g. Win the 2027 training budget (optional)")
        self.add_field("first_goal.title", "First goal", goal)
        step = QLineEdit()
        step.setPlaceholderText("e.g. Call Ray to book a discovery meeting")
        self.add_field("next_step.title", "Next step", step)
        self.add_field("next_step.due", "Due", DateEdit(next_day, optional=True))
        minutes = QSpinBox()
        minutes.setRange(0, domain.MAX_MINUTES)
        minutes.setSingleStep(15)
        minutes.setSuffix(" min")
        minutes.setSpecialValueText("No estimate")
        self.add_field("next_step.minutes", "Estimate", minutes)

    def first_plan(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The first goal and next step typed into a new account's form (None where left empty)."""
        if not self._new:
            return None, None
        goal = text_or_none(self.field("first_goal.title"))
        step = text_or_none(self.field("next_step.title"))
        return (
            {"title": goal} if goal else None,
            {
                "title": step,
                "due": self.field("next_step.due").value(),
                "minutes": self.field("next_step.minutes").value() or None,
            }
            if step
            else None,
        )

    def values(self) -> dict[str, Any]:
        return {
            "name": self.field("name").text(),
            "stage": self.field("stage").currentData(),
            "industry": text_or_none(self.field("industry")),
            "mission": text_or_none(self.field("mission")),
            "cadence_days": self.field("cadence_days").value() or None,
            "renewal": self.field("renewal").value(),
            "notes": text_or_none(self.field("notes")),
        }


class GoalDialog(FormDialog):
    def __init__(self, title: str, submit: Submit, goal: GoalView | None = None, parent: QWidget | None = None):
        super().__init__(title, submit, parent)
        self.add_field("title", "Goal", QLineEdit(goal.title if goal else ""))
        self.field("title").setPlaceholderText("e.g. Win the 2027 training budget")
        self.add_field("target", "Target date", DateEdit(goal.target if goal else None, optional=True))
        if goal is not None:
            statuses = [(s.value.capitalize(), s.value) for s in vocabulary.GoalStatus]
            self.add_field("status", "Status", choice_box(statuses, goal.status))
        self.field("title").setFocus()

    def values(self) -> dict[str, Any]:
        values = {"title": self.field("title").text(), "target": self.field("target").value()}
        if "status" in self._fields:
            values["status"] = self.field("status").currentData()
        return values


class ContactDialog(FormDialog):
    def __init__(self, title: str, submit: Submit, contact: Any = None, parent: QWidget | None = None):
        super().__init__(title, submit, parent)
        self.add_field("name", "Name", QLineEdit(contact.name if contact else ""))
        roles = [("—", None)] + [(r.value.replace("-", " ").capitalize(), r.value) for r in vocabulary.Role]
        self.add_field("role", "Role", choice_box(roles, contact.role if contact else None))
        self.add_field("title", "Job title", QLineEdit(contact.title or "" if contact else ""))
        self.add_field("email", "Email", QLineEdit(contact.email or "" if contact else ""))
        self.add_field("phone", "Phone", QLineEdit(contact.phone or "" if contact else ""))
        resonates = QPlainTextEdit(contact.resonates or "" if contact else "")
        resonates.setPlaceholderText("What resonated with them: what they care about, what landed")
        resonates.setFixedHeight(70)
        self.add_field("resonates", "What resonated", resonates)
        self.field("name").setFocus()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.field("name").text(),
            "role": self.field("role").currentData(),
            "title": text_or_none(self.field("title")),
            "email": text_or_none(self.field("email")),
            "phone": text_or_none(self.field("phone")),
            "resonates": text_or_none(self.field("resonates")),
        }
