"""The plan map drawn: mission → goals → steps as boxes, coloured by how each step stands today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from organizer.core.dates import friendly
from organizer.core.domain import AccountView, GoalView, StepView

DONE, DROPPED, OVERDUE, TODAY, PLANNED, UNDATED = (
    QColor("#2e9b5f"),
    QColor("#9aa0a6"),
    QColor("#d0483a"),
    QColor("#d68910"),
    QColor("#3d7fd6"),
    QColor("#7f8c8d"),
)


def step_colour(step: StepView, today: dt.date) -> QColor:
    """Status and due date as a colour: the map's legend."""
    if step.status == "done":
        return DONE
    if step.status == "dropped":
        return DROPPED
    if step.due is None:
        return UNDATED
    if step.due < today:
        return OVERDUE
    if step.due == today:
        return TODAY
    return PLANNED


class PlanMapScene(QGraphicsScene):
    """Mission on the left, goals in the middle, each goal's steps on the right, across the width given.

    Goal titles wrap rather than being cut; a closed goal that still holds open steps is drawn
    greyed with them, "parked" (no rule counts them).
    """

    ROW_H, GAP, MARGIN = 30.0, 14.0, 16.0
    MIN_WIDTH = 880.0

    def draw(
        self, account: AccountView, today: dt.date, palette_text: QColor, palette_base: QColor, width: float = 0.0
    ) -> None:
        self.clear()
        font = QFont()
        bold = QFont()
        bold.setBold(True)
        small = QFont()
        small.setPointSizeF(max(font.pointSizeF() - 1, 7))
        width = max(width - 2 * self.MARGIN, self.MIN_WIDTH)
        mission_w = min(max(width * 0.2, 200.0), 300.0)
        goal_w = min(max(width * 0.3, 230.0), 400.0)
        x_goal = mission_w + 60
        x_step = x_goal + goal_w + 50
        step_w = width - x_step
        groups: list[tuple[GoalView | None, list[StepView]]] = [
            (g, [s for s in account.steps_of(g.id) if s.is_open]) for g in account.goals if g.status == "open"
        ]
        loose = [s for s in account.steps_of(None) if s.is_open or (s.done and (today - s.done).days <= 14)]
        if loose:
            groups.append((None, loose))
        parked = [(g, [s for s in account.steps_of(g.id) if s.is_open]) for g in account.goals if g.status != "open"]
        groups.extend((g, steps) for g, steps in parked if steps)
        closed = [g for g, steps in parked if not steps]
        y = 0.0
        goal_centres: list[tuple[QPointF, bool]] = []  # where each goal's link ends, and whether it is parked
        for goal, shown in groups:
            is_parked = goal is not None and goal.status != "open"
            title = goal.title if goal is not None else "Other steps"
            if goal is not None and is_parked:
                title += f" ({goal.status})"
            target = f"by {friendly(goal.target, today)}" if goal is not None and goal.target and not is_parked else ""
            steps_h = max(len(shown), 1) * (self.ROW_H + 6) - 6
            goal_h = self._text_height(title, bold, goal_w - 20) + (18 if target else 0) + 16
            height = max(steps_h, goal_h)
            goal_rect = QRectF(x_goal, y + (height - goal_h) / 2, goal_w, goal_h)
            colour = DROPPED if is_parked else (PLANNED if goal is not None else UNDATED)
            self._goal_box(goal_rect, colour, palette_base, palette_text, title, bold, small, target)
            goal_centres.append((QPointF(goal_rect.left(), goal_rect.center().y()), is_parked))
            steps_top = y + (height - steps_h) / 2
            if not shown:
                warn = self.addText("no open step — a question mark", small)
                warn.setDefaultTextColor(OVERDUE)
                warn.setPos(x_step, steps_top + 4)
                self._link(
                    QPointF(goal_rect.right(), goal_rect.center().y()), QPointF(x_step, steps_top + 14), OVERDUE, True
                )
            for row, step in enumerate(shown):
                rect = QRectF(x_step, steps_top + row * (self.ROW_H + 6), step_w, self.ROW_H)
                colour = DROPPED if is_parked else step_colour(step, today)
                when = "parked" if is_parked else (friendly(step.due, today) if step.due else "no date")
                marker = "★ " if step.promised else ("Waiting: " if step.waiting else "")
                marker = ("Meeting: " if step.event else "") + marker  # from the calendar (the plan tree: its icon)
                text_colour = UNDATED if is_parked else palette_text
                self._box(rect, colour, palette_base, text_colour, f"{marker}{step.title}", font, when)
                self._link(
                    QPointF(goal_rect.right(), goal_rect.center().y()),
                    QPointF(rect.left(), rect.center().y()),
                    colour,
                    step.due is None or is_parked,
                )
            y += height + self.GAP * 2
        total_h = max(y - self.GAP * 2, 60.0)
        self._mission(account, QRectF(0, 0, mission_w, 0), total_h, palette_text, palette_base, bold, small)
        mission_right = QPointF(mission_w, total_h / 2)
        for centre, is_parked in goal_centres:
            self._link(mission_right, centre, DROPPED if is_parked else palette_text, is_parked)
        if not groups:
            hint = self.addText("No goals yet: add one, then its first step.", font)
            hint.setDefaultTextColor(UNDATED)
            hint.setPos(x_goal, total_h / 2 - 10)
        if closed:
            done_text = self.addText("Closed goals: " + "; ".join(f"{g.title} ({g.status})" for g in closed), small)
            done_text.setDefaultTextColor(UNDATED)
            done_text.setTextWidth(width)
            done_text.setPos(0, max(total_h, 120.0) + 16)
        self.setSceneRect(self.itemsBoundingRect().marginsAdded(QMarginsF(16, 16, 16, 16)))

    def _mission(
        self,
        account: AccountView,
        column: QRectF,
        total_h: float,
        text: QColor,
        base: QColor,
        bold: QFont,
        small: QFont,
    ) -> None:
        """The account's box: its name and mission, as tall as its text needs, centred on the goals."""
        mission_text = account.mission or "No mission yet: why does this account matter?"
        inner = column.width() - 16
        height = max(
            self._text_height(account.name, bold, inner) + self._text_height(mission_text, small, inner) + 24, 80
        )
        rect = QRectF(0, total_h / 2 - height / 2, column.width(), height)
        path = QPainterPath()
        path.addRoundedRect(rect, 10, 10)
        self.addPath(path, QPen(text, 1.5), QBrush(base))
        name = self.addText(account.name, bold)
        name.setDefaultTextColor(text)
        name.setTextWidth(inner)
        name.setPos(rect.left() + 8, rect.top() + 6)
        mission = self.addText(mission_text, small)
        mission.setDefaultTextColor(text if account.mission else UNDATED)
        mission.setTextWidth(inner)
        mission.setPos(rect.left() + 8, rect.top() + 10 + name.boundingRect().height())

    @staticmethod
    def _text_height(text: str, font: QFont, width: float) -> float:
        flags = int(Qt.TextFlag.TextWordWrap)
        return QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 10_000), flags, text).height()

    def _goal_box(
        self,
        rect: QRectF,
        colour: QColor,
        base: QColor,
        text: QColor,
        title: str,
        bold: QFont,
        small: QFont,
        target: str,
    ) -> None:
        """A goal: its whole title, wrapped, and its target date under it."""
        self._frame(rect, colour, base).setToolTip(title + (f" — {target}" if target else ""))
        label = self.addText(title, bold)
        label.setDefaultTextColor(UNDATED if colour == DROPPED else text)
        label.setTextWidth(rect.width() - 16)
        label.setPos(rect.left() + 8, rect.top() + 4)
        if target:
            when = self.addSimpleText(target, small)
            when.setBrush(colour)
            when.setPos(rect.left() + 12, rect.bottom() - when.boundingRect().height() - 6)

    def _frame(self, rect: QRectF, colour: QColor, base: QColor) -> QGraphicsPathItem:
        path = QPainterPath()
        path.addRoundedRect(rect, 6, 6)
        fill = QColor(colour)
        fill.setAlpha(40)
        self.addPath(path, QPen(colour, 1.5), QBrush(base))
        tinted = self.addPath(path, QPen(Qt.PenStyle.NoPen), QBrush(fill))
        bar = QRectF(rect.left(), rect.top(), 5, rect.height())
        self.addRect(bar, QPen(Qt.PenStyle.NoPen), QBrush(colour))
        return tinted

    def _box(
        self, rect: QRectF, colour: QColor, base: QColor, text_colour: QColor, text: str, font: QFont, right: str = ""
    ) -> None:
        self._frame(rect, colour, base).setToolTip(text + (f" — {right}" if right else ""))
        right_width = QFontMetricsF(font).horizontalAdvance(right) + 16 if right else 0.0
        label = self.addSimpleText(self._elide(text, font, rect.width() - right_width - 20), font)
        label.setBrush(text_colour)
        label.setPos(rect.left() + 12, rect.center().y() - label.boundingRect().height() / 2)
        if right:
            when = self.addSimpleText(right, font)
            when.setBrush(colour)
            when.setPos(
                rect.right() - when.boundingRect().width() - 8, rect.center().y() - when.boundingRect().height() / 2
            )

    @staticmethod
    def _elide(text: str, font: QFont, width: float) -> str:
        return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)

    def _link(self, start: QPointF, end: QPointF, colour: QColor, dashed: bool) -> None:
        path = QPainterPath(start)
        middle = (start.x() + end.x()) / 2
        path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
        pen = QPen(colour, 1.4)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.addPath(path, pen)


class PlanMapView(QGraphicsView):
    """The map across the view's width; drawn again when the width changes (the boxes grow, not the text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: tuple[AccountView, dt.date] | None = None
        self._drawn_width = 0.0
        self.map_scene = PlanMapScene(self)
        self.setScene(self.map_scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def draw(self, account: AccountView, today: dt.date) -> None:
        self._shown = (account, today)
        palette = self.palette()
        self._drawn_width = float(self.viewport().width() - 4)
        self.map_scene.draw(account, today, palette.text().color(), palette.base().color(), self._drawn_width)
        self._fit()

    def clear(self) -> None:
        self._shown = None
        self.map_scene.clear()

    def _fit(self) -> None:
        """Narrower than the map's least width: shrunk to fit, down to half size; tall maps scroll."""
        width = self.map_scene.sceneRect().width()
        if width <= 0:
            return
        scale = max(0.5, min(1.0, (self.viewport().width() - 4) / width))
        self.setTransform(QTransform.fromScale(scale, scale))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._shown is not None and abs(self.viewport().width() - 4 - self._drawn_width) > 24:
            self.draw(*self._shown)
        else:
            self._fit()

    def export_png(self, path: str | Path) -> bool:
        rect = self.map_scene.sceneRect()
        image = QImage(int(rect.width() * 2), int(rect.height() * 2), QImage.Format.Format_ARGB32)
        image.fill(self.palette().base().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.map_scene.render(painter, QRectF(image.rect()), rect)
        painter.end()
        return bool(image.save(str(path), "PNG"))  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
