"""The weekly territory report: a page a manager can read on Friday.

Every active account's mission, next step, last touch and question marks, and the
week's figures: promises kept (the trust figure), touches split between clients and
new business, confirmed mornings in a row. Built once as a structure from the store
(``organizer.app.transfer.weekly_report``), rendered here as text, Markdown or HTML
(every field escaped); the app prints the HTML to PDF.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from organizer.core.figures import Insights
from organizer.formats.brief import markdown_escape


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
