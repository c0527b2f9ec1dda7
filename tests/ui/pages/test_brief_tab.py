"""The plan map's Brief tab: what the manager copies, saves and cannot save."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

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


def test_a_brief_that_cannot_be_saved_says_so_and_writes_nothing(brief: Any, dialogs: Any, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "brief.html"
    assert not brief.save(target)
    assert dialogs.messages
    assert "The brief was not saved" in dialogs.messages[-1]
    assert not target.exists()


def test_no_account_no_brief(brief: Any, tmp_path: Path) -> None:
    brief.show_account(None)
    assert brief.view.toPlainText() == ""
    assert not brief.save(tmp_path / "brief.html")
    assert not (tmp_path / "brief.html").exists()
