"""Data safety in the window: backups, a damaged store at start, conflicts, outside changes, a full disk,
one window per store (issue 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from organizer.app import operations
from organizer.app.transfer.merge import import_document
from organizer.core.errors import ConflictError, DaymapError, StoreError
from organizer.store import backup
from organizer.store.location import resolve_location
from organizer.store.models import Step
from tests.builders import account, doc, step, write
from tests.conftest import ROOT, Cli
from tests.organizer.store.test_safety import damage, filled, lift, limit_connections

pytestmark = pytest.mark.gui


def title_of(store: Any, step_id: str) -> str:
    with store.read() as s:
        row = s.get(Step, step_id)
        return row.title if row else ""


@pytest.fixture
def plan(window: Any, load: Any) -> Any:
    load(doc(account("acme", name="Acme", goals=[{"id": "g", "title": "Win", "steps": [step("s1", 1)]}])))
    return window()


# --- backups ------------------------------------------------------------------------------------------


def test_the_backups_dialog_backs_up_restores_and_checks(
    plan: Any, dialogs: Any, qtmodeltester: Any, store: Any
) -> None:
    from ui.dialogs.backups import BackupsDialog

    dialog = BackupsDialog(plan.planner, plan)
    qtmodeltester.check(dialog.model)
    before = dialog.model.rowCount()
    dialog.back_up_now()
    assert dialog.model.rowCount() == before + 1
    assert "Backed up and checked" in dialog.status.text()
    newest = dialog.selected()
    assert newest is not None
    assert newest.reason == "manual"

    plan.planner.edit("step", "s1", {"title": "Changed after the backup"})
    plan.open_plan("acme")
    dialog.table.selectRow(dialog.model.row_of(str(newest.path)) or 0)
    dialog.restore_selected()
    assert "Restored the backup" in dialog.status.text()
    assert title_of(store, "s1") == "Step s1"
    assert plan.plan.tree_model.account.steps[0].title == "Step s1"  # the window shows it at once
    assert not plan.planner.undo_stack.canUndo()  # the history described the store that is gone
    assert "before-restore" in [info.reason for info in plan.planner.core.documents.backups()]
    qtmodeltester.check(dialog.model)

    dialog.check_store()
    assert dialog.status.text().startswith("The store is healthy.")
    dialog.close()


def test_file_menu_opens_the_backups_dialog(plan: Any, dialogs: Any) -> None:
    dialogs.then(lambda d: False)
    action = next(a for a in plan.menuBar().actions()[0].menu().actions() if a.text() == "&Backups…")
    action.trigger()
    assert dialogs.seen == ["Backups"]


# --- a damaged store at start ---------------------------------------------------------------------------


def test_a_damaged_store_at_start_offers_the_newest_backup_and_keeps_the_file(
    qapp: Any, dialogs: Any, data_dir: Path
) -> None:
    from ui.shell.recovery import open_with_recovery

    path = filled(data_dir, accounts=8)
    backup.take(resolve_location(None, data_dir), "manual")
    damage(path, "scribbled")
    damaged = path.read_bytes()
    dialogs.choices = ["restore"]
    store = open_with_recovery(None, str(data_dir))
    assert store is not None
    try:
        assert dialogs.offered == [["restore", "set-aside", "quit"]]
        assert len(Cli(data_dir).json("export", "-")["accounts"]) == 8
        aside = [p for p in data_dir.iterdir() if ".set-aside-" in p.name and p.name.endswith(tuple("0123456789"))]
        assert [p.read_bytes() for p in aside] == [damaged]
    finally:
        store.close()


def test_a_damaged_store_can_be_moved_aside_or_left_alone(qapp: Any, dialogs: Any, data_dir: Path) -> None:
    from ui.shell.recovery import open_with_recovery

    path = filled(data_dir)
    damage(path, "random")
    before = path.read_bytes()
    dialogs.choices = ["quit"]
    assert open_with_recovery(None, str(data_dir)) is None
    assert dialogs.offered == [["set-aside", "quit"]]  # no backup to offer
    assert path.read_bytes() == before
    dialogs.choices = ["set-aside"]
    store = open_with_recovery(None, str(data_dir))
    assert store is not None
    store.close()
    assert any(".set-aside-" in p.name for p in data_dir.iterdir())


def test_a_newer_store_only_says_to_update(qapp: Any, dialogs: Any, data_dir: Path) -> None:
    from ui.shell.recovery import open_with_recovery

    damage(filled(data_dir), "newer")
    assert open_with_recovery(None, str(data_dir)) is None
    assert dialogs.offered == []
    assert "newer Daymap" in dialogs.messages[0]


# --- two writers --------------------------------------------------------------------------------------------


def test_an_edit_of_something_changed_elsewhere_is_a_conflict_and_shows_their_version(
    plan: Any, dialogs: Any, store: Any
) -> None:
    plan.open_plan("acme")

    def meanwhile_and_edit(dialog: Any) -> None:
        write(
            store, operations.update, "step", "s1", {"title": "Their title"}
        )  # another program, while the dialog is open
        dialog.field("title").setText("My title")

    dialogs.then(meanwhile_and_edit)
    assert plan.plan.flows.edit_step("s1") is False  # the form stayed open with the conflict under it
    assert "changed elsewhere" in dialogs.last.general_error.text()
    assert title_of(store, "s1") == "Their title"
    assert plan.plan.tree_model.account.steps[0].title == "Their title"


def test_undo_of_something_changed_elsewhere_is_refused_and_leaves_the_history(
    plan: Any, dialogs: Any, store: Any
) -> None:
    plan.planner.edit("step", "s1", {"title": "Mine"})
    write(store, operations.update, "step", "s1", {"title": "Theirs"})
    plan.undo_action.trigger()
    assert title_of(store, "s1") == "Theirs"
    assert any("changed elsewhere" in m for m in dialogs.messages)
    assert not plan.planner.undo_stack.canUndo()


def test_a_stale_session_update_raises_a_conflict(planner: Any, store: Any, load: Any) -> None:
    load(doc(account("acme", steps=[step("s1", 1)])))
    seen = planner.account("acme").steps[0].version
    write(store, operations.update, "step", "s1", {"title": "Theirs"})
    with pytest.raises(ConflictError):
        planner.edit("step", "s1", {"title": "Mine"}, expected_version=seen)
    assert title_of(store, "s1") == "Theirs"


def test_the_cli_writing_while_the_window_is_open_shows_when_it_regains_focus(plan: Any, data_dir: Path) -> None:
    plan.show_view("accounts")
    assert plan.accounts.model.rowCount() == 1
    code, _out, err = Cli(data_dir)("import", "-", stdin=json.dumps(doc(account("beta", name="Beta"))))
    assert code == 0, err
    plan._on_application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert plan.accounts.model.rowCount() == 2
    assert "outside this window" in plan.statusBar().currentMessage()
    plan.planner.edit("step", "s1", {"title": "Ours"})  # our own writes are not news from outside
    assert plan.planner.check_outside_changes() is False


def test_a_second_instance_on_the_same_store_asks_the_first_to_come_forward(qtbot: Any, tmp_path: Path) -> None:
    from ui.shell.instance import SingleInstance

    first = SingleInstance("file:/x/daymap.sqlite3", folder=tmp_path)
    second = SingleInstance("file:/x/daymap.sqlite3", folder=tmp_path)
    other_store = SingleInstance("file:/y/daymap.sqlite3", folder=tmp_path)
    assert first.claim()
    assert other_store.claim()
    with qtbot.waitSignal(first.activation_requested, timeout=5000):
        assert not second.claim()
    first.release()
    other_store.release()
    assert second.claim()  # the window closed: the next start is the window
    second.release()


@pytest.mark.slow
def test_starting_daymap_twice_brings_the_first_window_forward(tmp_path: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path / "data")]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(runtime.glob("daymap-*.lock")) and time.monotonic() < deadline:
            assert first.poll() is None, first.communicate()
            time.sleep(0.1)
        time.sleep(0.5)
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stderr
        assert first.poll() is None  # the first window is still there
    finally:
        first.terminate()
        first.wait(10)


# --- a failing disk -------------------------------------------------------------------------------------


def test_a_full_disk_shows_a_message_and_the_retry_works(plan: Any, dialogs: Any, store: Any) -> None:
    with store.engine.connect() as connection:
        from sqlalchemy import text

        pages = connection.execute(text("PRAGMA page_count")).scalar()
    listener = limit_connections(store, f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DaymapError, match="disk is full"):
        plan.planner.edit("account", "acme", {"notes": "n" * 19_000})
    assert not plan.planner.undo_stack.canUndo()  # nothing half-done on the history either
    assert plan.plan.flows._apply(lambda: plan.planner.edit("account", "acme", {"notes": "n" * 19_000})) is False
    assert "disk is full" in dialogs.messages[-1]
    lift(store, listener)
    plan.planner.edit("account", "acme", {"notes": "n" * 19_000})  # the same write, retried
    assert plan.planner.account("acme").notes == "n" * 19_000


def test_editing_a_step_in_its_dialog_saves_it(plan: Any, dialogs: Any, store: Any) -> None:
    plan.open_plan("acme")
    dialogs.then(lambda d: d.field("title").setText("Demo to the HR manager"))
    assert plan.plan.flows.edit_step("s1") is True
    assert title_of(store, "s1") == "Demo to the HR manager"
    plan.undo_action.trigger()
    assert title_of(store, "s1") == "Step s1"


def test_a_read_only_store_shows_a_banner_and_refuses_changes(qtbot: Any, tmp_path: Path, dialogs: Any) -> None:
    from PySide6.QtCore import QSettings

    from organizer.store.database import open_store
    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    data_dir = tmp_path / "ro"
    with open_store(data_dir=data_dir) as writable:
        import_document(writable, doc(account("acme", name="Acme")))
    (data_dir / "daymap.sqlite3").chmod(0o400)
    try:
        with open_store(data_dir=data_dir) as store:
            window = MainWindow(QtPlanner(store), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
            qtbot.addWidget(window)
            window.show()
            assert window.banner.isVisible()
            assert "Read-only" in window.banner.text()
            assert not window.quick_add_action.isEnabled()  # no form to fill in only to be refused at OK
            assert not any(action.isEnabled() for action in window.write_actions)
            assert window.accounts.flows.new_account() is None  # says why at once, opens no form
            assert dialogs.messages[-1].startswith("This store is read-only")
            with pytest.raises(StoreError, match="read-only"):
                window.planner.create("account", {"name": "Beta"})
    finally:
        (data_dir / "daymap.sqlite3").chmod(0o600)
