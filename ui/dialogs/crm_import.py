"""File ▸ Import from a CRM / contacts: which column goes where, and what will happen, before anything is written.

The dialog shows the file's columns with an example value and what each is imported
as (changeable), and the plan: the accounts and people that will be added, those
already in Daymap or repeated in the file, the rows skipped and why. Reading, mapping
and planning are the domain's (``organizer.app.transfer.crm``); Import applies the plan in one
all-or-nothing write.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.app.files import crm
from organizer.core.errors import DaymapError
from ui.qt_planner import QtPlanner


class CrmImportDialog(QDialog):
    def __init__(self, planner: QtPlanner, table: crm.Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.table = table
        self.plan: crm.ImportPlan | None = None
        self.setWindowTitle(f"Import {table.source.rsplit('/', 1)[-1]}")
        self.resize(820, 620)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        split = QSplitter(Qt.Orientation.Vertical)
        self.columns = QTableWidget(len(table.headers), 3)
        self.columns.setHorizontalHeaderLabels(["Column in the file", "Example", "Imported as"])
        self.columns.verticalHeader().setVisible(False)
        self.columns.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        guessed = list(table.fixed) if table.fixed else crm.guess_mapping(table.headers)
        for row, (header, target) in enumerate(zip(table.headers, guessed, strict=True)):
            self.columns.setItem(row, 0, QTableWidgetItem(header))
            self.columns.setItem(row, 1, QTableWidgetItem(table.sample(row).replace("\n", " ")[:80]))
            combo = QComboBox()
            combo.addItem("(not imported)", crm.IGNORE)
            for key, label in crm.TARGETS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(target), 0))
            combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
            combo.setEnabled(not table.fixed)  # a vCard's fields are fixed by the format
            self.columns.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.columns.resizeColumnToContents(0)
        self.columns.resizeColumnToContents(2)
        split.addWidget(self.columns)

        self.preview = QTreeWidget()
        self.preview.setHeaderLabels(["What happens", "Row"])
        self.preview.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.preview.header().setStretchLastSection(False)
        split.addWidget(self.preview)
        split.setSizes([220, 360])
        layout.addWidget(split, 1)

        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.replan()

    def mapping(self) -> list[str]:
        return [str(combo.currentData()) for combo in self.combos]

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self.replan()

    def replan(self) -> None:
        """The preview for the current mapping (a read: nothing is written)."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            self.plan = self.planner.core.documents.plan_import(self.table, self.mapping())
        except DaymapError as error:
            self.plan = None
            self.error.setText(f"This cannot be imported as it is: {error}")
            self.error.setVisible(True)
            self.preview.clear()
            ok.setEnabled(False)
            ok.setText("Import")
            return
        self.error.setVisible(False)
        plan = self.plan
        label = f"a {plan.label}" if plan.label else f"a {plan.crm}-style {plan.kind} export"
        notes = "".join(f"<br>{note}." for note in plan.notes)
        self.heading.setText(f"<b>{self.table.source}</b>: {label}, {plan.rows} rows.{notes}")
        self._fill_preview(plan)
        ok.setEnabled(not plan.empty)
        ok.setText(f"Import {plan.summary()}" if not plan.empty else "Nothing new to import")

    def _fill_preview(self, plan: crm.ImportPlan) -> None:
        self.preview.clear()

        def group(title: str, rows: list[tuple[str, int]]) -> None:
            if not rows:
                return
            top = QTreeWidgetItem([f"{title} ({len(rows)})", ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for text, row in rows:
                top.addChild(QTreeWidgetItem([text, str(row)]))
            self.preview.addTopLevelItem(top)
            top.setExpanded(len(rows) <= 50)

        group("New accounts", [(f"{a.name} — {a.stage}", a.row) for a in plan.new_accounts])
        group("New people", [(_person(c), c.row) for c in plan.contacts])
        group(
            "Already in Daymap: left as they are, new people join them",
            [(a.name, a.row) for a in plan.matched_accounts],
        )
        group(
            "Duplicates: not added",
            [(f"{d.what.capitalize()} {d.name}, same as {d.of}", d.row) for d in plan.duplicates],
        )
        group("Skipped", [(reason, row) for row, reason in plan.skipped])

    def accept(self) -> None:
        if self.plan is None or self.plan.empty:
            return
        try:
            self.planner.documents.import_table(self.plan)
        except DaymapError as error:
            self.error.setText(f"Nothing was imported: {error}")
            self.error.setVisible(True)
            return
        super().accept()


def _person(contact: crm.NewContact) -> str:
    title = f", {contact.title}" if contact.title else ""
    email = f" <{contact.email}>" if contact.email else ""
    return f"{contact.name}{title}{email} — {contact.account_name}"
