"""Team mode for a window or a terminal signed in to a team's server (the server decides what each role may do)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.features._feature import Feature

if TYPE_CHECKING:
    from organizer.app import team


class Team(Feature):
    def role(self) -> str | None:
        """ "manager", "rep", or None for a store of one's own."""
        from organizer.app import team

        return team.role_of(self.workspace.store)

    def status(self) -> list[team.RepStatus]:
        from organizer.app import team

        return team.status(self.workspace.store, self.workspace.today)

    def rep_morning(self, rep: str) -> team.RepMorning:
        from organizer.app import team

        return team.rep_morning(self.workspace.store, rep, self.workspace.today)

    def handover(self, rep: str, to: str) -> int:
        """(Managers) every account of ``rep`` to ``to``, in one transaction; the history starts afresh."""
        from organizer.app import team

        return self.workspace.replace_all(lambda store: team.handover(store, rep, to))
