"""Where salespeople already are: CSV for spreadsheets, CRM imports, calendars, reports (issue 7)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from organizer.formats.csvout import safe_cell
from tests.builders import account, day, doc, step, write
from tests.conftest import FIXTURES, Cli


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Acme, Inc.", "Acme, Inc."),
        (None, ""),
        (True, "yes"),
        (42, "42"),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_the_accounts_csv_is_formula_safe_and_complete(cli: Cli, tmp_path: Path) -> None:
    evil = '=cmd|"/c calc"!A1'
    cli.import_doc(
        doc(
            account("acme", name=evil, industry="@risk", steps=[step("s1", 2, title="-1 the price, then call")]),
            account("beta", name='Beta, Ltd. "quoted"', stage="client"),
        ),
        tmp_path,
    )
    code, out, err = cli("csv", "accounts", "--date", day(0), "-o", "-")
    assert code == 0, err
    rows = read_csv(out)
    assert rows[0][:2] == ["Account", "Stage"]
    by_id = {row[-1]: row for row in rows[1:]}
    assert by_id["acme"][0] == "'" + evil
    assert by_id["acme"][3] == "'@risk"
    assert by_id["acme"][4] == "'-1 the price, then call"
    assert by_id["beta"][0] == 'Beta, Ltd. "quoted"'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_action_list_csv_lists_today_in_order_then_waiting(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(
        doc(
            account(
                "acme",
                contacts=[{"id": "j", "name": "=Jane"}],
                steps=[
                    step("b", 0, title="Second", time="11:00", minutes=30),
                    step("a", 0, title="First", time="09:00", promised=True, contact="j"),
                    step("w", 0, title="Signed order", waiting=True, contact="j"),
                ],
            )
        ),
        tmp_path,
    )
    target = tmp_path / "today.csv"
    code, _out, err = cli("csv", "today", "--date", day(0), "-o", str(target))
    assert code == 0, err
    rows = read_csv(target.read_text(encoding="utf-8"))
    assert [(r[0], r[2]) for r in rows[1:]] == [("Today", "First"), ("Today", "Second"), ("Waiting on", "Signed order")]
    assert rows[1][4] == "'=Jane"
    assert rows[1][6] == "yes"


# --- CRM exports and vCards --------------------------------------------------------------------------------

CRM = FIXTURES / "crm"


def exported(cli: Cli) -> dict[str, Any]:
    return cli.json("export", "-")


def people(document: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {c["name"]: (a["name"], c) for a in document["accounts"] for c in a["contacts"]}


def test_a_hubspot_contacts_export_imports_people_and_their_companies(cli: Cli) -> None:
    code, out, err = cli("import-csv", str(CRM / "hubspot-contacts.csv"))
    assert code == 0, err
    assert "HubSpot-style contacts export" in out
    document = exported(cli)
    accounts = {a["name"]: a for a in document["accounts"]}
    assert set(accounts) == {"Acme Books, Inc.", "Books4U", "Tailspin Travel"}  # the quoted comma stayed
    assert accounts["Acme Books, Inc."]["stage"] == "client"  # HubSpot's "customer"
    found = people(document)
    assert set(found) == {"Jane Roe", "Ray Chen", "José Müller", "Li Wei"}  # the BOM, accents, one Jane
    company, jane = found["Jane Roe"]
    assert company == "Acme Books, Inc."
    assert (jane["title"], jane["email"], jane["phone"]) == ("HR Manager", "jane.roe@acmebooks.example", "+1 555 0100")
    assert found["Li Wei"][1]["title"] == 'Buyer, "Travel"'
    assert "row 6: person Jane Roe, same as row 2" in out
    assert "row 7: Nobody Atall: no company" in out
    assert "row 8: account Books4U, same as row 3" in out  # the company's own row: no person, no loss


def test_a_salesforce_accounts_export_in_windows_1252_imports_companies_with_stages(cli: Cli) -> None:
    code, out, err = cli("import-csv", str(CRM / "salesforce-accounts.csv"))
    assert code == 0, err
    assert "read as Windows-1252" in out
    stages = {a["name"]: a["stage"] for a in exported(cli)["accounts"]}
    assert stages == {
        "Contoso, Ltd.": "client",
        "Fabrikam": "prospect",
        "Northwind Traders": "former",
        "Café Brückner": "prospect",
    }


def test_salesforce_contacts_join_the_accounts_already_in_daymap_without_changing_them(cli: Cli) -> None:
    assert cli("import-csv", str(CRM / "salesforce-accounts.csv"))[0] == 0
    before = {a["name"]: a for a in exported(cli)["accounts"]}
    code, out, err = cli("import-csv", str(CRM / "salesforce-contacts.csv"))
    assert code == 0, err
    assert "Will add 0 new accounts, 3 new people." in out
    assert "Already in Daymap" in out
    after = {a["name"]: a for a in exported(cli)["accounts"]}
    assert set(after) == set(before)
    contoso = after["Contoso, Ltd."]
    assert {c["name"] for c in contoso["contacts"]} == {"Grace Hopper", "Alan Turing"}
    assert contoso["stage"] == before["Contoso, Ltd."]["stage"]
    grace = next(c for c in contoso["contacts"] if c["name"] == "Grace Hopper")
    assert grace["notes"] == "Met at the fair.\nWants a demo in Q1."  # a quoted newline kept
    code, out, _err = cli("import-csv", str(CRM / "salesforce-contacts.csv"))  # again: all duplicates
    assert "Will add 0 new accounts, 0 new people." in out
    assert out.count("a person already in Daymap") == 4


def test_pipedrive_persons_with_semicolons(cli: Cli) -> None:
    code, out, err = cli("import-csv", str(CRM / "pipedrive-persons.csv"))
    assert code == 0, err
    assert "Pipedrive" in out
    assert set(people(exported(cli))) == {"Maria Garcia", "Tom Jones"}


def test_vcards_3_and_4_and_2_1(cli: Cli) -> None:
    code, out, err = cli("import-vcard", str(CRM / "contacts.vcf"))
    assert code == 0, err
    found = people(exported(cli))
    assert set(found) == {"Jane Roe", "Kenji Sato", "Jürgen Müller"}
    company, jane = found["Jane Roe"]
    assert company == "Acme Books, Inc."  # an escaped comma in ORG
    assert jane["email"] == "jane.roe@acmebooks.example"  # the work address
    assert jane["notes"] == "Hates agency fees\nLoves data"
    kenji = found["Kenji Sato"][1]
    assert kenji["phone"] == "+81-3-0000-0000"
    assert kenji["title"].endswith("has to be folded by the exporting program")  # an unfolded line
    assert "no company" in out


@pytest.mark.parametrize(
    ("charset", "name", "company"),
    [("UTF-8", "José Müller-Lüdenscheidt", "Café München"), ("ISO-8859-1", "José Müller", "Café Zürich"),
     ("windows-1251", "Дмитрий Иванов", "Рога и копыта"), ("Shift_JIS", "佐藤 健二", "株式会社サンプル")],
)  # fmt: skip
def test_vcard_2_1_quoted_printable_with_soft_line_breaks_is_read_whole(
    cli: Cli, tmp_path: Path, charset: str, name: str, company: str
) -> None:
    """Android and older phones break long quoted-printable values with a trailing "=" (a soft line break)."""
    import quopri

    def encoded(text: str) -> str:
        raw = quopri.encodestring(text.encode(charset)).decode("ascii")
        return "=\r\n".join(raw[k : k + 9] for k in range(0, len(raw), 9))  # broken every nine characters

    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"FN;CHARSET={charset};ENCODING=QUOTED-PRINTABLE:{encoded(name)}\r\n"
        f"ORG;ENCODING=QUOTED-PRINTABLE;CHARSET={charset}:{encoded(company)}\r\n"
        "EMAIL;PREF;INTERNET:someone@example.com\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "phone.vcf"
    path.write_text(card, encoding="ascii")
    code, _out, err = cli("import-vcard", str(path))
    assert code == 0, err
    assert people(exported(cli))[name][0] == company


def test_dry_run_writes_nothing(cli: Cli) -> None:
    code, out, err = cli("import-csv", str(CRM / "hubspot-companies.csv"), "--dry-run")
    assert code == 0, err
    assert "Will add 4 new accounts" in out
    assert "Dry run: nothing was written." in out
    assert exported(cli)["accounts"] == []


def test_a_column_can_be_mapped_by_hand(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Firma,Branche,Kommentar\nMüller GmbH,Maschinenbau,=SUM(A1)\n", encoding="utf-8")
    code, _out, err = cli("import-csv", str(path), "--dry-run")
    assert code == 2
    assert "no column holds the company's name" in err
    code, _out, err = cli(
        "import-csv", str(path), "--map", "Firma=account.name", "--map", "Branche=account.industry",
        "--map", "Kommentar=account.notes",
    )  # fmt: skip
    assert code == 0, err
    account = exported(cli)["accounts"][0]
    assert (account["name"], account["industry"], account["notes"]) == ("Müller GmbH", "Maschinenbau", "=SUM(A1)")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary data"),
        (b"Company name,Industry\n" + b"x" * 300 + b",Retail\n", "row 2: column 'Company name': is too long"),
        (b"First Name,Email\nJane,j@x.example\n", "no column holds the person's company"),
    ],
)
def test_a_broken_file_gives_a_clear_message_and_writes_nothing(
    cli: Cli, tmp_path: Path, content: bytes, message: str
) -> None:
    assert cli("import-csv", str(CRM / "hubspot-companies.csv"))[0] == 0
    before = exported(cli)
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    code, out, err = cli("import-csv", str(path))
    assert code == 2
    assert message in out + err  # a row that cannot be used is named in the preview; the refusal says why
    assert "Traceback" not in err
    assert exported(cli) == before


def test_a_file_that_is_not_a_vcard(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.vcf"
    path.write_text("hello\n")
    code, _out, err = cli("import-vcard", str(path))
    assert code == 2
    assert "no BEGIN:VCARD" in err


# --- calendars ----------------------------------------------------------------------------------------------


def calendar_territory() -> dict[str, Any]:
    return doc(
        account(
            "acme",
            name="Acme Books, Inc.",
            contacts=[{"id": "jane", "name": "Jane Roe; HR"}],
            goals=[
                {
                    "id": "g1",
                    "title": "Position XYZ, with HR",
                    "steps": [
                        step("demo", 1, title="Demo XYZ", time="10:00", minutes=60, contact="jane", promised=True)
                    ],
                }
            ],
            steps=[
                step("letter", 2, title="Send the newsletter\nwith the case study"),
                step("wait", 3, title="Signed order", waiting=True, contact="jane"),
                step("done", 1, title="Already done", status="done", done=day(0)),
                step("far", 40, title="Beyond the range"),
            ],
        )
    )


def parse_both(data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same file through icalendar and through vobject: {uid: event} from each."""
    import icalendar
    import vobject

    first = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    calendar = vobject.readOne(data.decode("utf-8"))
    second = {e.uid.value: e for e in calendar.contents.get("vevent", [])}
    return first, second


def test_the_calendar_parses_in_two_independent_parsers(cli: Cli, tmp_path: Path) -> None:
    import datetime as dt

    cli.import_doc(calendar_territory(), tmp_path)
    target = tmp_path / "week.ics"
    code, _out, err = cli("ics", "--from", day(0), "--days", "7", "-o", str(target))
    assert code == 0, err
    first, second = parse_both(target.read_bytes())
    assert set(first) == set(second) == {"demo@daymap", "letter@daymap", "wait@daymap"}
    demo = second["demo@daymap"]
    assert demo.dtstart.value == dt.datetime(2026, 11, 25, 10, 0)
    assert demo.dtend.value - demo.dtstart.value == dt.timedelta(minutes=60)  # the estimate is the duration
    assert demo.summary.value == "Promised: Demo XYZ (Acme Books, Inc.)"
    description = demo.description.value
    assert "Account: Acme Books, Inc." in description
    assert "Goal: Position XYZ, with HR" in description  # commas escaped and unescaped
    assert "Contact: Jane Roe; HR" in description
    letter = second["letter@daymap"]
    assert letter.dtstart.value == dt.date(2026, 11, 26)  # untimed: an all-day item
    assert letter.dtend.value == dt.date(2026, 11, 27)
    assert "newsletter\nwith the case study" in letter.summary.value
    assert second["wait@daymap"].summary.value.startswith("Waiting on: ")
    assert str(first["demo@daymap"]["summary"]) == demo.summary.value


def test_a_newer_export_keeps_the_uids_so_calendars_update_instead_of_duplicating(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(calendar_territory(), tmp_path)
    before = tmp_path / "before.ics"
    cli("ics", "--from", day(0), "--days", "7", "-o", str(before))
    cli.import_doc(doc({"id": "acme", "steps": [step("letter", 4, title="Send the newsletter (moved)")]}), tmp_path)
    after = tmp_path / "after.ics"
    cli("ics", "--from", day(0), "--days", "7", "-o", str(after))
    old, _ = parse_both(before.read_bytes())
    new, new_vobject = parse_both(after.read_bytes())
    assert set(new) == set(old)
    assert new["letter@daymap"]["summary"] == "Send the newsletter (moved) (Acme Books, Inc.)"
    assert int(new["letter@daymap"]["sequence"]) > int(old["letter@daymap"]["sequence"])  # a newer version
    assert new_vobject["letter@daymap"].dtstart.value.isoformat() == day(4)


def test_the_calendar_of_one_account(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(calendar_territory(), tmp_path)
    cli.import_doc(doc(account("other", steps=[step("x", 1)])), tmp_path)
    code, out, err = cli("ics", "--from", day(0), "--days", "7", "--account", "Acme Books, Inc.", "-o", "-")
    assert code == 0, err
    first, _second = parse_both(out.encode())
    assert "x@daymap" not in first
    assert len(first) == 3


# --- insights: the history behind the charts ---------------------------------------------------------------


def test_the_first_look_at_a_morning_is_recorded_once(store: Any) -> None:
    import datetime as dt

    from organizer.app import operations
    from organizer.rules.insights import marks_per_day

    day = dt.date(2026, 11, 24)
    assert write(store, operations.record_opening_marks, day, 7)
    assert not write(store, operations.record_opening_marks, day, 2)  # a later look does not rewrite history
    assert write(store, operations.record_opening_marks, day - dt.timedelta(days=2), 9)
    with store.read() as session:
        history = marks_per_day(session, day, days=3)
    assert history == [(day - dt.timedelta(days=2), 9), (day - dt.timedelta(days=1), None), (day, 7)]


def test_promises_per_week_count_kept_and_late(cli: Cli, tmp_path: Path) -> None:
    from organizer.rules.insights import promises_per_week
    from organizer.store.database import open_store
    from tests.builders import D

    cli.import_doc(
        doc(
            account(
                "acme",
                steps=[
                    step("kept", -3, promised=True, status="done", done=day(-4)),
                    step("late", -3, promised=True, status="done", done=day(-1)),
                    step("open", -1, promised=True),
                    step("waiting", -2, promised=True, waiting=True),
                    step("old", -200, promised=True),
                ],
            )
        ),
        tmp_path,
    )
    with open_store(data_dir=cli.data_dir) as store, store.read() as session:
        weeks = promises_per_week(session, D)
    assert len(weeks) == 13
    assert weeks[-1].week == "2026-W48"
    assert (weeks[-2].due, weeks[-2].kept) == (2, 1)  # last week: the kept one and the late one
    assert (weeks[-1].due, weeks[-1].kept) == (1, 0)  # this week: the open one, overdue
    assert sum(w.due for w in weeks) == 3


# --- the weekly territory report -----------------------------------------------------------------------------


def report_territory() -> dict[str, Any]:
    return doc(
        account(
            "acme",
            name="<b>Acme</b> & Sons",
            stage="client",
            mission="Be <their> *only* supplier",
            touches=[
                {"id": "t1", "date": day(-1), "channel": "call"},
                {"id": "t2", "date": day(-9), "channel": "visit"},
            ],
            steps=[
                step("kept", -1, promised=True, status="done", done=day(-1)),
                step("late", -3, promised=True),
                step("next", 2, title="Demo for HR"),
            ],
        ),
        account("beta", stage="prospect", touches=[{"id": "t3", "date": day(0), "channel": "email"}]),
        account("gone", stage="former", archived=True),
        days=[{"date": day(-1), "confirmed": True}, {"date": day(0), "confirmed": False}],
    )


def test_the_weekly_report_lists_every_account_with_the_weeks_figures(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(report_territory(), tmp_path)
    code, out, err = cli("report", "--date", day(0))
    assert code == 0, err
    assert out.startswith("Territory report — week 2026-W48\nMon 23 Nov to Tue 24 Nov 2026\n")
    figures = dict(line.strip().split("  ", 1) for line in out.split("\n\n")[1].splitlines())
    figures = {label: value.strip() for label, value in figures.items()}
    assert figures["Promises kept on time, last 90 days"] == "1 of 2 (50%)"
    assert figures["Promises due this week so far"] == "1, 1 kept on time"
    assert figures["Touches this week"] == "1 with clients, 1 new business"
    assert figures["Confirmed mornings in a row"] == "1"
    assert figures["Question marks today"] == "2"  # acme's late promise, beta's missing next step
    assert figures["Question marks each morning this week"] == "Mon not opened, Tue not opened"
    assert figures["Accounts in the territory"] == "2"  # the archived one is left out
    assert "<b>Acme</b> & Sons (client) — ? promise overdue\n  Mission: Be <their> *only* supplier\n" in out
    assert "  Next step: Demo for HR (Thu 26 Nov)\n  Last touch: Mon 23 Nov (yesterday)\n" in out
    assert "Beta (prospect) — ? no next step\n  Next step: none dated\n" in out
    assert "Gone" not in out
    insights = cli.json("insights", "--date", day(0), "--json")
    assert insights["promises"] == {"due": 2, "kept": 1, "rate": 0.5}
    assert insights["streak"] == 1


def test_the_weekly_report_escapes_what_it_embeds(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(report_territory(), tmp_path)
    target = tmp_path / "report.html"
    code, _out, err = cli("report", "--date", day(0), "--format", "html", "-o", str(target))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<b>Acme</b>" not in page
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Sons" in page
    assert "Be &lt;their&gt; *only* supplier" in page
    code, md, err = cli("report", "--date", day(0), "--format", "md")
    assert code == 0, err
    assert "\\<b\\>Acme\\</b\\> & Sons (client)" in md
    assert "Be \\<their\\> \\*only\\* supplier" in md
