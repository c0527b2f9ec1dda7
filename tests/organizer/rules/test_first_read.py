"""The first read (``organizer.rules.first_read``): the rules compiled ahead, run with plain sqlite3.

It is what the window draws first when nothing kept describes the store, so it must be the
morning the rules compute, exactly, whatever the edits before it; and it must not need SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from organizer.app import operations
from organizer.app.transfer.demo import load_demo
from organizer.rules import compiled_rules, compiler, evaluate, first_read, queries
from organizer.store.schema import SCHEMA_REVISION
from tests.builders import D, write
from tests.organizer.rules.test_incremental import DAYS, random_edit

ROOT = Path(__file__).resolve().parents[3]


def read_here(store: Any, day: dt.date) -> Any:
    found = first_read.read_today(store.location.path, day)
    assert found is not None
    return found


def test_the_compiled_statements_are_the_rules_compiled_now() -> None:
    """Change a rule or the schema and this fails until ``python -m organizer.rules.compiler`` is run."""
    assert Path(compiled_rules.__file__).read_text(encoding="utf-8") == compiler.render()
    assert compiled_rules.SCHEMA == SCHEMA_REVISION


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_first_read_is_the_rules_morning_after_every_edit(store: Any, seed: int) -> None:
    load_demo(store, 12, seed, D)
    rng = random.Random(seed)
    for number in range(120):
        change = random_edit(store, rng)
        with store.read() as s:
            expected = {day: evaluate.morning(s, day) for day in DAYS}
            accounts = queries.count_accounts(s)
        for day in DAYS:
            found = read_here(store, day)
            # repr: the same values of the same types (True, not 1; a date, not its text)
            assert repr(found.morning) == repr(expected[day]), f"edit {number} ({change and change.kind}) on {day}"
            assert found.accounts == accounts


def test_the_days_own_settings_and_the_stores_read_alike(store: Any) -> None:
    load_demo(store, 8, 5, D)
    assert read_here(store, D).morning == morning_now(store, D)  # no settings row yet: the defaults
    write(store, operations.update_settings, {"capacity_minutes": 45, "renewal_window_days": 120})
    with store.read() as s:
        today = [item.step for item in evaluate.morning(s, D).today]
    write(store, operations.set_day, D, {"order": list(reversed(today)), "capacity_minutes": 30, "confirmed": True})
    found = read_here(store, D).morning
    assert found == morning_now(store, D)
    assert found.confirmed
    assert found.capacity_minutes == 30
    assert found.order == tuple(reversed(today))
    far = D + dt.timedelta(days=400)  # a day with no row, where every dated step is overdue
    assert read_here(store, far).morning == morning_now(store, far)


def morning_now(store: Any, day: dt.date) -> Any:
    with store.read() as s:
        return evaluate.morning(s, day)


def test_a_store_of_another_schema_is_left_to_the_windows_open(store: Any) -> None:
    load_demo(store, 3, 1, D)
    path = store.location.path
    store.close()
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '0004'")
    assert first_read.read_today(path, D) is None


def test_only_whole_mornings_are_compiled(store: Any) -> None:
    with contextlib.closing(sqlite3.connect(store.location.path)) as db:
        read = first_read.sqlite_rows(db)
        with pytest.raises(ValueError, match="whole mornings"):
            read("due_steps", D, only=["acme"])


def test_the_first_read_needs_no_sqlalchemy(store: Any) -> None:
    load_demo(store, 3, 1, D)
    code = (
        "import sys, datetime as dt, pathlib\n"
        "from organizer.rules.first_read import read_today\n"
        f"found = read_today(pathlib.Path({str(store.location.path)!r}), dt.date.fromisoformat({D.isoformat()!r}))\n"
        "assert found is not None and found.accounts == 3\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')], 'SQLAlchemy imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
