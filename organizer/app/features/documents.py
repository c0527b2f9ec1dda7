"""Files in and out: imports (a whole store at once), the sample, backups and restore; and what the
app hands out (briefs, calendars, CSVs, the weekly report) or shows besides the morning (insights)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from organizer.app.features._feature import Feature
from organizer.core.domain import AccountView

if TYPE_CHECKING:
    from organizer.formats import crm
    from organizer.formats.merge import ImportResult
    from organizer.rules.insights import Insights, WeekPromises
    from organizer.store import backup
    from organizer.store import restore as store_restore


class Documents(Feature):
    # --- whole-store actions (not undoable piece by piece: the history starts afresh) --------------

    def import_document(self, document: Any) -> ImportResult:
        from organizer.formats.merge import import_document

        return self.workspace.replace_all(lambda store: import_document(store, document))

    def import_table(self, planned: crm.ImportPlan) -> ImportResult:
        from organizer.formats import crm

        return self.workspace.replace_all(lambda store: crm.apply(store, planned))

    def load_sample(self, accounts: int | None = None, seed: int = 7) -> ImportResult:
        from organizer.core.domain import SAMPLE_ACCOUNTS
        from organizer.formats.demo import load_demo

        w = self.workspace
        return w.replace_all(lambda store: load_demo(store, accounts or SAMPLE_ACCOUNTS, seed, w.today))

    def restore(self, path: Path | None = None) -> store_restore.Restored:
        """Bring a backup back in place; the history described the store that is gone."""
        from organizer.store.database import restore_backup

        return self.workspace.replace_all(lambda store: restore_backup(store.location, path))

    def plan_import(self, table: crm.Table, mapping: Sequence[str] | None = None) -> crm.ImportPlan:
        """What importing ``table`` would do: the preview, read and not written."""
        from organizer.formats import crm

        return self.workspace.read(lambda s: crm.plan(s, table, mapping))  # type: ignore[no-any-return]

    # --- backups ----------------------------------------------------------------------------------

    def backups(self) -> list[backup.BackupInfo]:
        from organizer.store import backup

        return backup.list_backups(self.workspace.store.location)

    def backup_now(self) -> backup.BackupInfo | None:
        from organizer.store import backup

        return backup.take(self.workspace.store.location, "manual")

    def check_store(self) -> backup.Report:
        from organizer.store import backup

        return backup.check(self.workspace.store.location)

    # --- what the app hands out: reads only, each in one read transaction -------------------------

    def brief_html(self, account: AccountView) -> str:
        """The manager's brief from a snapshot already loaded (no second read)."""
        from organizer.formats import brief

        return brief.render_html(brief.build_brief(account, self.workspace.today))

    def brief_text(self, account: AccountView) -> str:
        from organizer.formats import brief

        return brief.render_text(brief.build_brief(account, self.workspace.today))

    def calendar(self, start: dt.date, days: int, account: str | None = None) -> bytes:
        from organizer.formats.ics import build_calendar

        return bytes(self.workspace.read(lambda s: build_calendar(s, start, days, account)))

    def accounts_csv(self) -> str:
        from organizer.formats.csvout import accounts_csv

        return str(self.workspace.read(lambda s: accounts_csv(s, self.workspace.today)))

    def day_csv(self, day: dt.date | None = None) -> str:
        from organizer.formats.csvout import action_list_csv

        return action_list_csv(self.workspace.morning(day))

    def weekly_report_html(self, day: dt.date | None = None) -> str:
        from organizer.formats.report import build_report, render_html

        w = self.workspace
        return str(w.read(lambda s: render_html(build_report(s, day or w.today))))

    def insights(self) -> tuple[Insights, list[tuple[dt.date, int | None]], tuple[WeekPromises, ...]]:
        from organizer.rules import insights

        today = self.workspace.today
        return self.workspace.read(  # type: ignore[no-any-return]  # one read, three figures
            lambda s: (
                insights.insights(s, today),
                insights.marks_per_day(s, today),
                insights.promises_per_week(s, today),
            )
        )
