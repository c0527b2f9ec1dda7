"""The window and the terminal give the same result for the same action (one door, the same defaults).

Each action runs once through ``python -m organizer`` and once through the window's planner
(what its flows call when the rep clicks OK) on two copies of one store; the exports must agree,
generated ids aside.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine

from organizer.core.domain import Change
from tests.builders import D
from tests.conftest import Cli
from tests.gui_helpers import every_mark_territory

pytestmark = pytest.mark.gui

NEXT = D + dt.timedelta(days=1)


def _generated_ids_named_by_order(text: str) -> str:
    """New objects get random ids: name each by its first appearance, so two runs compare."""
    seen: dict[str, str] = {}
    return re.sub(
        r'"([a-z]{1,2}-[0-9a-f]{16})"',
        lambda m: seen.setdefault(m[1], f'"new{len(seen)}"'),
        text,
    )


ACTIONS: list[tuple[str, list[str], Any]] = [
    ("complete, with the next step", ["step", "done", "o-1", "--outcome", "met", "--next", "Send the deck"],
     lambda s: s.steps.complete("o-1", "met", None, {"account": "overdue", "goal": None, "title": "Send the deck",
                                             "due": s.core.days.next_step_date()})),
    ("drop", ["step", "drop", "p-1", "--reason", "no longer wanted"],
     lambda s: s.steps.drop("p-1", "no longer wanted")),
    ("reschedule", ["step", "reschedule", "o-1", NEXT.isoformat()], lambda s: s.steps.reschedule("o-1", NEXT)),
    ("renegotiate", ["step", "renegotiate", "p-1", NEXT.isoformat()],
     lambda s: s.steps.renegotiate("p-1", NEXT, None, None, None)),
    ("touch", ["touch", "touch", "--channel", "call", "--note", "caught up"],
     lambda s: s.accounts.log_touch("touch", None, "call", None, "caught up")),
    ("accept every suggestion", ["plan", "--accept"], lambda s: s.days.accept_suggestions(D)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "argv", "in_window"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_the_window_and_the_terminal_do_the_same(
    name: str, argv: list[str], in_window: Any, qapp: Any, tmp_path: Path
) -> None:
    from organizer.store.database import open_store
    from ui.qt_planner import QtPlanner

    territory = every_mark_territory()
    terminal, window = Cli(tmp_path / "terminal"), Cli(tmp_path / "window")
    for side in (terminal, window):
        assert side.import_doc(territory, tmp_path)[0] == 0
    with time_machine.travel(dt.datetime.combine(D, dt.time(9)), tick=False):
        code, _out, err = terminal(*argv)
        assert code == 0, err
        with open_store(data_dir=tmp_path / "window") as store:
            planner = QtPlanner(store, D)
            heard: list[Change] = []
            planner.store_changed.connect(heard.append)
            in_window(planner)
            assert heard, "the window heard no change"
            assert planner.undo_stack.count() == 1  # one action, one undo
    exports = [_generated_ids_named_by_order(side("export", "-")[1]) for side in (terminal, window)]
    assert exports[0] == exports[1], name
