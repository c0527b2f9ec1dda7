"""The headless CLI as the contract: real processes, exit codes, JSON shape, no Qt."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.builders import account, day, doc, step
from tests.conftest import Cli, run_module


def test_the_cli_never_imports_qt(tmp_path: Path) -> None:
    probe = (
        f"import sys, runpy; sys.argv=['organizer','--data-dir',{str(tmp_path)!r},'morning','--json'];\n"
        "try:\n    runpy.run_module('organizer', run_name='__main__')\nexcept SystemExit: pass\n"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','shiboken6','ui')]\n"
        "print('QT', bad, file=sys.stderr)"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "QT []" in done.stderr, done.stderr


def test_morning_json_shape(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text(
        json.dumps(
            doc(
                account(
                    "acme",
                    contacts=[{"id": "jane", "name": "Jane"}],
                    steps=[
                        step("s1", 0, time="10:00", minutes=60, promised=True, contact="jane"),
                        step("w", 0, waiting=True, contact="jane"),
                    ],
                )
            )
        )
    )
    assert run_module("--data-dir", str(tmp_path / "x"), "import", str(tmp_path / "d.json")).returncode == 0
    done = run_module("--data-dir", str(tmp_path / "x"), "morning", "--date", day(0), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {
        "date",
        "confirmed",
        "ready",
        "question_marks",
        "today",
        "waiting",
        "planned_minutes",
        "busy_minutes",  # the calendar's busy time (SPEC.md "The calendar"): 0 without one
        "capacity_minutes",
    }
    assert result["today"] == [
        {
            "step": "s1",
            "account": "acme",
            "goal": None,
            "title": "Step s1",
            "time": "10:00",
            "minutes": 60,
            "promised": True,
        }
    ]
    assert result["waiting"] == [{"step": "w", "account": "acme", "title": "Step w", "contact": "jane"}]


def test_store_options_after_the_command_and_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "d.json").write_text(json.dumps(doc(account("acme", steps=[step("s1", 0)]))))
    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert run_module("import", str(tmp_path / "d.json"), "--db", url).returncode == 0
    done = run_module("morning", "--date", day(0), "--json", env={"DAYMAP_DB_URL": url})
    assert [i["step"] for i in json.loads(done.stdout)["today"]] == ["s1"]


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    done = run_module("--data-dir", str(tmp_path), "morning", "--date", "2026-02-30")
    assert done.returncode == 2
    assert "not a date" in done.stderr


def test_a_damaged_store_exits_2_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "daymap.sqlite3").write_bytes(b"this is not a database" * 500)
    done = run_module("--data-dir", str(tmp_path), "morning")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "damaged" in done.stderr or "not a database" in done.stderr


def test_morning_text_says_ready(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(doc(account("a", steps=[step("s", 0, minutes=30)])), tmp_path)
    code, out, _ = cli("morning", "--date", day(0))
    assert code == 0
    assert "No question marks — ready." in out


def test_brief_by_name_in_every_format(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(
        doc(
            account(
                "acme",
                name="Acme <Books>",
                mission="Be their <b>only</b> partner",
                contacts=[
                    {"id": "j", "name": "Jane & Co", "role": "decision-maker", "resonates": "<script>x</script>"}
                ],
                goals=[{"id": "g", "title": "Position XYZ", "steps": [step("s", 1, contact="j", promised=True)]}],
                steps=[step("w", 3, waiting=True)],
                touches=[{"date": day(-2), "channel": "lunch", "contact": "j"}],
            )
        ),
        tmp_path,
    )
    code, out, _ = cli("brief", "acme <books>", "--date", day(0))
    assert code == 0
    for words in ("Be their <b>only</b> partner", "Position XYZ", "Jane & Co", "decision-maker", "lunch", "Step s"):
        assert words in out
    code, html_out, _ = cli("brief", "acme", "--format", "html", "--date", day(0))
    assert "<script>" not in html_out
    assert "&lt;script&gt;" in html_out
    assert "Acme &lt;Books&gt;" in html_out
    code, md, _ = cli("brief", "acme", "--format", "md")
    assert md.startswith("# Acme \\<Books\\>")


def test_brief_of_an_unknown_account_exits_2(cli: Cli) -> None:
    code, _out, err = cli("brief", "nobody")
    assert code == 2
    assert "no account" in err


def test_demo_is_deterministic_and_realistic(tmp_path: Path) -> None:
    first, second = Cli(tmp_path / "a"), Cli(tmp_path / "b")
    for cli in (first, second):
        assert cli("demo", "--accounts", "20", "--seed", "7", "--date", day(0))[0] == 0
    one, two = first("export", "-")[1], second("export", "-")[1]
    assert one == two
    territory = json.loads(one)
    accounts = territory["accounts"]
    assert len(accounts) == 20
    assert {a["stage"] for a in accounts} == {"prospect", "client", "former"}
    steps = [s for a in accounts for s in a["steps"] + [s for g in a["goals"] for s in g["steps"]]]
    assert 15 * 20 <= len(steps) <= 25 * 20
    assert any(s["promised"] for s in steps)
    assert any(s["waiting"] for s in steps)
    assert any(s["status"] == "done" for s in steps)
    assert sum(len(a["touches"]) for a in accounts) >= 8 * 20
    assert any("cadence_days" in a for a in accounts)
    assert any("renewal" in a for a in accounts)
    assert all(3 <= len(a["contacts"]) <= 5 for a in accounts)
    morning = first.json("morning", "--date", day(0), "--json")
    assert morning["today"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_sample_is_a_territory_a_newcomer_can_finish(tmp_path: Path, seed: int) -> None:
    """A handful of question marks (its past is history, not a backlog) and the next weeks within capacity."""
    cli = Cli(tmp_path / "data")
    start = dt.date(2026, 11, 30)
    assert cli("demo", "--accounts", "40", "--seed", str(seed), "--date", start.isoformat())[0] == 0
    assert len(cli.json("morning", "--date", start.isoformat(), "--json")["question_marks"]) <= 10
    for offset in range(14):
        when = start + dt.timedelta(days=offset)
        morning = cli.json("morning", "--date", when.isoformat(), "--json")
        assert morning["planned_minutes"] <= morning["capacity_minutes"], when


@pytest.mark.parametrize("seed", [1, 7])
def test_the_sample_has_one_account_per_name_and_each_persons_address_at_one_account(tmp_path: Path, seed: int) -> None:
    """An email to Kai lands on Kai's account: no address at two accounts, no two accounts of one name."""
    cli = Cli(tmp_path / "data")
    assert cli("demo", "--accounts", "40", "--seed", str(seed), "--date", day(0))[0] == 0
    accounts = cli.json("export", "-")["accounts"]
    names = [a["name"] for a in accounts]
    assert len(names) == len(set(names))
    where: dict[str, set[str]] = {}
    for found in accounts:
        for contact in found["contacts"]:
            where.setdefault(contact["email"], set()).add(found["id"])
    assert all(len(ids) == 1 for ids in where.values())


def test_demo_with_another_seed_adds(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "a")
    cli("demo", "--accounts", "3", "--seed", "1")
    cli("demo", "--accounts", "3", "--seed", "2")
    assert len(json.loads(cli("export", "-")[1])["accounts"]) == 6


def test_insights(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(
        doc(
            account(
                "c",
                stage="client",
                steps=[
                    step("kept", -3, promised=True, status="done", done=day(-4)),
                    step("late", -3, promised=True, status="done", done=day(-1)),
                    step("dropped", -10, promised=True, status="dropped"),
                    step("open", -1, promised=True),
                    step("future", 0, promised=True),
                    step("old", -91, promised=True, status="done", done=day(-91)),
                    step("waiting", -2, promised=True, waiting=True),
                ],
                touches=[{"date": day(0)}, {"date": day(-1)}, {"date": day(-7)}],
            ),
            account("p", stage="prospect", touches=[{"date": day(-1)}, {"date": day(1)}]),
            days=[{"date": day(d), "confirmed": True} for d in (-1, -4, -5, -6, -7)],
        ),
        tmp_path,
    )
    result = cli.json("insights", "--date", day(0), "--json")
    assert result["promises"] == {"due": 4, "kept": 1, "rate": 0.25}
    weeks = result["touches_per_week"]
    assert len(weeks) == 12
    assert weeks[-1] == {"week": "2026-W48", "clients": 2, "new_business": 1}
    assert weeks[-2] == {"week": "2026-W47", "clients": 1, "new_business": 0}
    # Mon 23, Fri 20, Thu 19, Wed 18, Tue 17 confirmed; the weekend neither breaks nor counts
    assert result["streak"] == 5


def test_ics_export(cli: Cli, tmp_path: Path) -> None:
    cli.import_doc(
        doc(
            account(
                "a", name="Acme", steps=[step("timed", 1, time="10:00", minutes=45), step("allday", 2), step("far", 40)]
            )
        ),
        tmp_path,
    )
    target = tmp_path / "week.ics"
    code, _out, err = cli("ics", "--from", day(0), "--days", "7", "-o", str(target))
    assert code == 0, err
    import icalendar

    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == ["allday@daymap", "timed@daymap"]


def test_the_launcher_sends_commands_to_the_cli_and_the_rest_to_the_window() -> None:
    from ui.shell.launcher import _wants_cli

    assert _wants_cli(["morning", "--json"])
    assert _wants_cli(["--data-dir", "x", "export", "-"])
    assert not _wants_cli(["--data-dir", "morning"])
    assert not _wants_cli(["--screenshot", "x.png"])
    assert not _wants_cli(["--date", "2026-12-07", "--view", "today", "--size", "800x600"])  # the window's, all
    assert _wants_cli(["mornin"])  # a mistyped command: the CLI says which commands there are, exit 2
    assert _wants_cli(["--version"])
