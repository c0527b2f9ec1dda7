"""The plan map's Brief tab: what the manager copies, saves and cannot save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from tests.gui_helpers import ready_territory

pytestmark = pytest.mark.gui


@pytest.fixture
def brief(window: Any, load: Any) -> Any:
    load(ready_territory())
    main = window()
    main.open_plan("acme")
    return main.plan.brief_tab


@pytest.fixture
def clipboard() -> Iterator[Any]:
    board = QGuiApplication.clipboard()
    yield board
    board.clear()  # data left on the offscreen platform's clipboard crashes Qt's exit (xcb: checked, it does not)


def test_copy_gives_rich_text_for_an_email_and_plain_text_for_a_chat(brief: Any, clipboard: Any) -> None:
    brief.copy()
    data = clipboard.mimeData()
    assert "<h1>Acme Staffing</h1>" in data.html()
    assert "Acme Staffing" in data.text()
    assert "<h1>" not in data.text()


def test_save_asks_where_and_saves_the_brief_shown(brief: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its Save button is the window's ``brief`` verb: the save dialog opens where the rep saved last."""
    asked: list[str] = []

    def answer(_parent: Any, title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(f"{title} | {Path(suggested).name} | {filters}")
        return (str(tmp_path / "acme.html"), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    brief.save_button.click()
    assert asked == ["Save the brief | Acme Staffing brief.pdf | PDF (*.pdf);;Web page (*.html *.htm)"]
    assert "<h1>Acme Staffing</h1>" in (tmp_path / "acme.html").read_text()


def test_a_brief_that_cannot_be_saved_says_so_and_writes_nothing(
    brief: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "no-such-folder" / "brief.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    brief.save_button.click()
    assert dialogs.messages
    assert "The brief was not saved" in dialogs.messages[-1]
    assert not target.exists()


def test_no_account_no_brief(brief: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dialog(*_args: Any) -> Any:
        raise AssertionError("no account, yet a save dialog")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_dialog)
    brief.show_account(None)
    assert brief.view.toPlainText() == ""
    brief.save_button.click()


def test_the_menus_brief_asks_for_an_open_plan_map_first(window: Any, dialogs: Any) -> None:
    main = window()
    assert not main.run_placed("brief")
    assert dialogs.messages == ["Open an account's plan map first (Accounts, then double-click)."]
