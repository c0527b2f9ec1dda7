"""What a rep hands a manager: the weekly territory report, and one account's status brief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.verbs._verb import Document, Param, Place, Values, choice, day, file_out, verb
from organizer.formats import registry as file_kinds

if TYPE_CHECKING:
    from organizer.app.planner import Planner

FORMATS = ("text", "md", "html")


@verb(
    "report",
    "the weekly territory report: every account's next step, last touch, question marks",
    choice("format", FORMATS, flag="--format", default="text"),
    day("the week of this day, up to it (default: today)"),
    file_out(file_kinds.PDF, file_kinds.WEB_PAGE, default="-", help_text="the file (default: standard output)",
             suggest=lambda planner, _values: f"daymap-week-{planner.today.isocalendar()[1]:02d}.pdf"),
    places=(Place("reports", "&Weekly territory report…", "Ctrl+R", preset={"format": "html"}),),
    failed="The report was not saved.",
)  # fmt: skip
def report(planner: Planner, values: Values) -> Document:
    form = values["format"]
    return Document(
        planner.documents.weekly_report(form).encode(), "The report", html=form == "html", title="Territory report"
    )


def _brief_name(planner: Planner, values: Values) -> str:
    return f"{planner.account(planner.find_account(values['account'])).name} brief.pdf"


@verb(
    "brief",
    "the manager's status brief of one account",
    Param("account", "account", "the account's id or name", required=True),
    choice("format", FORMATS, flag="--format", default="text"),
    day("as of this day (default: today)"),
    file_out(file_kinds.PDF, file_kinds.WEB_PAGE, default="-", help_text="the file (default: standard output)",
             suggest=_brief_name),
    places=(Place("reports", "&Brief of the open account…", preset={"format": "html"}),),
    failed="The brief was not saved.",
)  # fmt: skip
def brief(planner: Planner, values: Values) -> Document:
    account = planner.account(planner.find_account(values["account"]))
    form = values["format"]
    text = planner.documents.brief(account, form)
    return Document(text.encode(), "The brief", html=form == "html", title=f"{account.name} — status brief")
