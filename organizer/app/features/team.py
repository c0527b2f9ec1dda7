"""Team mode for a window or a terminal signed in to a team's server (the server decides what each role may do)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.features._feature import Feature

if TYPE_CHECKING:
    from organizer.app import team_server as team


READ_ONLY = "This store is read-only (its file or folder may not be written): Daymap shows it, changes nothing."
MANAGER_READS = "Signed in as a manager: the reps plan their accounts; a manager reads them and hands them over."


class Team(Feature):
    _known: tuple[object, str | None] | None = None  # (the store, its role): a role does not change while connected

    def role(self) -> str | None:
        """ "manager", "rep", or None for a store of one's own (asked of the server once per store)."""
        from organizer.app import team_server as team

        store = self.workspace.store
        if self._known is None or self._known[0] is not store:
            self._known = (store, team.role_of(store))
        return self._known[1]

    def write_refusal(self, what: str = "plan") -> str | None:
        """Why the connecting role may not write ``what`` ("plan": accounts, steps, touches, imports;
        "settings": their own capacity, days off, mail and calendar), or None when it may: the words a front
        end shows before a form opens, the same as the server's row-level security will say at OK."""
        if self.workspace.store.read_only:
            return READ_ONLY
        if what == "plan" and self.role() == "manager":
            return MANAGER_READS
        return None

    def status(self) -> list[team.RepStatus]:
        from organizer.app import team_server as team

        return team.status(self.workspace.store, self.workspace.today)

    def rep_morning(self, rep: str) -> team.RepMorning:
        from organizer.app import team_server as team

        return team.rep_morning(self.workspace.store, rep, self.workspace.today)

    def handover(self, rep: str, to: str) -> int:
        """(Managers) every account of ``rep`` to ``to``, in one transaction; the history starts afresh."""
        from organizer.app import team_server as team

        return self.workspace.replace_all(lambda store: team.handover(store, rep, to))
