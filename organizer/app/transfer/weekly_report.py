"""The weekly territory report's figures and lines, read from the store (rendered by ``formats.report``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import false, func, select, true
from sqlalchemy.orm import Session

from organizer.core.dates import days_ago, friendly
from organizer.core.figures import iso_week
from organizer.core.marks import MARKS
from organizer.formats.report import AccountLine, WeeklyReport
from organizer.rules.evaluate import as_date, morning
from organizer.rules.insights import insights, marks_per_day
from organizer.rules.queries import account_summaries
from organizer.store.models import Account, Step


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
