"""The first morning (``organizer.app.ahead``): kept, computed ahead by a child, or read here — or left
to the window's open, which says what is wrong. Whichever, it is the morning the rules compute."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from organizer.app import ahead
from organizer.formats.demo import load_demo
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


def test_a_child_computes_it_while_the_window_starts(territory: Any, data_dir: Path) -> None:
    child = ahead.start(None, str(data_dir), D)
    if child is None:
        pytest.skip("no fork here")
    found = ahead.first_morning(None, str(data_dir), D, child, nothing)  # however quick the child, "ahead"
    assert found is not None
    assert found[1] == "ahead"
    assert found[0].morning == morning_now(territory)
    assert child.reaped
    assert child.computed
    # the next start finds it kept: its child has nothing to do
    again = ahead.start(None, str(data_dir), D)
    assert again is not None
    assert again.wait()
    assert again.status == ahead.ALREADY_KEPT
    found = ahead.first_morning(None, str(data_dir), D, None, nothing)
    assert found is not None
    assert found[1] == "kept"


def test_what_the_window_must_open_first_is_left_to_it(territory: Any, data_dir: Path, tmp_path: Path) -> None:
    assert ahead.first_morning("postgresql://rep@server.invalid/team", None, D, None, nothing) is None
    assert ahead.first_morning(None, str(tmp_path / "none-yet"), D, None, nothing) is None  # a first start
    path = territory.location.path
    territory.close()
    with path.open("r+b") as file:  # a damaged store: the open offers the backups
        file.seek(4096)
        file.write(os.urandom(4096))
    assert ahead.first_morning(None, str(data_dir), D, None, nothing) is None
