"""Files for other programs: the exchange file, a calendar of the dated steps, spreadsheets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.verbs._verb import Document, Place, Values, choice, day, file_out, text, verb, whole
from organizer.formats import registry as file_kinds

if TYPE_CHECKING:
    from organizer.app.planner import Planner


@verb(
    "export",
    "write the whole store in the exchange format",
    file_out(file_kinds.DAYMAP, name="file", flags=(), help_text="the file, or - for standard output",
             suggest=lambda planner, _values: f"daymap-{planner.today.isoformat()}.json"),
    places=(Place("export", "A &Daymap file of everything (.json)…", "Ctrl+E"),),
)  # fmt: skip
def export(planner: Planner, values: Values) -> Document:
    return Document(planner.documents.export_text().encode(), "The export")


@verb(
    "ics",
    "dated steps as an iCalendar file",
    day("first day (default: today)", name="start", flags=("--from",)),
    whole("--days", 1, 3660, "how many days (default: 14, at most 3660)", default=14),
    text("--account", "only this account (id or name)"),
    file_out(file_kinds.ICS, help_text="the .ics file, or - for standard output",
             suggest=lambda planner, values: f"daymap-{(values.get('start') or planner.today).isoformat()}.ics"),
    places=(
        Place("export-for-other-apps", "Calendar: &today (.ics)…", icon="calendar", preset={"days": 1}),
        Place("export-for-other-apps", "Calendar: the next &7 days (.ics)…", preset={"days": 7}),
    ),
    failed="The calendar was not saved.",
)  # fmt: skip
def ics(planner: Planner, values: Values) -> Document:
    account = planner.find_account(values["account"]) if values.get("account") else None
    start = values.get("start") or planner.today
    return Document(planner.documents.steps_ics(start, values["days"], account), "The calendar")


def _csv_name(planner: Planner, values: Values) -> str:
    if values["what"] == "accounts":
        return "daymap-accounts.csv"
    return f"daymap-{values.get('date') or planner.today}.csv"


@verb(
    "csv",
    "accounts or the day's action list as a spreadsheet-safe CSV file",
    choice("what", ("accounts", "today"), "which list"),
    day("the day (default: today)", shown=True),
    file_out(file_kinds.SPREADSHEET, help_text="the .csv file, or - for standard output", suggest=_csv_name),
    places=(
        Place("export-for-other-apps", "Spreadsheet: &accounts (.csv)…", preset={"what": "accounts"}),
        Place("export-for-other-apps", "Spreadsheet: today's &list (.csv)…", preset={"what": "today"}),
    ),
    failed="The spreadsheet was not saved.",
)  # fmt: skip
def csv(planner: Planner, values: Values) -> Document:
    if values["what"] == "accounts":
        return Document(planner.documents.accounts_csv().encode(), "The accounts")
    return Document(planner.documents.day_csv(values.get("date")).encode(), "The day's list")
