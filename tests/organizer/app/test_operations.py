"""The app's writes: validated in the domain, one transaction each, undoable, conflict-checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from organizer.app import operations as ops
from organizer.app.planner import Planner
from organizer.app.transfer.merge import import_document
from organizer.core.errors import ConflictError, NotFoundError, ValidationError
from organizer.rules.queries import load_account
from tests.builders import D, account, doc, step, write

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL


@pytest.fixture
def acme(store: Any) -> Any:
    import_document(
        store,
        doc(
            account(
                "acme",
                contacts=[{"id": "jane", "name": "Jane"}],
                goals=[{"id": "g", "title": "G", "steps": [step("s1", 1)]}],
            )
        ),
    )
    return store


def test_create_and_update_return_what_changed(acme: Any) -> None:
    values = {"account": "acme", "goal": "g", "title": "Call Jane", "due": D, "contact": "jane"}
    change = write(acme, ops.create, "step", values)
    assert change.created
    assert change.accounts == {"acme"}
    again = write(acme, ops.update, "step", change.created, {"due": D + dt.timedelta(days=2), "minutes": 30})
    assert again.before == {"due": D, "minutes": None}
    with acme.read() as session:
        plan = load_account(session, "acme")
    assert {s.id for s in plan.steps} == {"s1", change.created}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": " "}, "must not be blank"),
        ({"title": "x", "minutes": 2000}, "must be from 0 to 1440"),
        ({"title": "x", "contact": "nobody"}, "no contact"),
        ({"title": "x", "goal": "zz"}, "no goal"),
        ({"title": "x", "time": "7pm"}, "not a time"),
        ({"due": D}, "needs a title"),
    ],
)
def test_bad_values_are_refused_with_nothing_written(acme: Any, values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        write(acme, ops.create, "step", {"account": "acme", **values})
    with acme.read() as session:
        assert len(load_account(session, "acme").steps) == 1


def test_a_stale_version_is_a_conflict_never_a_silent_overwrite(acme: Any) -> None:
    with acme.read() as session:
        version = load_account(session, "acme").version
    write(acme, ops.update, "account", "acme", {"name": "First"}, expected_version=version)
    with pytest.raises(ConflictError):
        write(acme, ops.update, "account", "acme", {"name": "Second"}, expected_version=version)
    with acme.read() as session:
        assert load_account(session, "acme").name == "First"


def test_undo_of_a_create_is_a_delete(acme: Any) -> None:
    change = write(acme, ops.create, "goal", {"account": "acme", "title": "New"})
    write(acme, ops.delete, "goal", change.created or "")
    with pytest.raises(NotFoundError):
        write(acme, ops.delete, "goal", change.created or "")


def test_completing_the_last_next_step_is_detected(acme: Any) -> None:
    assert Planner(acme).leaves_no_next_step("s1", D)
    write(acme, ops.create, "step", {"account": "acme", "title": "Another", "due": D + dt.timedelta(days=3)})
    assert not Planner(acme).leaves_no_next_step("s1", D)


def test_a_former_account_without_open_goals_needs_no_next_step(store: Any) -> None:
    import_document(store, doc(account("old", stage="former", steps=[step("s", 1)])))
    assert not Planner(store).leaves_no_next_step("s", D)


def test_day_order_and_confirmation(acme: Any) -> None:
    write(acme, ops.set_day, D, {"order": ["s1"], "confirmed": True})
    change = write(acme, ops.set_day, D, {"confirmed": False})
    assert change.before == {"confirmed": True}
    with pytest.raises(ValidationError):
        write(acme, ops.set_day, D, {"capacity_minutes": 5000})


def test_the_plan_map_knows_who_moved_in_and_who_moved_on(store: Any) -> None:
    import_document(
        store,
        doc(
            account("old", name="Old Co", stage="former"),
            account("mid", name="Mid Co"),
            account(
                "new",
                name="New Co",
                contacts=[
                    {
                        "id": "jane",
                        "name": "Jane",
                        "title": "VP Sales",
                        "history": [{"account": "old", "until": "2025-03-31"}, {"account": "mid"}],
                    }
                ],
            ),
        ),
    )
    with store.read() as session:
        new, old = load_account(session, "new"), load_account(session, "old")
    assert [(m.name, m.earlier_name, m.until) for m in new.moves] == [
        ("Jane", "Old Co", dt.date(2025, 3, 31)),
        ("Jane", "Mid Co", None),
    ]
    assert [(m.name, m.title, m.now_account, m.now_name) for m in old.moves] == [("Jane", "VP Sales", "new", "New Co")]


def test_a_person_who_moves_keeps_their_history_and_the_move_undoes(store: Any) -> None:
    import_document(
        store,
        doc(
            account("old", name="Old Co", contacts=[{"id": "jane", "name": "Jane"}], steps=[step("s1", 2)]),
            account("new", name="New Co"),
        ),
    )
    write(store, ops.update, "step", "s1", {"contact": "jane"})
    change = write(store, ops.move_contact, "jane", "new", D)
    assert change.accounts == {"old", "new"}
    with store.read() as session:
        old, new = load_account(session, "old"), load_account(session, "new")
    assert [c.id for c in old.contacts] == []
    assert [c.id for c in new.contacts] == ["jane"]
    assert [(m.earlier_account, m.until, m.now_account) for m in new.moves] == [("old", D, "new")]
    assert old.steps[0].contact == "jane"  # what happened with her there stays there

    write(store, ops.unmove_contact, "jane", change.before["account"], change.before["history"])
    with store.read() as session:
        old, new = load_account(session, "old"), load_account(session, "new")
    assert [c.id for c in old.contacts] == ["jane"]
    assert new.moves == old.moves == ()


@pytest.mark.parametrize(
    ("to", "message"),
    [("old", "already at this account"), ("nowhere", "choose the account"), ("", "choose the account")],
)
def test_a_move_to_nowhere_or_to_the_same_account_is_refused(store: Any, to: str, message: str) -> None:
    import_document(store, doc(account("old", contacts=[{"id": "jane", "name": "Jane"}])))
    with pytest.raises(ValidationError, match=message):
        write(store, ops.move_contact, "jane", to, D)
    with store.read() as session:
        assert [c.id for c in load_account(session, "old").contacts] == ["jane"]


def test_the_brief_tells_the_manager_who_moved(store: Any) -> None:
    from organizer.formats.brief import build_brief, render_html, render_text

    import_document(
        store,
        doc(
            account("old", name="<Old> Co", contacts=[{"id": "jane", "name": "Jane", "title": "VP"}]),
            account("new", name="New Co"),
        ),
    )
    write(store, ops.move_contact, "jane", "new", dt.date(2026, 3, 2))
    with store.read() as session:
        old, new = load_account(session, "old"), load_account(session, "new")
    assert "PEOPLE WHO MOVED\n  Jane (VP) was here until Mar 2026 and is now at New Co: a warm introduction." in (
        render_text(build_brief(old, D))
    )
    assert "Jane (VP) was at <Old> Co until Mar 2026: ask what worked there." in render_text(build_brief(new, D))
    assert "&lt;Old&gt; Co" in render_html(build_brief(new, D))
