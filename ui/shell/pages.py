"""The window's pages, declared once: their keys, their names in the sidebar and the Go menu,
and the pages built only when first shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QHBoxLayout, QWidget

from organizer.core.domain import Change

if TYPE_CHECKING:
    from ui.pages.insights import InsightsPage
    from ui.pages.team import TeamPage
    from ui.session import QtSession


@dataclass(frozen=True)
class PageSpec:
    """A page, declared once: its key (settings, tests), its name in the sidebar and in the Go menu."""

    key: str
    title: str
    menu_text: str


PAGES = (
    PageSpec("morning", "Morning", "&Morning"),
    PageSpec("today", "Today", "&Today"),
    PageSpec("accounts", "Accounts", "&Accounts"),
    PageSpec("plan", "Plan map", "&Plan map"),
    PageSpec("insights", "Insights", "&Insights"),
    PageSpec("team", "Team", "T&eam"),  # a manager's, on a team's server
)


class Page(Protocol):
    """What the window asks of every page: a new query, and a refresh after a change."""

    def load(self) -> None: ...

    def refresh(self, change: Change | None) -> None: ...


class LazyPage(QWidget):
    """A page built when first shown: Insights needs QtCharts, Team asks the server; start-up waits for neither."""

    def __init__(self, build: Callable[[], InsightsPage | TeamPage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.page: InsightsPage | TeamPage | None = None
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


def insights_page(session: QtSession) -> InsightsPage:
    from ui.pages.insights import InsightsPage

    return InsightsPage(session)


def team_page(session: QtSession) -> TeamPage:
    from ui.pages.team import TeamPage

    return TeamPage(session)
