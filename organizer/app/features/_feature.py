"""What every feature is given: the workspace it acts in."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from organizer.app.workspace import Workspace


class Feature:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
