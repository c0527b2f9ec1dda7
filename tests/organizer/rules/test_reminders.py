"""Reminders (when, once, the missed ones as one summary) and the pre-call card, without a screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from organizer.app.planner import Planner
from organizer.app.transfer.merge import import_document
from organizer.core.domain import DayItem
from organizer.rules.precall import precall
from organizer.rules.reminders import ReminderClock, reminders_for
from tests.builders import D, account, doc, step

NINE = dt.datetime.combine(D, dt.time(9, 0))


def item(step_id: str, time: str | None) -> DayItem:
    return DayItem(step_id, "acme", "Acme", None, f"Call {step_id}", D, time, 30, False, False, None, None)


def test_a_timed_step_reminds_before_and_at_its_time_once_each() -> None:
    reminders = reminders_for([item("a", "10:00"), item("b", None)], D, 10)
    said = [(r.item.step, f"{r.at:%H:%M}", r.before) for r in reminders]
    assert said == [("a", "09:50", True), ("a", "10:00", False)]
    clock = ReminderClock()
    assert clock.due(reminders, NINE) == ([], [])
    fresh, _missed = clock.due(reminders, NINE.replace(minute=50))
    assert [r.before for r in fresh] == [True]
    assert clock.due(reminders, NINE.replace(minute=51)) == ([], [])  # never twice
    fresh, _missed = clock.due(reminders, NINE.replace(hour=10))
    assert [r.before for r in fresh] == [False]


def test_reminders_missed_while_asleep_come_once_as_one_summary() -> None:
    reminders = reminders_for([item("a", "10:00"), item("b", "11:00")], D, 10)
    clock = ReminderClock()
    clock.due(reminders, NINE)
    fresh, missed = clock.due(reminders, NINE.replace(hour=12))  # the lid was closed from 9 to 12
    assert fresh == []
    assert [(r.item.step, r.before) for r in missed] == [("a", False), ("b", False)]
    assert clock.due(reminders, NINE.replace(hour=12, minute=1)) == ([], [])


def test_the_app_started_late_does_not_replay_the_morning() -> None:
    reminders = reminders_for([item("a", "10:00")], D, 10)
    assert ReminderClock().due(reminders, NINE.replace(hour=15)) == ([], [])


def test_snooze_reminds_again_ten_minutes_later() -> None:
    reminders = reminders_for([item("a", "10:00")], D, 0)
    clock = ReminderClock()
    clock.due(reminders, NINE)
    clock.due(reminders, NINE.replace(hour=10))
    clock.snooze("a", NINE.replace(hour=10))
    assert clock.due(reminders, NINE.replace(hour=10, minute=5)) == ([], [])
    fresh, _ = clock.due(reminders, NINE.replace(hour=10, minute=10))
    assert [r.item.step for r in fresh] == ["a"]


def test_the_precall_card_says_role_resonance_promises_waiting_and_last_touch(store: Any) -> None:
    import_document(
        store,
        doc(
            account(
                "acme", name="Acme Books",
                contacts=[{"id": "jane", "name": "Jane Roe", "title": "HR Manager", "role": "decision-maker",
                           "resonates": "hates agency fees"}],
                steps=[
                    step("call", 0, time="10:00", contact="jane", title="Call Jane about the pilot"),
                    step("p", 2, promised=True, contact="jane", title="Send the case study"),
                    step("w", -1, waiting=True, contact="jane", title="Her feedback on the plan"),
                    step("other", 1, promised=True, title="Something for someone else", contact=None),
                ],
                touches=[{"date": (D - dt.timedelta(days=12)).isoformat(), "channel": "lunch", "contact": "jane",
                          "note": "invited the HR manager"}],
            )
        ),
    )  # fmt: skip
    card = precall(Planner(store, today=D).account("acme"), "call", D)
    lines = card.lines(D)
    assert lines[0] == "Jane Roe, HR Manager — decision-maker (Acme Books)"
    assert "Resonates: hates agency fees" in lines
    assert any(line.startswith("Promised: Send the case study") for line in lines)
    assert any(line.startswith("Waiting on: Her feedback on the plan") for line in lines)
    assert "Last touch: lunch, 12 days ago: invited the HR manager" in lines
    assert not any("someone else" in line for line in lines)
    assert "&lt;" not in card.html(D)


def test_start_at_login_writes_and_removes_an_xdg_autostart_entry(tmp_path: Any, monkeypatch: Any) -> None:
    from ui.shell.reminders import set_start_at_login

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = set_start_at_login(True, "daymap")
    assert path == tmp_path / "autostart" / "daymap.desktop"
    text = path.read_text()
    assert "[Desktop Entry]" in text
    assert "Exec=daymap" in text
    set_start_at_login(False)
    assert not path.exists()
