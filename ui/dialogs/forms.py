"""The small forms behind every resolution: a step, an outcome, a touch, an account …

A form holds no rules: it hands its raw values to a submit callback (an operation on
the planner); the domain validates, and its error is shown under the field it names,
with the form left open and nothing written.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFocusEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from organizer.core import domain, vocabulary
from organizer.core.domain import AccountView, StepView
from organizer.core.errors import DaymapError, ValidationError
from organizer.core.recurrence import describe
from ui.widgets.day_strip import DayStrip, Load

NO_DATE = QDate(2000, 1, 1)
LAST_QDATE = QDate(domain.LAST_DATE.year, domain.LAST_DATE.month, domain.LAST_DATE.day)


Submit = Callable[[dict[str, Any]], object]  # what it returns (a Change) is not the dialog's business


def to_qdate(day: dt.date | None) -> QDate:
    return NO_DATE if day is None else QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date | None:
    return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """A date with a calendar popup; optional ones show "No date" at their minimum."""

    def __init__(self, day: dt.date | None, *, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("ddd d MMM yyyy")
        self.setMinimumDate(NO_DATE)
        self.setMaximumDate(LAST_QDATE)  # the dates Daymap plans (core.domain.LAST_DATE)
        if optional:
            self.setSpecialValueText("No date")
        self.setDate(to_qdate(day) if day else (NO_DATE if optional else QDate.currentDate()))

    def value(self) -> dt.date | None:
        return from_qdate(self.date())

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab leaves the field (one Tab stop, not one per part of the date); arrows and typing edit it."""
        return QWidget.focusNextPrevChild(self, forward)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Whichever way the focus comes (Shift+Tab too), the day is what Up and Down change, never the year."""
        super().focusInEvent(event)
        self.setCurrentSectionIndex(1 if self.sectionCount() > 3 else 0)  # "Tue 24 Nov 2026": the day's number


class FormDialog(QDialog):
    """A form whose OK submits; a domain error appears under its field and the form stays open."""

    def __init__(self, title: str, submit: Submit | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._submit = submit
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setVisible(False)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        layout.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_values: dict[str, Any] = {}
        self._shown = False

    def showEvent(self, event: QShowEvent) -> None:
        """Never smaller than what its fields need (an explicit minimum width would otherwise win, and clip them);
        at its first show the focus is on the first field and Tab follows the fields, then OK and Cancel."""
        super().showEvent(event)
        self.resize(self.size().expandedTo(self.minimumSizeHint()))
        if not self._shown:
            self._shown = True
            self._fields_then_buttons()

    def _fields_then_buttons(self) -> None:
        """The buttons were made before the fields (so Tab began at OK, and Space on the focused OK submitted
        a half-typed form): the fields first, in reading order, then the buttons. The focus stays where the form
        put it (a step's title, before its account and goal), else goes to the first field."""
        buttons = set(self.buttons.findChildren(QWidget))
        chain: list[QWidget] = []
        widget = self.nextInFocusChain()
        while widget is not self and widget is not None and len(chain) < 500:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and self.isAncestorOf(widget):
                chain.append(widget)
            widget = widget.nextInFocusChain()
        ordered = [w for w in chain if w not in buttons] + [w for w in chain if w in buttons]
        for first, then in itertools.pairwise(ordered):
            QWidget.setTabOrder(first, then)
        chosen = self.focusWidget()
        if chosen is not None and chosen not in buttons:
            return
        start = next((w for w in ordered if w not in buttons and w.isVisibleTo(self) and w.isEnabled()), None)
        if start is not None:
            start.setFocus(Qt.FocusReason.TabFocusReason)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def set_ok_text(self, text: str) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setText(text)

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.setVisible(False)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.form.addRow(label, box)
        caption = self.form.labelForField(box)
        if isinstance(caption, QLabel):
            caption.setBuddy(widget)  # the label names the field itself, for a screen reader and its Alt key
        if label and not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", ""))
        self._fields[key] = widget
        self._errors[key] = error
        return widget

    def field(self, key: str) -> Any:
        return self._fields[key]

    def values(self) -> dict[str, Any]:
        """The form's raw values in exchange-format keys (subclasses say how)."""
        return {}

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.setVisible(False)
        self.general_error.setVisible(False)

    def show_error(self, error: DaymapError) -> None:
        self.clear_errors()
        if isinstance(error, ValidationError):
            # a form of one object names its fields "due"; one of several objects, "next_step.due"
            key = error.path if error.path in self._errors else error.path.rsplit(".", 1)[-1].split("[", 1)[0]
            if key in self._errors:
                self._errors[key].setText(error.message)
                self._errors[key].setVisible(True)
                self._fields[key].setFocus()
                return
        self.general_error.setText(str(error))
        self.general_error.setVisible(True)

    def accept(self) -> None:
        values = self.values()
        if self._submit is not None:
            try:
                self._submit(values)
            except DaymapError as error:
                self.show_error(error)
                return
        self.result_values = values
        super().accept()


def choice_box(items: Sequence[tuple[str, Any]], current: Any = None) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def text_or_none(widget: QLineEdit | QPlainTextEdit) -> str | None:
    value = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
    return value.strip() or None


class StepDialog(FormDialog):
    """A new or edited step: what, when, how long, with whom; a promise or a "waiting on"."""

    def __init__(
        self,
        title: str,
        submit: Submit | None,
        *,
        accounts: Sequence[tuple[str, str]] = (),
        account: AccountView | None = None,
        goal: str | None = None,
        due: dt.date | None = None,
        step: StepView | None = None,
        preset_title: str = "",
        parent: QWidget | None = None,
        loads: Sequence[Load] = (),
    ) -> None:
        super().__init__(title, submit, parent)
        self._account = account
        self._editing = step is not None  # an edited step stays in its account: no "account" in its values
        if accounts:
            self.add_field("account", "Account", choice_box(accounts))
        if account is not None:
            goals = [("No goal", None)] + [(g.title, g.id) for g in account.goals if g.status == "open"]
            self.add_field("goal", "Goal", choice_box(goals, step.goal if step else goal))
        self.add_field("title", "Step", QLineEdit(step.title if step else preset_title))
        self.field("title").setPlaceholderText("e.g. Call Ray about the demo")
        due_field = DateEdit(step.due if step else due, optional=True)
        self.add_field("due", "Due", due_field)
        if loads:  # a new step: the next working days' load, to pick one with room
            self.add_field("days", "", DayStrip(due_field, loads, loads[0][0], 30))
        self.add_field("time", "Time", QLineEdit(step.time or "" if step else ""))
        self.field("time").setPlaceholderText("HH:MM, optional")
        minutes = QSpinBox()
        minutes.setRange(0, domain.MAX_MINUTES)
        minutes.setSingleStep(15)
        minutes.setSuffix(" min")
        minutes.setSpecialValueText("No estimate")
        minutes.setValue(step.minutes or 0 if step else 0)
        self.add_field("minutes", "Estimate", minutes)
        if account is not None:
            people = [("Nobody in particular", None)] + [(c.name, c.id) for c in account.contacts]
            self.add_field("contact", "With", choice_box(people, step.contact if step else None))
        repeats = [("Does not repeat", None), ("Every week", "FREQ=WEEKLY"),
                   ("Every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"), ("Every month", "FREQ=MONTHLY"),
                   ("Every quarter", "FREQ=MONTHLY;INTERVAL=3")]  # fmt: skip
        current = step.repeat if step else None
        if current and current not in [rule for _label, rule in repeats]:
            repeats.append((f"Repeats {describe(current)}", current))
        self.add_field("repeat", "Repeats", choice_box(repeats, current))
        self.add_field("promised", "", QCheckBox("A promise I made"))
        self.add_field("waiting", "", QCheckBox("I am waiting on them (“waiting on”)"))
        if step is not None:
            self.field("promised").setChecked(step.promised)
            self.field("waiting").setChecked(step.waiting)
        self.field("title").setFocus()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.field("title").text(),
            "due": self.field("due").value(),
            "time": text_or_none(self.field("time")),
            "minutes": self.field("minutes").value() or None,
            "promised": self.field("promised").isChecked(),
            "waiting": self.field("waiting").isChecked(),
            "repeat": self.field("repeat").currentData(),
        }
        if "account" in self._fields:
            values["account"] = self.field("account").currentData()
        elif self._account is not None and not self._editing:
            values["account"] = self._account.id
        if "goal" in self._fields:
            values["goal"] = self.field("goal").currentData()
        if "contact" in self._fields:
            values["contact"] = self.field("contact").currentData()
        return values


class TextDialog(FormDialog):
    """One line of text (an outcome, a reason), optional unless ``required``."""

    def __init__(
        self, title: str, label: str, placeholder: str = "", ok: str = "OK", parent: QWidget | None = None
    ) -> None:
        super().__init__(title, None, parent)
        self.add_field("text", label, QLineEdit())
        self.field("text").setPlaceholderText(placeholder)
        self.set_ok_text(ok)

    def values(self) -> dict[str, Any]:
        return {"text": text_or_none(self.field("text"))}


class DateDialog(FormDialog):
    def __init__(
        self,
        title: str,
        label: str,
        day: dt.date,
        submit: Submit | None = None,
        parent: QWidget | None = None,
        loads: Sequence[Load] = (),
        minutes: int = 0,
    ) -> None:
        super().__init__(title, submit, parent)
        field = DateEdit(day)
        self.add_field("due", label, field)
        if loads:
            self.strip = DayStrip(field, loads, loads[0][0], minutes)
            self.add_field("days", "", self.strip)

    def values(self) -> dict[str, Any]:
        return {"due": self.field("due").value()}


class RenegotiateDialog(DateDialog):
    """A promise that cannot be kept soon: the new date agreed with the person, and how it was agreed."""

    def __init__(self, title: str, day: dt.date, submit: Submit, parent: QWidget | None = None, **strip: Any) -> None:
        super().__init__(title, "New date agreed", day, submit, parent, **strip)
        self.add_field("channel", "How", channel_box())
        self.add_field("note", "Note", QLineEdit())
        self.field("note").setPlaceholderText("what they said (optional)")

    def values(self) -> dict[str, Any]:
        return {
            **super().values(),
            "channel": self.field("channel").currentData(),
            "note": text_or_none(self.field("note")),
        }


class TouchDialog(FormDialog):
    """Log a touch: a call, an email, a visit … with whom, and a note."""

    def __init__(self, title: str, submit: Submit, account: AccountView, parent: QWidget | None = None) -> None:
        super().__init__(title, submit, parent)
        self.add_field("channel", "How", channel_box())
        people = [("Nobody in particular", None)] + [(c.name, c.id) for c in account.contacts]
        self.add_field("contact", "With", choice_box(people))
        self.add_field("note", "Note", QLineEdit())
        self.field("note").setPlaceholderText("what was said, what resonated")

    def values(self) -> dict[str, Any]:
        return {
            "channel": self.field("channel").currentData(),
            "contact": self.field("contact").currentData(),
            "note": text_or_none(self.field("note")),
        }


class ChaseDialog(FormDialog):
    """Chasing a "waiting on" item: the chase is logged, and the wait gets a new date."""

    def __init__(
        self, submit: Submit, item_title: str, due: dt.date, parent: QWidget | None = None, *, account_name: str = ""
    ) -> None:
        super().__init__(f"Chase “{item_title}”" + (f" — {account_name}" if account_name else ""), submit, parent)
        self.set_intro(f"Chase “{item_title}”: the chase is logged as a touch, and you wait until a new date.")
        self.add_field("note", "Note", QLineEdit("Chased"))
        self.add_field("due", "Wait until", DateEdit(due))
        self.set_ok_text("Chase")

    def values(self) -> dict[str, Any]:
        return {"note": text_or_none(self.field("note")), "due": self.field("due").value()}


def channel_box() -> QComboBox:
    """How a touch was made: the vocabulary's channels, a call first."""
    return choice_box([(channel.value.capitalize(), channel.value) for channel in vocabulary.Channel], "call")
