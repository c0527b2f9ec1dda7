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
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from organizer.core.domain import AccountView, GoalView, StepView, friendly

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
    """Mission on the left, goals in the middle, each goal's steps on the right."""

    BOX_W, STEP_W, ROW_H, GAP = 250.0, 300.0, 30.0, 14.0

    def draw(self, account: AccountView, today: dt.date, palette_text: QColor, palette_base: QColor) -> None:
        self.clear()
        font = QFont()
        bold = QFont()
        bold.setBold(True)
        small = QFont()
        small.setPointSizeF(max(font.pointSizeF() - 1, 7))
        groups: list[tuple[GoalView | None, tuple[StepView, ...]]] = [
            (g, account.steps_of(g.id)) for g in account.goals if g.status == "open"
        ]
        closed = [g for g in account.goals if g.status != "open"]
        loose = tuple(s for s in account.steps_of(None) if s.is_open or (s.done and (today - s.done).days <= 14))
        if loose:
            groups.append((None, loose))
        x_goal = self.BOX_W + 70
        x_step = x_goal + self.BOX_W + 60
        y = 0.0
        goal_centres: list[QPointF] = []
        for goal, steps in groups:
            shown = [s for s in steps if s.is_open] if goal is not None else list(steps)
            height = max(len(shown), 1) * (self.ROW_H + 6) - 6
            goal_rect = QRectF(x_goal, y + height / 2 - 22, self.BOX_W, 44)
            colour = PLANNED if goal is not None else UNDATED
            target = f"by {friendly(goal.target, today)}" if goal is not None and goal.target else ""
            self._box(
                goal_rect, colour, palette_base, palette_text, goal.title if goal else "Other steps", bold, target
            )
            goal_centres.append(QPointF(goal_rect.left(), goal_rect.center().y()))
            if not shown:
                warn = self.addText("no open step — a question mark", small)
                warn.setDefaultTextColor(OVERDUE)
                warn.setPos(x_step, y + 4)
                self._link(QPointF(goal_rect.right(), goal_rect.center().y()), QPointF(x_step, y + 14), OVERDUE, True)
            for row, step in enumerate(shown):
                top = y + row * (self.ROW_H + 6)
                rect = QRectF(x_step, top, self.STEP_W, self.ROW_H)
                colour = step_colour(step, today)
                when = friendly(step.due, today) if step.due else "no date"
                marker = "★ " if step.promised else ("Waiting: " if step.waiting else "")
                self._box(rect, colour, palette_base, palette_text, f"{marker}{step.title}", font, when)
                self._link(
                    QPointF(goal_rect.right(), goal_rect.center().y()),
                    QPointF(rect.left(), rect.center().y()),
                    colour,
                    step.due is None,
                )
            y += height + self.GAP * 2
        total_h = max(y - self.GAP * 2, 60.0)
        mission_rect = QRectF(0, total_h / 2 - 60, self.BOX_W, 120)
        path = QPainterPath()
        path.addRoundedRect(mission_rect, 10, 10)
        self.addPath(path, QPen(palette_text, 1.5), QBrush(palette_base))
        name = self.addText(account.name, bold)
        name.setDefaultTextColor(palette_text)
        name.setTextWidth(self.BOX_W - 16)
        name.setPos(mission_rect.left() + 8, mission_rect.top() + 6)
        mission = self.addText(account.mission or "No mission yet: why does this account matter?", small)
        mission.setDefaultTextColor(palette_text if account.mission else UNDATED)
        mission.setTextWidth(self.BOX_W - 16)
        mission.setPos(mission_rect.left() + 8, mission_rect.top() + 30)
        for centre in goal_centres:
            self._link(QPointF(mission_rect.right(), mission_rect.center().y()), centre, palette_text, False)
        if not groups:
            hint = self.addText("No goals yet: add one, then its first step.", font)
            hint.setDefaultTextColor(UNDATED)
            hint.setPos(x_goal, mission_rect.center().y() - 10)
        if closed:
            done_text = self.addText("Closed goals: " + "; ".join(f"{g.title} ({g.status})" for g in closed), small)
            done_text.setDefaultTextColor(UNDATED)
            done_text.setTextWidth(x_step + self.STEP_W)
            done_text.setPos(0, total_h + 16)
        self.setSceneRect(self.itemsBoundingRect().marginsAdded(QMarginsF(16, 16, 16, 16)))

    def _box(
        self, rect: QRectF, colour: QColor, base: QColor, text_colour: QColor, text: str, font: QFont, right: str = ""
    ) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, 6, 6)
        fill = QColor(colour)
        fill.setAlpha(40)
        self.addPath(path, QPen(colour, 1.5), QBrush(base))
        self.addPath(path, QPen(Qt.PenStyle.NoPen), QBrush(fill))
        bar = QRectF(rect.left(), rect.top(), 5, rect.height())
        self.addRect(bar, QPen(Qt.PenStyle.NoPen), QBrush(colour))
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
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.map_scene = PlanMapScene(self)
        self.setScene(self.map_scene)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def draw(self, account: AccountView, today: dt.date) -> None:
        palette = self.palette()
        self.map_scene.draw(account, today, palette.text().color(), palette.base().color())
        self._fit()

    def _fit(self) -> None:
        """The whole width in view when it fits at half size or more; tall maps scroll."""
        width = self.map_scene.sceneRect().width()
        if width <= 0:
            return
        scale = max(0.5, min(1.0, (self.viewport().width() - 4) / width))
        self.setTransform(QTransform.fromScale(scale, scale))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
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
