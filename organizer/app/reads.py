"""What the app hands out or shows besides the morning: briefs, calendars, CSVs, reports, insights, backups.

Reads only (never a write); each in one read transaction of the workspace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from organizer.app.workspace import Workspace
from organizer.core.domain import AccountView

if TYPE_CHECKING:
    from organizer.formats import crm
    from organizer.rules.insights import Insights, WeekPromises
    from organizer.store import backup


class Reads(Workspace):
    """The workspace's reads for the window's other pages and files."""

    def brief_html(self, account: AccountView) -> str:
        """The manager's brief from a snapshot already loaded (no second read)."""
        from organizer.formats import brief

        return brief.render_html(brief.build_brief(account, self.today))

    def brief_text(self, account: AccountView) -> str:
        from organizer.formats import brief

        return brief.render_text(brief.build_brief(account, self.today))

    def calendar(self, start: dt.date, days: int, account: str | None = None) -> bytes:
        from organizer.formats.ics import build_calendar

        return bytes(self.read(lambda s: build_calendar(s, start, days, account)))

    def accounts_csv(self) -> str:
        from organizer.formats.csvout import accounts_csv

        return str(self.read(lambda s: accounts_csv(s, self.today)))

    def day_csv(self, day: dt.date | None = None) -> str:
        from organizer.formats.csvout import action_list_csv

        return action_list_csv(self.morning(day))

    def insights(self) -> tuple[Insights, list[tuple[dt.date, int | None]], tuple[WeekPromises, ...]]:
        from organizer.rules import insights

        return self.read(  # type: ignore[no-any-return]  # one read, three figures
            lambda s: (
                insights.insights(s, self.today),
                insights.marks_per_day(s, self.today),
                insights.promises_per_week(s, self.today),
            )
        )

    def weekly_report_html(self, day: dt.date | None = None) -> str:
        from organizer.formats.report import build_report, render_html

        return str(self.read(lambda s: render_html(build_report(s, day or self.today))))

    def plan_import(self, table: crm.Table, mapping: Sequence[str] | None = None) -> crm.ImportPlan:
        from organizer.formats import crm

        return self.read(lambda s: crm.plan(s, table, mapping))  # type: ignore[no-any-return]

    def backups(self) -> list[backup.BackupInfo]:
        from organizer.store import backup

        return backup.list_backups(self.store.location)

    def backup_now(self) -> backup.BackupInfo | None:
        from organizer.store import backup

        return backup.take(self.store.location, "manual")

    def check_store(self) -> backup.Report:
        from organizer.store import backup

        return backup.check(self.store.location)

    def busy_spans(self, day: dt.date) -> list[tuple[int, int]]:
        """The calendar's busy spans on ``day`` (minutes of the day, merged): Today draws them beside the steps."""
        from organizer.rules.evaluate import session_rows
        from organizer.rules.rows import busy_spans

        if self._store is None:
            return []
        found: list[tuple[int, int]] = self.read(lambda s: busy_spans(session_rows(s), day).get(day, []))
        return found

    def last_email(self, step_id: str) -> tuple[dt.date, str | None] | None:
        """The newest email with the person a (waiting) step is with: a reply may have come."""
        from organizer.rules import queries

        found: tuple[dt.date, str | None] | None = self.read(lambda s: queries.last_email_with(s, step_id))
        return found
