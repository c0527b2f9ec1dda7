"""The window's pages, declared once: their keys, names, icons, who sees them and when they are built.

A new page is its module in ``ui/pages`` and one ``PageSpec`` here."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QHBoxLayout, QWidget

from organizer.core.domain import Change

if TYPE_CHECKING:
    from ui.qt_planner import QtPlanner


@dataclass(frozen=True)
class PageSpec:
    """A page, declared once: the sidebar, the stack, the Go menu, reloading and ``--view`` read it.

    ``factory`` is "module:Class", built with the planner; ``at_start`` False builds it when first
    shown (a page on QtCharts, or one that asks a server, keeps start-up waiting for neither);
    ``shown`` says who sees it.
    """

    key: str
    title: str
    menu_text: str
    factory: str
    at_start: bool = True
    shown: Callable[[QtPlanner], bool] = lambda _planner: True
    icon: str = ""

    @property
    def icon_name(self) -> str:
        return self.icon or self.key

    def build(self, planner: QtPlanner) -> QWidget:
        """The page itself (imported now: a page shown later is not imported at start)."""
        module, name = self.factory.split(":")
        page: QWidget = getattr(importlib.import_module(module), name)(planner)
        return page


def _managers(planner: QtPlanner) -> bool:
    return planner.team_role() == "manager"


PAGES = (
    PageSpec("morning", "Morning", "&Morning", "ui.pages.morning:MorningPage"),
    PageSpec("today", "Today", "&Today", "ui.pages.today:TodayPage"),
    PageSpec("accounts", "Accounts", "&Accounts", "ui.pages.accounts:AccountsPage"),
    PageSpec("plan", "Plan map", "&Plan map", "ui.pages.plan:PlanPage"),
    PageSpec("insights", "Insights", "&Insights", "ui.pages.insights:InsightsPage", at_start=False),
    PageSpec("team", "Team", "T&eam", "ui.pages.team:TeamPage", at_start=False, shown=_managers),
)


def page_widget(spec: PageSpec, planner: QtPlanner, wire: Callable[[QWidget], None]) -> QWidget:
    """The page now, or a stand-in that builds it when first shown; ``wire`` connects it to the window, once built."""

    def build() -> QWidget:
        page = spec.build(planner)
        wire(page)
        return page

    return build() if spec.at_start else LazyPage(build)


class Page(Protocol):
    """What the window asks of every page: a new query, and a refresh after a change."""

    def load(self) -> None: ...

    def refresh(self, change: Change | None) -> None: ...


class LazyPage(QWidget):
    """A page built when first shown: Insights needs QtCharts, Team asks the server; start-up waits for neither."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.page: Any = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def load(self) -> None:
        if self.page is None:
            self.page = self._build()
            self._layout.addWidget(self.page)
        self.page.load()

    def refresh(self, change: Change | None) -> None:
        if self.page is None:
            self.load()
        else:
            self.page.refresh(change)
