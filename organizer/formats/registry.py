"""Every kind of file Daymap reads or writes, declared once: its name, its suffixes, what the menus call it.

The window's file dialogs (their filters), its drop routing (which import a dropped file goes to), its
menu texts and the readers that tell a vCard from a CSV all read this; a suffix is written here and
nowhere else. ``opens`` names the import a dropped file of that kind goes to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileKind:
    """One kind of file, as a rep meets it in a dialog or a menu."""

    key: str
    name: str  # what a file dialog's filter calls it
    suffixes: tuple[str, ...]
    menu: str = ""  # the menu action that reads (or writes) it; "" when a broader kind's action does
    opens: str = ""  # the import a file of this kind goes to: "document", "contacts" or "mail"
    reader: str = ""  # a contacts kind's reader, "module:function" (bytes, source name → crm_table.Table)
    starts: bytes = b""  # how a file of this kind begins, to tell it apart without its name (upper case)
    command: str = ""  # a contacts kind's CLI command ("import-vcard")
    command_help: str = ""
    columns: bool = False  # its columns are the file's own, each mapped to a field (a guess the rep can --map)

    @property
    def filter(self) -> str:
        """``Name (*.a *.b)``, as Qt's file dialogs take it."""
        return f"{self.name} ({' '.join(f'*{suffix}' for suffix in self.suffixes)})"

    def matches(self, path: Path | str) -> bool:
        return str(path).lower().endswith(self.suffixes)


DAYMAP = FileKind("daymap", "Daymap exchange", (".json",), "A &Daymap file (.json)…", "document")
CSV = FileKind(
    "csv",
    "CSV",
    (".csv", ".txt"),
    opens="contacts",
    reader="organizer.formats.crm_table:read_csv",
    command="import-csv",
    columns=True,
    command_help="add companies or people from a CRM's CSV export (HubSpot, Salesforce, Pipedrive …)",
)
VCARD = FileKind(
    "vcard",
    "vCard",
    (".vcf", ".vcard"),
    opens="contacts",
    reader="organizer.formats.crm_table:read_vcards",
    starts=b"BEGIN:VCARD",
    command="import-vcard",
    command_help="add people (and their companies) from a vCard file (.vcf, vCard 2.1/3.0/4.0)",
)
CONTACT_KINDS = (CSV, VCARD)  # each a contacts file: its reader, its CLI command; CSV when nothing else fits
CONTACTS = FileKind(
    "contacts",
    "CRM exports and contacts",
    tuple(suffix for kind in CONTACT_KINDS for suffix in kind.suffixes),
    "From a &CRM or contacts file (.csv, .vcf)…",
    "contacts",
)
MAIL = FileKind("mail", "Mail", (".eml", ".mbox", ".mbx"), "&Mail (.eml, .mbox)…", "mail")
ICS = FileKind("ics", "iCalendar", (".ics",))
SPREADSHEET = FileKind("spreadsheet", "CSV", (".csv",))
PDF = FileKind("pdf", "PDF", (".pdf",))  # a report the window prints (the terminal writes text, Markdown or HTML)
WEB_PAGE = FileKind("html", "Web page", (".html", ".htm"))

IMPORTS = (DAYMAP, CONTACTS, MAIL)  # what File ▸ Import offers, in its order


def dialog_filter(kind: FileKind, *parts: FileKind, every_file: bool = False) -> str:
    """A file dialog's filter: ``kind`` first, then its ``parts`` one by one (and every file, if asked)."""
    filters = [kind.filter, *(part.filter for part in parts)]
    return ";;".join([*filters, "Every file (*)"] if every_file else filters)


def import_of(paths: list[Path]) -> str:
    """Which import files dropped together go to: one Daymap file or one CRM/contacts file by its suffix;
    anything else is mail (an .eml, an mbox, a Maildir folder, several at once), which tells itself apart."""
    if len(paths) == 1:
        for kind in (DAYMAP, CONTACTS):
            if kind.matches(paths[0]):
                return kind.opens
    return MAIL.opens


def contacts_kind(source: str, data: bytes, key: str | None = None) -> FileKind:
    """The contacts kind named by ``key``, else the one the file's first bytes or its name say, else CSV."""
    if key is not None:
        return next(kind for kind in CONTACT_KINDS if kind.key == key)
    start = data.lstrip()[:64].upper()
    found = next((kind for kind in CONTACT_KINDS if kind.starts and start.startswith(kind.starts)), None)
    return found or next((kind for kind in CONTACT_KINDS if kind.matches(source)), CSV)
