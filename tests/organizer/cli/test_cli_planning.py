"""Resolving from the terminal (SPEC.md): the same actions as the window, through the CLI contract."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.builders import account, doc, step
from tests.conftest import Cli

D = "2026-11-24"  # a Tuesday


@pytest.fixture
def acme(cli: Cli, tmp_path: Path) -> Cli:
    territory = doc(
        account(
            "acme",
            name="Acme Books",
            stage="client",
            contacts=[{"id": "jane", "name": "Jane Roe"}],
            goals=[{"id": "g1", "title": "Win HR", "steps": [step("g1s", 5)]}],
            steps=[step("s1", -2, minutes=30), step("w1", -1, waiting=True, contact="jane"), step("s2", 3)],
        )
    )
    assert cli.import_doc(territory, tmp_path)[0] == 0
    return cli


def steps_of(cli: Cli) -> dict[str, dict[str, Any]]:
    exported = cli.json("export", "-")
    found = {}
    for acc in exported["accounts"]:
        for item in acc["steps"] + [s for g in acc["goals"] for s in g["steps"]]:
            found[item["id"]] = item
    return found


def test_step_add_prints_the_new_id_alone_and_reads_date_words(acme: Cli) -> None:
    code, out, err = acme(
        "step", "add", "Acme Books", "Demo to HR", "--goal", "g1", "--due", "fri", "--time", "10:00",
        "--minutes", "60", "--contact", "Jane Roe", "--promised", "--date", D,
    )  # fmt: skip
    assert code == 0, err
    new = out.strip()
    assert "\n" not in new
    added = steps_of(acme)[new]
    assert (added["due"], added["time"], added["minutes"], added["contact"], added["promised"]) == (
        "2026-11-27", "10:00", 60, "jane", True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["step", "add", "nobody", "x"], "no account"),
        (["step", "add", "acme", "x", "--due", "2026-02-30"], "not a date"),
        (["step", "add", "acme", "x", "--due", "someday"], "not a date"),
        (["step", "add", "acme", "x", "--minutes", "lots"], "minutes"),
        (["step", "add", "acme", "x", "--minutes", "5000"], "minutes"),
        (["step", "add", "acme", "x", "--time", "25:00"], "not a time"),
        (["step", "add", "acme", " "], "title"),
        (["step", "add", "acme", "x", "--contact", "ghost"], "contact"),
        (["step", "add", "acme", "x", "--goal", "ghost"], "goal"),
        (["step", "add", "acme", "x", "--repeat", "FREQ=SOMETIMES", "--due", "today"], "repeat"),
        (["step", "add", "acme", "x", "--repeat", "FREQ=MONTHLY"], "repeat"),
        (["step", "add", "acme", "x", "--repeat", "DTSTART=20260101;FREQ=DAILY", "--due", "today"], "repeat"),
        (["step", "done", "nope"], "no step"),
        (["step", "done", "s1", "--on", "9999-12-31"], "outside"),
        (["step", "reschedule", "s1", "yesterdayish"], "not a date"),
        (["touch", "acme", "--channel", "pigeon"], "channel"),
        (["touch", "acme", "--on", "+99999999d"], "date"),
    ],
)
def test_bad_input_exits_2_naming_the_problem_and_writes_nothing(acme: Cli, args: list[str], words: str) -> None:
    before = acme.json("export", "-")
    code, out, err = acme(*args, "--date", D) if args[0] == "step" else acme(*args)
    assert code == 2, (out, err)
    assert words in err
    assert "Traceback" not in err
    assert acme.json("export", "-") == before


def test_done_drop_reschedule_and_touch_resolve_the_morning(acme: Cli) -> None:
    marks = {m["step"] for m in acme.json("morning", "--date", D, "--json")["question_marks"] if m["step"]}
    assert marks == {"s1", "w1"}
    assert acme("step", "done", "s1", "--outcome", "went well", "--date", D)[0] == 0
    assert acme("step", "reschedule", "w1", "+2d", "--date", D)[0] == 0
    assert acme("touch", "acme", "--on", D, "--channel", "call", "--contact", "jane", "--note", "chased")[0] == 0
    stored = steps_of(acme)
    assert (stored["s1"]["status"], stored["s1"]["done"], stored["s1"]["outcome"]) == ("done", D, "went well")
    assert stored["w1"]["due"] == "2026-11-26"
    assert acme.json("morning", "--date", D, "--json")["ready"]
    assert acme("step", "drop", "s2", "--reason", "they chose another", "--date", D)[0] == 0
    assert steps_of(acme)["s2"]["status"] == "dropped"
    touches = acme.json("export", "-")["accounts"][0]["touches"]
    assert touches[-1] == {"id": touches[-1]["id"], "date": D, "channel": "call", "contact": "jane", "note": "chased"}


def test_confirm_is_refused_while_the_day_has_question_marks(acme: Cli) -> None:
    code, _out, err = acme("confirm", "--date", D)
    assert code == 2
    assert "question mark" in err
    assert not acme.json("morning", "--date", D, "--json")["confirmed"]
    acme("plan", "--date", D, "--accept")
    assert acme.json("morning", "--date", D, "--json")["ready"]
    assert acme("confirm", "--date", D)[0] == 0
    assert acme.json("morning", "--date", D, "--json")["confirmed"]


def test_plan_accept_applies_reschedules_and_chases_in_one_go(acme: Cli) -> None:
    shown = acme.json("plan", "--date", D, "--json")
    suggested = {m["step"]: m["suggest"] for m in shown["question_marks"]}
    assert suggested == {"s1": {"action": "reschedule", "date": D}, "w1": {"action": "chase", "date": "2026-11-26"}}
    code, out, err = acme("plan", "--date", D, "--accept", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert len(result["applied"]) == 2
    assert result["ready"]
    stored = steps_of(acme)
    assert (stored["s1"]["due"], stored["w1"]["due"]) == (D, "2026-11-26")
    touches = acme.json("export", "-")["accounts"][0]["touches"]
    assert [(t["date"], t.get("contact")) for t in touches] == [(D, "jane")]  # the chase was a touch with Jane


# --- recurring steps -------------------------------------------------------------------------------------


def test_a_monthly_step_done_adds_next_months(acme: Cli) -> None:
    code, out, err = acme(
        "step", "add", "acme", "Newsletter", "--due", "2026-12-01", "--time", "09:00",
        "--repeat", "FREQ=MONTHLY;BYMONTHDAY=1", "--date", D,
    )  # fmt: skip
    assert code == 0, err
    first = out.strip()
    assert acme("step", "done", first, "--date", "2026-12-01")[0] == 0
    stored = steps_of(acme)
    following = [s for s in stored.values() if s["title"] == "Newsletter" and s["id"] != first]
    assert len(following) == 1
    nxt = following[0]
    assert (nxt["due"], nxt["time"], nxt["status"]) == ("2027-01-01", "09:00", "open")
    assert nxt["repeat"] == "FREQ=MONTHLY;BYMONTHDAY=1"
    assert "done" not in nxt
    assert "outcome" not in nxt


def test_a_fortnightly_step_dropped_adds_the_one_two_weeks_on(acme: Cli) -> None:
    _code, out, _err = acme(
        "step", "add", "acme", "Pipeline call", "--due", "2026-11-24", "--time", "14:30", "--minutes", "30",
        "--repeat", "FREQ=WEEKLY;INTERVAL=2", "--date", D,
    )  # fmt: skip
    assert acme("step", "drop", out.strip(), "--date", D)[0] == 0
    nxt = [s for s in steps_of(acme).values() if s["title"] == "Pipeline call" and s["status"] == "open"]
    assert [(s["due"], s["time"], s["minutes"]) for s in nxt] == [("2026-12-08", "14:30", 30)]


def test_a_repeat_rule_in_a_file_is_checked(acme: Cli, tmp_path: Path) -> None:
    bad = doc(account("acme", steps=[step("r1", None, repeat="FREQ=MONTHLY")]))
    code, _out, err = acme.import_doc(bad, tmp_path)
    assert code == 2
    assert "accounts[0].steps[0].repeat" in err
    bad = doc(account("acme", steps=[step("r1", 1, repeat="FREQ=NEVER")]))
    code, _out, err = acme.import_doc(bad, tmp_path)
    assert code == 2
    assert "accounts[0].steps[0].repeat" in err


def test_the_calendar_has_a_reminder_for_timed_steps(acme: Cli) -> None:
    import icalendar

    acme("step", "add", "acme", "Call Jane", "--due", D, "--time", "10:00", "--date", D)
    code, out, err = acme("ics", "--from", D, "--days", "7", "-o", "-")
    assert code == 0, err
    events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(out).walk("VEVENT")}
    timed = events["Call Jane (Acme Books)"]
    alarms = timed.walk("VALARM")
    assert [(str(a["action"]), a["trigger"].dt) for a in alarms] == [("DISPLAY", -dt.timedelta(minutes=10))]
    assert not events["Step s2 (Acme Books)"].walk("VALARM")  # untimed: an all-day item, no alarm


# --- promises renegotiated, the next step planned as the last one is done ------------------------------------


def test_renegotiate_logs_a_call_with_the_person_and_moves_the_promise_in_one_action(acme: Cli) -> None:
    acme("step", "add", "acme", "Send Jane the quote", "--due", "2026-11-20", "--contact", "jane", "--promised")
    code, _out, err = acme("step", "renegotiate", "w1", "2026-12-02", "--date", D, "--note", "she asked for Wednesday")
    assert code == 0, err
    assert steps_of(acme)["w1"]["due"] == "2026-12-02"
    touch = acme.json("export", "-")["accounts"][0]["touches"][-1]
    assert (touch["date"], touch["channel"], touch["contact"], touch["note"]) == (
        D, "call", "jane", "she asked for Wednesday",
    )  # fmt: skip
    code, _out, err = acme("step", "renegotiate", "s1", "fri", "--date", D, "--channel", "email")
    assert code == 0, err
    touches = acme.json("export", "-")["accounts"][0]["touches"]
    touch = next(t for t in touches if t["channel"] == "email")  # two touches on D: exported by id, not by time
    assert (touch.get("contact"), steps_of(acme)["s1"]["due"]) == (None, "2026-11-27")
    assert "Agreed a new date" in touch["note"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["step", "renegotiate", "nope", "fri"], "no step"),
        (["step", "renegotiate", "s1", "2026-13-01"], "date"),
        (["step", "renegotiate", "s1", "fri", "--channel", "pigeon"], "channel"),
        (["step", "done", "s1", "--next-due", "fri"], "--next"),
        (["step", "done", "s1", "--next", "", "--next-due", "fri"], "title"),
        (["step", "done", "s1", "--next", "Call", "--next-due", "someday"], "next-due"),
    ],
)
def test_bad_renegotiate_and_next_steps_write_nothing(acme: Cli, args: list[str], words: str) -> None:
    before = acme.json("export", "-")
    code, _out, err = acme(*args, "--date", D)
    assert code == 2
    assert words in err
    assert acme.json("export", "-") == before


def test_done_with_next_plans_the_accounts_next_step_in_the_same_action(acme: Cli) -> None:
    acme("step", "drop", "s2", "--date", D)
    acme("step", "drop", "g1s", "--date", D)
    code, _out, err = acme(
        "step", "done", "s1", "--next", "Call Jane about the pilot", "--next-due", "fri", "--date", D
    )  # fmt: skip
    assert code == 0, err
    assert "no next step" not in err
    added = [s for s in steps_of(acme).values() if s["title"] == "Call Jane about the pilot"]
    assert [(s["due"], s["status"]) for s in added] == [("2026-11-27", "open")]
    marks = acme.json("morning", "--date", D, "--json")["question_marks"]
    assert "no-next-step" not in {m["kind"] for m in marks}


def test_done_on_the_last_next_step_says_so_plainly_and_still_completes(acme: Cli) -> None:
    acme("step", "drop", "s2", "--date", D)
    acme("step", "drop", "g1s", "--date", D)
    code, _out, err = acme("step", "done", "s1", "--date", D)
    assert code == 0
    assert "acme has no next step now" in err
    assert steps_of(acme)["s1"]["status"] == "done"
    code, _out, err = acme("step", "done", "w1", "--date", D)  # a waiting item is never a next step
    assert "no next step" not in err


def test_done_with_next_and_no_date_takes_the_first_day_with_room_from_tomorrow(acme: Cli) -> None:
    code, _out, err = acme("step", "done", "s1", "--next", "Plan the pilot", "--date", D)
    assert code == 0, err
    added = [s for s in steps_of(acme).values() if s["title"] == "Plan the pilot"]
    assert [s["due"] for s in added] == ["2026-11-25"]


# --- days off -----------------------------------------------------------------------------------------------


def test_days_off_and_public_holidays_are_not_working_days_for_suggestions(cli: Cli, tmp_path: Path) -> None:
    """Thanksgiving (Thu 26 Nov 2026, US) and a day of the rep's own are skipped; both survive an export."""
    territory = doc(
        account("acme", stage="client", steps=[step("late", -2, minutes=30), step("w", -1, waiting=True)]),
        account("beta", stage="prospect"),
        settings={"days_off": ["2026-11-25", "2026-11-25"], "holidays_country": "us"},
    )
    assert cli.import_doc(territory, tmp_path)[0] == 0
    marks = cli.json("morning", "--date", D, "--json")["question_marks"]
    suggested = {(m["kind"], m["step"]): m["suggest"] for m in marks}
    assert suggested[("overdue-step", "late")] == {"action": "reschedule", "date": D}
    assert suggested[("waiting-overdue", "w")] == {"action": "chase", "date": "2026-11-27"}
    assert suggested[("no-next-step", None)] == {"action": "schedule", "date": "2026-11-27"}
    settings = cli.json("export", "-")["settings"]
    assert (settings["days_off"], settings["holidays_country"]) == (["2026-11-25"], "US")


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"days_off": "2026-11-25"}, "settings.days_off: must be a list"),
        ({"days_off": ["2026-11-31"]}, "settings.days_off[0]"),
        ({"days_off": ["9999-12-31"]}, "settings.days_off[0]"),
        ({"holidays_country": "XX"}, "settings.holidays_country"),
        ({"holidays_country": 49}, "settings.holidays_country"),
    ],
)
def test_bad_days_off_are_refused_naming_the_place(
    cli: Cli, tmp_path: Path, settings: dict[str, Any], words: str
) -> None:
    code, _out, err = cli.import_doc(doc(account("acme"), settings=settings), tmp_path)
    assert code == 2
    assert words in err


def test_the_streak_skips_days_off_as_it_skips_weekends(cli: Cli, tmp_path: Path) -> None:
    days = [{"date": f"2026-11-{n}", "confirmed": True} for n in (19, 20, 23, 25)]  # Tue 24 was a day off
    territory = doc(account("acme"), settings={"days_off": ["2026-11-24"]}, days=days)
    assert cli.import_doc(territory, tmp_path)[0] == 0
    assert cli.json("insights", "--date", "2026-11-25", "--json")["streak"] == 4
    assert cli.import_doc(doc(settings={"days_off": []}), tmp_path)[0] == 0
    assert cli.json("insights", "--date", "2026-11-25", "--json")["streak"] == 1


def test_calendar_resolve_settles_a_conflict_as_the_window_does(cli: Any, data_dir: Any, tmp_path: Any) -> None:
    from organizer.app.history import CalendarState
    from organizer.app.planner import Planner
    from organizer.store.database import open_store

    doc = {"format": "daymap/1", "accounts": [{"id": "a", "name": "Acme", "steps": [
        {"id": "s1", "title": "Demo", "due": "2026-11-26", "time": "11:00", "minutes": 60}]}]}  # fmt: skip
    assert cli.import_doc(doc, tmp_path)[0] == 0
    agreed = {"etag": '"1"', "due": "2026-11-26", "time": "10:00", "minutes": 60}
    with open_store(data_dir=data_dir) as store:
        theirs = {"etag": '"2"', "due": "2026-11-27", "time": "14:00", "minutes": 45}
        Planner(store).run("sync", [CalendarState("s1", {"calendar": agreed, "calendar_conflict": theirs})])
    morning = cli.json("morning", "--date", "2026-11-24", "--json")
    assert [m["kind"] for m in morning["question_marks"]] == ["calendar-conflict"]
    assert morning["question_marks"][0]["suggest"] == {"action": "choose"}
    code, _out, err = cli("calendar", "resolve", "s1", "--keep", "calendar")
    assert code == 0, err
    assert "the next sync writes it" in err
    step = cli.json("export", "-")["accounts"][0]["steps"][0]
    assert (step["due"], step["time"], step["minutes"]) == ("2026-11-27", "14:00", 45)
    code, _out, err = cli("calendar", "resolve", "s1", "--keep", "calendar")
    assert code == 2
    assert "no calendar conflict" in err
    assert "Nothing was written" in err
    code, _out, err = cli("calendar", "resolve", "s1", "--keep", "phone")
    assert code == 2
