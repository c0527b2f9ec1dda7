"""The weekly territory report: a page a manager can read on Friday.

Every active account's mission, next step, last touch and question marks, and the
week's figures: promises kept (the trust figure), touches split between clients and
new business, confirmed mornings in a row. Built once as a structure, rendered as
text, Markdown or HTML (every field escaped); the app prints the HTML to PDF.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import false, func, select, true
from sqlalchemy.orm import Session

from organizer.core.days import days_ago, friendly
from organizer.core.marks import MARKS
from organizer.formats.brief import markdown_escape
from organizer.rules.evaluate import as_date, morning
from organizer.rules.insights import Insights, insights, iso_week, marks_per_day
from organizer.rules.queries import account_summaries
from organizer.store.models import Account, Step


@dataclass(frozen=True, slots=True)
class AccountLine:
    name: str
    stage: str
    mission: str | None
    next_step: str | None
    last_touch: str | None
    marks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    title: str
    subtitle: str
    figures: tuple[tuple[str, str], ...]
    accounts: tuple[AccountLine, ...]
    insights: Insights


def _week_promises(session: Session, monday: dt.date, day: dt.date) -> tuple[int, int]:
    """Promises due this week up to ``day`` and how many of them were kept on time."""
    rows = session.execute(
        select(Step.status, Step.done, Step.due).where(
            Step.promised == true(), Step.waiting == false(), Step.due.between(monday, day)
        )
    ).all()
    kept = sum(
        1 for status, done, due in rows if status == "done" and done is not None and due is not None and done <= due
    )
    return len(rows), kept


def _mornings(session: Session, monday: dt.date, day: dt.date) -> str:
    """The marks each morning of the week opened with, as recorded when the rep first looked ("Mon 3, Tue 0")."""
    days = marks_per_day(session, day, (day - monday).days + 1)
    return ", ".join(f"{d:%a} {'not opened' if n is None else n}" for d, n in days)


def build_report(session: Session, day: dt.date) -> WeeklyReport:
    monday = day - dt.timedelta(days=day.weekday())
    figures = insights(session, day)
    result = morning(session, day)
    marks: dict[str, Counter[str]] = defaultdict(Counter)
    for mark in result.question_marks:
        if mark.account:
            marks[mark.account][MARKS[mark.kind].report] += 1
    missions = dict(session.execute(select(Account.id, Account.mission)).all())
    lines = []
    for summary in account_summaries(session, day, include_archived=False):
        next_step = None
        if summary.next_step_title and summary.next_step_due:
            next_step = f"{summary.next_step_title} ({friendly(summary.next_step_due, day)})"
        last = as_date(summary.last_touch)
        touch = None if last is None else f"{friendly(last, day)} ({days_ago(last, day)})"
        counted = marks.get(summary.id, Counter())
        words = tuple(f"{count} × {word}" if count > 1 else word for word, count in sorted(counted.items()))
        lines.append(AccountLine(summary.name, summary.stage, missions.get(summary.id), next_step, touch, words))
    lines.sort(key=lambda line: (-len(line.marks), line.name.casefold()))

    due, kept = _week_promises(session, monday, day)
    this_week = next((w for w in figures.touches_per_week if w.week == iso_week(day)), None)
    rate = "no promises were due" if figures.promise_rate is None else f"{figures.promise_rate:.0%}"
    total_marks = len(result.question_marks)
    accounts_count = session.execute(select(func.count()).select_from(Account).where(Account.archived == false()))
    figures_lines = (
        ("Promises kept on time, last 90 days", f"{figures.promises_kept} of {figures.promises_due} ({rate})"),
        ("Promises due this week so far", f"{due}, {kept} kept on time"),
        (
            "Touches this week",
            f"{this_week.clients if this_week else 0} with clients, "
            f"{this_week.new_business if this_week else 0} new business",
        ),
        ("Confirmed mornings in a row", str(figures.streak)),
        ("Question marks today", "none — ready" if total_marks == 0 else str(total_marks)),
        ("Question marks each morning this week", _mornings(session, monday, day)),
        ("Accounts in the territory", str(accounts_count.scalar_one())),
    )
    return WeeklyReport(
        f"Territory report — week {iso_week(day)}",
        f"{friendly(monday, day)} to {friendly(day, day)} {day.year}",
        figures_lines,
        tuple(lines),
        figures,
    )


# --- rendering ----------------------------------------------------------------------------------------------


def render_text(report: WeeklyReport) -> str:
    out = [report.title, report.subtitle, ""]
    width = max(len(label) for label, _ in report.figures)
    out.extend(f"  {label:<{width}}  {value}" for label, value in report.figures)
    out.append("")
    for line in report.accounts:
        out.append(f"{line.name} ({line.stage})" + (f" — ? {', '.join(line.marks)}" if line.marks else ""))
        if line.mission:
            out.append(f"  Mission: {line.mission}")
        out.append(f"  Next step: {line.next_step or 'none dated'}")
        out.append(f"  Last touch: {line.last_touch or 'none recorded'}")
    return "\n".join(out) + "\n"


def render_markdown(report: WeeklyReport) -> str:
    out = [f"# {markdown_escape(report.title)}", "", f"*{markdown_escape(report.subtitle)}*", ""]
    out.extend(f"- **{markdown_escape(label)}:** {markdown_escape(value)}" for label, value in report.figures)
    out += ["", "| Account | Mission | Next step | Last touch | Question marks |", "|---|---|---|---|---|"]
    for line in report.accounts:
        cells = (
            f"{line.name} ({line.stage})",
            line.mission or "",
            line.next_step or "none dated",
            line.last_touch or "none",
            ", ".join(line.marks) or "—",
        )
        out.append("| " + " | ".join(markdown_escape(cell).replace("\n", " ") for cell in cells) + " |")
    return "\n".join(out) + "\n"


STYLE = (
    "body{font-family:sans-serif;color:#222}h1{margin-bottom:0;font-size:18pt}h2{font-size:13pt}.sub{color:#666;margin-top:.2em}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:4px 8px;"
    "border-bottom:1px solid #ddd}th{background:#eef3f9;color:#35506b}.marks{color:#b03a2e}.ok{color:#2e7d32}"
    ".figures td{border:none;padding:2px 12px 2px 0}"
)


def render_html(report: WeeklyReport) -> str:
    esc = html.escape
    figures = "".join(f"<tr><td>{esc(label)}</td><td><b>{esc(value)}</b></td></tr>" for label, value in report.figures)
    rows = []
    for line in report.accounts:
        marks = (
            f"<span class='marks'>{esc(', '.join(line.marks))}</span>" if line.marks else "<span class='ok'>none</span>"
        )
        rows.append(
            "<tr>"
            f"<td width='18%'><b>{esc(line.name)}</b><br><small>{esc(line.stage)}</small></td>"
            f"<td width='20%'>{esc(line.mission or '')}</td>"
            f"<td width='25%'>{esc(line.next_step or 'none dated')}</td>"
            f"<td width='17%'>{esc(line.last_touch or 'none')}</td>"
            f"<td width='20%'>{marks}</td>"
            "</tr>"
        )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{esc(report.title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{esc(report.title)}</h1><p class='sub'>{esc(report.subtitle)}</p>"
        f"<table class='figures'>{figures}</table><h2>Accounts</h2>"
        "<table><tr><th>Account</th><th>Mission</th><th>Next step</th><th>Last touch</th><th>Question marks</th></tr>"
        f"{''.join(rows)}</table></body></html>\n"
    )


RENDERERS = {"text": render_text, "md": render_markdown, "html": render_html}
