"""Accounts: the territory as a filterable list, each account's question marks as a badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core.domain import Change
from organizer.core.vocabulary import ACTIVE_STAGES, Stage, words
from ui.flows import StepFlows
from ui.models import AccountsModel, Roles
from ui.qt_planner import QtPlanner
from ui.resources import icon
from ui.widgets import page_shortcut, read_only_table

STAGES = words(Stage)
STAGE_FILTERS = (
    ("Active (prospects and clients)", "active"),
    ("All accounts", "all"),
    ("Prospects", "prospect"),
    ("Clients", "client"),
    ("Former clients", "former"),
    ("With question marks", "marks"),
    ("Archived", "archived"),
)


class AccountFilterProxy(QSortFilterProxyModel):
    """Filters by the text box (name, industry) and the stage choice; sorts by Roles.SORT."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.stage = "active"
        self.text = ""  # what the rep typed, as typed: a plain substring, never a pattern
        self.setSortRole(Roles.SORT)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_stage(self, stage: str) -> None:
        self.beginFilterChange()
        self.stage = stage
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = _folded(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        summary = model.data(model.index(source_row, 0, source_parent), Roles.OBJECT)
        if summary is None:
            return False
        stage = self.stage
        if stage == "archived":
            if not summary.archived:
                return False
        elif (
            (summary.archived and stage != "all")
            or (stage == "active" and summary.stage not in ACTIVE_STAGES)
            or (stage == "marks" and not summary.marks)
            or (stage in STAGES and summary.stage != stage)
        ):
            return False
        if not self.text:
            return True
        return self.text in _folded(f"{summary.name} {summary.industry or ''}")


def _folded(text: str) -> str:
    """Case-insensitive, and a typed ' matches the ’ a CRM import may have brought (and back)."""
    return text.replace("\u2019", "'").replace("\u2018", "'").casefold()


class BadgeDelegate(QStyledItemDelegate):
    """Draws an account's question-mark count as a red pill."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        count = index.data(Roles.BADGE)
        if not count:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(style.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect)
        size = min(rect.height() - 6, 20)
        width = max(size, 12 + 7 * len(str(count)))
        pill = QRectF(rect.center().x() - width / 2, rect.center().y() - size / 2, width, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#d0483a"))
        painter.drawRoundedRect(pill, size / 2, size / 2)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.restore()


class AccountsPage(QWidget):
    plan_requested = Signal(str)

    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.flows = StepFlows(planner, self)
        self.model = AccountsModel(planner.today, self)
        self.proxy = AccountFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        header = QHBoxLayout()
        title = QLabel("Accounts")
        title.setObjectName("pageTitle")
        header.addWidget(title)
        header.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName("hint")
        header.addWidget(self.count)
        layout.addLayout(header)

        filters = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter accounts by name or industry")
        self.filter.setPlaceholderText("Filter by name or industry (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        filters.addWidget(self.filter, 1)
        self.stage = QComboBox()
        for text, key in STAGE_FILTERS:
            self.stage.addItem(text, key)
        self.stage.currentIndexChanged.connect(self._on_stage_current_index_changed)
        filters.addWidget(self.stage)
        layout.addLayout(filters)

        self.table = read_only_table(self.proxy, "Accounts")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(AccountsModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(AccountsModel.MARKS, BadgeDelegate(self.table))
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(AccountsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header_view.setSectionResizeMode(AccountsModel.NEXT_STEP, QHeaderView.ResizeMode.Stretch)
        header_view.resizeSection(AccountsModel.MARKS, 48)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        new = QPushButton(icon("add"), "New account…")
        new.setToolTip("Create an account (Ctrl+Shift+N)")
        new.clicked.connect(self.new_account)
        buttons.addWidget(new)
        self.open_button = QPushButton(icon("plan"), "Open plan map")
        self.open_button.clicked.connect(self._open_selected)
        buttons.addWidget(self.open_button)
        self.edit_button = QPushButton(icon("edit"), "Edit…")
        self.edit_button.clicked.connect(self._edit_selected)
        buttons.addWidget(self.edit_button)
        self.archive_button = QPushButton(icon("archive"), "Archive")
        self.archive_button.clicked.connect(self._archive_selected)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        page_shortcut(self, QKeySequence.StandardKey.Find, "Filter the accounts", self.filter.setFocus)
        self._update_buttons()

    def load(self) -> None:
        self.model.reset_summaries(self.planner.core.summaries(), self.planner.today)
        self._update_count()

    def refresh(self, _change: Change | None = None) -> None:
        self.model.update_summaries(self.planner.core.summaries())
        self._update_count()
        self._update_buttons()

    def _update_count(self, *_args: object) -> None:
        total = self.model.total()
        shown = self.proxy.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count.setText(f"{shown}{more} of {total} account{'s' * (total != 1)}")

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _on_stage_current_index_changed(self, _index: int) -> None:
        self.proxy.set_stage(self.stage.currentData())
        self._update_count()

    def selected_account(self) -> Any:
        index = self.table.currentIndex()
        return self.proxy.data(index, Roles.OBJECT) if index.isValid() else None

    def select_account(self, account_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), Roles.ID) == account_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self, *_args: object) -> None:
        summary = self.selected_account()
        for button in (self.open_button, self.edit_button, self.archive_button):
            button.setEnabled(summary is not None)
        self.archive_button.setText("Restore" if summary is not None and summary.archived else "Archive")

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        account = self.proxy.data(index, Roles.ID)
        if account:
            self.plan_requested.emit(account)

    def _open_selected(self) -> None:
        summary = self.selected_account()
        if summary is not None:
            self.plan_requested.emit(summary.id)

    def _edit_selected(self) -> None:
        summary = self.selected_account()
        if summary is not None:
            self.flows.edit_account(summary.id)

    def _archive_selected(self) -> None:
        summary = self.selected_account()
        if summary is not None:
            self.flows.set_archived(summary.id, not summary.archived)

    def new_account(self) -> None:
        created = self.flows.new_account()
        if created:
            self.plan_requested.emit(created)
