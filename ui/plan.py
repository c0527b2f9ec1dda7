"""One account's plan map: the picture (mission → goals → steps), the editable tree,
the people and what resonated with them, the touches, and the manager's brief."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from organizer.core.domain import AccountView, Change, GoalView, StepView, friendly
from organizer.core.errors import DaymapError, StoreError
from organizer.formats.brief import move_sentence
from ui.actions import StepFlows
from ui.models import ContactsModel, PlanTreeModel, Roles, TouchesModel
from ui.reports import save_report
from ui.resources import icon
from ui.session import QtSession
from ui.widgets import button_row, read_only_table

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


class PlanPage(QWidget):
    """The plan map of one account; ``show_account`` is a new query, writes refresh it in place."""

    closed = Signal()
    calendar_requested = Signal()  # export this account's dated steps to a calendar file

    def __init__(self, session: QtSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.flows = StepFlows(session, self)
        self.account: AccountView | None = None
        self.tree_model = PlanTreeModel(self)
        self.tree_model.edit_requested.connect(self._on_tree_model_edit_requested)
        self.contacts_model = ContactsModel(self)
        self.touches_model = TouchesModel(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        header = QHBoxLayout()
        self.title = QLabel("Plan map")
        self.title.setObjectName("pageTitle")
        header.addWidget(self.title)
        self.stage = QLabel()
        self.stage.setObjectName("hint")
        header.addWidget(self.stage)
        header.addStretch(1)
        self.edit_account = QPushButton(icon("edit"), "Edit account…")
        self.edit_account.clicked.connect(self._on_edit_account_clicked)
        header.addWidget(self.edit_account)
        self.touch_button = QPushButton(icon("touch"), "Log touch…")
        self.touch_button.setToolTip("Log a call, email or visit (Ctrl+T)")
        self.touch_button.setShortcut("Ctrl+T")
        self.touch_button.clicked.connect(self._on_touch_button_clicked)
        header.addWidget(self.touch_button)
        layout.addLayout(header)
        self.empty = QLabel("Choose an account in Accounts (Ctrl+3) to see its plan map.")
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        self.split = QSplitter(Qt.Orientation.Vertical)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.map = PlanMapView()
        left_box.addWidget(self.map, 1)
        legend = QHBoxLayout()
        for text, colour in (
            ("overdue", OVERDUE),
            ("today", TODAY),
            ("planned", PLANNED),
            ("no date", UNDATED),
            ("done", DONE),
        ):
            chip = QLabel(f"<span style='color:{colour.name()}'>■</span> {text}")
            legend.addWidget(chip)
        legend.addStretch(1)
        export = QPushButton(icon("image"), "Export PNG…")
        export.clicked.connect(self._on_export_clicked)
        legend.addWidget(export)
        left_box.addLayout(legend)
        self.split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_plan_tab(), icon("goal"), "Plan")
        self.tabs.addTab(self._build_people_tab(), icon("person"), "People")
        self.tabs.addTab(self._build_touches_tab(), icon("touch"), "Touches")
        self.tabs.addTab(self._build_brief_tab(), icon("copy"), "Brief")
        self.split.addWidget(self.tabs)
        self.split.setSizes([340, 380])
        layout.addWidget(self.split, 1)
        self._update_visibility()

    # --- tabs ------------------------------------------------------------------------------------------

    def _build_plan_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)  # no per-row size queries: 200 steps open at once
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Fixed widths, not ResizeToContents: that would ask every row for its size on each refresh.
        for column, width in (
            (PlanTreeModel.DUE, 130),
            (PlanTreeModel.TIME, 60),
            (PlanTreeModel.MINUTES, 90),
            (PlanTreeModel.STATUS, 80),
            (PlanTreeModel.CONTACT, 140),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(PlanTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.tree, 1)
        row, _buttons = button_row(
            [
                ("goal", "Goal…", "", self._add_goal),
                ("add", "Step…", "", self._add_step),
                ("done", "Done…", "", self._done),
                ("drop", "Drop…", "", self._drop),
                ("edit", "Edit…", "", self._edit),
            ]
        )
        box.addLayout(row)
        return page

    def _build_people_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.people = read_only_table(self.contacts_model, alternating=False, wrap=False)
        self.people.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.people.doubleClicked.connect(self._edit_person)
        box.addWidget(self.people, 1)
        self.moves = QLabel()
        self.moves.setObjectName("moves")
        self.moves.setWordWrap(True)
        self.moves.setTextFormat(Qt.TextFormat.RichText)
        self.moves.linkActivated.connect(self.show_account)  # each link is another account's id
        box.addWidget(self.moves)
        row, _buttons = button_row(
            [
                ("add", "Person…", "", lambda: self.account and self.flows.add_contact(self.account.id)),
                ("edit", "Edit…", "", self._edit_person),
                ("next", "Moved to…", "They changed companies: keep them, and where they were", self._move_person),
            ]
        )
        box.addLayout(row)
        return page

    def _build_touches_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.touches = read_only_table(self.touches_model, alternating=False, wrap=False)
        self.touches.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.touches, 1)
        row, _buttons = button_row(
            [("touch", "Log touch…", "", lambda: self.account and self.flows.log_touch(self.account.id))]
        )
        box.addLayout(row)
        return page

    def _build_brief_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.brief = QTextBrowser()
        self.brief.setOpenLinks(False)
        box.addWidget(self.brief, 1)
        row = QHBoxLayout()
        copy = QPushButton(icon("copy"), "Copy")
        copy.setToolTip("Copy the brief to the clipboard, for an email or a chat")
        copy.clicked.connect(self.copy_brief)
        row.addWidget(copy)
        save = QPushButton(icon("save"), "Save as PDF or HTML…")
        save.clicked.connect(self._on_save_brief_clicked)
        row.addWidget(save)
        calendar = QPushButton(icon("calendar"), "Export to calendar…")
        calendar.setToolTip("This account's dated steps as an .ics file for Outlook or Google Calendar")
        calendar.clicked.connect(self.calendar_requested.emit)
        row.addWidget(calendar)
        row.addStretch(1)
        box.addLayout(row)
        return page

    # --- loading ----------------------------------------------------------------------------------------

    def _on_edit_account_clicked(self) -> None:
        if self.account is not None:
            self.flows.edit_account(self.account.id)

    def _on_touch_button_clicked(self) -> None:
        if self.account is not None:
            self.flows.log_touch(self.account.id)

    def show_account(self, account_id: str | None) -> None:
        """Another account: every model is reset."""
        account = None
        if account_id:
            try:
                account = self.session.account(account_id)
            except DaymapError:
                account = None
        self.account = account
        today = self.session.today
        self.tree_model.reset_account(account, today)
        self.contacts_model.reset_rows(account.contacts if account else ())
        self.touches_model.set_names({c.id: c.name for c in account.contacts} if account else {}, today)
        self.touches_model.reset_rows(account.touches if account else ())
        self.tree.expandAll()
        self._draw()

    def load(self) -> None:
        """The open account read afresh (a new query)."""
        self.show_account(self.account.id if self.account is not None else None)

    def _shows(self, change: Change) -> bool:
        """Does this change touch what the plan map shows: its account, or a person who moved in or out?"""
        if change.kind == "import" or self.account is None or change.touches_account(self.account.id):
            return True
        return change.kind == "contact" and any(move.contact in change.ids for move in self.account.moves)

    def refresh(self, change: Change | None = None) -> None:
        if self.account is None:
            return
        if change is not None and not self._shows(change):
            return
        try:
            account = self.session.account(self.account.id)
        except DaymapError:
            self.show_account(None)
            return
        self.account = account
        self.tree_model.update_account(account)
        self.contacts_model.update_rows(account.contacts)
        self.touches_model.set_names({c.id: c.name for c in account.contacts}, self.session.today)
        self.touches_model.update_rows(account.touches)
        self.tree.expandAll()
        self._draw()

    def _draw(self) -> None:
        account = self.account
        self._update_visibility()
        self.moves.setText(moves_html(account) if account is not None else "")
        self.moves.setVisible(bool(account is not None and account.moves))
        if account is None:
            self.title.setText("Plan map")
            self.stage.setText("")
            self.brief.clear()
            self.map.map_scene.clear()
            return
        self.title.setText(account.name)
        parts = [account.stage.capitalize()]
        if account.archived:
            parts.append("archived")
        if account.industry:
            parts.append(account.industry)
        if account.cadence_days:
            parts.append(f"in touch every {account.cadence_days} days")
        if account.renewal:
            parts.append(f"renewal {friendly(account.renewal, self.session.today)}")
        self.stage.setText(" · ".join(parts))
        self.map.draw(account, self.session.today)
        self.brief.setHtml(self.session.brief_html(account))

    def _update_visibility(self) -> None:
        has = self.account is not None
        self.empty.setVisible(not has)
        self.split.setVisible(has)
        self.edit_account.setEnabled(has)
        self.touch_button.setEnabled(has)

    # --- verbs -----------------------------------------------------------------------------------------------

    def selected_object(self) -> GoalView | StepView | None:
        return self.tree_model.object_at(self.tree.currentIndex().siblingAtColumn(0))

    def _on_tree_model_edit_requested(self, kind: str, object_id: str, values: dict[str, object], version: int) -> None:
        try:
            self.session.update(kind, object_id, values, f"Edit {kind}", version)
        except DaymapError as error:
            self.flows.report(error)

    def _add_goal(self) -> None:
        if self.account:
            self.flows.add_goal(self.account.id)

    def _add_step(self) -> None:
        if self.account is None:
            return
        selected = self.selected_object()
        goal = selected.id if isinstance(selected, GoalView) else (selected.goal if selected else None)
        self.flows.schedule(self.account.id, goal=goal, heading=f"{self.account.name}: new step")

    def _done(self) -> None:
        selected = self.selected_object()
        if isinstance(selected, StepView) and selected.is_open:
            self.flows.complete(selected.id)
        elif isinstance(selected, GoalView) and selected.status == "open":
            self.flows.set_goal_status(selected.id, "achieved")

    def _drop(self) -> None:
        selected = self.selected_object()
        if isinstance(selected, StepView) and selected.is_open:
            self.flows.drop(selected.id)
        elif isinstance(selected, GoalView) and selected.status == "open":
            self.flows.set_goal_status(selected.id, "dropped")

    def _edit(self) -> None:
        selected = self.selected_object()
        if isinstance(selected, StepView):
            self.flows.edit_step(selected.id)
        elif isinstance(selected, GoalView) and self.account:
            self.flows.edit_goal(self.account.id, selected.id)

    def _selected_person(self) -> str | None:
        index = self.people.currentIndex()
        return str(self.contacts_model.data(index, Roles.ID)) if index.isValid() else None

    def _move_person(self) -> None:
        person = self._selected_person()
        if self.account and person:
            self.flows.move_contact(self.account.id, person)

    def _edit_person(self, *_args: object) -> None:
        person = self._selected_person()
        if self.account and person:
            self.flows.edit_contact(self.account.id, person)

    def copy_brief(self) -> None:
        if self.account:
            clipboard = QGuiApplication.clipboard()
            from PySide6.QtCore import QMimeData

            data = QMimeData()
            data.setHtml(self.session.brief_html(self.account))
            data.setText(self.session.brief_text(self.account))
            clipboard.setMimeData(data)

    def _on_save_brief_clicked(self) -> None:
        if self.account is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the brief", f"{self.account.name} brief.pdf", "PDF (*.pdf);;Web page (*.html)"
        )
        if name:
            self.save_brief(name)

    def save_brief(self, path: str | Path) -> bool:
        """The manager's brief as a PDF (by the name's suffix) or an HTML page."""
        if self.account is None:
            return False
        try:
            save_report(self.session.brief_html(self.account), Path(path), f"{self.account.name} — status brief")
        except OSError as error:
            self.flows.report(StoreError(f"The brief was not saved: {error.strerror or error}"))
            return False
        return True

    def _on_export_clicked(self) -> None:
        if self.account is None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, "Export the map", f"{self.account.name}.png", "PNG (*.png)")
        if name:
            self.map.export_png(name)


def moves_html(account: AccountView) -> str:
    """The people who moved in or out, each other account a link to its plan map (every name escaped)."""
    lines = []
    for move in account.moves:
        before, other, name, after = move_sentence(account, move)
        link = f"<a href='{html.escape(other, quote=True)}'>{html.escape(name)}</a>"
        lines.append(f"{html.escape(before)}{link}{html.escape(after)}")
    return "<b>People who moved</b><br>" + "<br>".join(lines) if lines else ""
