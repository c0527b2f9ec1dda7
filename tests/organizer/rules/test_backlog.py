"""The honest backlog: how full the coming working days are, read from the calendar the suggestions fill."""

from __future__ import annotations

import datetime as dt
from typing import Any

from organizer.app.planner import Planner
from organizer.app.transfer.merge import import_document
from organizer.rules.backlog import backlog
from organizer.rules.evaluate import session_rows
from organizer.rules.suggestions import read_day_loads
from tests.builders import account, doc, step

D = dt.date(2026, 11, 24)  # a Tuesday


def test_full_days_ahead_and_days_over_capacity_are_said_plainly(store: Any) -> None:
    steps = [step("a", 1, minutes=340), step("b", 2, minutes=900), step("c", 3, minutes=360), step("d", 6, minutes=200)]
    import_document(store, doc(account("acme", steps=steps), settings={"days_off": ["2026-11-30"]}))
    found = Planner(store, today=D).backlog(D)
    assert found is not None
    assert found.full_days == 3  # Wed, Thu, Fri; Mon 30 is a day off
    assert found.first_free_hour == dt.date(2026, 12, 1)
    assert found.over == ((dt.date(2026, 11, 26), 900, 360),)
    assert found.describe(D) == (
        "The next 3 working days are full; first free hour Tue 1 Dec. Over capacity ahead: Thu 26 Nov (900 of 360 min)."
    )
    with store.read() as s:  # the few weeks it reads say what the whole future says
        assert backlog(read_day_loads(session_rows(s), D), D) == found


def test_an_empty_week_says_nothing(store: Any) -> None:
    import_document(store, doc(account("acme", steps=[step("a", 1, minutes=60)])))
    found = Planner(store, today=D).backlog(D)
    assert found is not None
    assert not found.worth_saying
    assert found.describe(D) == ""
