"""Imports from CRMs and vCards, reports, calendar and CSV exports, the Insights screen, in the window (issue 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.gui

CRM = Path(__file__).parent / "fixtures" / "crm"


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
    assert seen["groups"] == ["New accounts (3)", "New people (4)", "Duplicates: not added (1)", "Skipped (2)"]
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
