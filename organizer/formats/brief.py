"""The manager's status brief of one account: "what's going on with this client?"

Built once as a structure, then rendered as text, Markdown or HTML; the HTML escapes
every field, so a contact called ``<script>`` stays text.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from organizer.core.dates import days_ago, friendly
from organizer.core.domain import AccountView, Move, StepView
from organizer.core.recurrence import describe

ROLE_NAMES = {
    "decision-maker": "decision-maker",
    "champion": "champion",
    "influencer": "influencer",
    "user": "user",
    "gatekeeper": "gatekeeper",
    "other": "other",
}


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Brief:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


def _step_line(account: AccountView, step: StepView, today: dt.date) -> str:
    parts = [step.title]
    if step.due:
        when = friendly(step.due, today) + (f" {step.time}" if step.time else "")
        parts.append(("OVERDUE since " if step.due < today else "") + when)
    else:
        parts.append("no date")
    contact = account.contact(step.contact)
    if contact:
        parts.append(f"with {contact.name}")
    if step.repeat:
        parts.append(f"repeats {describe(step.repeat)}")
    return " — ".join(parts)


def move_sentence(account: AccountView, move: Move) -> tuple[str, str, str, str]:
    """A move seen from ``account``: (text before, the other account's id, its name, text after).

    The app links the other account's name to its plan map; the brief writes it plainly.
    """
    who = move.name + (f" ({move.title})" if move.title else "")
    until = f" until {move.until:%b %Y}" if move.until else ""
    if move.now_account == account.id:
        return f"{who} was at ", move.earlier_account, move.earlier_name, f"{until}: ask what worked there."
    return f"{who} was here{until} and is now at ", move.now_account, move.now_name, ": a warm introduction."


def build_brief(account: AccountView, today: dt.date) -> Brief:
    stage = account.stage + (", archived" if account.archived else "")
    subtitle = f"{stage}" + (f" · {account.industry}" if account.industry else "")
    sections: list[Section] = [Section("Mission", (account.mission or "No mission written yet.",))]

    live = [s for s in account.steps if account.is_live(s)]
    goal_lines = []
    for goal in account.goals:
        if goal.status != "open":
            continue
        target = f" (target {friendly(goal.target, today)})" if goal.target else ""
        goal_lines.append(f"{goal.title}{target}")
        for step in live:
            if step.goal == goal.id:
                goal_lines.append("  • " + _step_line(account, step, today))
    sections.append(Section("Open goals", tuple(goal_lines) or ("No open goals.",)))

    people = []
    for contact in account.contacts:
        line = contact.name
        if contact.title:
            line += f", {contact.title}"
        if contact.role:
            line += f" — {ROLE_NAMES.get(contact.role, contact.role)}"
        if contact.resonates:
            line += f". Resonates: {contact.resonates}"
        people.append(line)
    sections.append(Section("Stakeholders", tuple(people) or ("No contacts yet.",)))
    if account.moves:
        moves = (move_sentence(account, move) for move in account.moves)
        sections.append(Section("People who moved", tuple(f"{a}{name}{b}" for a, _id, name, b in moves)))

    past = [t for t in account.touches if t.date <= today]
    if past:
        touch = max(past, key=lambda t: t.date)
        who = account.contact(touch.contact)
        line = f"{friendly(touch.date, today)}: {touch.channel}" + (f" with {who.name}" if who else "")
        line += f" — {touch.note}" if touch.note else ""
        line += f" ({days_ago(touch.date, today)})"
    else:
        line = "No touch recorded."
    sections.append(Section("Last touch", (line,)))

    upcoming = sorted(
        (s for s in live if not s.waiting and s.due and s.due >= today), key=lambda s: (s.due or today, s.time or "99")
    )
    sections.append(
        Section(
            "Next step",
            (_step_line(account, upcoming[0], today),)
            if upcoming
            else ("No dated next step — this is a question mark.",),
        )
    )
    promises = [s for s in live if s.promised and not s.waiting]
    sections.append(Section("Open promises", tuple(_step_line(account, s, today) for s in promises) or ("None.",)))
    waiting = [s for s in live if s.waiting]
    sections.append(Section("Waiting on", tuple(_step_line(account, s, today) for s in waiting) or ("Nothing.",)))
    if account.renewal:
        sections.append(Section("Renewal", (friendly(account.renewal, today),)))
    parked = [s for s in account.steps if account.is_parked(s)]
    if parked:  # kept, but no rule counts them: their goal was achieved or dropped
        lines = []
        for step in parked:
            closed_goal = account.goal(step.goal)
            status = closed_goal.status if closed_goal is not None else "closed"
            lines.append(f"{step.title} — parked: “{closed_goal.title if closed_goal else ''}” was {status}")
        sections.append(Section("Parked steps", tuple(lines)))
    return Brief(account.name, subtitle, tuple(sections))


def render_text(brief: Brief) -> str:
    out = [brief.title, brief.subtitle, ""]
    for section in brief.sections:
        out.append(section.title.upper())
        out.extend(f"  {line}" for line in section.lines)
        out.append("")
    return "\n".join(out)


def markdown_escape(value: str) -> str:
    """Text as Markdown shows it literally (the brief and the weekly report embed names and notes)."""
    for ch in "\\`*_{}[]<>#|":
        value = value.replace(ch, "\\" + ch)
    return value


def render_markdown(brief: Brief) -> str:
    out = [f"# {markdown_escape(brief.title)}", "", f"*{markdown_escape(brief.subtitle)}*", ""]
    for section in brief.sections:
        out.append(f"## {section.title}")
        for line in section.lines:
            if line.startswith("  • "):
                out.append(f"    - {markdown_escape(line[4:])}")
            else:
                out.append(f"- {markdown_escape(line)}")
        out.append("")
    return "\n".join(out)


def render_html(brief: Brief) -> str:
    esc = html.escape
    body = [f"<h1>{esc(brief.title)}</h1>", f"<p class='sub'>{esc(brief.subtitle)}</p>"]
    for section in brief.sections:
        body.append(f"<h2>{esc(section.title)}</h2><ul>")
        for line in section.lines:
            if line.startswith("  • "):
                body.append(f"<li class='step'>{esc(line[4:])}</li>")
            else:
                body.append(f"<li>{esc(line)}</li>")
        body.append("</ul>")
    style = (
        "body{font-family:sans-serif;max-width:46em;margin:2em auto;color:#222}"
        "h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}h2{font-size:1.05em;margin:1.2em 0 .3em;"
        "color:#35506b}ul{margin:0;padding-left:1.2em}li.step{margin-left:1.4em;list-style:circle}"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{esc(brief.title)} — status brief</title><style>{style}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


RENDERERS = {"text": render_text, "md": render_markdown, "html": render_html}
