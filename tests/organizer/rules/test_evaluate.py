"""Every question-mark rule at its boundaries (SPEC.md, "The question marks")."""

from __future__ import annotations

from typing import Any

import pytest

from organizer.app.transfer.merge import import_document
from organizer.rules.evaluate import morning
from tests.builders import D, account, day, doc, marks, step

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL


@pytest.fixture
def morning_of(store: Any) -> Any:
    def run(*accounts: dict[str, Any], when: Any = D, **extra: Any) -> dict[str, Any]:
        import_document(store, doc(*accounts, **extra))
        with store.read() as session:
            return morning(session, when).to_json()

    return run


def kinds(result: dict[str, Any], account_id: str | None = None) -> set[str]:
    return {m["kind"] for m in result["question_marks"] if account_id is None or m["account"] == account_id}


def test_an_account_with_a_dated_next_step_is_ready(morning_of: Any) -> None:
    result = morning_of(account("a", steps=[step("s1", 3)]))
    assert result["ready"] is True
    assert result["question_marks"] == []


def test_a_step_due_today_is_a_next_step(morning_of: Any) -> None:
    assert morning_of(account("a", steps=[step("s1", 0)]))["ready"]


@pytest.mark.parametrize(
    ("fields", "kind"),
    [({}, "overdue-step"), ({"promised": True}, "promise-overdue"), ({"waiting": True}, "waiting-overdue")],
)
def test_overdue_steps_by_kind(morning_of: Any, fields: dict[str, Any], kind: str) -> None:
    result = morning_of(account("a", steps=[step("late", -1, **fields), step("next", 1)]))
    assert marks(result) == {(kind, "a", None, "late")}


def test_a_step_due_today_is_not_overdue(morning_of: Any) -> None:
    assert morning_of(account("a", steps=[step("s", 0, promised=True)]))["ready"]


def test_overdue_names_the_goal(morning_of: Any) -> None:
    result = morning_of(account("a", goals=[{"id": "g", "title": "G", "steps": [step("s", -3), step("n", 2)]}]))
    assert marks(result) == {("overdue-step", "a", "g", "s")}


@pytest.mark.parametrize("status", ["achieved", "dropped"])
def test_steps_under_closed_goals_are_ignored_by_every_rule(morning_of: Any, status: str) -> None:
    closed = {
        "id": "g",
        "title": "G",
        "status": status,
        "steps": [step("old", -5, promised=True), step("w", -1, waiting=True)],
    }
    result = morning_of(account("a", stage="prospect", goals=[closed]))
    # the closed goal's steps neither raise overdue marks nor count as a next step
    assert marks(result) == {("no-next-step", "a", None, None)}


def test_a_future_step_under_a_closed_goal_is_not_a_next_step(morning_of: Any) -> None:
    closed = {"id": "g", "title": "G", "status": "achieved", "steps": [step("future", 5)]}
    assert kinds(morning_of(account("a", goals=[closed]))) == {"no-next-step"}


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_closed_steps_are_never_overdue(morning_of: Any, status: str) -> None:
    result = morning_of(account("a", steps=[step("s", -3, status=status), step("n", 1)]))
    assert result["ready"]


def test_undated_and_overdue_steps_are_not_a_next_step(morning_of: Any) -> None:
    result = morning_of(account("a", steps=[step("undated"), step("late", -1)]))
    assert kinds(result) == {"no-next-step", "overdue-step"}


def test_a_waiting_step_is_not_a_next_step(morning_of: Any) -> None:
    result = morning_of(account("a", steps=[step("w", 3, waiting=True)]))
    assert kinds(result) == {"no-next-step"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"stage": "prospect"}, {"no-next-step"}),
        ({"stage": "client"}, {"no-next-step"}),
        ({"stage": "former"}, set()),
        ({"stage": "prospect", "archived": True}, set()),
        ({"stage": "client", "archived": True}, set()),
    ],
)
def test_which_accounts_need_a_next_step(morning_of: Any, fields: dict[str, Any], expected: set[str]) -> None:
    assert kinds(morning_of(account("a", **fields))) == expected


def test_a_former_client_with_an_open_goal_is_active(morning_of: Any) -> None:
    winback = {"id": "g", "title": "Win them back", "steps": [step("s", None)]}
    assert kinds(morning_of(account("a", stage="former", goals=[winback]))) == {"no-next-step"}


def test_a_former_client_with_only_closed_goals_is_not_active(morning_of: Any) -> None:
    done = {"id": "g", "title": "Old", "status": "achieved"}
    assert morning_of(account("a", stage="former", goals=[done]))["ready"]


def test_overdue_steps_of_a_former_account_still_count(morning_of: Any) -> None:
    assert kinds(morning_of(account("a", stage="former", steps=[step("s", -2, promised=True)]))) == {"promise-overdue"}


def test_archived_accounts_never_raise_a_question_mark(morning_of: Any) -> None:
    archived = account(
        "a",
        archived=True,
        cadence_days=1,
        renewal=day(1),
        goals=[{"id": "g", "title": "No steps"}],
        steps=[step("s", -9, promised=True), step("w", -9, waiting=True), step("big", 0, minutes=1440)],
    )
    result = morning_of(archived)
    assert result["ready"]
    assert result["today"] == []
    assert result["planned_minutes"] == 0


def test_goal_without_step(morning_of: Any) -> None:
    result = morning_of(account("a", goals=[{"id": "g", "title": "G"}], steps=[step("n", 1)]))
    assert marks(result) == {("goal-without-step", "a", "g", None)}


@pytest.mark.parametrize("fields", [{}, {"waiting": True}])
def test_any_live_step_satisfies_a_goal_even_undated_or_waiting(morning_of: Any, fields: dict[str, Any]) -> None:
    goal = {"id": "g", "title": "G", "steps": [step("s", None, **fields)]}
    assert "goal-without-step" not in kinds(morning_of(account("a", goals=[goal], steps=[step("n", 1)])))


def test_a_goal_whose_steps_are_all_done_has_no_step(morning_of: Any) -> None:
    goal = {"id": "g", "title": "G", "steps": [step("s", -3, status="done", done=day(-3))]}
    assert "goal-without-step" in kinds(morning_of(account("a", goals=[goal], steps=[step("n", 1)])))


def test_goal_without_step_applies_to_former_accounts_and_not_archived(morning_of: Any) -> None:
    result = morning_of(
        account("f", stage="former", goals=[{"id": "g1", "title": "G"}], steps=[step("n", 2)]),
        account("x", archived=True, goals=[{"id": "g2", "title": "G"}]),
    )
    assert ("goal-without-step", "f", "g1", None) in marks(result)
    assert all(m[1] != "x" for m in marks(result))


@pytest.mark.parametrize(
    ("last_touch", "cadence", "out"), [(-30, 30, False), (-31, 30, True), (0, 1, False), (-1, 1, False), (-2, 1, True)]
)
def test_out_of_touch_at_the_cadence_boundary(morning_of: Any, last_touch: int, cadence: int, out: bool) -> None:
    result = morning_of(account("a", cadence_days=cadence, steps=[step("n", 1)], touches=[{"date": day(last_touch)}]))
    assert ("out-of-touch" in kinds(result)) is out


def test_out_of_touch_without_any_touch(morning_of: Any) -> None:
    assert "out-of-touch" in kinds(morning_of(account("a", cadence_days=30, steps=[step("n", 1)])))


def test_touches_after_the_day_do_not_count(morning_of: Any) -> None:
    result = morning_of(account("a", cadence_days=10, steps=[step("n", 1)], touches=[{"date": day(2)}]))
    assert "out-of-touch" in kinds(result)


def test_the_latest_touch_counts(morning_of: Any) -> None:
    touches = [{"date": day(-100)}, {"date": day(-5)}, {"date": day(-60)}]
    assert morning_of(account("a", cadence_days=7, steps=[step("n", 1)], touches=touches))["ready"]


def test_no_cadence_no_out_of_touch(morning_of: Any) -> None:
    assert morning_of(account("a", steps=[step("n", 1)]))["ready"]


def test_out_of_touch_for_former_accounts_too(morning_of: Any) -> None:
    assert kinds(morning_of(account("a", stage="former", cadence_days=30))) == {"out-of-touch"}


@pytest.mark.parametrize(
    ("renewal", "window", "raised"),
    [(0, 60, True), (60, 60, True), (61, 60, False), (-1, 60, False), (10, 0, False), (0, 0, True)],
)
def test_renewal_window_edges(morning_of: Any, renewal: int, window: int, raised: bool) -> None:
    result = morning_of(
        account("a", renewal=day(renewal), steps=[step("far", 200)]), settings={"renewal_window_days": window}
    )
    assert ("renewal-unplanned" in kinds(result)) is raised


@pytest.mark.parametrize(("due", "planned"), [(0, True), (10, True), (11, False), (-1, False)])
def test_renewal_is_planned_by_an_action_step_between_today_and_the_renewal(
    morning_of: Any, due: int, planned: bool
) -> None:
    result = morning_of(account("a", renewal=day(10), steps=[step("s", due), step("far", 200)]))
    assert ("renewal-unplanned" not in kinds(result)) is planned


def test_a_waiting_step_does_not_plan_a_renewal(morning_of: Any) -> None:
    result = morning_of(account("a", renewal=day(10), steps=[step("w", 5, waiting=True), step("far", 200)]))
    assert "renewal-unplanned" in kinds(result)


def test_over_capacity_uses_the_setting(morning_of: Any) -> None:
    result = morning_of(
        account("a", steps=[step("s1", 0, minutes=200), step("s2", 0, minutes=161)]),
        settings={"capacity_minutes": 360},
    )
    assert marks(result) == {("over-capacity", None, None, None)}
    assert (result["planned_minutes"], result["capacity_minutes"]) == (361, 360)


def test_exactly_at_capacity_is_fine(morning_of: Any) -> None:
    assert morning_of(account("a", steps=[step("s1", 0, minutes=360)]))["ready"]


def test_the_day_capacity_overrides_the_setting(morning_of: Any) -> None:
    result = morning_of(
        account("a", steps=[step("s1", 0, minutes=100)]),
        settings={"capacity_minutes": 360},
        days=[{"date": day(0), "capacity_minutes": 90}],
    )
    assert "over-capacity" in kinds(result)
    assert result["capacity_minutes"] == 90


def test_waiting_and_closed_steps_do_not_use_capacity(morning_of: Any) -> None:
    result = morning_of(
        account(
            "a",
            steps=[
                step("w", 0, waiting=True, minutes=999),
                step("d", 0, status="done", minutes=999),
                step("n", 0, minutes=10),
            ],
        ),
    )
    assert result["planned_minutes"] == 10
    assert result["ready"]


def test_capacity_sums_over_all_accounts(morning_of: Any) -> None:
    result = morning_of(
        account("a", steps=[step("s1", 0, minutes=200)]), account("b", steps=[step("s2", 0, minutes=200)])
    )
    assert "over-capacity" in kinds(result)


def test_day_list_order_then_time_then_the_rest(morning_of: Any) -> None:
    result = morning_of(
        account(
            "a",
            steps=[
                step("loose"),
                step("t2", 0, time="15:00"),
                step("t1", 0, time="09:00"),
                step("o2", 0),
                step("o1", 0, time="16:00"),
                step("r", 0),
            ],
        ),
        days=[{"date": day(0), "order": ["o1", "o2"]}],
    )
    assert [i["step"] for i in result["today"]] == ["o1", "o2", "t1", "t2", "r"]


def test_waiting_steps_due_today_are_listed_apart(morning_of: Any) -> None:
    result = morning_of(
        account(
            "a", contacts=[{"id": "c", "name": "Mo"}], steps=[step("w", 0, waiting=True, contact="c"), step("n", 0)]
        ),
    )
    assert [i["step"] for i in result["today"]] == ["n"]
    assert result["waiting"] == [{"step": "w", "account": "a", "title": "Step w", "contact": "c"}]


def test_confirmed_comes_from_the_day(morning_of: Any) -> None:
    result = morning_of(account("a", steps=[step("n", 1)]), days=[{"date": day(0), "confirmed": True}])
    assert result["confirmed"] is True
    assert result["date"] == day(0)


def test_every_mark_has_a_message(morning_of: Any) -> None:
    result = morning_of(
        account(
            "a",
            cadence_days=1,
            renewal=day(3),
            goals=[{"id": "g", "title": "G"}],
            steps=[step("p", -1, promised=True), step("o", -1), step("w", -1, waiting=True)],
        ),
        account("b", steps=[step("big", 0, minutes=1000)]),
        settings={"capacity_minutes": 10},
    )
    assert kinds(result) == {
        "promise-overdue",
        "overdue-step",
        "waiting-overdue",
        "goal-without-step",
        "out-of-touch",
        "renewal-unplanned",
        "over-capacity",
        "no-next-step",
    }
    assert all(m["message"] for m in result["question_marks"])
