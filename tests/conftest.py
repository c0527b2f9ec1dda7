"""Shared fixtures. Qt runs offscreen: without a display the qapp fixture would abort pytest."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# The suite gives the same answer on every run (CI included); `HYPOTHESIS_PROFILE=explore` searches afresh.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DAYMAP_DB_URL", None)
os.environ.pop("DAYMAP_DATA_DIR", None)

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT.parent / "shared" / "scenarios"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _pinned_clock() -> Iterator[None]:
    """``DAYMAP_TEST_NOW=2028-02-29T12:00`` runs the suite as if it were then (``make test`` runs a few dates).

    A test that depends on today must pin its own clock or pass the day in; this catches one that does not.
    With ``DAYMAP_CLOCK_LOG=FOLDER`` the run notes which tests read the clock (tests/clock_log.py), so the
    dated runs pin those alone.
    """
    when = os.environ.get("DAYMAP_TEST_NOW")
    log = os.environ.get("DAYMAP_CLOCK_LOG")
    if not when and not log:
        yield
        return
    import time_machine

    from tests import clock_log

    moment = dt.datetime.fromisoformat(when) if when else dt.datetime.now()
    with time_machine.travel(moment, tick=True), clock_log.noting(Path(log) if log else None, ROOT):
        yield


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """One throwaway PostgreSQL cluster for the whole run (tests/postgres.py)."""
    from tests import postgres

    if not postgres.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: the test command installs it (scripts/system-deps.sh test)")
        pytest.skip("PostgreSQL is not installed here (make test installs it)")
    with postgres.cluster() as running:
        yield running


@pytest.fixture
def passwords_in_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A mail or calendar password goes to the 0600 file in a config folder of the test's, never the desktop's
    keyring (organizer/store/secrets.py)."""
    monkeypatch.setenv("DAYMAP_KEYRING", "0")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "Daymap" / "passwords.json"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Modules marked ``both_engines`` run every ``store`` test on SQLite and on PostgreSQL."""
    if "store" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("store", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Any]:
    from organizer.store.database import open_store

    if getattr(request, "param", "sqlite") == "postgresql":
        from tests.postgres import new_database

        cluster = request.getfixturevalue("pg_cluster")
        database, owner, password = new_database(cluster)
        with open_store(cluster.url(owner, password, database)) as opened:
            yield opened
        return
    with open_store(data_dir=data_dir) as opened:
        yield opened


class Cli:
    """Runs ``python -m organizer`` in-process (fast) against one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        from organizer.cli.main import main

        out, err = io.StringIO(), io.StringIO()
        old_err, old_in = sys.stderr, sys.stdin
        sys.stderr = err
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
        try:
            code = main(["--data-dir", str(self.data_dir), *args], out=out)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        finally:
            sys.stderr, sys.stdin = old_err, old_in
        return code, out.getvalue(), err.getvalue()

    def json(self, *args: str) -> Any:
        code, out, err = self(*args)
        assert code == 0, err
        return json.loads(out)

    def import_doc(self, doc: Any, tmp: Path) -> tuple[int, str, str]:
        path = tmp / "doc.json"
        path.write_text(json.dumps(doc))
        return self("import", str(path))


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return Cli(data_dir)


def run_module(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real contract: a separate ``python -m organizer`` process."""
    return subprocess.run(
        [sys.executable, "-m", "organizer", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


# --- the desktop app --------------------------------------------------------------------------------


class Dialogs:
    """Answers the app's dialogs in order: each answer fills the dialog and returns False to cancel."""

    def __init__(self) -> None:
        self.answers: list[Any] = []
        self.seen: list[str] = []
        self.messages: list[str] = []
        self.choices: list[str | None] = []  # answers to ``dialogs.choose``, in order
        self.offered: list[list[str]] = []  # the options each ``choose`` offered
        self.last: Any = None
        self.actions = 0  # what a rep did in them: each field the answer changed, and the button that closed it

    def choose(self, _parent: Any, title: str, _text: str, options: Any) -> str | None:
        self.seen.append(title)
        self.offered.append([key for key, _label in options])
        assert self.choices, f"an unexpected choice: {title!r}"
        return self.choices.pop(0)

    def then(self, *answers: Any) -> Dialogs:
        self.answers.extend(answers)
        return self

    def run(self, dialog: Any) -> bool:
        from PySide6.QtWidgets import QDialog

        self.seen.append(dialog.windowTitle())
        self.last = dialog
        assert self.answers, f"an unexpected dialog: {dialog.windowTitle()!r}"
        answer = self.answers.pop(0)
        before = _form_values(dialog)
        answered = answer(dialog)
        after = _form_values(dialog)
        self.actions += 1 + sum(before.get(key) != value for key, value in after.items())
        if answered is False:
            dialog.reject()
            return False
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted


def _form_values(dialog: Any) -> dict[str, Any]:
    """A form's values by field (a plain dialog has none): what the rep typed or chose is what changed."""
    fields = getattr(dialog, "_fields", {})
    return {key: _shown_value(widget) for key, widget in fields.items()}


def _shown_value(widget: Any) -> Any:
    for reader in ("text", "toPlainText", "currentText", "value", "isChecked"):
        if callable(getattr(widget, reader, None)):
            return getattr(widget, reader)()
    return None


@pytest.fixture(autouse=True)
def _no_unanswered_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A GUI test that did not script its dialogs fails at the first one instead of hanging on it."""
    if request.node.get_closest_marker("gui") is None or "dialogs" in request.fixturenames:
        return
    import ui.dialogs

    def unexpected(*args: Any, **_kwargs: Any) -> Any:
        raise AssertionError(f"an unscripted dialog would block the test: {args[1:3]!r}")

    for name in ("run_dialog", "show_message", "ask", "choose"):
        monkeypatch.setattr(ui.dialogs, name, unexpected)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    import ui.dialogs

    answers = Dialogs()
    monkeypatch.setattr(ui.dialogs, "run_dialog", answers.run)
    monkeypatch.setattr(ui.dialogs, "show_message", lambda _parent, _title, text: answers.messages.append(text))
    monkeypatch.setattr(ui.dialogs, "ask", lambda *_args: True)
    monkeypatch.setattr(ui.dialogs, "choose", answers.choose)
    return answers


@pytest.fixture
def load(store: Any) -> Any:
    """Import a document into the test store."""
    from organizer.app.transfer.merge import import_document

    def _load(document: dict[str, Any]) -> None:
        import_document(store, document)

    return _load


@pytest.fixture
def planner(qapp: Any, store: Any) -> Any:
    from tests.builders import D
    from ui.qt_planner import QtPlanner

    return QtPlanner(store, D)


@pytest.fixture
def window(qtbot: Any, planner: Any, tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    from ui.shell.window import MainWindow

    def _make() -> Any:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        main = MainWindow(planner, settings)
        qtbot.addWidget(main)
        main.show()
        main.windowHandle().requestActivate()  # shortcuts reach only the active window
        qtbot.waitUntil(main.isActiveWindow, timeout=3000)
        return main

    return _make


# --- a team on a throwaway PostgreSQL server -------------------------------------------------------------


class DbCli(Cli):
    """The CLI in-process against a server URL (``--db``) instead of a data folder."""

    def __init__(self, url: str) -> None:
        super().__init__(Path("unused"))
        self.url = url

    def __call__(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        import io
        import sys

        from organizer.cli.main import main

        out, err = io.StringIO(), io.StringIO()
        old_err, old_in = sys.stderr, sys.stdin
        sys.stderr = err
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            code = main(["--db", self.url, *args], out=out)
        finally:
            sys.stderr, sys.stdin = old_err, old_in
        return code, out.getvalue(), err.getvalue()


@pytest.fixture
def team(pg_cluster: Any, tmp_path: Path) -> dict[str, Any]:
    """A database after `team init`, with reps ann and bob and manager meg, each with a small territory."""
    from tests.builders import account, doc, step
    from tests.postgres import new_database

    database, owner, password = new_database(pg_cluster)
    admin = DbCli(pg_cluster.url(owner, password, database))
    code, _out, err = admin("team", "init")
    assert code == 0, err
    people: dict[str, Any] = {"admin": admin, "cluster": pg_cluster, "database": database}
    for name, manager in (("ann", False), ("bob", False), ("meg", True)):
        role = f"{database}_{name}"
        args = ["team", "add-rep", role, *(["--manager"] if manager else [])]
        code, _out, err = admin(*args, stdin="secret-" + name + "\n")
        assert code == 0, err
        people[name] = DbCli(pg_cluster.url(role, "secret-" + name, database))
        people[name + "_role"] = role
    for name in ("ann", "bob"):
        territory = doc(
            account(f"{name}-1", name=f"{name.title()} Books", stage="client",
                    steps=[step(f"{name}-s1", -1, promised=True), step(f"{name}-s2", 2, minutes=30)]),
            account(f"{name}-2", name=f"{name.title()} Travel", steps=[step(f"{name}-s3", 0, minutes=60)]),
        )  # fmt: skip
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(territory))
        code, _out, err = people[name]("import", str(path))
        assert code == 0, err
    return people
