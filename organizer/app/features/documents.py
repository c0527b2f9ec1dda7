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
    from organizer.app.transfer import crm
    from organizer.app.transfer.merge import ImportResult
    from organizer.core.figures import Insights
    from organizer.rules.insights import WeekPromises
    from organizer.store import backup
    from organizer.store import restore as store_restore


class Documents(Feature):
    # --- whole-store actions (not undoable piece by piece: the history starts afresh) --------------

    def import_document(self, document: Any) -> ImportResult:
        from organizer.app.transfer.merge import import_document

        return self.workspace.replace_all(lambda store: import_document(store, document))

    def import_json(self, data: str | bytes, source: str) -> ImportResult:
        """An exchange-format file's bytes, checked whole and merged (all or nothing)."""
        from organizer.formats.exchange import load_json

        return self.import_document(load_json(data, source))

    def import_table(self, planned: crm.ImportPlan) -> ImportResult:
        from organizer.app.transfer import crm

        return self.workspace.replace_all(lambda store: crm.apply(store, planned))

    def load_sample(self, accounts: int | None = None, seed: int = 7) -> ImportResult:
        from organizer.app.transfer.demo import load_demo
        from organizer.core.domain import SAMPLE_ACCOUNTS

        w = self.workspace
        return w.replace_all(lambda store: load_demo(store, accounts or SAMPLE_ACCOUNTS, seed, w.today))

    def restore(self, path: Path | None = None) -> store_restore.Restored:
        """Bring a backup back in place; the history described the store that is gone."""
        from organizer.store.database import restore_backup

        return self.workspace.replace_all(lambda store: restore_backup(store.location, path))

    def read_table(self, data: bytes, source: str, kind: str | None = None) -> crm.Table:
        """A CRM or contacts file's rows (``kind``: "csv" or "vcard", else told by the file), read and not
        written: what ``plan_import`` then plans."""
        from organizer.formats.crm_table import read

        return read(data, source, kind)

    def plan_import(self, table: crm.Table, mapping: Sequence[str] | None = None) -> crm.ImportPlan:
        """What importing ``table`` would do: the preview, read and not written."""
        from organizer.app.transfer import crm

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

    def export(self) -> dict[str, Any]:
        """The whole store as an exchange-format document (``formats.exchange.dumps`` writes it)."""
        from organizer.app.transfer.export import export_document

        return self.workspace.read(export_document)  # type: ignore[no-any-return]

    def export_text(self) -> str:
        """The export as the exchange format's text, what a file of it holds."""
        from organizer.formats.exchange import dumps

        return dumps(self.export())

    def brief(self, account: AccountView, form: str = "html") -> str:
        """The manager's brief of a snapshot already loaded (no second read), as ``form`` (text, md, html)."""
        from organizer.formats import brief

        return brief.RENDERERS[form](brief.build_brief(account, self.workspace.today))

    def steps_ics(self, start: dt.date, days: int, account: str | None = None) -> bytes:
        """The dated steps from ``start`` for ``days`` days (or one account's) as an .ics file."""
        from organizer.app.transfer.ics_export import steps_ics

        return bytes(self.workspace.read(lambda s: steps_ics(s, start, days, account)))

    def accounts_csv(self, day: dt.date | None = None) -> str:
        from organizer.formats.csvout import accounts_csv

        return accounts_csv(self.workspace.summaries(day))

    def day_csv(self, day: dt.date | None = None) -> str:
        from organizer.formats.csvout import action_list_csv

        return action_list_csv(self.workspace.morning(day))

    def weekly_report(self, form: str = "html", day: dt.date | None = None) -> str:
        from organizer.app.transfer.weekly_report import build_report
        from organizer.formats.report import RENDERERS

        w = self.workspace
        return RENDERERS[form](w.read(lambda s: build_report(s, day or w.today)))

    def figures(self, day: dt.date | None = None) -> Insights:
        """Promises kept, touches per week and the streak, as of ``day`` (default: the planner's day)."""
        from organizer.rules import insights

        w = self.workspace
        return w.read(lambda s: insights.insights(s, day or w.today))  # type: ignore[no-any-return]

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
