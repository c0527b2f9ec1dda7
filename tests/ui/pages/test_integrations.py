"""Imports from CRMs and vCards, reports, calendar and CSV exports, the Insights screen, in the window (issue 7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Cli

pytestmark = pytest.mark.gui

CRM = FIXTURES / "crm"


def names(data_dir: Path) -> set[str]:
    return {a["name"] for a in Cli(data_dir).json("export", "-")["accounts"]}


def test_the_crm_import_previews_then_imports(window: Any, dialogs: Any, data_dir: Path) -> None:
    main = window()
    seen: dict[str, Any] = {}

    def look_then_import(dialog: Any) -> None:
        seen["button"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).text()
        seen["groups"] = [dialog.preview.topLevelItem(i).text(0) for i in range(dialog.preview.topLevelItemCount())]

    dialogs.then(look_then_import)
    assert main.import_crm_path(str(CRM / "hubspot-contacts.csv"))
    assert seen["button"] == "Import 3 new accounts, 4 new people"
    assert seen["groups"] == ["New accounts (3)", "New people (4)", "Duplicates: not added (2)", "Skipped (1)"]
    assert names(data_dir) == {"Acme Books, Inc.", "Books4U", "Tailspin Travel"}
    main.show_view("accounts")
    assert main.accounts.model.rowCount() == 3


def test_changing_a_column_replans_and_cancel_writes_nothing(window: Any, dialogs: Any, data_dir: Path) -> None:
    main = window()

    def remap(dialog: Any) -> bool:
        company = dialog.table.headers.index("Company Name")
        combo = dialog.combos[company]
        combo.setCurrentIndex(combo.findData(""))  # no company column: nothing can be imported
        assert "every person belongs to an account" in dialog.error.text()
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        combo.setCurrentIndex(combo.findData("account.name"))
        assert dialog.error.isHidden()
        title = dialog.combos[dialog.table.headers.index("Job Title")]
        title.setCurrentIndex(title.findData("account.industry"))
        assert dialog.plan.new_accounts[0].industry == "HR Manager"
        return False  # Cancel

    dialogs.then(remap)
    assert not main.import_crm_path(str(CRM / "hubspot-contacts.csv"))
    assert names(data_dir) == set()


def test_a_vcard_file_imports_through_the_same_preview(window: Any, dialogs: Any, data_dir: Path) -> None:
    main = window()
    dialogs.then(lambda dialog: None)
    assert main.import_crm_path(str(CRM / "contacts.vcf"))
    assert names(data_dir) == {"Acme Books, Inc.", "Tailspin Travel", "Fabrikam"}


def test_a_file_that_cannot_be_read_says_so(window: Any, dialogs: Any, tmp_path: Path) -> None:
    main = window()
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x00binary")
    assert not main.import_crm_path(str(path))
    assert "binary data" in dialogs.messages[-1]


# --- files for other programs --------------------------------------------------------------------------------


@pytest.fixture
def territory(window: Any, load: Any) -> Any:
    from tests.organizer.formats.test_integrations import calendar_territory

    load(calendar_territory())
    return window()


def test_export_today_and_the_week_to_a_calendar(territory: Any, tmp_path: Path) -> None:
    from tests.organizer.formats.test_integrations import parse_both

    assert territory.run_verb("ics", {"days": 7, "output": tmp_path / "week.ics"})
    first, second = parse_both((tmp_path / "week.ics").read_bytes())
    assert set(first) == set(second) == {"demo@daymap", "letter@daymap", "wait@daymap"}
    assert territory.run_verb("ics", {"days": 1, "output": tmp_path / "today.ics"})
    assert parse_both((tmp_path / "today.ics").read_bytes())[0] == {}  # nothing is due on the day itself


def test_export_one_account_to_a_calendar_from_its_plan_map(
    territory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.organizer.formats.test_integrations import parse_both

    territory.open_plan("acme")
    target = tmp_path / "acme.ics"
    monkeypatch.setattr(territory, "_save_as", lambda *_args: target)
    territory.plan.calendar_requested.emit()
    assert set(parse_both(target.read_bytes())[1]) == {"demo@daymap", "letter@daymap", "wait@daymap", "far@daymap"}


def test_export_spreadsheets(territory: Any, tmp_path: Path) -> None:
    assert territory.run_verb("csv", {"what": "accounts", "output": tmp_path / "accounts.csv"})
    assert "Acme Books, Inc." in (tmp_path / "accounts.csv").read_text(encoding="utf-8-sig")
    territory.show_view("today")
    territory.today.load(territory.planner.today + dt.timedelta(days=1))
    assert territory.run_verb("csv", {"what": "today", "output": tmp_path / "day.csv"})
    assert "Demo XYZ" in (tmp_path / "day.csv").read_text(encoding="utf-8-sig")


def pdf_page(pdf: Path, out: Path) -> Any:
    """The first page of a PDF as an image, drawn by poppler (pdftoppm): what a reader would see."""
    import subprocess

    from PySide6.QtGui import QImage

    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(out)], check=True)
    image = QImage(str(next(out.parent.glob(out.name + "*.png"))))
    assert not image.isNull()
    return image


def inked(image: Any) -> int:
    """Pixels that are not white: text and rules on the page."""
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) & 0xFFFFFF != 0xFFFFFF
    )


def test_the_weekly_report_as_pdf_and_html(territory: Any, tmp_path: Path) -> None:
    assert territory.run_verb("report", {"format": "html", "output": tmp_path / "week.pdf"})
    assert (tmp_path / "week.pdf").read_bytes().startswith(b"%PDF")
    page = pdf_page(tmp_path / "week.pdf", tmp_path / "page")
    assert page.width() < page.height()  # A4 portrait
    assert inked(page) > 500
    assert territory.run_verb("report", {"format": "html", "output": tmp_path / "week.html"})
    text = (tmp_path / "week.html").read_text(encoding="utf-8")
    assert "Territory report" in text
    assert "Acme Books, Inc." in text


def test_the_brief_as_pdf(territory: Any, tmp_path: Path) -> None:
    territory.open_plan("acme")
    assert territory.run_verb("brief", {"account": "acme", "format": "html", "output": tmp_path / "acme.pdf"})
    assert inked(pdf_page(tmp_path / "acme.pdf", tmp_path / "brief")) > 300


# --- the Insights screen ------------------------------------------------------------------------------------


def test_the_insights_screen_draws_the_figures(territory: Any, qtbot: Any, store: Any) -> None:
    from PySide6.QtCore import Qt

    from organizer.store.models import Day

    with store.read() as s:
        recorded = s.get(Day, territory.planner.today)
        assert recorded is not None  # the window's first look at the morning was recorded
        assert recorded.opening_marks == len(territory.planner.morning().question_marks)
    qtbot.keyClick(territory, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert territory.current_view() == "insights"
    page = territory.pages["insights"].page
    assert page is not None
    assert page.trust_value.text() == "—"  # no promise was due in the last 90 days
    assert page.streak_value.text() == "0"
    touches = page.touches_chart.series()[0]
    assert [bar.label() for bar in touches.barSets()] == ["Existing clients", "New business"]
    assert touches.barSets()[0].count() == 12
    marks = page.marks_chart.series()[0]
    assert marks.count() == 1  # today's first look
    territory.planner.edit("step", "demo", {"promised": False})  # any change refreshes the screen on show
    assert page.marks_value.text() == str(len(territory.planner.morning().question_marks))


def test_the_insights_charts_speak_in_dates_and_follow_a_dark_palette(territory: Any, qtbot: Any) -> None:
    from PySide6.QtCharts import QBarCategoryAxis, QDateTimeAxis
    from PySide6.QtGui import QColor, QPalette

    from ui.pages.insights import week_axis_labels, week_label

    assert week_label("2026-W48") == "23 Nov"
    assert week_label("2027-W01") == "4 Jan"
    assert week_axis_labels(["2026-W47", "2026-W48", "2026-W49", "2026-W50"]) == ["16<br>Nov", "23", "30", "7<br>Dec"]
    territory.show_view("insights")
    page = territory.pages["insights"].page
    dark = QPalette(page.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    page.setPalette(dark)
    page.load()
    weeks = next(a for a in page.touches_chart.axes() if isinstance(a, QBarCategoryAxis))
    assert "<br>" in weeks.categories()[0]  # the first label names its month
    assert len(set(weeks.categories())) == 12
    days = next(a for a in page.marks_chart.axes() if isinstance(a, QDateTimeAxis))
    assert days.max().date().toPython() == territory.planner.today
    for chart in (page.promises_chart, page.touches_chart, page.marks_chart):
        assert chart.backgroundBrush().color() == QColor("#1e1f22")
        assert chart.titleBrush().color() == QColor("#e8e8e8")


def test_the_insights_screen_is_not_built_until_shown(territory: Any) -> None:
    assert territory.pages["insights"].page is None
    territory.reload_all()
    assert territory.pages["insights"].page is None
