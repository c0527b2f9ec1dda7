"""Where salespeople already are: CSV for spreadsheets, CRM imports, calendars, reports (issue 7)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from organizer.csvout import safe_cell
from tests.builders import account, day, doc, step
from tests.conftest import Cli


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
