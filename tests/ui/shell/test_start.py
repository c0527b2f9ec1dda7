"""Starting from the kept morning: drawn before the store opens, then checked and attached."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from organizer.app.planner import Planner
from organizer.app.transfer.demo import load_demo
from organizer.rules import evaluate
from organizer.store import kept
from organizer.store.database import open_store
from organizer.store.models import Day
from tests.builders import D
from tests.conftest import ROOT, run_module
from tests.gui_helpers import store_window

pytestmark = pytest.mark.gui


@pytest.fixture
def kept_territory(qapp: Any, store: Any) -> Any:
    """A territory whose window was closed once: its morning is kept beside the store."""
    from ui.qt_planner import QtPlanner

    load_demo(store, 12, 1, D)  # a territory whose morning has an overdue step
    assert QtPlanner(store, D).core.days.keep() is not None
    found = kept.load(store.location.path, D)
    assert found is not None
    return found


def kept_window(qtbot: Any, found: Any, tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    from ui.qt_planner import QtPlanner
    from ui.shell.window import MainWindow

    planner = QtPlanner(None, D, kept=found)
    window = MainWindow(planner, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def fresh_morning(store: Any) -> Any:
    with store.read() as s:
        return evaluate.morning(s, D)


def test_the_window_draws_the_kept_morning_then_takes_the_store(
    qtbot: Any, qtmodeltester: Any, store: Any, kept_territory: Any, tmp_path: Path
) -> None:
    window = kept_window(qtbot, kept_territory, tmp_path)
    planner = window.planner
    marks = kept_territory.morning.question_marks
    assert not planner.attached
    assert window.morning.marks.rowCount() == len(marks)
    assert window.nav.item(0).text() == f"Morning  ({len(marks)})"
    qtmodeltester.check(window.morning.marks)

    with qtbot.assertNotEmitted(planner.outside_change_detected):
        planner.attach(store)
    assert planner.morning() == fresh_morning(store)
    with store.read() as s:
        opened = s.get(Day, D)
        assert opened is not None
        assert opened.opening_marks == len(marks)  # the first look is recorded once the store is there

    step = next(m for m in marks if m.step and m.kind == "overdue-step")
    planner.steps.reschedule(step.step, D)  # resolving a card works as on any morning
    assert window.morning.marks.rowCount() == len(marks) - 1
    assert planner.morning() == fresh_morning(store)


def test_a_write_between_the_kept_morning_and_the_store_is_not_missed(
    qtbot: Any, store: Any, kept_territory: Any, tmp_path: Path
) -> None:
    window = kept_window(qtbot, kept_territory, tmp_path)
    step = next(m for m in kept_territory.morning.question_marks if m.step)
    Planner(store).steps.complete(step.step, "done elsewhere", D)  # the CLI, while the window was drawn

    with qtbot.waitSignal(window.planner.outside_change_detected):
        window.planner.attach(store)
    fresh = fresh_morning(store)
    assert window.planner.morning() == fresh
    qtbot.waitUntil(lambda: window.morning.marks.rowCount() == len(fresh.question_marks))


def test_the_window_takes_input_while_its_store_opens_and_a_write_waits_for_it(
    qtbot: Any, store: Any, kept_territory: Any, tmp_path: Path
) -> None:
    """The store opens on a worker thread (``open_in_background``); the kept morning answers keys
    meanwhile, and a write made before the opening ends waits for it instead of failing."""
    from PySide6.QtCore import Qt

    window = kept_window(qtbot, kept_territory, tmp_path)
    planner = window.planner
    opening: Future[Any] = Future()
    planner.attach_when_open(opening)
    window.activateWindow()
    first = window.morning.cards.cards[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Tab)  # the focus moves on while nothing holds the store yet
    assert not first.hasFocus()
    assert not planner.attached

    step = next(m for m in kept_territory.morning.question_marks if m.kind == "overdue-step")
    threading.Timer(0.2, opening.set_result, [store]).start()  # the opening ends while the write waits
    with qtbot.waitSignal(planner.store_opened, timeout=10_000):
        planner.steps.reschedule(step.step, D)
    assert planner.attached
    planner.finish_opening()  # the window's answer to store_opened: the first look is recorded once
    assert planner.morning() == fresh_morning(store)
    with store.read() as s:
        opened = s.get(Day, D)
        assert opened is not None
        assert opened.opening_marks is not None


def test_a_store_that_fails_to_open_behind_the_kept_morning_says_why_at_each_use(
    qtbot: Any, store: Any, kept_territory: Any, tmp_path: Path
) -> None:
    from organizer.core.errors import StoreError

    window = kept_window(qtbot, kept_territory, tmp_path)
    planner = window.planner
    opening: Future[Any] = Future()
    opening.set_exception(StoreError("The store is damaged.", problem="damaged"))
    planner.attach_when_open(opening)
    step = next(m for m in kept_territory.morning.question_marks if m.step)
    for _ in range(2):  # a write and the window's own finish: the same answer, nothing half-attached
        with pytest.raises(StoreError, match="damaged"):
            planner.steps.reschedule(step.step, D)
        with pytest.raises(StoreError, match="damaged"):
            planner.finish_opening()
    assert not planner.attached
    planner.attach(store)  # the way out the rep chose (a backup restored) opens it again
    assert planner.morning() == fresh_morning(store)


def test_closing_the_window_keeps_its_morning(window: Any, load: Any, store: Any) -> None:
    from tests.builders import account, doc, step

    load(doc(account("acme", stage="client", steps=[step("late", -2), step("soon", 3)])))
    main = window()
    path = kept.kept_path(store.location.path)
    path.unlink(missing_ok=True)
    main.close()
    found = kept.load(store.location.path, D)
    assert found is not None
    assert found.morning == fresh_morning(store)
    assert found.accounts == 1


def test_the_app_starts_from_the_kept_morning_without_sqlalchemy(tmp_path: Path) -> None:
    """The real entry point never imports SQLAlchemy before the morning is drawn. With nothing kept, a
    child computes the morning while the window starts (without a child, the window reads it itself
    with plain sqlite3); after that the kept morning is drawn at once; a write by the CLI makes the
    child compute it again; a store of an older schema is opened (and migrated) first."""
    data = tmp_path / "data"
    kept_file = data / "daymap.kept-morning.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def start(phase: str, **extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "main.py", "--data-dir", str(data), "--date", D.isoformat()],
            env={**env, "DAYMAP_EXIT_AFTER": phase, **extra},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stderr

    assert run_module("--data-dir", str(data), "demo", "--accounts", "5", "--date", D.isoformat()).returncode == 0
    assert "sqlalchemy=False morning=read" in start("morning", DAYMAP_AHEAD="0")  # read in the window
    assert not kept_file.exists()
    assert "sqlalchemy=False morning=ahead" in start("morning")  # computed ahead by the child, drawn as kept
    assert stat.S_IMODE(kept_file.stat().st_mode) == 0o600
    with open_store(data_dir=data) as store:
        found = kept.load(store.location.path, D)
        assert found is not None
        assert found.morning == fresh_morning(store)
    assert "sqlalchemy=False morning=kept" in start("morning")  # kept: drawn at once, no child needed
    assert "phase=closed" in start("closed")  # closed as a rep closes it: keeps the next days too
    assert run_module("--data-dir", str(data), "demo", "--accounts", "1", "--seed", "9").returncode == 0
    assert "sqlalchemy=False morning=ahead" in start("morning")  # the CLI wrote: computed ahead again
    assert "phase=ready" in start("ready")  # a key answered, the store perhaps still opening
    assert "phase=attached" in start("attached")  # the store opened on its thread and attached


@pytest.mark.parametrize("source", ["kept", "first read", "store"])
def test_every_card_shows_its_suggestion_from_the_first_frame(
    qtbot: Any, store: Any, tmp_path: Path, source: str
) -> None:
    """However the first morning is drawn (kept at the last close, read ahead with plain sqlite3, or the
    store's own), every card carries its one-click suggestion before the store is attached."""
    from organizer.rules.first_read import read_today
    from ui.qt_planner import QtPlanner

    load_demo(store, 12, 1, D)  # a territory whose morning has an overdue step
    if source == "kept":
        assert QtPlanner(store, D).core.days.keep() is not None
        found = kept.load(store.location.path, D)
    elif source == "first read":
        found = read_today(store.location.path, D)
    if source == "store":
        window = store_window(qtbot, store, D, tmp_path)
    else:
        assert found is not None
        window = kept_window(qtbot, found, tmp_path)
        assert not window.planner.attached
    cards = list(window.morning.cards.cards)
    assert cards
    for card in cards:
        assert card.accept.isVisibleTo(window), card.mark.message
        assert card.accept.text(), card.mark.message
    with store.read() as s:
        from organizer.rules.suggestions import suggest

        expected = suggest(evaluate.session_rows(s), evaluate.morning(s, D))
    assert {c.mark.key: c.suggestion for c in cards} == {c.mark.key: expected[c.mark.key] for c in cards}
