"""Each rep's own settings on a team's server (SPEC.md, team mode): capacity, days off, calendar, mail.

Against a real PostgreSQL (and Radicale for the calendars): the server keeps each rep's settings from the
others (row-level security), and every rule reads the connecting rep's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests import radicale
from tests.conftest import DbCli
from tests.organizer.app.test_calendar import _http_server

D = "2026-11-24"  # a Tuesday


def settings_of(cli: DbCli, tmp_path: Path, **values: Any) -> tuple[int, str, str]:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"format": "daymap/1", "settings": values}))
    return cli("import", str(path))


def psql(team: dict[str, Any], name: str, sql: str) -> subprocess.CompletedProcess[str]:
    cluster = team["cluster"]
    url = cluster.url(team[name + "_role"], "secret-" + name, team["database"]).replace("+psycopg", "")
    return subprocess.run([str(cluster.bin_dir / "psql"), url, "-At", "-c", sql],
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_each_rep_sets_their_own_capacity_and_vacation_and_sees_only_their_own(
    team: dict[str, Any], tmp_path: Path
) -> None:
    ann, bob = team["ann"], team["bob"]
    assert settings_of(ann, tmp_path, capacity_minutes=300, days_off=["2026-11-24", "2026-11-25"])[0] == 0
    code, _out, err = settings_of(bob, tmp_path, capacity_minutes=420, holidays_country="DE")
    assert code == 0, err
    assert ann.json("export", "-")["settings"]["capacity_minutes"] == 300
    assert ann.json("export", "-")["settings"]["days_off"] == ["2026-11-24", "2026-11-25"]
    assert bob.json("export", "-")["settings"]["capacity_minutes"] == 420
    assert bob.json("export", "-")["settings"].get("days_off", []) == []
    assert ann.json("morning", "--date", D, "--json")["capacity_minutes"] == 300
    assert bob.json("morning", "--date", D, "--json")["capacity_minutes"] == 420
    assert team["meg"].json("export", "-")["settings"]["capacity_minutes"] == 360  # a new one starts from the defaults

    # ann's overdue step is suggested past her vacation; bob's (the same shape) the next working day
    ann_move = _suggestion(ann, "ann-s1")
    bob_move = _suggestion(bob, "bob-s1")
    assert ann_move == {"action": "reschedule", "date": "2026-11-26"}
    assert bob_move == {"action": "reschedule", "date": "2026-11-24"}


def _suggestion(cli: DbCli, step: str) -> dict[str, Any]:
    morning = cli.json("morning", "--date", D, "--json")
    return dict(next(m["suggest"] for m in morning["question_marks"] if m.get("step") == step))


def test_psql_as_a_rep_cannot_read_or_change_another_reps_settings_a_manager_reads_both_changes_neither(
    team: dict[str, Any], tmp_path: Path
) -> None:
    for name, minutes in (("ann", 300), ("bob", 420), ("meg", 200)):
        assert settings_of(team[name], tmp_path, capacity_minutes=minutes)[0] == 0
    ann, bob, meg = team["ann_role"], team["bob_role"], team["meg_role"]
    seen = psql(team, "ann", "SELECT owner, capacity_minutes FROM settings ORDER BY owner")
    assert seen.stdout.split() == [f"{ann}|300"]
    changed = psql(team, "ann", f"UPDATE settings SET capacity_minutes = 1 WHERE owner = '{bob}'")  # noqa: S608
    assert changed.stdout.strip() == "UPDATE 0"
    stolen = psql(team, "ann", f"INSERT INTO settings (owner, capacity_minutes, renewal_window_days, version) "  # noqa: S608
                               f"VALUES ('{bob}', 1, 60, 1)")  # fmt: skip
    assert stolen.returncode != 0
    assert "row-level security" in stolen.stderr or "duplicate key" in stolen.stderr
    read = psql(team, "meg", "SELECT owner, capacity_minutes FROM settings ORDER BY capacity_minutes")
    assert read.stdout.split() == [f"{meg}|200", f"{ann}|300", f"{bob}|420"]
    assert psql(team, "meg", f"UPDATE settings SET capacity_minutes = 1 WHERE owner <> '{meg}'").stdout.strip() == (  # noqa: S608
        "UPDATE 0"
    )
    assert team["bob"].json("export", "-")["settings"]["capacity_minutes"] == 420


def test_team_status_judges_each_rep_by_their_own_settings_and_shows_who_is_away(
    team: dict[str, Any], tmp_path: Path
) -> None:
    from organizer.app.planner import Planner
    from organizer.store.database import open_store

    assert settings_of(team["ann"], tmp_path, capacity_minutes=60, days_off=[D])[0] == 0  # ann is away today
    assert settings_of(team["bob"], tmp_path, capacity_minutes=30)[0] == 0  # bob's 60-minute day is over it
    rows = {row["rep"]: row for row in team["meg"].json("team", "status", "--date", D, "--json")}
    for name in ("ann", "bob"):
        own = team[name].json("morning", "--date", D, "--json")
        assert rows[team[name + "_role"]]["question_marks"] == len(own["question_marks"]), name
    assert "over-capacity" in {m["kind"] for m in team["bob"].json("morning", "--date", D, "--json")["question_marks"]}
    import datetime as dt

    with open_store(team["meg"].url) as store:
        found = {row.rep: row for row in Planner(store, dt.date.fromisoformat(D)).team.status()}
    assert found[team["ann_role"]].away
    assert not found[team["bob_role"]].away
    assert (found[team["ann_role"]].capacity_minutes, found[team["bob_role"]].capacity_minutes) == (60, 30)
    assert found[team["ann_role"]].days_off == (dt.date.fromisoformat(D),)
    code, out, _err = team["meg"]("team", "status", "--date", D)
    assert code == 0
    assert "away" in out


def test_handover_moves_accounts_never_settings(team: dict[str, Any], tmp_path: Path) -> None:
    assert settings_of(team["ann"], tmp_path, capacity_minutes=300, days_off=["2026-12-01"])[0] == 0
    assert settings_of(team["bob"], tmp_path, capacity_minutes=420)[0] == 0
    assert team["meg"]("team", "handover", team["bob_role"], "--to", team["ann_role"])[0] == 0
    assert team["ann"].json("export", "-")["settings"]["capacity_minutes"] == 300
    assert team["ann"].json("export", "-")["settings"]["days_off"] == ["2026-12-01"]
    assert team["bob"].json("export", "-")["settings"]["capacity_minutes"] == 420


def test_a_manager_saves_their_own_settings_and_still_writes_no_plan(team: dict[str, Any], tmp_path: Path) -> None:
    from organizer.app.planner import Planner
    from organizer.store.database import open_store

    with open_store(team["meg"].url) as store:
        planner = Planner(store)
        assert planner.team.write_refusal("settings") is None
        assert "manager" in (planner.team.write_refusal("plan") or "")
        planner.update_settings({"capacity_minutes": 240})
    assert team["meg"].json("export", "-")["settings"]["capacity_minutes"] == 240
    with open_store(team["ann"].url) as store:
        assert Planner(store).team.write_refusal("plan") is None


@pytest.fixture
def calendars() -> Any:
    folder = Path(tempfile.mkdtemp(prefix="daymap-radicale-"))
    try:
        with radicale.server(folder, {"ann": "pw-ann", "bob": "pw-bob"}) as running:
            yield running
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.servers
@pytest.mark.usefixtures("passwords_in_a_file")
def test_each_rep_connects_their_own_calendar_and_feed_and_the_busy_time_is_only_theirs(
    team: dict[str, Any], calendars: radicale.Radicale
) -> None:
    import caldav

    ann, bob = team["ann"], team["bob"]
    for cli, user in ((ann, "ann"), (bob, "bob")):
        code, _out, err = cli("calendar", "connect", calendars.url, "--user", user, stdin=f"pw-{user}\n")
        assert code == 0, err
    phone = caldav.DAVClient(calendars.url, username="bob", password="pw-bob").principal().calendars()[0]
    import datetime as dt

    phone.save_event(dtstart=dt.datetime(2026, 11, 24, 9, 0), dtend=dt.datetime(2026, 11, 24, 11, 0),
                     summary="Bob's dentist", uid="bob-busy")  # fmt: skip
    feed = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\n"
            b"DTSTART:20261124T140000\r\nDTEND:20261124T150000\r\nSUMMARY:Ann's Outlook\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n")  # fmt: skip
    with _http_server(feed, "text/calendar") as url:
        assert ann("calendar", "subscribe", url, "--date", D)[0] == 0
        for cli in (ann, bob):
            code, _out, err = cli("calendar", "sync", "--date", D)
            assert code == 0, err
    assert ann.json("morning", "--date", D, "--json")["busy_minutes"] == 60
    assert bob.json("morning", "--date", D, "--json")["busy_minutes"] == 120
    ann_events = caldav.DAVClient(calendars.url, username="ann", password="pw-ann").principal().calendars()[0].events()
    bob_uids = {e.icalendar_component["uid"] for e in phone.events()}
    assert not any(str(e.icalendar_component["uid"]).startswith("bob-") for e in ann_events)
    assert not any(uid.startswith("ann-") for uid in bob_uids)  # ann's steps never reach bob's calendar


@pytest.mark.servers
@pytest.mark.usefixtures("passwords_in_a_file")
def test_each_rep_reads_their_own_mail_and_their_own_addresses(team: dict[str, Any], tmp_path: Path) -> None:
    ann, bob = team["ann"], team["bob"]
    for cli, name in ((ann, "ann"), (bob, "bob")):
        contact = {"format": "daymap/1", "accounts": [
            {"id": f"{name}-1", "contacts": [{"id": f"{name}-c", "name": "Client", "email": f"client@{name}.example"}]}
        ]}  # fmt: skip
        path = tmp_path / f"{name}-contacts.json"
        path.write_text(json.dumps(contact))
        assert cli("import", str(path))[0] == 0
    box = tmp_path / "sent.mbox"
    box.write_text(
        "From x@y Tue Nov 24 09:12:00 2026\nFrom: ann@team.example\nTo: client@ann.example, client@bob.example\n"
        "Subject: Proposal\nMessage-ID: <p1@x>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\nbody\n"
    )
    assert ann.json("mail", "import", str(box), "--me", "ann@team.example", "--json")["touches"] == 1
    assert bob.json("mail", "import", str(box), "--json")["touches"] == 0  # ann's address is not bob's
    assert [t["message"] for a in ann.json("export", "-")["accounts"] for t in a.get("touches", [])] == ["<p1@x>"]
    assert not [t for a in bob.json("export", "-")["accounts"] for t in a.get("touches", [])]


def test_a_team_server_upgraded_from_one_row_of_settings_gives_it_to_the_database_owner(pg_cluster: Any) -> None:
    """Schema 0009 had one settings row for everyone: `team init` (the upgrade) makes it the owner's; a rep
    who connects afterwards starts from the defaults and saves their own."""
    from alembic import command
    from sqlalchemy import text

    from organizer.store.database import open_store
    from organizer.store.schema import _alembic_config
    from tests.postgres import new_database

    database, owner, password = new_database(pg_cluster)
    url = pg_cluster.url(owner, password, database)
    with open_store(url) as store:
        with store.engine.begin() as connection:
            command.downgrade(_alembic_config(connection), "0009")
        with store.engine.begin() as connection:
            connection.execute(text("INSERT INTO settings (id, capacity_minutes, renewal_window_days, version) "
                                    "VALUES (1, 420, 30, 1)"))  # fmt: skip
    admin = DbCli(url)
    code, _out, err = admin("team", "init")
    assert code == 0, err
    code, _out, err = admin("team", "add-rep", f"{database}_rita", stdin="secret-rita\n")
    assert code == 0, err
    assert admin.json("export", "-")["settings"]["capacity_minutes"] == 420
    rita = DbCli(pg_cluster.url(f"{database}_rita", "secret-rita", database))
    assert rita.json("export", "-")["settings"]["capacity_minutes"] == 360
    path = Path(tempfile.mkdtemp()) / "s.json"
    path.write_text(json.dumps({"format": "daymap/1", "settings": {"capacity_minutes": 300}}))
    assert rita("import", str(path))[0] == 0
    assert (
        rita.json("export", "-")["settings"]["capacity_minutes"],
        admin.json("export", "-")["settings"]["capacity_minutes"],
    ) == (300, 420)


@pytest.mark.servers
@pytest.mark.usefixtures("passwords_in_a_file")
def test_each_rep_fetches_their_own_imap_account_and_touches_land_on_their_own_accounts(
    team: dict[str, Any], tmp_path: Path
) -> None:
    from tests import dovecot
    from tests.organizer.formats.test_mail import message

    if not dovecot.available():
        pytest.skip("Dovecot is not installed here (make test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="daymap-dovecot-"))  # Dovecot's own user reads it: not pytest's 0700
    try:
        with dovecot.server(folder, {"ann": "pw-ann", "bob": "pw-bob"}) as imap:
            for name in ("ann", "bob"):
                person = {"id": f"{name}-c", "name": "Client", "email": f"client@{name}.example"}
                contact = {"format": "daymap/1", "accounts": [{"id": f"{name}-1", "contacts": [person]}]}
                path = tmp_path / f"{name}.json"
                path.write_text(json.dumps(contact))
                assert team[name]("import", str(path))[0] == 0
                imap.deliver(name, message(sender=f"client@{name}.example", message_id=f"<{name}@x>"))
                code, _out, err = team[name](
                    "mail", "connect", f"127.0.0.1:{imap.port}", "--user", name, "--plain", stdin=f"pw-{name}\n"
                )
                assert code == 0, err
            assert team["ann"].json("mail", "fetch", "--json")["touches"] == 1
            assert team["bob"].json("mail", "fetch", "--json")["touches"] == 1  # bob's own account, not ann's
            for name in ("ann", "bob"):
                logged = [
                    t["message"] for a in team[name].json("export", "-")["accounts"] for t in a.get("touches", [])
                ]
                assert logged == [f"<{name}@x>"]
                assert team[name].json("mail", "fetch", "--json")["messages"] == 0  # each one's own read marks
    finally:
        shutil.rmtree(folder, ignore_errors=True)
