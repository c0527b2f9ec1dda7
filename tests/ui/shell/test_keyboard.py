"""The window with the keyboard alone, and what a screen reader is told (Qt's accessibility interfaces,
which AT-SPI relays on Linux)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from organizer.app.transfer.demo import load_demo
from tests.gui_helpers import store_window

pytestmark = pytest.mark.gui

DAY = dt.date(2026, 12, 1)


@pytest.fixture
def sample_window(qtbot: Any, qapp: Any, store: Any, tmp_path: Any) -> Any:
    load_demo(store, 40, seed=1, day=DAY)
    main = store_window(qtbot, store, DAY, tmp_path)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=3000)
    return main


def unnamed(root: QWidget) -> list[str]:
    """Every visible widget that takes the focus and that a screen reader would call nothing."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            found.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return found


def test_every_focusable_control_of_every_page_has_a_name(sample_window: Any) -> None:
    main = sample_window
    for view in ("morning", "today", "accounts", "insights"):
        main.show_view(view)
        assert unnamed(main) == [], view
    main.open_plan(main.planner.core.summaries()[0].id)
    assert unnamed(main) == []


def test_every_form_names_its_fields(sample_window: Any, dialogs: Any) -> None:
    main = sample_window
    checked: list[str] = []

    def look(dialog: Any) -> bool:
        checked.append(dialog.windowTitle())
        assert unnamed(dialog) == [], dialog.windowTitle()
        return False

    dialogs.then(look, look, look, look)
    main.quick_add()
    main.morning.flows.edit_settings()
    main.accounts.new_account()
    main.show_shortcuts()
    assert len(checked) == 4


def test_a_card_reads_as_its_question_mark_and_its_suggestion(sample_window: Any) -> None:
    cards = sample_window.morning.cards.cards
    count = len(sample_window.planner.morning().question_marks)
    for position, card in enumerate(cards, start=1):
        name = QAccessible.queryAccessibleInterface(card).text(QAccessible.Text.Name)
        assert name.startswith(f"Question mark {position} of {count}: {card.mark.message}.")
        assert f"Suggestion: {card.accept.text().rstrip('…')}." in name


def test_the_sample_morning_by_keyboard_alone_takes_no_more_keys_than_the_mouse_takes_clicks(
    sample_window: Any, qtbot: Any, dialogs: Any
) -> None:
    """Enter on each card applies its suggestion (a form opens preset; Enter accepts it, after the words it
    needs); the focus moves to the next card, then to Confirm; Ctrl+Enter confirms. The mouse takes two clicks a
    card (the suggestion, then OK) and one for Confirm."""
    main = sample_window
    morning = main.morning
    planner = main.planner
    opened = len(planner.morning().question_marks)
    assert opened > 0
    keys = 0
    typed: list[str] = []

    def answer(dialog: Any) -> bool:
        nonlocal keys
        if "title" in getattr(dialog, "_fields", {}) and not dialog.field("title").text():
            words = "Call to agree the next step"
            dialog.field("title").setText(words)  # typing the step's title (not counted: the mouse types it too)
            typed.append(words)
        keys += 1  # Enter: OK
        return True

    # the window as it opens: the focus is on the first card already (no Tab, no setFocus() of the test's)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is morning.cards.cards[0], timeout=3000)
    while planner.morning().question_marks:
        card = QApplication.focusWidget()
        assert card in morning.cards.cards, type(card).__name__  # the focus is on a card, never nowhere
        dialogs.then(answer)
        before = len(planner.morning().question_marks)
        qtbot.keyClick(card, Qt.Key.Key_Return)
        keys += 1
        assert len(planner.morning().question_marks) < before, card.mark.message
        if dialogs.answers:  # the suggestion needed no form (a move): nothing to answer
            dialogs.answers.clear()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is morning.confirm, timeout=3000)
    qtbot.keyClick(morning.confirm, Qt.Key.Key_Return)  # Enter on the focused Confirm, as a click
    keys += 1
    assert planner.morning().confirmed
    clicks = 2 * opened + 1
    assert keys <= clicks, (keys, clicks)
    focused = QApplication.focusWidget()
    assert focused is morning.day_table  # after Confirm: the day's list, named, never an unnamed table
    assert QAccessible.queryAccessibleInterface(focused).text(QAccessible.Text.Name) == "Today's list"


def test_up_and_down_go_between_cards_and_the_menu_key_opens_a_cards_menu(sample_window: Any, qtbot: Any) -> None:
    cards = sample_window.morning.cards.cards
    qtbot.waitUntil(lambda: QApplication.focusWidget() is cards[0], timeout=3000)
    qtbot.keyClick(cards[0], Qt.Key.Key_Down)
    assert QApplication.focusWidget() is cards[1]
    qtbot.keyClick(cards[1], Qt.Key.Key_Down)
    qtbot.keyClick(cards[2], Qt.Key.Key_Up)
    assert QApplication.focusWidget() is cards[1]
    qtbot.keyClick(cards[1], Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = cards[1].menu
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    words = [action.text() for action in menu.actions()]
    assert f"Open {cards[1].mark.account_name}'s plan map" in words
    menu.close()


def test_each_card_says_the_keys_it_takes_and_no_other(sample_window: Any) -> None:
    for card in sample_window.morning.cards.cards:
        help_text = card.accessibleDescription()
        for letter, action in (("R", "reschedule"), ("D", "done"), ("X", "drop")):
            assert (f"{letter} " in help_text) == (action in card.buttons), (card.mark.kind, help_text)
        if card.mark.account:
            assert card.plan_button.accessibleName() == f"Open {card.mark.account_name}'s plan map"


def test_the_welcome_takes_enter_on_its_focused_button(qtbot: Any, store: Any, tmp_path: Any, dialogs: Any) -> None:
    main = store_window(qtbot, store, DAY, tmp_path)
    welcome = main.morning
    qtbot.waitUntil(lambda: QApplication.focusWidget() is welcome.first_account, timeout=3000)
    dialogs.then(lambda _dialog: False)  # the New account form opens (and is cancelled)
    qtbot.keyClick(welcome.first_account, Qt.Key.Key_Return)
    assert dialogs.seen == ["New account"]


def test_help_lists_every_key_from_where_it_is_declared(sample_window: Any, dialogs: Any) -> None:
    shown: list[Any] = []
    dialogs.then(lambda dialog: shown.append(dialog) or False)
    sample_window.show_shortcuts()
    table = shown[0].table
    rows = {(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    said = {table.item(r, 1).text() for r in range(table.rowCount())}
    assert ("Ctrl+Return", "Day") in rows  # a menu action's own shortcut
    assert ("Ctrl+Shift+A", "Day") in rows
    assert ("Ctrl+D", "Today") in rows  # a page's declared key
    assert ("Ctrl+F", "Accounts") in rows
    assert "Accept the card's suggestion, or press the focused button" in said
    assert ("R", "Morning card") in rows
    assert "Reschedules" in said
    listed = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert len(listed) == len(set(listed))  # Redo once, whatever its two shortcuts are on this platform
    keys = {key for key, _where in rows}
    for general in ("Tab, Shift+Tab", "Space", "Esc", "Menu, Shift+F10", "Up, Down"):
        assert general in keys


def test_the_count_is_announced_when_it_changes(sample_window: Any) -> None:
    morning = sample_window.morning
    count = len(sample_window.planner.morning().question_marks)
    assert morning.count.accessibleName() == f"{count} question marks"
    mark = next(m for m in sample_window.planner.morning().question_marks if m.step)
    sample_window.planner.steps.reschedule(mark.step, DAY + dt.timedelta(days=1))
    assert morning.count.accessibleName() == f"{count - 1} question mark{'s' * (count - 1 != 1)}"


def test_every_page_fits_an_800_by_600_screen(sample_window: Any, qapp: Any) -> None:
    """Nothing falls off a small screen: the window never asks for more than 800×600, and at that size every
    visible control of every page lies inside it (a sideways scroll bar would hide the fourth figure too)."""
    main = sample_window
    for key in main.views:
        main.show_view(key)
        main.resize(800, 600)
        qapp.processEvents()
        hint = main.minimumSizeHint()
        assert (hint.width(), hint.height()) <= (800, 600), key
        assert (main.width(), main.height()) == (800, 600), key
        for child in main.findChildren(QWidget):
            if not child.isVisible() or child.window() is not main or _scrolled(child):
                continue
            corner = child.mapTo(main, child.rect().bottomRight())
            assert main.rect().contains(corner), (key, type(child).__name__, child.objectName(), corner)
        for area in main.findChildren(QScrollArea):
            if area.isVisible():
                assert area.horizontalScrollBar().maximum() == 0, (key, "a sideways scroll bar hides part of it")


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: it scrolls up and down by design (a list of cards, the charts)."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False
