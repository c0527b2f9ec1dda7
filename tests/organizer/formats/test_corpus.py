"""Files as other programs write them (tests/fixtures/corpus, SOURCES.md says where each came from): what a rep
gets from each, person by person, and that one bad record never loses the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, run_module

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"

# file → {person's name: (company, title, email)} as the file means them
VCARDS: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "ezvcard-John_Doe_BLACK_BERRY.vcf": {"John Doe": ("Acme Solutions", None, None)},
    "ezvcard-John_Doe_EVOLUTION.vcf": {"Mr. John Richter, James Doe Sr.": ("IBM", "Money Counter", "john.doe@ibm.com")},
    "ezvcard-John_Doe_GMAIL.vcf": {"Mr. John Richter, James Doe Sr.": ("IBM", "Money Counter", "john.doe@ibm.com")},
    "ezvcard-John_Doe_IPHONE.vcf": {"Mr. John Richter James Doe Sr.": ("IBM", "Money Counter", "john.doe@ibm.com")},
    "ezvcard-John_Doe_LOTUS_NOTES.vcf": {"Mr. Doe John I Johny": ("IBM", "Generic Accountant", "john.doe@ibm.com")},
    "ezvcard-John_Doe_MAC_ADDRESS_BOOK.vcf": {
        "Mr. John Richter,James Doe Sr.": ("IBM", "Money Counter", "john.doe@ibm.com")
    },
    "ezvcard-John_Doe_MS_OUTLOOK.vcf": {"Mr. John Richter James Doe Sr.": ("IBM", "Money Counter", "john.doe@ibm.cm")},
    "ezvcard-fullcontact.vcf": {
        "Prefix FirstName MiddleName LastName Suffix": ("Organization1", "Title1", "work@example.com")
    },
    "ezvcard-gmail-single.vcf": {"Greg Dartmouth": ("TheCompany", "TheJobTitle", "gdartmouth@hotmail.com")},
    "ezvcard-gmail-single2.vcf": {"VCard Test": ("TheCompany", "TheJobTitle", "workemail@example.com")},
    "ezvcard-issue114.vcf": {"Dummy, Dummy": ("Dummy GmbH", None, "dummy.dummy@dummy.com")},
    "ezvcard-outlook-2003.vcf": {"John Doe III": ("Company, The", "The Job Title", "jdoe@hotmail.com")},
    "ezvcard-outlook-2007.vcf": {"Mr. Michael Angstadt Jr.": ("TheCompany", "TheJobTitle", "mike.angstadt@gmail.com")},
    "ezvcard-rfc2426-example.vcf": {
        "Frank Dawson": ("Lotus Development Corporation", None, "Frank_Dawson@Lotus.com"),
        "Tim Howes": ("Netscape Communications Corp.", None, "howes@netscape.com"),
    },
    "ezvcard-rfc6350-example.vcf": {"Simon Perreault": ("Viagenie", None, "simon.perreault@viagenie.ca")},
    "ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf": {
        "John Doe": ("TheOrganization", "TheTitle", "doe.john@hotmail.com")
    },
    "ezvcard-John_Doe_ANDROID.vcf": {  # six cards: one with a broken photo, two without a name or a company
        "Ñ Ñ Ñ Ñ": ("ÑÑÑÑÑÑÑÑÑÑÑÑ", None, "bob@company.com"),
        "ÑÑÑÑ": ("ÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑÑ", None, "henry@company.com"),
    },
}

VCARDS_MORE: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "roundcube-johndoe.vcf": {"John Doë": ("roundcube.net", None, "inbox@roundcube.net")},  # 2.1, Windows-1252
}


def people(cli: Cli) -> dict[str, tuple[str, str | None, str | None]]:
    found = {}
    for account in cli.json("export", "-")["accounts"]:
        for contact in account.get("contacts", []):
            found[contact["name"]] = (account["name"], contact.get("title"), contact.get("email"))
    return found


@pytest.mark.parametrize("name", sorted(VCARDS) + sorted(VCARDS_MORE))
def test_each_vcard_gives_its_people_as_the_file_means_them(cli: Cli, name: str) -> None:
    code, out, err = cli("import-vcard", str(CORPUS / "vcard" / name))
    assert code == 0, err
    assert people(cli) == {**VCARDS, **VCARDS_MORE}[name], out


def test_every_vcard_of_the_corpus_is_read_without_a_traceback_or_a_word_on_the_terminal(tmp_path: Path) -> None:
    """vobject used to log 586 lines for an iPhone export; a card that cannot be used is named in the preview."""
    for path in sorted((CORPUS / "vcard").glob("*.vcf")):
        done = run_module("--data-dir", str(tmp_path / path.stem), "import-vcard", str(path), "--dry-run")
        if done.returncode == 2:  # no card could be used (a list of people without companies): said, and why
            assert "nothing was imported" in done.stderr, path.name
            assert done.stderr.count("\n") == 1, path.name
            continue
        assert done.returncode == 0, (path.name, done.stderr)
        assert done.stderr == "", path.name
        assert "Traceback" not in done.stdout


# Files whose people have no company: nothing to import (exit 2), each person named with why.
WITHOUT_COMPANIES: dict[str, list[str]] = {
    "ezvcard-gmail-list.vcf": [],
    "roundcube-thebat.vcf": ["Piotr Iksiñski"],  # quoted-printable, no charset named: Windows-1252 (not refused)
    "roundcube-utf-16_sample.vcf": ["Ǽgean ĽdaMonté"],  # UTF-16, big-endian, without its mark
}


@pytest.mark.parametrize("name", sorted(WITHOUT_COMPANIES))
def test_a_vcard_of_people_without_companies_names_each(cli: Cli, name: str) -> None:
    code, _out, err = cli("import-vcard", str(CORPUS / "vcard" / name))
    assert code == 2
    for person in WITHOUT_COMPANIES[name]:
        assert f"{person}: no company" in err


def test_the_corpus_is_every_file_of_its_sources() -> None:
    sources = (CORPUS / "SOURCES.md").read_text()
    tested = {*VCARDS, *VCARDS_MORE, *WITHOUT_COMPANIES, *COMPANY_CARDS}
    assert {p.name for p in (CORPUS / "vcard").glob("*.vcf")} == tested
    assert {p.name for p in (CORPUS / "csv").glob("*.csv")} == {*CSVS, *CSVS_WITHOUT_COMPANIES}
    assert "ez-vcard" in sources
    assert "Roundcube" in sources


# --- the classes of odd files, each as small as it can be (the corpus has one of each in the wild) ---------


def _import(cli: Cli, tmp_path: Path, data: bytes | str, command: str = "import-vcard") -> tuple[int, str, str]:
    """A file written as another program wrote it, then imported."""
    path = tmp_path / ("odd.vcf" if command == "import-vcard" else "export.csv")
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return cli(command, str(path))


def test_a_lotus_notes_profile_line_is_legal(cli: Cli, tmp_path: Path) -> None:
    card = b"BEGIN:VCARD\r\nPROFILE:VCard\r\nVERSION:3.0\r\nFN:Ann Lee\r\nORG:Lotus\r\nEND:VCARD\r\n"
    code, _out, err = _import(cli, tmp_path, card)
    assert code == 0, err
    assert people(cli) == {"Ann Lee": ("Lotus", None, None)}


def test_one_broken_card_never_loses_the_others(cli: Cli, tmp_path: Path) -> None:
    good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{0}\r\nORG:Acme\r\nEND:VCARD\r\n"
    photo = "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZ\r\n\r\n"  # cut short: not base64 at all
    broken = f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Broken\r\nORG:Acme\r\n{photo}END:VCARD\r\n"
    data = (good.format("Ann") + broken + good.format("Bo") + good.format("Cy")).encode() + b"\xff\xfe\xfd junk\r\n"
    code, _out, err = _import(cli, tmp_path, data + (good.format("Di")).encode())
    assert code == 0, err
    assert set(people(cli)) == {"Ann", "Broken", "Bo", "Cy", "Di"}


def test_quoted_printable_without_a_charset_is_utf_8_else_windows_1252(cli: Cli, tmp_path: Path) -> None:
    """The Bat! writes "Iksi=F1ski" (Windows-1250/1252 bytes) and names no charset."""
    card = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Jan\r\n"
            b"ORG;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 M=C3=BCller\r\nEND:VCARD\r\n")  # fmt: skip
    code, _out, err = _import(cli, tmp_path, card)
    assert code == 0, err
    assert people(cli) == {"Jan Iksiñski": ("Café Müller", None, None)}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf_16_with_or_without_its_byte_order_mark(cli: Cli, tmp_path: Path, encoding: str) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nORG:Åre AB\r\nEND:VCARD\r\n"
    code, _out, err = _import(cli, tmp_path, card.encode(encoding))
    assert code == 0, err
    assert people(cli) == {"Zoë Ångström": ("Åre AB", None, None)}


def test_escaped_commas_semicolons_and_new_lines_in_every_field(cli: Cli, tmp_path: Path) -> None:
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Roe\\, Jane\r\nORG:Company\\, The\\; Holdings;Sales\r\n"
            "TITLE:Head of Sales\\, EMEA\r\nNOTE:Likes data\\, hates fees\\nCall after 10\\\\11\r\n"
            "EMAIL;TYPE=HOME:jane@home.example\r\nEMAIL;TYPE=WORK:jane@company.example\r\nEND:VCARD\r\n")  # fmt: skip
    code, _out, err = _import(cli, tmp_path, card.encode())
    assert code == 0, err
    assert people(cli) == {"Roe, Jane": ("Company, The; Holdings", "Head of Sales, EMEA", "jane@company.example")}
    (contact,) = cli.json("export", "-")["accounts"][0]["contacts"]
    assert contact["notes"] == "Likes data, hates fees\nCall after 10\\11"


def test_an_apple_company_card_is_an_account_not_a_person(cli: Cli, tmp_path: Path) -> None:
    card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Tailspin Travel\r\nORG:Tailspin Travel;\r\n"
            b"X-ABShowAs:COMPANY\r\nitem1.EMAIL;type=INTERNET;type=pref:info@tailspin.example\r\n"
            b"item1.X-ABLabel:_$!<Other>!$_\r\nEND:VCARD\r\n")  # fmt: skip
    code, out, err = _import(cli, tmp_path, card)
    assert code == 0, err
    assert people(cli) == {}
    assert [a["name"] for a in cli.json("export", "-")["accounts"]] == ["Tailspin Travel"]
    assert "account Tailspin Travel" in out


def test_a_file_of_which_no_card_can_be_used_is_exit_2_naming_each(cli: Cli, tmp_path: Path) -> None:
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nobody\r\nEND:VCARD\r\n" * 2
    code, _out, err = _import(cli, tmp_path, card)
    assert code == 2
    assert "card 1: Nobody: no company" in err
    assert "card 2: Nobody: no company" in err
    assert json.loads(cli("export", "-")[1])["accounts"] == []


# --- contact exports as CSV: each tool's own columns -------------------------------------------------------

CSVS: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    "roundcube-all.csv": {"Display Name": ("Company", "Job Title", "work@example.com")},  # Outlook's, every column
    "roundcube-gmail.csv": {"Prefix Firstname Middle Lastname Suffix": ("company", "jobtitle", "work@email.pl")},
    "roundcube-tb_plain.csv": {"Displayname": ("Organization", "title", "test@domain.tld")},  # Thunderbird's
}
COMPANY_CARDS = {
    "roundcube-apple.vcf": "Apple Computer AG",
    "roundcube-photo.vcf": "Apple Computer AG",
}  # X-ABShowAs:COMPANY: an account, nobody's card
CSVS_WITHOUT_COMPANIES = {"roundcube-email.csv", "roundcube-outlook.csv"}  # addresses alone: told to map one


def test_an_apple_company_card_of_the_corpus(cli: Cli) -> None:
    for name, company in COMPANY_CARDS.items():
        code, _out, err = cli("import-vcard", str(CORPUS / "vcard" / name))
        assert code == 0, err
        assert [a["name"] for a in cli.json("export", "-")["accounts"]] == [company]  # once, though read twice
        assert people(cli) == {}


@pytest.mark.parametrize("name", sorted(CSVS_WITHOUT_COMPANIES))
def test_a_csv_of_addresses_alone_is_told_to_map_a_company(cli: Cli, name: str) -> None:
    code, _out, err = cli("import-csv", str(CORPUS / "csv" / name))
    assert code == 2
    assert "no column holds the person's company" in err


@pytest.mark.parametrize("name", sorted(CSVS))
def test_each_csv_export_gives_its_people_as_the_tool_means_them(cli: Cli, name: str) -> None:
    code, out, err = cli("import-csv", str(CORPUS / "csv" / name))
    assert code == 0, err
    assert people(cli) == CSVS[name], out


def test_the_csv_exports_name_their_tool_and_take_the_phone_by_its_kind(cli: Cli) -> None:
    code, out, _err = cli("import-csv", str(CORPUS / "csv" / "roundcube-gmail.csv"), "--dry-run")
    assert code == 0
    assert "a Google Contacts-style contacts export" in out
    cli("import-csv", str(CORPUS / "csv" / "roundcube-all.csv"))
    (contact,) = cli.json("export", "-")["accounts"][0]["contacts"]
    assert contact["phone"] == "300"  # Outlook's "Business Phone", not the home phone before it
    code, out, _err = cli("import-csv", str(CORPUS / "csv" / "roundcube-tb_plain.csv"), "--dry-run")
    assert "a Thunderbird-style contacts export" in out


def _csv(cli: Cli, tmp_path: Path, text: str) -> tuple[int, str, str]:
    return _import(cli, tmp_path, text, "import-csv")


def test_a_google_contacts_export_of_today(cli: Cli, tmp_path: Path) -> None:
    """Labels and values in pairs: the work address wins over the first; a pager is never the phone."""
    code, out, err = _csv(cli, tmp_path,
        "First Name,Middle Name,Last Name,Organization Name,Organization Title,Labels,E-mail 1 - Label,"
        "E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,"
        "Phone 2 - Value\n"
        "Jane,,Roe,Acme Books,HR Manager,* myContacts,* Home,jane@home.example,Work,jane@acme.example,Pager,555-0000,"
        "Mobile,555-0101\n"
        "Ray,,Chen,Books4U,,,* Other,ray@books4u.example ::: ray.c@books4u.example,,,,,,\n")  # fmt: skip
    assert code == 0, err
    assert "Google Contacts-style" in out
    assert people(cli) == {
        "Jane Roe": ("Acme Books", "HR Manager", "jane@acme.example"),
        "Ray Chen": ("Books4U", None, "ray@books4u.example"),
    }
    jane = next(c for a in cli.json("export", "-")["accounts"] for c in a["contacts"] if c["name"] == "Jane Roe")
    assert jane["phone"] == "555-0101"


def test_an_outlook_export_takes_the_job_title_and_the_work_address(cli: Cli, tmp_path: Path) -> None:
    code, _out, err = _csv(cli, tmp_path,
        "Title,First Name,Last Name,Company,Job Title,Email Home,Email Work,Email Other\n"
        "Mr.,Ray,Chen,Books4U,VP Sales,ray@home.example,ray@books4u.example,\n"
        "Ms.,Ann,Lee,Fabrikam,Buyer,ann@home.example,,\n")  # fmt: skip
    assert code == 0, err
    assert people(cli) == {
        "Ray Chen": ("Books4U", "VP Sales", "ray@books4u.example"),
        "Ann Lee": ("Fabrikam", "Buyer", "ann@home.example"),  # no work address: the home one is kept
    }


def test_a_linkedin_connections_export_after_its_notes(cli: Cli, tmp_path: Path) -> None:
    code, out, err = _csv(cli, tmp_path,
        "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are "
        "missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kai,Park,https://www.linkedin.com/in/kaipark,,Northwind Traders,Head of Training,03 Nov 2026\n")  # fmt: skip
    assert code == 0, err
    assert "LinkedIn-style" in out
    assert people(cli) == {"Kai Park": ("Northwind Traders", "Head of Training", None)}


def test_a_row_one_field_short_is_named_never_shifted(cli: Cli, tmp_path: Path) -> None:
    code, out, err = _csv(cli, tmp_path,
        "First Name,Last Name,Company,Job Title,Email\n"
        "Jane,Roe,Acme,HR Manager,jane@acme.example\n"
        "Ray,Books4U,VP Sales,ray@books4u.example\n"
        "Ann,Lee,Fabrikam,Buyer,ann@fabrikam.example\n")  # fmt: skip
    assert code == 0, err
    assert set(people(cli)) == {"Jane Roe", "Ann Lee"}
    assert "row 3: it has 4 fields where the header has 5" in out


# --- mail as mail programs write it ------------------------------------------------------------------------


def _oracle(data: bytes) -> tuple[str | None, str]:
    """What Python's own parser reads of a message: its sender's address and its subject."""
    import email
    import email.policy

    message = email.message_from_bytes(data.lstrip(b" \t\r\n"), policy=email.policy.default)
    sender = None
    for address in getattr(message.get("from"), "addresses", ()) or ():
        if address.username and address.domain:
            sender = address.addr_spec.lower()
            break
    return sender, " ".join(str(message.get("subject", "") or "").split())


MAIL = sorted((CORPUS / "mail").glob("*.eml"))


@pytest.mark.parametrize("path", MAIL, ids=[p.name for p in MAIL])
def test_each_message_is_read_as_pythons_parser_reads_it(path: Path) -> None:
    from organizer.formats.mail import MailMessage, read_messages

    (read,) = list(read_messages(path))
    assert isinstance(read, MailMessage), read
    sender, subject = _oracle(path.read_bytes())
    assert read.sender == (sender.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if sender else None)
    if subject.isprintable() and all(not ("\udc80" <= ch <= "\udcff") for ch in subject):
        assert read.subject == subject[:500]


def test_a_message_after_a_line_of_spaces_and_one_in_windows_1252_are_touches(cli: Cli, tmp_path: Path) -> None:
    """The iPhone's message starts with a line of spaces; a 1997 message names Ingo L\\xfctkebohle in Latin-1."""
    people = (("phone", "Danielle", "someone@somewhere.com"), ("apache", "Ingo", "ingo@blank.pages.de"))
    document = {"format": "daymap/1", "accounts": [
        {"id": key, "name": key.title(), "contacts": [{"id": f"{key}-c", "name": name, "email": email}]}
        for key, name, email in people
    ]}  # fmt: skip
    assert cli.import_doc(document, tmp_path)[0] == 0
    code, out, err = cli("mail", "import", str(CORPUS / "mail" / "flanker-iphone.eml"),
                         str(CORPUS / "mail" / "flanker-from-encoding.eml"), "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == {"messages": 2, "touches": 2, "unmatched": 0, "duplicates": 0, "unreadable": 0}


def test_the_whole_corpus_as_one_mbox_twice_logs_each_message_once(cli: Cli, tmp_path: Path) -> None:
    senders = sorted({sender for path in MAIL if (sender := _oracle(path.read_bytes())[0])})
    document = {"format": "daymap/1", "accounts": [
        {"id": f"a{n}", "name": f"Sender {n}", "contacts": [{"id": f"c{n}", "name": f"Person {n}", "email": sender}]}
        for n, sender in enumerate(senders)
    ]}  # fmt: skip
    assert cli.import_doc(document, tmp_path)[0] == 0
    box = tmp_path / "corpus.mbox"
    with box.open("wb") as out:
        for path in MAIL:
            data = path.read_bytes().lstrip(b" \t\r\n").replace(b"\nFrom ", b"\n>From ")
            out.write(b"From corpus@example.com Mon Nov 23 10:00:00 2026\n" + data.rstrip(b"\n") + b"\n\n")
    first = cli.json("mail", "import", str(box), "--json")
    assert first["messages"] == len(MAIL)
    assert first["unreadable"] == 0
    assert first["touches"] > 0
    logged = sum(len(a.get("touches", [])) for a in cli.json("export", "-")["accounts"])
    again = cli.json("mail", "import", str(box), "--json")
    assert again["touches"] == 0
    assert again["messages"] == len(MAIL)
    assert again["duplicates"] + again["unmatched"] == len(MAIL)  # read before, or nobody's: never twice
    assert sum(len(a.get("touches", [])) for a in cli.json("export", "-")["accounts"]) == logged


# --- calendars and feeds as calendar programs write them ---------------------------------------------------

CALENDARS = sorted((CORPUS / "ics").glob("*.ics"))
NOT_CALENDARS = {  # fuzzers' output: nothing in them is an event
    "icalendar-fuzz_testcase_0_char_in_component_name.ics",
    "icalendar-fuzz_testcase_invalid_month.ics",
    "icalendar-fuzz_testcase_vtimezone_lone_cr.ics",
    "icalendar-parsing_error_in_UTC_offset.ics",
}


@pytest.mark.parametrize("path", CALENDARS, ids=[p.name for p in CALENDARS])
def test_every_calendar_of_the_corpus_is_read_or_said_to_be_no_calendar(path: Path) -> None:
    import datetime as dt

    from organizer.formats.events import busy_spans, occurrences

    problems: list[str] = []
    if path.name in NOT_CALENDARS:
        with pytest.raises(ValueError, match="not an iCalendar file"):
            occurrences(path.read_bytes(), dt.date(1990, 1, 1), dt.date(2030, 12, 31), problems, strict=True)
        return
    found = occurrences(path.read_bytes(), dt.date(1990, 1, 1), dt.date(2030, 12, 31), problems, strict=True)
    busy_spans(found)
    assert all(problem.startswith("event ") for problem in problems)


@pytest.mark.parametrize(
    ("name", "events", "left_out"),
    [
        ("icalendar-multiple_calendar_components.ics", 3, 0),  # several calendars in one file: every one read
        ("icalendar-broken_dtstart.ics", 0, 1),  # the one event with a broken start: left out, named
        ("icalendar-issue_1081_invalid_start_and_end.ics", 0, 1),
    ],
)
def test_odd_calendars_give_what_can_be_read_and_name_what_cannot(name: str, events: int, left_out: int) -> None:
    import datetime as dt

    from organizer.formats.events import occurrences

    problems: list[str] = []
    found = occurrences((CORPUS / "ics" / name).read_bytes(), dt.date(1990, 1, 1), dt.date(2030, 12, 31), problems)
    assert len({o.uid for o in found}) == events
    assert len(problems) == left_out


# --- whatever the bytes -------------------------------------------------------------------------------------

from hypothesis import given  # noqa: E402  (the fuzzing below, apart from the corpus)
from hypothesis import strategies as st  # noqa: E402

_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "BEGIN:VCARD",
                "END:VCARD",
                "VERSION:2.1",
                "VERSION:3.0",
                "FN:Ann",
                "ORG:Acme;Sales",
                "N;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Jan",
                "EMAIL;TYPE=WORK:a@b.example",
                " folded",
                "PHOTO;ENCODING=BASE64:/9j/",
                "NOTE:a\\,b\\nc",
                "=",
                "item1.EMAIL:x@y",
                "",
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=30,
)


@given(_LINES, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_vcard_text_is_read_or_refused_in_words(lines: list[str], encoding: str) -> None:
    from organizer.core.errors import ValidationError
    from organizer.formats.crm_table import read_vcards

    data = "\r\n".join(lines).encode(encoding, errors="replace")
    try:
        table = read_vcards(data, "fuzz.vcf")
    except ValidationError:
        return
    for _number, cells in table.rows:
        assert len(cells) == 6


@given(st.binary(max_size=600))
def test_any_bytes_as_a_contact_csv_are_read_or_refused_in_words(data: bytes) -> None:
    from organizer.core.errors import ValidationError
    from organizer.formats.crm_table import guess_mapping, read_csv

    try:
        table = read_csv(b"First Name,Last Name,Company,E-mail 1 - Type,E-mail 1 - Value\n" + data, "fuzz.csv")
    except ValidationError:
        return
    assert len(guess_mapping(table.headers)) == len(table.headers)
    for _number, cells in table.rows:
        assert len(cells) == len(table.headers)


@given(st.binary(max_size=800))
def test_any_bytes_as_a_calendar_feed_are_read_or_said_to_be_no_calendar(data: bytes) -> None:
    import datetime as dt

    from organizer.formats.events import occurrences

    problems: list[str] = []
    said = ""
    try:
        occurrences(b"BEGIN:VCALENDAR\r\n" + data, dt.date(2026, 1, 1), dt.date(2026, 12, 31), problems, strict=True)
    except ValueError as error:
        said = str(error)
    assert not said or "not an iCalendar file" in said
