"""Qt models: thin adapters over the domain's snapshots.

The domain owns the data. A model holds the last snapshot it was given and, on a
refresh, translates the difference into Qt's vocabulary: rows that went are removed,
new rows inserted, moved rows moved, and ``dataChanged`` covers only the rows whose
snapshot changed. A model is reset only for a new query (another day, another account).
"""

from ui.models.accounts import AccountsModel
from ui.models.base import (
    NO_INDEX,
    STEP_MIME,
    WARNING,
    Column,
    Roles,
    SnapshotTableModel,
    due_text,
    mark_icon_name,
    minutes_text,
    sync_rows,
)
from ui.models.day import DayModel, QuestionMarkModel, WaitingModel, mark_key, reorder
from ui.models.plan import ContactsModel, PlanTreeModel, TouchesModel
from ui.models.team import TeamModel

__all__ = [
    "NO_INDEX", "STEP_MIME", "WARNING", "AccountsModel", "Column", "ContactsModel", "DayModel", "PlanTreeModel",
    "QuestionMarkModel", "Roles", "SnapshotTableModel", "TeamModel", "TouchesModel", "WaitingModel", "due_text",
    "mark_icon_name", "mark_key", "minutes_text", "reorder", "sync_rows",
]  # fmt: skip
