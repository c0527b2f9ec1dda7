"""The file formats, for the front ends: the exchange format, CRM tables, briefs, reports, calendars, CSV.

Through the one door (see :mod:`organizer.app.views`): the window and the terminal never import
``organizer.formats`` themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.lazy import exports

if TYPE_CHECKING:  # what mypy reads; at run time each name is imported when first asked for
    from organizer.app.transfer import crm as crm
    from organizer.app.transfer.crm import TARGETS as TARGETS
    from organizer.app.transfer.demo import load_demo as load_demo
    from organizer.app.transfer.export import export_document as export_document
    from organizer.app.transfer.merge import ImportResult as ImportResult
    from organizer.app.transfer.merge import import_document as import_document
    from organizer.formats.brief import build_brief as build_brief
    from organizer.formats.brief import move_sentence as move_sentence
    from organizer.formats.exchange import dumps as dumps
    from organizer.formats.exchange import load_json as load_json

__getattr__ = exports(
    __name__,
    {
        "file_kinds": ("organizer.formats", "registry"),
        "crm": ("organizer.app.transfer", "crm"),
        "BRIEF_RENDERERS": ("organizer.formats.brief", "RENDERERS"),
        "build_brief": ("organizer.formats.brief", "build_brief"),
        "move_sentence": ("organizer.formats.brief", "move_sentence"),
        "TARGETS": ("organizer.app.transfer.crm", "TARGETS"),
        "load_demo": ("organizer.app.transfer.demo", "load_demo"),
        "load_json": ("organizer.formats.exchange", "load_json"),
        "dumps": ("organizer.formats.exchange", "dumps"),
        "export_document": ("organizer.app.transfer.export", "export_document"),
        "detect_mail": ("organizer.formats.mail", "detect"),
        "read_mail": ("organizer.formats.mail", "read_messages"),
        "ImportResult": ("organizer.app.transfer.merge", "ImportResult"),
        "import_document": ("organizer.app.transfer.merge", "import_document"),
        "REPORT_RENDERERS": ("organizer.formats.report", "RENDERERS"),
    },
)
