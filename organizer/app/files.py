"""The file formats, for the front ends: the exchange format, CRM tables, briefs, reports, calendars, CSV.

Through the one door (see :mod:`organizer.app.views`): the window and the terminal never import
``organizer.formats`` themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.lazy import exports

if TYPE_CHECKING:  # what mypy reads; at run time each name is imported when first asked for
    from organizer.formats import crm as crm
    from organizer.formats.brief import build_brief as build_brief
    from organizer.formats.brief import move_sentence as move_sentence
    from organizer.formats.crm import TARGETS as TARGETS
    from organizer.formats.csvout import accounts_csv as accounts_csv
    from organizer.formats.csvout import day_csv as day_csv
    from organizer.formats.demo import load_demo as load_demo
    from organizer.formats.exchange import load_json as load_json
    from organizer.formats.export import dumps as dumps
    from organizer.formats.export import export_document as export_document
    from organizer.formats.ics import build_calendar as build_calendar
    from organizer.formats.merge import ImportResult as ImportResult
    from organizer.formats.merge import import_document as import_document
    from organizer.formats.report import build_report as build_report

__getattr__ = exports(
    __name__,
    {
        "crm": ("organizer.formats", "crm"),
        "BRIEF_RENDERERS": ("organizer.formats.brief", "RENDERERS"),
        "build_brief": ("organizer.formats.brief", "build_brief"),
        "move_sentence": ("organizer.formats.brief", "move_sentence"),
        "TARGETS": ("organizer.formats.crm", "TARGETS"),
        "accounts_csv": ("organizer.formats.csvout", "accounts_csv"),
        "day_csv": ("organizer.formats.csvout", "day_csv"),
        "load_demo": ("organizer.formats.demo", "load_demo"),
        "load_json": ("organizer.formats.exchange", "load_json"),
        "dumps": ("organizer.formats.export", "dumps"),
        "export_document": ("organizer.formats.export", "export_document"),
        "build_calendar": ("organizer.formats.ics", "build_calendar"),
        "detect_mail": ("organizer.formats.mail", "detect"),
        "read_mail": ("organizer.formats.mail", "read_messages"),
        "ImportResult": ("organizer.formats.merge", "ImportResult"),
        "import_document": ("organizer.formats.merge", "import_document"),
        "REPORT_RENDERERS": ("organizer.formats.report", "RENDERERS"),
        "build_report": ("organizer.formats.report", "build_report"),
    },
)
