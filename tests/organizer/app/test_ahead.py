"""The first morning (``organizer.app.ahead``): kept, computed ahead by a child, or read here — or left
to the window's open, which says what is wrong. Whichever, it is the morning the rules compute."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from organizer.app import ahead
from organizer.app.transfer.demo import load_demo
from organizer.rules import evaluate
from organizer.store import kept
from tests.builders import D


@pytest.fixture
def territory(store: Any) -> Any:
    load_demo(store, 10, 2, D)
    return store


def morning_now(store: Any) -> Any:
    with store.read() as s:
        return evaluate.morning(s, D)


def nothing() -> None:
    """What the window imports while a child works (nothing, here)."""


def test_with_nothing_kept_and_no_child_the_window_reads_it_itself(territory: Any, data_dir: Path) -> None:
    found = ahead.first_morning(None, str(data_dir), D, None, nothing)
    assert found is not None
    morning, source = found
    assert source == "read"
    assert morning.morning == morning_now(territory)
    assert not kept.kept_path(territory.location.path).exists()  # a read, not a write: the close keeps it


CHILD_THEN_KEPT = """
import datetime as dt, json, sys
from organizer.app import ahead
day, folder = dt.date.fromisoformat(sys.argv[1]), sys.argv[2]
child = ahead.start(None, folder, day)  # as the window's start makes it: before any store is opened here
found = ahead.first_morning(None, folder, day, child, lambda: None)
again = ahead.start(None, folder, day)
again_kept = again is not None and again.wait() and again.status == ahead.ALREADY_KEPT
later = ahead.first_morning(None, folder, day, None, lambda: None)
print(json.dumps({"forked": child is not None, "source": found[1], "computed": child.computed,
                  "marks": len(found[0].morning.question_marks), "again": again_kept, "later": later[1]}))
"""


def test_a_child_computes_it_while_the_window_starts(territory: Any, data_dir: Path) -> None:
    """In a process of its own, as the window starts: nothing is open there when it forks."""
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    done = subprocess.run([sys.executable, "-c", CHILD_THEN_KEPT, D.isoformat(), str(data_dir)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert said == {"forked": True, "source": "ahead", "computed": True,
                    "marks": len(morning_now(territory).question_marks), "again": True, "later": "kept"}  # fmt: skip


def test_no_child_is_forked_from_a_process_that_has_a_store_open(territory: Any, data_dir: Path) -> None:
    """The child would inherit SQLite's record of the parent's locks without the locks themselves."""
    assert ahead.start(None, str(data_dir), D) is None
    found = ahead.first_morning(None, str(data_dir), D, None, nothing)
    assert found is not None
    assert found[1] == "read"  # the window reads it itself instead


def test_what_the_window_must_open_first_is_left_to_it(territory: Any, data_dir: Path, tmp_path: Path) -> None:
    assert ahead.first_morning("postgresql://rep@server.invalid/team", None, D, None, nothing) is None
    assert ahead.first_morning(None, str(tmp_path / "none-yet"), D, None, nothing) is None  # a first start
    path = territory.location.path
    territory.close()
    with path.open("r+b") as file:  # a damaged store: the open offers the backups
        file.seek(4096)
        file.write(os.urandom(4096))
    assert ahead.first_morning(None, str(data_dir), D, None, nothing) is None
