"""Every kind of file is declared once (organizer/formats/registry): dialogs, drops and readers agree."""

from __future__ import annotations

from pathlib import Path

from organizer.formats import registry
from organizer.formats.crm_table import read


def test_a_dropped_file_goes_to_the_import_its_kind_names() -> None:
    assert registry.import_of([Path("/x/daymap-2026-12-07.json")]) == "document"
    assert registry.import_of([Path("/x/contacts.VCF")]) == "contacts"
    assert registry.import_of([Path("/x/hubspot.csv")]) == "contacts"
    assert registry.import_of([Path("/x/inbox.mbox")]) == "mail"
    assert registry.import_of([Path("/x/a.json"), Path("/x/b.json")]) == "mail"  # several at once: mail's reader
    assert registry.import_of([Path("/x/Maildir")]) == "mail"


def test_the_dialog_filters_list_every_suffix_of_their_kind() -> None:
    contacts = registry.dialog_filter(registry.CONTACTS, registry.CSV, registry.VCARD)
    assert contacts == (
        "CRM exports and contacts (*.csv *.txt *.vcf *.vcard);;CSV (*.csv *.txt);;vCard (*.vcf *.vcard)"
    )
    assert registry.dialog_filter(registry.MAIL, every_file=True) == "Mail (*.eml *.mbox *.mbx);;Every file (*)"


def test_a_vcard_is_told_from_a_csv_by_its_declared_suffix() -> None:
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nORG:Acme\r\nEND:VCARD\r\n"
    assert read(b"  " + card, "people.VCARD").kind == "vcard"
    assert read(b"Name,Company\nAnn Lee,Acme\n", "people.csv").kind == "csv"


def test_every_import_has_a_menu_text_and_an_import() -> None:
    for kind in registry.IMPORTS:
        assert kind.menu
        assert kind.opens in {"document", "contacts", "mail"}


def test_each_kind_of_contacts_file_names_its_reader_and_its_command() -> None:
    """A new kind of contacts file is its reader and its line here: the CLI's command, the dialog's filter,
    the drops and the preview follow (an LDIF reader added and taken out showed it)."""
    import importlib

    for kind in registry.CONTACT_KINDS:
        module, _, function = kind.reader.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), kind.key
        assert kind.command.startswith("import-")
        assert kind.command_help
        assert all(suffix in registry.CONTACTS.suffixes for suffix in kind.suffixes)
    assert registry.contacts_kind("x.txt", b"  begin:vcard\r\n") is registry.VCARD  # told by its first bytes
    assert registry.contacts_kind("x.VCF", b"\xff\xfeB\x00") is registry.VCARD  # by its name
    assert registry.contacts_kind("export", b"Name,Company\n") is registry.CSV  # else a CSV
