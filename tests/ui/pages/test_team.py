"""The Team page: a manager on a team's server sees every rep, looks into a rep's morning, hands over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui

D = dt.date(2026, 11, 24)


@pytest.fixture
def open_window(qtbot: Any, tmp_path: Path) -> Iterator[Callable[[str], Any]]:
    """A window on the team's server as one of its people (``team["meg"].url`` …)."""
    from PySide6.QtCore import QSettings

    from organizer.store.database import open_store
    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    stores = []

    def _open(url: str) -> Any:
        store = open_store(url)
        stores.append(store)
        main = MainWindow(QtPlanner(store, D), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(main)
        main.show()
        return main

    yield _open
    for store in stores:
        store.close()


def test_a_rep_has_no_team_page(team: dict[str, Any], open_window: Callable[[str], Any]) -> None:
    main = open_window(team["ann"].url)
    assert "team" not in main.views
    assert main.planner.team_role() == "rep"
    assert main.planner.write_refusal() is None
    assert all(action.isEnabled() for action in main.write_actions)


def test_a_manager_is_told_before_any_form_that_the_reps_plan_their_accounts(
    team: dict[str, Any], open_window: Callable[[str], Any], dialogs: Any
) -> None:
    main = open_window(team["meg"].url)
    assert not any(action.isEnabled() for action in main.write_actions)
    main.show_view("today")
    main.today.select_step("ann-s3")
    assert not any(button.isEnabled() for button in main.today.step_buttons)
    assert not main.today.flows.reschedule("ann-s3")  # no form opened: the message says why
    assert dialogs.seen == []
    assert dialogs.messages == [
        "Signed in as a manager: the reps plan their accounts; a manager reads them and hands them over."
    ]
    mark = main.morning.morning.question_marks[0]
    assert not main.morning.resolve("accept", mark)
    assert not main.morning.accept_all.isVisibleTo(main.morning)
    main.open_plan("ann-1")  # the plan map reads; its verbs and in-place edits are off
    assert not any(button.isEnabled() for button in main.plan.write_buttons)
    assert main.plan.tree.editTriggers() == main.plan.tree.EditTrigger.NoEditTriggers


def test_the_manager_sees_every_rep_and_looks_into_a_reps_morning(
    team: dict[str, Any],
    open_window: Callable[[str], Any],
    qtmodeltester: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(tmp_path / "brief.html"), ""))
    main = open_window(team["meg"].url)
    assert main.views[-1] == "team"
    assert main.current_view() == "team"  # a manager's morning is the team's
    assert "manager" in main.banner.text()
    assert main.banner.isVisibleTo(main)
    page = main.pages["team"].page
    assert page is not None
    qtmodeltester.check(page.model)
    ann, bob = team["ann_role"], team["bob_role"]
    assert [page.model.item(r).rep for r in range(page.model.rowCount())] == [ann, bob]
    own = team["ann"].json("morning", "--date", D.isoformat(), "--json")["question_marks"]
    assert page.model.item(0).question_marks == len(own)
    page.select_rep(ann)
    assert page.marks.rowCount() == len(own)
    assert [page.account_list.item(r).text() for r in range(page.account_list.count())] == ["Ann Books", "Ann Travel"]
    page.account_list.setCurrentRow(0)
    assert "Ann Books" in page.brief.toPlainText()
    page.brief_tab.save_button.click()  # for an email to whoever asked: the window's brief verb saves it
    assert main.statusBar().currentMessage() == f"The brief saved to {tmp_path / 'brief.html'}"
    assert "<h1>Ann Books</h1>" in (tmp_path / "brief.html").read_text()


def test_the_manager_hands_a_reps_accounts_over_in_one_go(
    team: dict[str, Any], open_window: Callable[[str], Any], dialogs: Any
) -> None:
    main = open_window(team["meg"].url)
    main.show_view("team")
    page = main.pages["team"].page
    ann, bob = team["ann_role"], team["bob_role"]
    page.select_rep(ann)

    def answer(dialog: Any) -> None:
        assert dialog.field("to").currentData() == bob

    dialogs.then(answer)
    assert page.hand_over()
    assert dialogs.seen == [f"Hand over {ann}’s accounts"]
    rows = {page.model.item(r).rep: page.model.item(r).accounts for r in range(page.model.rowCount())}
    assert rows == {ann: 0, bob: 4}
    assert team["ann"].json("export", "-")["accounts"] == []


def test_a_store_of_ones_own_has_no_team_page(window: Any, load: Any) -> None:
    from tests.gui_helpers import ready_territory

    load(ready_territory())
    main = window()
    assert "team" not in main.views
    assert main.planner.team_role() is None


def test_connect_to_the_team_server_from_the_window_and_back_to_ones_own_store(
    team: dict[str, Any], window: Any, load: Any, dialogs: Any, tmp_path: Path
) -> None:
    from sqlalchemy.engine import make_url

    from tests.gui_helpers import ready_territory

    load(ready_territory())
    main = window()
    server = make_url(team["meg"].url)

    def answer(dialog: Any) -> None:
        dialog.field("host").setText(server.host)
        dialog.field("port").setValue(server.port)
        dialog.field("database").setText(server.database)
        dialog.field("user").setText(server.username)
        dialog.field("password").setText(server.password)

    dialogs.then(answer)
    assert main.connect_team_server()
    assert main.planner.team_role() == "manager"
    assert main.current_view() == "team"
    assert "connected to" in main.statusBar().currentMessage().lower()
    saved = str(main.settings.value("team/server"))
    assert server.username in saved
    assert server.password not in saved  # the password is never in Daymap's settings
    assert main.use_own_store()
    assert "team" not in main.views
    assert main.settings.value("team/server") is None


def test_a_saved_team_server_that_cannot_be_reached_offers_the_form_then_ones_own_store(
    qapp: Any, dialogs: Any, tmp_path: Path
) -> None:
    import argparse

    from PySide6.QtCore import QSettings

    from organizer.store.connection import check_address
    from ui.shell.connect import save_address
    from ui.shell.recovery import open_team_server

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    address = check_address("127.0.0.1", 1, "daymap", "ann")  # nothing listens on port 1
    save_address(settings, address)
    args = argparse.Namespace(db=address.url(), data_dir=None)
    dialogs.then(lambda dialog: False)  # the rep cancels the form
    assert open_team_server(args, settings, None) is None
    assert args.db is None  # the rep's own store opens instead
    assert dialogs.seen == ["Connect to a team server"]


def test_the_server_stopped_mid_edit_keeps_the_edit_in_its_dialog_and_a_retry_saves_it(
    team: dict[str, Any], open_window: Callable[[str], Any], dialogs: Any
) -> None:
    main = open_window(team["ann"].url)
    main.show_view("today")
    cluster = team["cluster"]
    tried: list[str] = []

    def answer(dialog: Any) -> None:
        dialog.field("title").setText("Call Ann to confirm the order")
        cluster.stop()
        dialog.accept()  # the server is gone: the form stays open, the text in it
        tried.append(dialog.general_error.text())
        assert not dialog.result()  # not accepted: still open for the rep
        assert dialog.field("title").text() == "Call Ann to confirm the order"
        cluster.start()

    dialogs.then(answer)
    main.today.flows.edit_step("ann-s3")  # the retry: OK again, once the server is back
    assert "cannot be reached" in tried[0]
    titles = {s.id: s.title for s in main.planner.account("ann-2").steps}
    assert titles["ann-s3"] == "Call Ann to confirm the order"


def _vacation(first: dt.date, last: dt.date, capacity: int) -> Callable[[Any], None]:
    def answer(dialog: Any) -> None:
        dialog.first.setDate(first)
        dialog.last.setDate(last)
        dialog._on_add_clicked()
        dialog.field("capacity_minutes").setValue(capacity)

    return answer


def test_on_a_team_server_a_rep_saves_their_settings_and_the_manager_sees_them_beside_their_morning(
    team: dict[str, Any], open_window: Callable[[str], Any], dialogs: Any, tmp_path: Path
) -> None:
    ann = open_window(team["ann"].url)
    assert all(action.isEnabled() for action in ann.settings_actions)
    dialogs.then(_vacation(D, D + dt.timedelta(days=1), 300))
    assert ann.morning.flows.edit_settings()
    assert team["ann"].json("export", "-")["settings"]["capacity_minutes"] == 300
    assert team["bob"].json("export", "-")["settings"]["capacity_minutes"] == 360  # ann's are hers alone

    meg = open_window(team["meg"].url)
    assert not any(action.isEnabled() for action in meg.write_actions)
    assert all(action.isEnabled() for action in meg.settings_actions)  # a manager's own settings are theirs
    dialogs.then(_vacation(D + dt.timedelta(days=7), D + dt.timedelta(days=7), 240))
    assert meg.morning.flows.edit_settings()
    assert team["meg"].json("export", "-")["settings"]["capacity_minutes"] == 240
    meg.show_view("team")
    page = meg.pages["team"].page
    assert page is not None
    page.load()
    model = page.model
    row = model.row_of(team["ann_role"])
    cells = [model.data(model.index(row, column)) for column in range(model.columnCount())]
    assert "Away" in cells
    assert "5 h" in cells
    assert any("Tue 24 Nov – Wed 25 Nov" in str(cell) for cell in cells)
    bob = [model.data(model.index(model.row_of(team["bob_role"]), column)) for column in range(model.columnCount())]
    assert "6 h" in bob
    assert "—" in bob
    meg.resize(1280, 800)
    meg.grab().save(str(tmp_path / "team.png"))
    if path := __import__("os").environ.get("DAYMAP_SCREENSHOT_DIR"):
        meg.grab().save(str(Path(path) / "team-settings.png"))
