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
    from organizer.formats.brief import move_sentence as move_sentence

__getattr__ = exports(
    __name__,
    {
        "file_kinds": ("organizer.formats", "registry"),
        "crm": ("organizer.app.transfer", "crm"),
        "move_sentence": ("organizer.formats.brief", "move_sentence"),
        "TARGETS": ("organizer.app.transfer.crm", "TARGETS"),
        "read_mail": ("organizer.formats.mail", "read_messages"),
    },
)
