"""Team mode against a real PostgreSQL: the server, not the client, decides who sees and changes what."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.builders import account, doc
from tests.conftest import DbCli

D = "2026-11-24"


def ids(cli: DbCli) -> list[str]:
    return sorted(a["id"] for a in cli.json("export", "-")["accounts"])


def test_each_rep_sees_only_their_own_accounts(team: dict[str, Any]) -> None:
    assert ids(team["ann"]) == ["ann-1", "ann-2"]
    assert ids(team["bob"]) == ["bob-1", "bob-2"]
    owners = {a["owner"] for a in team["ann"].json("export", "-")["accounts"]}
    assert owners == {team["ann_role"]}
    marks = {m["account"] for m in team["ann"].json("morning", "--date", D, "--json")["question_marks"]}
    assert marks <= {"ann-1", "ann-2", None}


def test_psql_as_a_rep_sees_only_their_rows(team: dict[str, Any]) -> None:
    cluster = team["cluster"]
    url = cluster.url(team["bob_role"], "secret-bob", team["database"]).replace("+psycopg", "")
    done = subprocess.run([str(cluster.bin_dir / "psql"), url, "-At", "-c", "SELECT id FROM step ORDER BY id"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["bob-s1", "bob-s2", "bob-s3"]


def test_psql_as_a_rep_cannot_slip_a_row_into_another_reps_account_by_naming_themselves(team: dict[str, Any]) -> None:
    """The row takes its account's owner (a trigger), whatever the insert says; the policy then refuses it."""
    cluster = team["cluster"]
    url = cluster.url(team["ann_role"], "secret-ann", team["database"]).replace("+psycopg", "")
    sneak = (  # the test's own role name, quoted as a literal on purpose
        "INSERT INTO step (id, account_id, title, status, promised, waiting, version, owner) "  # noqa: S608
        f"VALUES ('sneak', 'bob-1', 'Sneak in', 'open', false, false, 1, '{team['ann_role']}')"
    )
    done = subprocess.run([str(cluster.bin_dir / "psql"), url, "-At", "-c", sneak],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode != 0
    assert "row-level security" in done.stderr
    assert "sneak" not in {s["id"] for a in team["bob"].json("export", "-")["accounts"] for s in a["steps"]}


@pytest.mark.parametrize(
    "args",
    [
        ["step", "done", "bob-s1", "--date", D],
        ["step", "add", "bob-1", "Sneak in", "--date", D],
        ["touch", "bob-1"],
        ["brief", "bob-1"],
    ],
)
def test_a_rep_cannot_touch_another_reps_account(team: dict[str, Any], args: list[str]) -> None:
    before = team["bob"].json("export", "-")
    code, _out, err = team["ann"](*args)
    assert code == 2, err
    assert "Traceback" not in err
    assert team["bob"].json("export", "-") == before


def test_a_file_naming_another_owner_is_refused_by_the_server(team: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps(doc(account("sly", name="Sly", owner=team["bob_role"]))))
    code, _out, err = team["ann"]("import", str(path))
    assert code == 2
    assert "not allowed" in err
    assert ids(team["bob"]) == ["bob-1", "bob-2"]


def test_a_manager_reads_everything_and_writes_nothing(team: dict[str, Any]) -> None:
    meg = team["meg"]
    assert ids(meg) == ["ann-1", "ann-2", "bob-1", "bob-2"]
    code, _out, err = meg("brief", "bob-1")
    assert code == 0, err
    for args in (["step", "done", "bob-s1", "--date", D], ["step", "add", "bob-1", "x", "--date", D]):
        code, _out, err = meg(*args)
        assert code == 2, err
        assert "Traceback" not in err
    assert [s["status"] for s in team["bob"].json("export", "-")["accounts"][0]["steps"]] == ["open", "open"]


def test_team_status_matches_each_reps_own_morning(team: dict[str, Any]) -> None:
    team["ann"]("step", "reschedule", "ann-s1", "today", "--date", D)
    rows = {row["rep"]: row for row in team["meg"].json("team", "status", "--date", D, "--json")}
    assert set(rows) == {team["ann_role"], team["bob_role"]}
    for name in ("ann", "bob"):
        own = team[name].json("morning", "--date", D, "--json")
        row = rows[team[name + "_role"]]
        assert row["question_marks"] == len(own["question_marks"])
        assert row["ready"] == own["ready"]
        assert row["confirmed"] == own["confirmed"]
        assert row["accounts"] == 2
        assert set(row["promises"]) == {"due", "kept", "rate"}
    code, _out, _err = team["ann"]("team", "status", "--json")
    assert code == 2  # reps do not see the team


def test_handover_moves_everything_at_once_and_only_managers_may(team: dict[str, Any]) -> None:
    code, _out, _err = team["ann"]("team", "handover", team["bob_role"], "--to", team["ann_role"])
    assert code == 2
    assert ids(team["bob"]) == ["bob-1", "bob-2"]
    code, _out, err = team["meg"]("team", "handover", team["bob_role"], "--to", team["ann_role"])
    assert code == 0, err
    assert ids(team["bob"]) == []
    assert ids(team["ann"]) == ["ann-1", "ann-2", "bob-1", "bob-2"]
    steps = [s["id"] for a in team["ann"].json("export", "-")["accounts"] for s in a["steps"]]
    assert {"bob-s1", "bob-s2", "bob-s3"} <= set(steps)


def test_two_clients_editing_the_same_step_the_second_gets_a_conflict(team: dict[str, Any]) -> None:
    from organizer.app.planner import Planner
    from organizer.core.errors import ConflictError
    from organizer.store.database import open_store

    url = team["ann"].url
    with open_store(url) as first, open_store(url) as second:
        mine, theirs = Planner(first), Planner(second)
        seen = mine.account("ann-1").steps[0]
        theirs.edit("step", seen.id, {"title": "Theirs"}, expected_version=seen.version)
        with pytest.raises(ConflictError):
            mine.edit("step", seen.id, {"title": "Mine"}, expected_version=seen.version)
        assert mine.account("ann-1").steps[0].title == "Theirs"


def test_another_process_rescheduling_the_step_meanwhile_gives_a_conflict_that_shows_it(
    team: dict[str, Any],
) -> None:
    """Two programs on two machines, as a rep's laptop and their phone's CLI: nothing is overwritten."""
    import sys

    from organizer.app.planner import Planner
    from organizer.core.errors import ConflictError
    from organizer.store.database import open_store
    from tests.conftest import ROOT

    url = team["ann"].url
    with open_store(url) as store:
        mine = Planner(store, dt.date.fromisoformat(D))
        seen = next(s for s in mine.account("ann-1").steps if s.id == "ann-s2")
        other = subprocess.run(
            [sys.executable, "-m", "organizer", "--db", url, "step", "reschedule", "ann-s2", "2026-12-09", "--date", D],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert other.returncode == 0, other.stderr
        with pytest.raises(ConflictError) as raised:
            mine.edit("step", seen.id, {"title": "Call to confirm the order"}, expected_version=seen.version)
        assert "due Wed 9 Dec 2026" in str(raised.value)
        assert "nothing was overwritten" in str(raised.value)
        now = next(s for s in mine.account("ann-1").steps if s.id == "ann-s2")
        assert (now.title, now.due) == (seen.title, dt.date(2026, 12, 9))


def test_another_clients_write_is_noticed(team: dict[str, Any]) -> None:
    from organizer.app.planner import Planner
    from organizer.store.database import open_store

    with open_store(team["ann"].url) as store:
        planner = Planner(store)
        assert not planner.check_outside_changes()
        team["ann"]("touch", "ann-1")
        assert planner.check_outside_changes()


def test_the_server_stopped_mid_edit_fails_cleanly_and_retries(team: dict[str, Any]) -> None:
    cluster = team["cluster"]
    code, _out, _err = team["ann"]("step", "done", "ann-s2", "--date", D)
    assert code == 0
    cluster.stop()
    try:
        code, _out, err = team["ann"]("step", "done", "ann-s3", "--date", D)
        assert code == 2
        assert "cannot be reached" in err
        assert "Traceback" not in err
    finally:
        cluster.start()
    assert team["ann"]("step", "done", "ann-s3", "--date", D)[0] == 0


def test_a_rep_imports_days_loads_the_sample_and_confirms_their_own_plan(team: dict[str, Any]) -> None:
    """Rows inserted in a batch name no owner (never NULL): the server's default makes them the rep's."""
    ann = team["ann"]
    code, _out, err = ann("demo", "--accounts", "3", "--seed", "5", "--date", D)
    assert code == 0, err
    from organizer.app.planner import Planner
    from organizer.store.database import open_store

    day = dt.date.fromisoformat(D)
    with open_store(ann.url) as store:
        Planner(store, day).days.set_capacity(day, 480)  # a new day row, as the window's trim writes it
    assert ann.json("morning", "--date", D, "--json")["capacity_minutes"] == 480
    assert team["bob"].json("morning", "--date", D, "--json")["capacity_minutes"] != 480  # a day is one rep's


def test_a_rep_connects_with_the_password_from_the_system_keyring(
    team: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from sqlalchemy.engine import make_url

    from organizer.store.connection import check_address, remember_in_keyring
    from organizer.store.database import open_store
    from tests.organizer.store.test_connection import MemoryKeyring

    monkeypatch.delenv("DAYMAP_KEYRING", raising=False)
    url = make_url(team["ann"].url)
    address = check_address(url.host or "", url.port or 5432, url.database or "", url.username or "")
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        remember_in_keyring(address, url.password or "")
        with open_store(address.url()) as store:  # no password in the URL, none in ~/.pgpass
            assert [a.id for a in store_accounts(store)] == ["ann-1", "ann-2"]
    finally:
        keyring.set_keyring(before)


def store_accounts(store: Any) -> list[Any]:
    from organizer.rules.queries import account_summaries

    with store.read() as session:
        return sorted(account_summaries(session, dt.date.fromisoformat(D)), key=lambda a: a.id)
