"""The Qt models: Qt's own model tester on each, and the diffing that keeps refreshes small."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from organizer.core.domain import AccountView, ContactView, DayItem, GoalView, StepView, TouchView
from organizer.rules.evaluate import morning
from tests.builders import D
from tests.gui_helpers import every_mark_territory, ready_territory
from ui.models import (
    AccountsModel,
    ContactsModel,
    DayModel,
    PlanTreeModel,
    QuestionMarkModel,
    Roles,
    TouchesModel,
    WaitingModel,
    reorder,
)

pytestmark = pytest.mark.gui


def item(step: str, title: str = "", minutes: int | None = 30, time: str | None = None) -> DayItem:
    return DayItem(step, "acc", "Acme", None, title or step, D, time, minutes, False, False, None, None)


class Recorder:
    """Counts what a model told its views."""

    def __init__(self, model: Any) -> None:
        self.events: list[tuple[Any, ...]] = []
        model.rowsInserted.connect(lambda _p, a, b: self.events.append(("insert", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.events.append(("remove", a, b)))
        model.rowsMoved.connect(lambda _p, a, b, _d, r: self.events.append(("move", a, b, r)))
        model.dataChanged.connect(lambda tl, br, _r: self.events.append(("changed", tl.row(), br.row())))
        model.modelReset.connect(lambda: self.events.append(("reset",)))


def test_day_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = DayModel()
    model.reset_rows([item("a", time="09:00"), item("b"), item("c", minutes=None)])
    qtmodeltester.check(model)


def test_every_model_passes_the_model_tester(qtmodeltester: Any, store: Any, load: Any) -> None:
    load(every_mark_territory())
    with store.read() as s:
        plan = morning(s, D)
        from organizer.rules.queries import account_summaries, load_account

        summaries = account_summaries(s, D)
        account = load_account(s, "promise")
    marks = QuestionMarkModel()
    marks.reset_marks(plan.question_marks)
    qtmodeltester.check(marks)
    waiting = WaitingModel()
    waiting.reset_rows([DayItem("w", "acc", "Acme", None, "Order", D, None, None, False, True, "c", "Mo")])
    qtmodeltester.check(waiting)
    accounts = AccountsModel(D)
    accounts.reset_summaries(summaries, D)
    qtmodeltester.check(accounts)
    contacts = ContactsModel()
    contacts.reset_rows(account.contacts)
    qtmodeltester.check(contacts)
    touches = TouchesModel()
    touches.reset_rows([TouchView("t1", "promise", D, "call", "ray", "hello")])
    qtmodeltester.check(touches)
    tree = PlanTreeModel()
    tree.reset_account(account, D)
    qtmodeltester.check(tree)


def test_the_plan_tree_passes_the_model_tester_with_goals_and_loose_steps(qtmodeltester: Any) -> None:
    tree = PlanTreeModel()
    tree.reset_account(plan_view(), D)
    qtmodeltester.check(tree)
    assert tree.rowCount() == 3  # two goals and the loose steps
    assert tree.rowCount(tree.index(0, 0)) == 2


def plan_view(**changes: Any) -> AccountView:
    goals = changes.pop("goals", (GoalView("g1", "a", "Win"), GoalView("g2", "a", "Expand")))
    steps = changes.pop(
        "steps",
        (
            StepView("s1", "a", "g1", "Call", D),
            StepView("s2", "a", "g1", "Demo", D + dt.timedelta(days=2)),
            StepView("s3", "a", "g2", "Visit", D),
            StepView("s4", "a", None, "Lunch", None),
        ),
    )
    return AccountView("a", "Acme", contacts=(ContactView("c", "a", "Ray"),), goals=goals, steps=steps, **changes)


def test_an_edited_step_changes_only_its_own_row_in_the_tree(qtmodeltester: Any) -> None:
    tree = PlanTreeModel()
    tree.reset_account(plan_view(), D)
    events = Recorder(tree)
    base = plan_view()
    steps = list(base.steps)
    steps[1] = StepView("s2", "a", "g1", "Demo (moved)", D + dt.timedelta(days=3))
    tree.update_account(plan_view(steps=tuple(steps)))
    assert events.events == [("changed", 1, 1)]
    assert tree.index(1, 0, tree.index(0, 0)).data() == "Demo (moved)"
    qtmodeltester.check(tree)


def test_a_step_moved_to_another_goal_leaves_one_parent_and_enters_the_other() -> None:
    tree = PlanTreeModel()
    tree.reset_account(plan_view(), D)
    events = Recorder(tree)
    steps = list(plan_view().steps)
    steps[0] = StepView("s1", "a", "g2", "Call", D)
    tree.update_account(plan_view(steps=tuple(steps)))
    assert ("remove", 0, 0) in events.events
    assert ("insert", 0, 0) in events.events or ("insert", 1, 1) in events.events
    assert tree.rowCount(tree.index(0, 0)) == 1
    assert tree.rowCount(tree.index(1, 0)) == 2
    assert ("reset",) not in events.events


def test_a_new_goal_is_inserted_not_reset() -> None:
    tree = PlanTreeModel()
    tree.reset_account(plan_view(), D)
    events = Recorder(tree)
    goals = (GoalView("g1", "a", "Win"), GoalView("g2", "a", "Expand"), GoalView("g3", "a", "Upsell"))
    tree.update_account(plan_view(goals=goals))
    assert events.events == [("insert", 2, 2)]
    assert tree.index(2, 0).data() == "Upsell"


def test_sync_rows_removes_inserts_moves_and_changes_only_what_differs() -> None:
    model = DayModel()
    model.reset_rows([item("a"), item("b"), item("c"), item("d")])
    events = Recorder(model)
    model.update_rows([item("d"), item("a"), item("c", title="C!"), item("e")])
    kinds = [event[0] for event in events.events]
    assert kinds.count("remove") == 1  # b
    assert kinds.count("insert") == 1  # e
    assert kinds.count("move") == 1  # d to the top
    assert ("changed", 2, 2) in events.events  # only c's row
    assert kinds.count("changed") == 1
    assert model.step_ids() == ["d", "a", "c", "e"]


def test_sync_rows_removes_a_run_of_rows_at_once() -> None:
    model = DayModel()
    model.reset_rows([item(x) for x in "abcde"])
    events = Recorder(model)
    model.update_rows([item("a"), item("e")])
    assert events.events == [("remove", 1, 3)]
    assert model.step_ids() == ["a", "e"]


def test_an_unchanged_refresh_says_nothing() -> None:
    model = DayModel()
    model.reset_rows([item("a"), item("b")])
    events = Recorder(model)
    model.update_rows([item("a"), item("b")])
    assert events.events == []


def test_the_object_role_returns_the_snapshot() -> None:
    model = DayModel()
    snapshot = item("a")
    model.reset_rows([snapshot])
    assert model.index(0, 2).data(Roles.OBJECT) is snapshot
    assert model.index(0, 2).data(Roles.ID) == "a"


@pytest.mark.parametrize(
    ("moved", "target", "expected"),
    [
        (["c"], 0, ["c", "a", "b", "d"]),
        (["a"], 4, ["b", "c", "d", "a"]),
        (["a"], 2, ["b", "a", "c", "d"]),
        (["b", "c"], 4, ["a", "d", "b", "c"]),
    ],
)
def test_reorder(moved: list[str], target: int, expected: list[str]) -> None:
    assert reorder(["a", "b", "c", "d"], moved, target) == expected


def test_a_drop_asks_for_the_new_order_and_moves_nothing_itself() -> None:
    model = DayModel()
    model.reset_rows([item("a"), item("b"), item("c")])
    asked: list[list[str]] = []
    model.order_requested.connect(asked.append)
    data = model.mimeData([model.index(2, 0)])
    from PySide6.QtCore import Qt

    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False
    assert asked == [["c", "a", "b"]]
    assert model.step_ids() == ["a", "b", "c"]


def test_ticking_a_step_is_a_request_not_a_write() -> None:
    from PySide6.QtCore import Qt

    model = DayModel()
    model.reset_rows([item("a")])
    asked: list[str] = []
    model.completion_requested.connect(asked.append)
    assert model.setData(model.index(0, DayModel.DONE), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole) is False
    assert asked == ["a"]


def test_accounts_arrive_in_batches(store: Any, load: Any) -> None:
    from organizer.app.transfer.demo import load_demo
    from organizer.rules.queries import account_summaries

    load_demo(store, 450, 3, D)
    with store.read() as s:
        summaries = account_summaries(s, D)
    model = AccountsModel(D)
    model.reset_summaries(summaries, D)
    assert model.rowCount() == AccountsModel.BATCH
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()


def test_the_ready_territory_loads(load: Any, store: Any) -> None:
    load(ready_territory())
    with store.read() as s:
        assert morning(s, D).ready


def test_a_step_from_the_calendar_says_where_it_came_from(qapp: Any, qtmodeltester: Any) -> None:
    from PySide6.QtCore import Qt

    meeting = StepView("m", "a", None, "Lunch with Ray", D, "12:00", 60, "c", event="lunch-1")
    tree = PlanTreeModel()
    tree.reset_account(plan_view(steps=(meeting, StepView("s", "a", None, "Call", D))), D)
    qtmodeltester.check(tree)
    loose = tree.index(2, 0)
    row = {tree.index(r, 0, loose).data(): tree.index(r, 0, loose) for r in range(tree.rowCount(loose))}
    assert "From the calendar" in row["Lunch with Ray"].data(Qt.ItemDataRole.ToolTipRole)
    assert row["Lunch with Ray"].data(Qt.ItemDataRole.DecorationRole) is not None
    assert row["Call"].data(Qt.ItemDataRole.DecorationRole) is None


@pytest.mark.parametrize("size", [16, 20, 24])
def test_a_selected_rows_calendar_icon_is_painted_white_on_the_blue_selection(qapp: Any, size: int) -> None:
    """A view paints a row's icon with ``QIcon.paint`` in Selected mode: the SVG engine painted the blue
    icon again there (invisible on the selection) and never used the white twin added beside it."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QIcon, QImage, QPainter

    from ui.resources import nav_icon

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    nav_icon("calendar", 16).paint(painter, QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, QIcon.Mode.Selected)
    painter.end()
    pixels = (image.pixelColor(x, y) for x in range(size) for y in range(size))
    drawn = {color.name() for color in pixels if color.alpha() > 200}
    assert drawn == {"#ffffff"}
