"""The application layer: every user action of Daymap, for every front end.

The window (through ``ui/qt_planner.py``), the CLI's commands, the sync and mail readers and
the tests that play a month of mornings all drive one :class:`Planner`. It is the workspace
(the store, the day, the mornings computed so far and the undo history) and its features,
each a part of it: ``planner.steps``, ``planner.accounts``, ``planner.days``,
``planner.documents``, ``planner.team``, ``planner.mail`` and ``planner.calendar`` (the CalDAV
calendar and the feeds) (``organizer/app/features``). Every action is one
transaction, one ``Change`` and one history entry. Values use the exchange-format names
(``due``, ``contact`` …).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from organizer.app.features.accounts import Accounts
from organizer.app.features.calendar import Calendar
from organizer.app.features.days import Days
from organizer.app.features.documents import Documents
from organizer.app.features.mail import Mail
from organizer.app.features.steps import CHASE_CHANNEL, RENEGOTIATE_CHANNEL, Steps
from organizer.app.features.team import Team
from organizer.app.workspace import Workspace

if TYPE_CHECKING:
    from organizer.store.database import Store
    from organizer.store.kept import Kept

__all__ = ["CHASE_CHANNEL", "RENEGOTIATE_CHANNEL", "Planner"]


class Planner(Workspace):
    """The workspace and its features: ``planner.steps.complete(…)``, ``planner.days.confirm()`` …"""

    def __init__(self, store: Store | None, today: dt.date | None = None, kept: Kept | None = None) -> None:
        super().__init__(store, today, kept)
        self.steps = Steps(self)
        self.accounts = Accounts(self)
        self.days = Days(self)
        self.documents = Documents(self)
        self.team = Team(self)
        self.mail = Mail(self)
        self.calendar = Calendar(self)
