"""The morning's cards: one question mark each, its suggestion one click (or Enter) away."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core.dates import friendly
from organizer.core.domain import QuestionMark
from organizer.core.errors import DaymapError
from organizer.core.marks import MARKS

if TYPE_CHECKING:
    from organizer.app.views import Suggestion
    from ui.qt_planner import QtPlanner

from ui.models import QuestionMarkModel, mark_icon_name, mark_key
from ui.resources import icon

# What each kind of question mark offers, in the order shown (action key, button text).


# Single keys on a focused card (Enter accepts its suggestion).
CARD_KEYS = {Qt.Key.Key_R: "reschedule", Qt.Key.Key_D: "done", Qt.Key.Key_X: "drop", Qt.Key.Key_C: "chase",
             Qt.Key.Key_S: "schedule", Qt.Key.Key_T: "touch"}  # fmt: skip
KEY_WORDS = {"reschedule": "reschedules", "done": "marks done", "drop": "drops", "chase": "chases",
             "schedule": "plans a step", "touch": "logs a touch"}  # fmt: skip


class MarkCard(QFrame):
    """One question mark in plain words, its suggestion one click (or Enter) away, its other resolutions beside."""

    resolution_requested = Signal(str, object)  # action key, QuestionMark
    plan_requested = Signal(str)  # account id
    neighbour_requested = Signal(object, int)  # this card, -1 (Up) or +1 (Down): the focus moves there

    def __init__(
        self,
        mark: QuestionMark,
        suggestion: Suggestion | None = None,
        parent: QWidget | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("kind", mark.kind)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.mark = mark
        self.suggestion = suggestion
        # The question mark on top, its resolutions in a row under it: a card fits a window of 800 pixels.
        card = QVBoxLayout(self)
        card.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        card.addLayout(top)
        layout = QHBoxLayout()
        layout.setContentsMargins(34, 0, 0, 0)  # under the text, past the icon
        card.addLayout(layout)
        self._icon = QLabel()
        self._icon.setPixmap(icon(mark_icon_name(mark.kind)).pixmap(QSize(22, 22)))
        top.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("cardTitle")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.text, 1)
        self.detail = QLabel(detail or "")  # e.g. a waiting item's newest email with the person
        self.detail.setObjectName("cardDetail")
        self.detail.setWordWrap(True)
        self.detail.setContentsMargins(34, 0, 0, 0)
        self.detail.setVisible(bool(detail))
        card.insertWidget(1, self.detail)
        self.buttons: dict[str, QPushButton] = {}
        self.accept = QPushButton()
        self.accept.setObjectName("acceptSuggestion")
        self.accept.setProperty("action", "accept")
        self.accept.clicked.connect(self._on_button_clicked)
        layout.addWidget(self.accept)
        self.buttons["accept"] = self.accept
        for action, label in MARKS[mark.kind].resolutions:
            button = QPushButton(label)
            button.setProperty("action", action)
            button.clicked.connect(self._on_button_clicked)
            layout.addWidget(button)
            self.buttons[action] = button
        if mark.account:
            plan = QToolButton()
            plan.setIcon(icon("plan"))
            plan.setToolTip(f"Open {mark.account_name or mark.account}'s plan map")
            plan.setAccessibleName(plan.toolTip())
            self.plan_button = plan
            plan.clicked.connect(lambda: self.plan_requested.emit(self.mark.account))
            top.addWidget(plan, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        self.set_mark(mark, suggestion)

    def set_mark(self, mark: QuestionMark, suggestion: Suggestion | None = None) -> None:
        self.mark, self.suggestion = mark, suggestion
        self.text.setText(mark.message)
        label = suggestion_label(suggestion, mark) if suggestion is not None else ""
        self.accept.setText(label)
        self.accept.setVisible(bool(label))
        self.accept.setToolTip("Accept the suggestion (Enter)")

    def set_detail(self, detail: str | None) -> None:
        self.detail.setText(detail or "")
        self.detail.setVisible(bool(detail))

    def _on_button_clicked(self) -> None:
        self.resolution_requested.emit(self.sender().property("action"), self.mark)

    def describe(self, position: int, count: int) -> None:
        """What a screen reader says of the card: its place, its question mark and its suggestion."""
        said = f"Question mark {position} of {count}: {self.mark.message}."
        if self.accept.isVisible():
            said += f" Suggestion: {self.accept.text().rstrip('…')}."
        self.setAccessibleName(said)
        self.setAccessibleDescription(self.keys_help())
        for action, button in self.buttons.items():
            if action != "accept":
                button.setAccessibleName(f"{button.text().rstrip('…')}: {self.mark.message}")

    def keys_help(self) -> str:
        """What this card takes, and only that: "Enter accepts the suggestion; R reschedules, D marks done …"."""
        said = ["Enter accepts the suggestion"] if self.accept.isVisibleTo(self) or self.suggestion else []
        for key, action in CARD_KEYS.items():
            if action in self.buttons:
                said.append(f"{QKeySequence(key).toString()} {KEY_WORDS[action]}")
        said += ["Up and Down go to the other cards", "the menu key or Shift+F10 lists every resolution"]
        return "; ".join(said)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.hasFocus():
            self.neighbour_requested.emit(self, -1 if key == Qt.Key.Key_Up else 1)
            return
        if key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self._menu(self.mapToGlobal(self.rect().topLeft() + self.text.geometry().bottomLeft()))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isVisible():
                focused.click()  # Enter presses the focused button, as Space does
                return
            if self.accept.isVisible():
                self.resolution_requested.emit("accept", self.mark)
                return
        action = CARD_KEYS.get(key)
        if action is not None and action in self.buttons:
            self.resolution_requested.emit(action, self.mark)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self._menu(event.globalPos())

    def _menu(self, where: QPoint) -> None:
        """Every resolution of this card, and its account's plan map (a right click, the menu key, Shift+F10)."""
        self.menu = QMenu(self)
        for action, button in self.buttons.items():
            if button.isVisibleTo(self):
                self.menu.addAction(button.text(), functools.partial(self.resolution_requested.emit, action, self.mark))
        if self.mark.account:
            name = self.mark.account_name or self.mark.account
            self.menu.addAction(f"Open {name}'s plan map", lambda: self.plan_requested.emit(self.mark.account))
        self.menu.popup(where)


def waiting_detail(planner: QtPlanner, mark: QuestionMark, day: dt.date) -> str | None:
    """A waiting card names the newest email with the person it waits on: the reply may be in."""
    if MARKS[mark.kind].about != "waiting" or not mark.step or not planner.attached:
        return None
    try:
        found = planner.core.accounts.last_email(mark.step)
    except DaymapError:
        return None
    if found is None:
        return None
    when, subject = found
    who = (mark.contact_name or "them").split(" ")[0]
    return f"Last email with {who}: {friendly(when, day)}" + (f" — “{subject}”" if subject else "")


def suggestion_label(suggestion: Suggestion, mark: QuestionMark) -> str:
    """The suggestion as its one-click button says it (its type's words; "" for none)."""
    return suggestion.type.label(suggestion, mark)


class MarkCardList(QScrollArea):
    """A view of a QuestionMarkModel as cards: it follows the model's row signals.

    Only the first ``limit`` rows get a card (a big territory can have thousands of
    question marks on its first morning); "Show more" raises the limit. Cards are kept
    by their mark's key, so a resolved mark's card goes and the others stay put.
    """

    resolution_requested = Signal(str, object)
    plan_requested = Signal(str)
    emptied = Signal()  # the last card went while it had the focus: the page puts it on Confirm
    PAGE = 20  # a screenful and a half: each card is a widget to build and lay out

    def __init__(
        self,
        model: QuestionMarkModel,
        suggest: Callable[[QuestionMark], Suggestion | None] = lambda _mark: None,
        parent: QWidget | None = None,
        detail: Callable[[QuestionMark], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._suggest = suggest
        self._detail = detail
        self._suggestions_stale = False
        self._focus_next = False
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cards take the focus, not the area around them
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._model = model
        self.limit = self.PAGE
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(0, 0, 6, 0)
        self._layout.setSpacing(8)
        self.more = QPushButton()
        self.more.clicked.connect(self._on_more_clicked)
        self._layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.cards: list[MarkCard] = []
        model.modelReset.connect(self._on_model_reset)
        model.rowsInserted.connect(self._reconcile)
        model.rowsRemoved.connect(self._reconcile)
        model.rowsMoved.connect(self._reconcile)
        model.dataChanged.connect(self._reconcile)
        self._reconcile()

    def focus_next_after_resolution(self) -> None:
        """The card being resolved had the focus (a dialog took it meanwhile): the next card gets it."""
        self._focus_next = True

    def settle_focus(self) -> None:
        """The resolution is over (done, or cancelled): later changes do not move the focus."""
        self._focus_next = False

    def _make(self, mark: QuestionMark, suggestion: Suggestion | None) -> MarkCard:
        card = MarkCard(mark, suggestion, detail=self._detail(mark) if self._detail is not None else None)
        card.resolution_requested.connect(self.resolution_requested)
        card.plan_requested.connect(self.plan_requested)
        card.neighbour_requested.connect(self._on_card_neighbour_requested)
        return card

    def _on_card_neighbour_requested(self, card: MarkCard, step: int) -> None:
        """Up and Down from a card to the one above or below it (the list does not wrap)."""
        if card in self.cards:
            index = self.cards.index(card) + step
            if 0 <= index < len(self.cards):
                self.cards[index].setFocus(Qt.FocusReason.OtherFocusReason)
                self.ensureWidgetVisible(self.cards[index])

    def _suggestion(self, mark: QuestionMark, card: MarkCard | None) -> Suggestion | None:
        """Suggestions are computed for cards on screen only: a hidden Morning (refreshed for the sidebar's
        count after every edit) does not pay for them; it asks again when shown."""
        if self.isVisible():
            return self._suggest(mark)
        self._suggestions_stale = True
        return card.suggestion if card is not None else None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._suggestions_stale:
            self._suggestions_stale = False
            self._reconcile()

    def _on_model_reset(self) -> None:
        self.limit = self.PAGE
        self._reconcile()

    def _on_more_clicked(self) -> None:
        self.limit += self.PAGE
        self._reconcile()

    def refresh_details(self) -> None:
        """Each card's detail line asked again (only a waiting card has one)."""
        if self._detail is not None:
            for card in self.cards:
                card.set_detail(self._detail(card.mark))

    def _reconcile(self, *_args: object) -> None:
        rows = self._model.rowCount()
        wanted = [self._model.mark(row) for row in range(min(self.limit, rows))]
        kept = {mark_key(card.mark): card for card in self.cards}
        cards: list[MarkCard] = []
        for mark in wanted:
            card = kept.pop(mark_key(mark), None)
            suggestion = self._suggestion(mark, card)
            if card is None:
                card = self._make(mark, suggestion)
            elif card.mark != mark or card.suggestion != suggestion:
                card.set_mark(mark, suggestion)
            cards.append(card)
        focused = QApplication.focusWidget()
        gone_focus = focused is not None and any(c is focused or c.isAncestorOf(focused) for c in kept.values())
        first_gone = min((self.cards.index(card) for card in kept.values() if card in self.cards), default=None)
        for card in kept.values():
            self._layout.removeWidget(card)
            card.hide()  # gone from the screen now, not when the event loop gets to deleting it
            card.deleteLater()
        for position, card in enumerate(cards):
            if self._layout.indexOf(card) != position:
                self._layout.insertWidget(position, card)
        self.cards = cards
        for position, card in enumerate(cards, start=1):
            card.describe(position, rows)
        if (gone_focus or self._focus_next) and first_gone is not None:
            self._focus_next = False
            if cards:
                cards[min(first_gone, len(cards) - 1)].setFocus()  # the next card, never nowhere
            else:
                self.emptied.emit()
        hidden = rows - len(cards)
        self.more.setText(f"Show {min(hidden, self.PAGE)} more of {hidden} question marks")
        self.more.setVisible(hidden > 0)
