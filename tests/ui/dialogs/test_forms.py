"""The forms as a keyboard meets them: each opens on its first field, Tab follows the fields in reading order
and then reaches OK and Cancel, a date is one Tab stop whose Up changes the day, never the year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from organizer.core import domain
from ui.dialogs.forms import ChaseDialog, DateDialog, DateEdit, FormDialog, StepDialog, TextDialog
from ui.dialogs.settings import SettingsDialog

pytestmark = pytest.mark.gui

D = dt.date(2026, 11, 24)
WEEK = [(D + dt.timedelta(days=n), 60, 360) for n in range(10)]  # each day: its load and capacity

FORMS: dict[str, Callable[[], FormDialog]] = {
    "done": lambda: TextDialog("Done: Demo", "Outcome", "what happened", ok="Mark done"),
    "drop": lambda: TextDialog("Drop: Demo", "Why", ok="Drop"),
    "reschedule": lambda: DateDialog("Reschedule", "New date", D, loads=WEEK),
    "step": lambda: StepDialog("New step", None, due=D, loads=WEEK),
    "chase": lambda: ChaseDialog(lambda _values: None, "the signed order", D),
    "settings": lambda: SettingsDialog(lambda _values: None, domain.Settings(), [("DE", "Germany")], D),
}


def shown(qtbot: Any, make: Callable[[], FormDialog]) -> FormDialog:
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def first_field(dialog: FormDialog) -> QWidget:
    return next(iter(dialog._fields.values()))


@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_opens_on_its_first_field(qtbot: Any, name: str) -> None:
    dialog = shown(qtbot, FORMS[name])
    focused = dialog.focusWidget()
    first = first_field(dialog)
    assert focused is first or first.isAncestorOf(focused), f"{name}: the focus is on {focused!r}"


@pytest.mark.parametrize("name", list(FORMS))
def test_tab_follows_the_fields_then_ok_and_cancel(qtbot: Any, name: str) -> None:
    dialog = shown(qtbot, FORMS[name])
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    order = tab_chain(dialog)
    fields = [w for w in order if w not in (ok, cancel)]
    assert set(order[-2:]) == {ok, cancel}, name
    positions = [list(dialog._fields.values()).index(f) for f in fields if f in dialog._fields.values()]
    assert positions == sorted(positions), f"{name}: the fields are not in reading order"


def tab_chain(dialog: FormDialog) -> list[QWidget]:
    """The Tab stops from the focused widget round to it again."""
    from shiboken6 import getCppPointer

    order: list[QWidget] = []
    seen: set[int] = set()
    widget = dialog.focusWidget()
    while getCppPointer(widget)[0] not in seen and len(order) < 100:
        seen.add(getCppPointer(widget)[0])
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and dialog.isAncestorOf(widget):
            order.append(widget)
        widget = widget.nextInFocusChain()
    return order


def test_a_form_that_chooses_its_field_keeps_it(qtbot: Any) -> None:
    """The step form puts the focus on the step's title, though its account and goal come first."""
    dialog = shown(qtbot, lambda: StepDialog("New step", None, accounts=[("acme", "Acme"), ("books", "Books4U")]))
    assert dialog.focusWidget() is dialog.field("title")


def test_typing_an_outcome_with_spaces_never_presses_mark_done(qtbot: Any) -> None:
    dialog = shown(qtbot, FORMS["done"])
    qtbot.keyClicks(dialog.focusWidget(), "They want a pilot")
    assert dialog.isVisible()
    assert dialog.values() == {"text": "They want a pilot"}


def test_a_date_is_one_tab_stop_and_up_changes_its_day_whichever_way_the_focus_came(qtbot: Any) -> None:
    dialog = shown(qtbot, FORMS["chase"])
    note, due = dialog.field("note"), dialog.field("due")
    assert isinstance(due, DateEdit)
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is due or due.isAncestorOf(dialog.focusWidget())
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)  # not the month
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Up)
    assert due.value() == D + dt.timedelta(days=1)  # the day, not 2027


@pytest.mark.parametrize("name", list(FORMS))
def test_every_form_fits_an_800_by_600_screen(qtbot: Any, name: str) -> None:
    dialog = shown(qtbot, FORMS[name])
    assert dialog.width() <= 800
    assert dialog.height() <= 600
    for child in dialog.findChildren(QWidget):
        if child.isVisible() and child.window() is dialog:
            corner = child.mapTo(dialog, child.rect().bottomRight())
            assert dialog.rect().contains(corner), (name, type(child).__name__, corner)
