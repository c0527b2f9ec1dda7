"""The CSV files Daymap writes (accounts, the day's action list): safe to open in a spreadsheet.

A cell that starts with ``= + - @``, a tab or a carriage return would be run as a
formula by Excel or LibreOffice (CSV injection: a contact named ``=HYPERLINK(…)``). Such
cells get a leading apostrophe, which spreadsheets show as text. Files start with a
UTF-8 byte-order mark so Excel reads accents and dashes right.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from organizer.core.domain import AccountSummary, Morning

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    """A cell's text, neutralised if a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


def accounts_csv(summaries: Iterable[AccountSummary]) -> str:
    """Every account with its next step, last touch and question marks."""
    header = (
        "Account", "Stage", "Archived", "Industry", "Next step", "Next step due", "Last touch", "Question marks", "Id",
    )  # fmt: skip
    rows = (
        (
            a.name,
            a.stage,
            a.archived,
            a.industry,
            a.next_step_title,
            a.next_step_due,
            a.last_touch,
            a.marks,
            a.id,
        )
        for a in summaries
    )
    return to_csv(header, rows)


def action_list_csv(result: Morning) -> str:
    """The day's action list in its order, then "waiting on"."""
    header = ("List", "Time", "Step", "Account", "With", "Minutes", "Promised", "Step id")
    rows: list[tuple[object, ...]] = [
        ("Today", i.time, i.title, i.account_name, i.contact_name, i.minutes, i.promised, i.step) for i in result.today
    ]
    rows += [
        ("Waiting on", i.time, i.title, i.account_name, i.contact_name, i.minutes, i.promised, i.step)
        for i in result.waiting
    ]
    return to_csv(header, rows)
