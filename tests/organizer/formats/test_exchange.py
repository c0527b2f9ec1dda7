"""The exchange format: validation with paths, merge by id, all-or-nothing, round trips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import account, day, doc, step
from tests.conftest import Cli

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL


def export(cli: Cli) -> dict[str, Any]:
    code, out, err = cli("export", "-")
    assert code == 0, err
    return json.loads(out)


def imported(cli: Cli, tmp_path: Path, document: Any) -> tuple[int, str]:
    code, _out, err = cli.import_doc(document, tmp_path)
    return code, err


BASE = doc(account("acme", contacts=[{"id": "jane", "name": "Jane"}], steps=[step("s1", 1)]))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["accounts"][0]["steps"][0].update(due="2026-13-01"),
            'accounts[0].steps[0].due: not a date: "2026-13-01"',
        ),
        (lambda d: d["accounts"][0].update(colour="red"), "accounts[0].colour: unknown field"),
        (lambda d: d.update(format="daymap/2"), 'format: not a format this version reads: "daymap/2"'),
        (lambda d: d.pop("format"), "format: missing"),
        (lambda d: d["accounts"][0].update(stage="lead"), "accounts[0].stage: must be one of prospect, client, former"),
        (lambda d: d["accounts"][0].update(name="  "), "accounts[0].name: must not be blank"),
        (lambda d: d["accounts"][0].update(name=None), "accounts[0].name: must not be empty"),
        (lambda d: d["accounts"][0].update(name="x" * 201), "accounts[0].name: is too long"),
        (lambda d: d["accounts"][0].update(cadence_days=0), "accounts[0].cadence_days: must be from 1 to 3650"),
        (lambda d: d["accounts"][0].update(cadence_days=3651), "accounts[0].cadence_days: must be from 1 to 3650"),
        (lambda d: d["accounts"][0].update(cadence_days="30"), "accounts[0].cadence_days: must be a whole number"),
        (lambda d: d["accounts"][0].update(cadence_days=True), "accounts[0].cadence_days: must be a whole number"),
        (lambda d: d["accounts"][0].update(archived="yes"), "accounts[0].archived: must be true or false"),
        (lambda d: d["accounts"][0]["steps"][0].update(minutes=1441), "accounts[0].steps[0].minutes: must be from 0"),
        (lambda d: d["accounts"][0]["steps"][0].update(minutes=-1), "accounts[0].steps[0].minutes: must be from 0"),
        (lambda d: d["accounts"][0]["steps"][0].update(time="24:00"), "accounts[0].steps[0].time: not a time"),
        (
            lambda d: d["accounts"][0]["steps"][0].update(contact="bob"),
            'accounts[0].steps[0].contact: no contact "bob" in the file or the store',
        ),
        (
            lambda d: d["accounts"][0]["steps"].append(step("s1", 2)),
            'accounts[0].steps[1].id: repeated step id "s1" (first at accounts[0].steps[0].id)',
        ),
        (lambda d: d["accounts"].append(account("acme")), 'accounts[1].id: repeated account id "acme"'),
        (lambda d: d["accounts"][0]["contacts"][0].update(role="boss"), "accounts[0].contacts[0].role: must be one of"),
        (
            lambda d: d["accounts"][0]["contacts"][0].update(history=[{"account": "nope"}]),
            'accounts[0].contacts[0].history[0].account: no account "nope"',
        ),
        (
            lambda d: d["accounts"][0].update(touches=[{"channel": "call"}]),
            "accounts[0].touches[0].date: required for a new touch",
        ),
        (
            lambda d: d["accounts"][0].update(goals=[{"id": "g", "steps": []}]),
            "accounts[0].goals[0].title: required for a new goal",
        ),
        (lambda d: d["accounts"][0].update(goals={"id": "g"}), "accounts[0].goals: must be a list"),
        (lambda d: d.update(days=[{"date": day(0), "order": ["ghost"]}]), 'days[0].order[0]: no step "ghost"'),
        (lambda d: d.update(days=[{"date": day(0)}, {"date": day(0)}]), "days[1].date: repeated day"),
        (lambda d: d.update(settings={"capacity_minutes": 2000}), "settings.capacity_minutes: must be from 0 to 1440"),
        (lambda d: d.update(settings={"colour": 1}), "settings.colour: unknown field"),
        (lambda d: d["accounts"][0].update(id=7), "accounts[0].id: an id must be text"),
        (lambda d: d.update(accounts="acme"), "accounts: must be a list"),
    ],
)
def test_bad_input_exits_2_names_where_and_writes_nothing(cli: Cli, tmp_path: Path, mutate: Any, message: str) -> None:
    before = export(cli)
    document = json.loads(json.dumps(BASE))
    mutate(document)
    code, err = imported(cli, tmp_path, document)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert export(cli) == before


def test_not_json_exits_2_with_line_and_column(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "daymap/1",\n "accounts": [}')
    code, _out, err = cli("import", str(path))
    assert code == 2
    assert "not valid JSON" in err
    assert "line 2" in err


def test_a_missing_file_exits_2(cli: Cli, tmp_path: Path) -> None:
    code, _out, err = cli("import", str(tmp_path / "nope.json"))
    assert code == 2
    assert "no such file" in err


def test_an_error_late_in_the_file_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    good = [account(f"a{i}", steps=[step(f"s{i}", 1)]) for i in range(50)]
    bad = account("zz", steps=[step("bad", None, contact="nobody")])
    code, _err = imported(cli, tmp_path, doc(*good, bad))
    assert code == 2
    assert export(cli)["accounts"] == []


def test_import_from_standard_input(cli: Cli) -> None:
    code, _out, err = cli("import", "-", stdin=json.dumps(BASE))
    assert code == 0, err
    assert [a["id"] for a in export(cli)["accounts"]] == ["acme"]


def test_merge_updates_only_the_given_fields(cli: Cli, tmp_path: Path) -> None:
    assert (
        imported(
            cli,
            tmp_path,
            doc(
                account(
                    "acme",
                    stage="client",
                    mission="M",
                    cadence_days=30,
                    steps=[step("s1", 1, minutes=30, promised=True)],
                )
            ),
        )[0]
        == 0
    )
    assert (
        imported(cli, tmp_path, doc({"id": "acme", "mission": "New", "steps": [{"id": "s1", "due": day(5)}]}))[0] == 0
    )
    acme = export(cli)["accounts"][0]
    assert (acme["name"], acme["stage"], acme["mission"], acme["cadence_days"]) == ("Acme", "client", "New", 30)
    assert acme["steps"][0] | {} == {
        "id": "s1",
        "title": "Step s1",
        "due": day(5),
        "minutes": 30,
        "promised": True,
        "waiting": False,
        "status": "open",
    }


def test_merge_adds_new_children_and_keeps_the_others(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, BASE)
    assert imported(cli, tmp_path, doc({"id": "acme", "steps": [step("s2", 2)]}))[0] == 0
    assert [s["id"] for s in export(cli)["accounts"][0]["steps"]] == ["s1", "s2"]


def test_null_clears_an_optional_field(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, doc(account("acme", mission="M", renewal=day(3))))
    imported(cli, tmp_path, doc({"id": "acme", "mission": None, "renewal": None}))
    acme = export(cli)["accounts"][0]
    assert "mission" not in acme
    assert "renewal" not in acme


def test_an_update_needs_only_the_id(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, BASE)
    assert imported(cli, tmp_path, doc({"id": "acme"}))[0] == 0


def test_a_step_can_move_into_a_goal(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, BASE)
    imported(cli, tmp_path, doc({"id": "acme", "goals": [{"id": "g", "title": "G", "steps": [{"id": "s1"}]}]}))
    acme = export(cli)["accounts"][0]
    assert acme["steps"] == []
    assert [s["id"] for s in acme["goals"][0]["steps"]] == ["s1"]


def test_a_contact_from_the_store_can_be_referenced(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, BASE)
    assert imported(cli, tmp_path, doc({"id": "acme", "steps": [step("s9", 1, contact="jane")]}))[0] == 0


def test_objects_without_an_id_get_one(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, doc(account("acme", touches=[{"date": day(-1), "channel": "call"}])))
    touch = export(cli)["accounts"][0]["touches"][0]
    assert touch["id"]
    assert touch["channel"] == "call"


def test_export_to_a_file_and_back(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path, BASE)
    target = tmp_path / "out.json"
    assert cli("export", str(target))[0] == 0
    assert json.loads(target.read_text())["accounts"][0]["id"] == "acme"


FULL = doc(
    account(
        "acme",
        name="Acme Books",
        stage="client",
        mission="Only partner",
        industry="Books",
        cadence_days=30,
        renewal=day(20),
        notes="n",
        contacts=[
            {
                "id": "jane",
                "name": "Jane Roe",
                "title": "HR",
                "role": "decision-maker",
                "email": "j@x",
                "phone": "1",
                "resonates": "fees",
                "notes": "x",
                "history": [{"account": "old", "until": day(-300)}],
            }
        ],
        goals=[
            {
                "id": "g1",
                "title": "Position XYZ",
                "target": day(40),
                "notes": "n",
                "steps": [step("s1", 6, time="10:00", minutes=60, contact="jane", promised=True)],
            },
            {"id": "g2", "title": "Done", "status": "achieved", "steps": []},
        ],
        steps=[step("s2", 7), step("s3", -4, status="done", done=day(-5), outcome="ok"), step("w", 1, waiting=True)],
        touches=[{"id": "t1", "date": day(-4), "channel": "lunch", "contact": "jane", "note": "lunch"}],
    ),
    account("old", name="Old Co", stage="former", archived=True),
    settings={"capacity_minutes": 300, "renewal_window_days": 45},
    days=[{"date": day(0), "confirmed": True, "capacity_minutes": 200, "order": ["s1", "s2"]}],
)


def test_export_import_export_is_the_identity(cli: Cli, tmp_path: Path, data_dir: Path) -> None:
    assert imported(cli, tmp_path, FULL)[0] == 0
    first = export(cli)
    second_cli = Cli(tmp_path / "second")
    assert second_cli.import_doc(first, tmp_path)[0] == 0
    assert export(second_cli) == first
    # and the full document survives, field for field
    acme = first["accounts"][0]
    assert acme["contacts"][0]["history"] == [{"account": "old", "until": day(-300)}]
    assert first["days"] == FULL["days"]
    assert first["settings"] == FULL["settings"]


# --- properties -------------------------------------------------------------------------------

ids = st.sampled_from([f"x{i}" for i in range(6)])
dates = st.dates(
    min_value=day(-40) and __import__("datetime").date(2026, 10, 1), max_value=__import__("datetime").date(2027, 2, 1)
).map(lambda d: d.isoformat())
texts = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and "\x00" not in s)


@st.composite
def territories(draw: Any) -> dict[str, Any]:
    accounts = []
    seen_steps: set[str] = set()
    for a in range(draw(st.integers(0, 3))):
        contacts = [{"id": f"c{a}-{i}", "name": draw(texts)} for i in range(draw(st.integers(0, 2)))]

        def steps(prefix: str, contacts: list[dict[str, Any]] = contacts) -> list[dict[str, Any]]:
            out = []
            for i in range(draw(st.integers(0, 3))):
                item: dict[str, Any] = {"id": f"{prefix}-{i}", "title": draw(texts)}
                seen_steps.add(item["id"])
                if draw(st.booleans()):
                    item["due"] = draw(dates)
                if draw(st.booleans()):
                    item["minutes"] = draw(st.integers(0, 1440))
                if draw(st.booleans()):
                    item["time"] = f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
                item["promised"] = draw(st.booleans())
                item["waiting"] = draw(st.booleans())
                item["status"] = draw(st.sampled_from(["open", "done", "dropped"]))
                if contacts and draw(st.booleans()):
                    item["contact"] = draw(st.sampled_from(contacts))["id"]
                out.append(item)
            return out

        goals = [
            {
                "id": f"g{a}-{i}",
                "title": draw(texts),
                "status": draw(st.sampled_from(["open", "achieved", "dropped"])),
                "steps": steps(f"s{a}-{i}"),
            }
            for i in range(draw(st.integers(0, 2)))
        ]
        item: dict[str, Any] = {
            "id": f"a{a}",
            "name": draw(texts),
            "stage": draw(st.sampled_from(["prospect", "client", "former"])),
            "archived": draw(st.booleans()),
            "contacts": contacts,
            "goals": goals,
            "steps": steps(f"l{a}"),
            "touches": [{"id": f"t{a}-{i}", "date": draw(dates)} for i in range(draw(st.integers(0, 2)))],
        }
        if draw(st.booleans()):
            item["cadence_days"] = draw(st.integers(1, 3650))
        if draw(st.booleans()):
            item["renewal"] = draw(dates)
        accounts.append(item)
    days = []
    if seen_steps and draw(st.booleans()):
        days.append(
            {
                "date": draw(dates),
                "confirmed": draw(st.booleans()),
                "order": draw(st.lists(st.sampled_from(sorted(seen_steps)), unique=True, max_size=3)),
            }
        )
    return doc(*accounts, days=days)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(territories())
def test_property_export_import_export_is_the_identity(tmp_path_factory: Any, territory: dict[str, Any]) -> None:
    base = tmp_path_factory.mktemp("prop")
    first_cli, second_cli = Cli(base / "one"), Cli(base / "two")
    assert first_cli.import_doc(territory, base)[0] == 0
    first = export(first_cli)
    assert second_cli.import_doc(first, base)[0] == 0
    assert export(second_cli) == first


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5000) | st.text(max_size=12) | dates,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@st.composite
def malformed(draw: Any) -> dict[str, Any]:
    """A valid document with one thing broken at a random place."""
    document = json.loads(json.dumps(FULL))
    acme = document["accounts"][0]
    target = draw(
        st.sampled_from(
            [
                document,
                acme,
                acme["contacts"][0],
                acme["goals"][0],
                acme["goals"][0]["steps"][0],
                acme["steps"][0],
                acme["touches"][0],
                document["days"][0],
                document["settings"],
            ]
        )
    )
    key = draw(st.sampled_from([*sorted(target), "bogus_field"]))
    value = draw(json_values)
    target[key] = value
    return document


def _is_valid_value(document: dict[str, Any]) -> bool:
    from organizer.core.errors import ValidationError
    from organizer.formats.exchange import parse_document

    try:
        parse_document(document)
    except ValidationError:
        return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(malformed())
def test_property_malformed_documents_exit_2_and_leave_the_store_unchanged(
    tmp_path_factory: Any, document: dict[str, Any]
) -> None:
    base = tmp_path_factory.mktemp("bad")
    cli = Cli(base / "data")
    cli.import_doc(doc(account("keep", steps=[step("k", 1)])), base)
    before = export(cli)
    code, err = imported(cli, base, document)
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        assert export(cli) == before
        assert "Nothing was written" in err
    else:
        assert _is_valid_value(document)
