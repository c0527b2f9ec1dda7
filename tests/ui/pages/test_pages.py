"""Today, Accounts, the plan map, quick add, undo/redo and the first-run walkthrough, driven as a user."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from organizer.core.errors import DaymapError
from organizer.store.models import Account, Day, Step
from tests.builders import D, account, doc, step
from tests.conftest import ROOT, run_module
from tests.gui_helpers import ready_territory

pytestmark = pytest.mark.gui


def stored(store: Any, step_id: str) -> tuple[Any, ...]:
    with store.read() as s:
        row = s.get(Step, step_id)
        return (row.status, row.due, row.outcome) if row else ()


def day_order(store: Any) -> list[str]:
    with store.read() as s:
        row = s.get(Day, D)
        return list(row.order) if row else []


@pytest.fixture
def ready(window: Any, load: Any) -> Any:
    load(ready_territory())
    return window()


# --- Today ---------------------------------------------------------------------------------------------


def test_today_lists_the_day_in_order_with_the_capacity_bar(ready: Any) -> None:
    ready.show_view("today")
    today = ready.today
    assert today.model.step_ids() == ["a-1", "a-3", "a-2", "k-1"]  # the timed one first, then by account and title
    assert today.capacity.value() == 125
    assert "2 h 5 min planned of 6 h" in today.capacity.format()


def test_reorder_today_with_the_keyboard_and_undo_it(ready: Any, qtbot: Any, store: Any) -> None:
    ready.show_view("today")
    today = ready.today
    today.select_step("k-1")
    today.table.setFocus()
    qtbot.keyClick(today.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert day_order(store) == ["a-1", "a-3", "k-1", "a-2"]
    assert today.model.step_ids() == ["a-1", "a-3", "k-1", "a-2"]
    assert today.selected_step() == "k-1"
    ready.undo_action.trigger()
    assert day_order(store) == []
    assert today.model.step_ids() == ["a-1", "a-3", "a-2", "k-1"]
    ready.redo_action.trigger()
    assert today.model.step_ids() == ["a-1", "a-3", "k-1", "a-2"]


def test_reorder_today_by_drag_and_drop(ready: Any, qtbot: Any, store: Any) -> None:
    ready.show_view("today")
    model = ready.today.model
    data = model.mimeData([model.index(3, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1))
    qtbot.waitUntil(lambda: day_order(store) == ["k-1", "a-1", "a-3", "a-2"])
    assert model.step_ids() == ["k-1", "a-1", "a-3", "a-2"]


def test_ticking_a_step_asks_its_outcome(ready: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    ready.show_view("today")
    model = ready.today.model
    dialogs.then(lambda d: d.field("text").setText("Ann said yes"))
    model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: stored(store, "a-1")[0] == "done")
    assert stored(store, "a-1") == ("done", D, "Ann said yes")
    assert "a-1" not in model.step_ids()
    assert dialogs.seen == ["Done: “Call Ann about the renewal” — Acme Staffing"]


def test_completing_the_last_next_step_asks_for_the_next_one_right_there(
    ready: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    ready.show_view("today")
    today = ready.today
    with store.write() as s:
        s.get(Step, "k-2").status = "dropped"  # Books4U's only other step
    today.select_step("k-1")
    today.table.setFocus()

    def next_step(dialog: Any) -> None:
        assert dialog.field("due").value() == D + dt.timedelta(days=1)
        dialog.field("title").setText("Call to hear how the samples landed")

    dialogs.then(lambda d: d.field("text").setText("Shipped"), next_step)
    qtbot.keyClick(today.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.seen[1] == "Books4U: what is the next step?"
    assert stored(store, "k-1")[0] == "done"
    with store.read() as s:
        titles = [st.title for st in s.query(Step).filter_by(account_id="books", status="open")]
    assert titles == ["Call to hear how the samples landed"]
    assert ready.planner.morning().ready
    ready.undo_action.trigger()  # one undo takes back both
    assert stored(store, "k-1")[0] == "open"
    with store.read() as s:
        assert s.query(Step).filter_by(account_id="books", status="open").count() == 1


def test_the_next_step_is_preset_to_the_first_day_with_room_as_in_the_terminal(
    ready: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    """The window's default is the core's (``days.next_step_date``), the one ``step done --next`` uses:
    tomorrow is full, so the form offers the day after."""
    with store.write() as s:
        s.get(Step, "k-2").status = "dropped"
    ready.planner.core.days.set_capacity(D + dt.timedelta(days=1), 15)  # no room for half an hour
    preset: list[Any] = []
    dialogs.then(lambda d: d.field("text").setText("Shipped"), lambda d: preset.append(d.field("due").value()))
    ready.show_view("today")
    ready.today.select_step("k-1")
    ready.today._done()
    assert preset == [D + dt.timedelta(days=2)] == [ready.planner.core.days.next_step_date()]


def test_cancelling_the_next_step_keeps_the_step_open(ready: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    with store.write() as s:
        s.get(Step, "k-2").status = "dropped"
    ready.show_view("today")
    ready.today.select_step("k-1")
    dialogs.then(lambda d: None, lambda d: False)
    ready.today._done()
    assert stored(store, "k-1")[0] == "open"


def test_enter_opens_the_step_on_its_plan_map_and_f2_edits_it(ready: Any, qtbot: Any, dialogs: Any) -> None:
    ready.show_view("today")
    today = ready.today
    today.select_step("a-3")
    today.table.setFocus()
    qtbot.keyClick(today.table, Qt.Key.Key_Return)
    assert ready.current_view() == "plan"
    assert ready.plan.account.id == "acme"
    selected = ready.plan.selected_object()
    assert selected is not None
    assert selected.id == "a-3"
    ready.show_view("today")
    today.select_step("a-2")
    today.table.setFocus()
    dialogs.then(lambda d: d.field("title").setText("Send the case study and the price list"))
    qtbot.keyClick(today.table, Qt.Key.Key_F2)
    assert dialogs.seen == ["Edit “Send the case study” — Acme Staffing"]
    assert "Send the case study and the price list" in today.model.data(
        today.model.index(today.model.row_of("a-2"), today.model.TITLE)
    )


def test_the_list_shows_who_each_step_is_with_and_flags_overlapping_times(window: Any, load: Any) -> None:
    territory = ready_territory()
    steps = territory["accounts"][0]["goals"][0]["steps"]
    steps[0]["contact"] = "ann"
    steps[1]["time"] = "10:15"  # inside the 10:00–10:30 call
    load(territory)
    ready = window()
    ready.show_view("today")
    today = ready.today
    model = today.model
    call, case_study = model.row_of("a-1"), model.row_of("a-2")
    assert model.data(model.index(call, model.WITH)) == "Ann Silva"
    tip = model.data(model.index(case_study, model.TIME), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Overlaps “Call Ann about the renewal” (10:00–10:30)"
    assert model.data(model.index(call, model.TIME), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(model.row_of("k-1"), model.TIME), Qt.ItemDataRole.DecorationRole) is None


def test_the_verbs_wait_for_a_row_to_act_on(ready: Any) -> None:
    ready.show_view("today")
    today = ready.today
    today.load(D - dt.timedelta(days=3))
    assert today.is_empty()
    assert not any(button.isEnabled() for button in today.step_buttons)
    today.load(D)
    today.select_step("a-1")
    assert all(button.isEnabled() for button in today.step_buttons)


def test_previous_and_next_day(ready: Any, qtbot: Any) -> None:
    ready.show_view("today")
    today = ready.today
    qtbot.mouseClick(today.next, Qt.MouseButton.LeftButton)
    assert today.day == D + dt.timedelta(days=1)
    assert today.model.step_ids() == ["k-2"]
    assert today.title.text().startswith("Tomorrow")
    qtbot.mouseClick(today.prev, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(today.prev, Qt.MouseButton.LeftButton)
    assert today.model.step_ids() == []
    assert today.is_empty()


# --- quick add, undo -----------------------------------------------------------------------------------


def test_quick_add_from_anywhere(ready: Any, qtbot: Any, dialogs: Any, store: Any) -> None:
    ready.show_view("accounts")
    dialogs.then(lambda d: d.field("title").setText("Call Ray about the demo fri 10:00 30m @books4u"))
    ready.quick_add_action.trigger()
    with store.read() as s:
        added = [
            (st.title, st.due, st.time, st.minutes) for st in s.query(Step).filter_by(title="Call Ray about the demo")
        ]
    assert added == [("Call Ray about the demo", dt.date(2026, 11, 27), "10:00", 30)]
    ready.undo_action.trigger()
    with store.read() as s:
        assert s.query(Step).filter_by(title="Call Ray about the demo").count() == 0


def test_quick_add_shows_a_live_preview_and_refuses_an_unknown_account(ready: Any, dialogs: Any, store: Any) -> None:
    def answer(dialog: Any) -> None:
        dialog.field("title").setText("Send the quote tomorrow @nobody")
        assert "Wed 25 Nov" in dialog.preview.text()

    dialogs.then(answer)
    ready.quick_add()
    assert "no account matches @nobody" in dialogs.last.general_error.text()
    with store.read() as s:
        assert s.query(Step).filter_by(title="Send the quote").count() == 0


def test_quick_add_completes_an_account_after_the_at_sign_and_quotes_a_name_of_several_words(
    ready: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    def answer(dialog: Any) -> None:
        line = dialog.field("title")
        line.setFocus()
        qtbot.keyClicks(line, "Confirm the order tomorrow @acm")
        assert dialog.completions.stringList() == ['@"Acme Staffing"']
        dialog.completer.activated.emit('@"Acme Staffing"')
        assert line.text() == 'Confirm the order tomorrow @"Acme Staffing" '
        qtbot.keyClicks(line, "20m")
        assert dialog.preview.text() == "“Confirm the order” · Wed 25 Nov · 20 min · for Acme Staffing"

    dialogs.then(answer)
    ready.quick_add()
    with store.read() as s:
        added = s.query(Step).filter_by(title="Confirm the order").one()
        assert (added.account_id, added.minutes) == ("acme", 20)


def test_quick_add_takes_the_first_key_links_the_person_and_warns_before_filling_a_full_day(
    ready: Any, qtbot: Any, dialogs: Any, store: Any
) -> None:
    """The line has the focus when the dialog opens (“Call ” was lost, its space pressed Add); an error goes
    once the line changes; “Ann” is the account's Ann Silva; a day already full is named before it fills."""

    def answer(dialog: Any) -> None:
        line = dialog.field("title")
        assert dialog.focusWidget() is line
        qtbot.keyClicks(dialog.focusWidget(), "Call Ann about the pilot @acme")
        assert line.text() == "Call Ann about the pilot @acme"
        assert "with Ann Silva" in dialog.preview.text()
        dialog.show_error(DaymapError("say what the step is"))
        qtbot.keyClicks(line, " today 5h")
        assert not dialog.general_error.isVisibleTo(dialog)
        assert "⚠ Tue 24 Nov would be over capacity: 425 of 360 min with this" in dialog.preview.text()
        line.setText("Call Ann about the pilot tomorrow 30m @acme")
        assert "⚠" not in dialog.preview.text()

    dialogs.then(answer)
    ready.quick_add()
    with store.read() as s:
        added = s.query(Step).filter_by(title="Call Ann about the pilot").one()
        assert (added.contact_id, added.due) == ("ann", dt.date(2026, 11, 25))


def test_the_status_bar_says_saved_after_an_action_and_nothing_after_its_undo(ready: Any) -> None:
    ready.planner.edit("step", "a-2", {"minutes": 45}, "Edit step")
    assert ready.statusBar().currentMessage() == "Saved. Undo Edit step with Ctrl+Z"
    ready.undo_action.trigger()
    assert ready.statusBar().currentMessage() == ""
    ready.redo_action.trigger()
    assert ready.statusBar().currentMessage() == ""


def test_undo_and_redo_an_edit_restore_exactly_the_old_values(ready: Any, store: Any) -> None:
    planner = ready.planner
    planner.edit("step", "a-2", {"title": "Send the new case study", "minutes": 45})
    planner.edit("step", "a-2", {"due": D + dt.timedelta(days=3)})
    ready.undo_action.trigger()
    ready.undo_action.trigger()
    with store.read() as s:
        row = s.get(Step, "a-2")
        assert (row.title, row.minutes, row.due) == ("Send the case study", 15, D)
    ready.redo_action.trigger()
    ready.redo_action.trigger()
    with store.read() as s:
        row = s.get(Step, "a-2")
        assert (row.title, row.minutes, row.due) == ("Send the new case study", 45, D + dt.timedelta(days=3))


# --- accounts and the plan map -------------------------------------------------------------------------


def test_accounts_filter_and_badges(window: Any, load: Any) -> None:
    from tests.gui_helpers import every_mark_territory

    load(every_mark_territory())
    main = window()
    main.show_view("accounts")
    page = main.accounts
    assert page.proxy.rowCount() == 8
    page.filter.setText("touch")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 2).data() == "1"
    page.filter.clear()
    page.stage.setCurrentIndex(page.stage.findData("client"))
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["Renewal Co"]


def test_the_accounts_filter_takes_spaces_apostrophes_and_pattern_characters_as_typed(window: Any, load: Any) -> None:
    """“Graphic Software” found 0 of 40: the fixed string was escaped, then compared as a plain substring."""
    names = ["Graphic Software", "O’Brien & Sons", "Acme (UK) Ltd.", "50% Off*"]
    load(doc(*(account(f"a{n}", name=name, stage="client") for n, name in enumerate(names))))
    main = window()
    main.show_view("accounts")
    page = main.accounts

    def shown(text: str) -> list[str]:
        page.filter.setText(text)
        return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]

    assert shown("graphic software") == ["Graphic Software"]
    assert shown("O'Brien") == ["O’Brien & Sons"]
    assert shown("(uk) ltd.") == ["Acme (UK) Ltd."]
    assert shown("50% off*") == ["50% Off*"]
    assert shown("  Graphic ") == ["Graphic Software"]
    assert len(shown("")) == len(names)


def test_create_edit_and_archive_an_account(ready: Any, dialogs: Any, store: Any) -> None:
    ready.show_view("accounts")
    page = ready.accounts
    dialogs.then(lambda d: (d.field("name").setText("Northwind"), d.field("stage").setCurrentIndex(1)))
    page.new_account()
    assert ready.current_view() == "plan"
    assert ready.plan.account.name == "Northwind"
    ready.show_view("accounts")
    page.select_account(ready.plan.account.id)
    page._archive_selected()
    with store.read() as s:
        assert s.query(Account).filter_by(name="Northwind").one().archived
    assert "Northwind" not in [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_a_new_account_comes_with_its_mission_first_goal_and_dated_next_step_in_one_undo(
    ready: Any, dialogs: Any, store: Any
) -> None:
    def answer(dialog: Any) -> None:
        dialog.field("name").setText("Northwind")
        dialog.field("mission").setPlainText("Their 2027 hiring plan runs through us")
        dialog.field("first_goal.title").setText("Win the 2027 training budget")
        dialog.field("next_step.title").setText("Call Ray to book a discovery meeting")
        assert dialog.field("next_step.due").value() == D + dt.timedelta(days=1)
        dialog.field("next_step.minutes").setValue(30)

    dialogs.then(answer)
    ready.accounts.new_account()
    assert ready.current_view() == "plan"
    view = ready.plan.account
    created = view.id
    assert view.mission == "Their 2027 hiring plan runs through us"
    assert [g.title for g in view.goals] == ["Win the 2027 training budget"]
    assert [(s.title, s.due, s.minutes, s.goal) for s in view.steps] == [
        ("Call Ray to book a discovery meeting", D + dt.timedelta(days=1), 30, view.goals[0].id)
    ]
    assert not [m for m in ready.planner.morning().question_marks if m.account == created]
    ready.undo_action.trigger()  # one undo takes the account, its goal and its step
    with store.read() as s:
        assert s.query(Account).filter_by(name="Northwind").count() == 0
        assert s.query(Step).filter_by(title="Call Ray to book a discovery meeting").count() == 0


def test_a_bad_next_step_is_shown_under_its_own_field_and_nothing_is_written(
    ready: Any, dialogs: Any, store: Any
) -> None:
    def answer(dialog: Any) -> None:
        dialog.field("name").setText("Northwind")
        dialog.field("next_step.title").setText("x" * 5000)

    dialogs.then(answer)
    ready.accounts.new_account()
    dialog = dialogs.last
    assert dialog._errors["next_step.title"].isVisibleTo(dialog)
    assert not dialog._errors["name"].isVisibleTo(dialog)
    with store.read() as s:
        assert s.query(Account).filter_by(name="Northwind").count() == 0


def test_an_empty_name_is_refused_next_to_the_field(ready: Any, dialogs: Any, store: Any) -> None:
    dialogs.then(lambda d: d.field("name").setText("   "))
    ready.accounts.new_account()
    assert dialogs.last._errors["name"].isVisibleTo(dialogs.last)
    with store.read() as s:
        assert s.query(Account).count() == 2


def test_the_plan_map_tree_edits_in_place(ready: Any, store: Any, qtmodeltester: Any) -> None:
    ready.open_plan("acme")
    plan = ready.plan
    tree = plan.tree_model
    qtmodeltester.check(tree)
    index = tree.index_of("a-3")
    assert index.data() == "Draft the proposal"
    assert tree.setData(index, "Draft the 2027 proposal")
    with store.read() as s:
        assert s.get(Step, "a-3").title == "Draft the 2027 proposal"
    assert tree.index_of("a-3").data() == "Draft the 2027 proposal"
    assert plan.map.map_scene.items()  # the picture is drawn
    assert "Acme Staffing" in plan.brief.toPlainText()


def test_the_plan_map_exports_a_png_and_the_brief_as_html(ready: Any, tmp_path: Path) -> None:
    ready.open_plan("acme")
    assert ready.plan.map.export_png(tmp_path / "map.png")
    image = QImage(str(tmp_path / "map.png"))
    assert image.width() > 400
    assert ready.run_verb("brief", {"account": "acme", "format": "html", "output": tmp_path / "brief.html"})
    assert "<h1>Acme Staffing</h1>" in (tmp_path / "brief.html").read_text()


def test_a_long_goal_title_is_drawn_whole_and_the_map_grows_with_the_window(window: Any, load: Any) -> None:
    long_title = "Reach the chief financial officer through the HR manager before the budget round"
    territory = ready_territory()
    territory["accounts"][0]["goals"][0]["title"] = long_title
    load(territory)
    main = window()
    main.resize(1000, 700)
    main.open_plan("acme")
    texts = [item.toPlainText() for item in main.plan.map.map_scene.items() if hasattr(item, "toPlainText")]
    assert long_title in texts
    narrow = main.plan.map.map_scene.sceneRect().width()
    main.resize(1600, 700)
    QApplication.processEvents()
    assert main.plan.map.map_scene.sceneRect().width() > narrow + 200


def test_a_step_under_a_closed_goal_is_parked_alike_in_the_tree_the_map_and_the_brief(window: Any, load: Any) -> None:
    territory = ready_territory()
    territory["accounts"][0]["goals"][0]["status"] = "dropped"
    load(territory)
    main = window()
    main.open_plan("acme")
    tree = main.plan.tree_model
    index = tree.index_of("a-2")
    assert tree.data(index.siblingAtColumn(tree.STATUS)) == "Parked"
    assert tree.data(index, Qt.ItemDataRole.FontRole).italic()
    texts = [item.text() for item in main.plan.map.map_scene.items() if hasattr(item, "text")]
    assert "parked" in texts
    assert "Send the case study — parked: “Renew for 2027” was dropped" in main.plan.brief.toPlainText()
    assert not {"a-1", "a-2", "a-3"} & {item.step for item in main.planner.morning().today}


def test_the_people_tab_shows_who_moved_and_links_to_their_other_account(window: Any, load: Any) -> None:
    load(
        doc(
            account("old", name="<Old> & Co", stage="former"),
            account(
                "new",
                name="New Co",
                contacts=[{"id": "jane", "name": "Jane <VP>", "history": [{"account": "old", "until": "2025-03-31"}]}],
            ),
        )
    )
    main = window()
    main.open_plan("new")
    text = main.plan.moves.text()
    assert "Jane &lt;VP&gt; was at <a href='old'>&lt;Old&gt; &amp; Co</a> until Mar 2025" in text
    assert not main.plan.moves.isHidden()
    main.plan.moves.linkActivated.emit("old")
    assert main.plan.account is not None
    assert main.plan.account.id == "old"
    assert "is now at <a href='new'>New Co</a>: a warm introduction" in main.plan.moves.text()
    main.planner.edit("contact", "jane", {"name": "Jane Moreau"})  # she is in another account's People
    assert "Jane Moreau was here" in main.plan.moves.text()


def test_a_person_moves_to_another_account_from_the_people_tab_and_back_with_undo(
    window: Any, load: Any, dialogs: Any, qtbot: Any
) -> None:
    load(doc(account("old", name="Old Co", contacts=[{"id": "jane", "name": "Jane"}]), account("new", name="New Co")))
    main = window()
    main.open_plan("old")
    plan = main.plan
    plan.people.setCurrentIndex(plan.contacts_model.index(0, 0))

    def answer(dialog: Any) -> None:
        combo = dialog.field("account")
        assert [combo.itemText(i) for i in range(combo.count())] == ["", "New Co"]  # not the one she leaves
        dialog.accept()  # nothing chosen yet: the form says so and stays open
        assert "choose the account" in dialog._errors["account"].text()
        combo.setEditText("new co")  # typed, as one finds an account among thousands
        assert dialog.values()["account"] == "new"

    dialogs.then(answer)
    plan._move_person()
    assert dialogs.seen == ["Jane moved"]
    assert plan.contacts_model.rowCount() == 0
    assert "is now at <a href='new'>New Co</a>" in plan.moves.text()

    main.planner.undo_stack.undo()
    assert plan.contacts_model.rowCount() == 1
    assert plan.moves.isHidden()


def test_log_a_touch_from_the_plan_map(ready: Any, dialogs: Any, qtbot: Any) -> None:
    ready.open_plan("acme")
    dialogs.then(lambda d: (d.field("contact").setCurrentIndex(1), d.field("note").setText("Lunch")))
    qtbot.mouseClick(ready.plan.touch_button, Qt.MouseButton.LeftButton)
    assert ready.plan.touches_model.rowCount() == 1
    assert ready.plan.touches_model.index(0, 2).data() == "Ann Silva"


# --- the window ------------------------------------------------------------------------------------------


def test_the_last_view_is_remembered_once_the_plan_is_confirmed(ready: Any, window: Any) -> None:
    ready.planner.days.confirm(D)
    ready.show_view("accounts")
    ready.close()
    again = window()
    assert again.current_view() == "accounts"


def test_the_morning_opens_until_the_plan_is_confirmed(ready: Any, window: Any) -> None:
    ready.show_view("accounts")
    ready.close()
    assert window().current_view() == "morning"


def test_first_run_walkthrough_counts_the_actions(window: Any, dialogs: Any, qtbot: Any) -> None:
    """Empty store → first account, a goal and a step → ready → confirmed, as a new user would, counted as done:
    each click, and in each form each field typed in and its OK (the step's date is preset, so not typed)."""
    from tests.gui_helpers import Rep

    main = window()
    morning = main.morning
    rep = Rep(qtbot, dialogs)
    assert morning.welcome.isVisibleTo(main)
    dialogs.then(lambda d: d.field("name").setText("Acme Staffing"))
    rep.click(morning.welcome.findChildren(type(morning.confirm))[0])  # "Create your first account"
    assert main.current_view() == "plan"
    assert main.morning.count.text() == "1 question mark"  # no next step yet
    dialogs.then(lambda d: d.field("title").setText("Win the 2027 training budget"))
    buttons = {button.text(): button for button in main.plan.write_buttons}
    rep.click(buttons["Goal…"])
    rep.click_row(main.plan.tree, main.plan.tree_model.index(0, 0))
    dialogs.then(lambda d: d.field("title").setText("Call Ann about the budget"))
    rep.click(buttons["Step…"])
    rep.click_row(main.nav, main.nav.model().index(0, 0))  # the sidebar's Morning
    assert main.current_view() == "morning"
    assert morning.count.text() == "Ready"
    rep.click(morning.confirm)
    assert main.planner.morning().confirmed
    # 6 clicks; 3 forms, each one field typed and OK: a form that asked for more (an unset date) would fail this
    assert rep.actions <= 12, (rep.clicks, dialogs.actions)


@pytest.mark.slow
def test_screenshot_option_renders_each_view(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo = run_module("--data-dir", str(data), "demo", "--accounts", "12", "--seed", "3", "--date", D.isoformat())
    assert demo.returncode == 0, demo.stderr
    for view in ("morning", "today", "accounts", f"plan:demo3-a{0:05d}"):
        out = tmp_path / f"{view.split(':')[0]}.png"
        result = subprocess.run(
            [
                sys.executable,
                "main.py",
                "--data-dir",
                str(data),
                "--date",
                D.isoformat(),
                "--screenshot",
                str(out),
                "--view",
                view,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_of_an_unknown_account_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "main.py",
            "--data-dir",
            str(tmp_path / "d"),
            "--screenshot",
            str(tmp_path / "x.png"),
            "--view",
            "plan:nobody",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no account" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_window_works_at_800_by_600_with_the_sample_and_a_plan_map_open(window: Any, store: Any) -> None:
    """It could not be narrower than 1,092 pixels: too wide for a 1024 screen or half of a 1920 one."""
    from organizer.app.transfer.demo import load_demo
    from ui.models import PlanTreeModel

    load_demo(store, 40, seed=1, day=D)
    main = window()
    main.resize(800, 600)
    for view in ("morning", "today", "accounts", "insights", "plan"):
        main.show_view(view)
        hint = main.minimumSizeHint()
        assert hint.width() <= 800, view
        assert hint.height() <= 600, view
    main.open_plan(main.planner.core.summaries()[0].id)
    assert main.size().width() == 800
    assert main.plan.tree.columnWidth(PlanTreeModel.TITLE) >= 200  # the titles keep their room


def test_settings_take_a_vacation_and_a_country_and_one_undo_puts_them_back(
    ready: Any, dialogs: Any, store: Any
) -> None:
    from organizer.core.dates import day_ranges
    from organizer.store.settings import read_settings

    def answer(dialog: Any) -> None:
        dialog.first.setDate(dt.date(2026, 12, 21))
        dialog.last.setDate(dt.date(2026, 12, 31))
        dialog._on_add_clicked()
        box = dialog.field("holidays_country")
        box.setCurrentIndex(box.findData("DE"))
        dialog.field("capacity_minutes").setValue(300)

    dialogs.then(answer)
    assert ready.morning.flows.edit_settings()
    with store.read() as s:
        saved = read_settings(s)
    assert saved.capacity_minutes == 300
    assert saved.holidays_country == "DE"
    assert saved.days_off[0] == dt.date(2026, 12, 21)
    assert dt.date(2026, 12, 26) not in saved.days_off  # a Saturday is off anyway
    assert day_ranges(saved.days_off) == [(dt.date(2026, 12, 21), dt.date(2026, 12, 31))]
    assert ready.planner.core.next_working_day(dt.date(2026, 12, 18)) == dt.date(2027, 1, 4)  # 1 Jan: a German holiday
    ready.undo_action.trigger()
    with store.read() as s:
        assert read_settings(s) == type(saved)()


def test_today_says_a_weekend_or_day_off_is_not_a_working_day_and_points_at_overdue_waiting_items(
    window: Any, load: Any
) -> None:
    """A Saturday showed "6 h free"; "Nothing to wait on today" while the Morning listed overdue waiting items."""
    territory = doc(
        account("acme", stage="client", steps=[step("w1", -2, waiting=True, title="Figures from Ray"),
                                              step("s1", 1, title="Call")]),
        settings={"days_off": ["2026-11-26"]},
    )  # fmt: skip
    load(territory)
    main = window()
    main.show_view("today")
    today = main.today
    assert "Nothing due today. 1 waiting item is overdue" in today.waiting.hint
    today.load(dt.date(2026, 11, 28))
    assert today.capacity_text.text() == "Weekend: not a working day"
    today.load(dt.date(2026, 11, 26))
    assert today.capacity_text.text() == "A day off"


def test_save_dialogs_open_where_the_rep_saved_last_never_in_the_process_folder(
    ready: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def answer(_parent: Any, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return (str(tmp_path / "out" / Path(suggested).name), "")

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    assert ready.run_placed("ics")  # File ▸ Export ▸ Calendar: today
    assert Path(asked[0]).is_absolute()
    assert Path(asked[0]).parent != Path.cwd()
    ready.run_verb("csv", {"what": "accounts"})
    assert Path(asked[1]).parent == tmp_path / "out"  # where the last file went


def test_a_meeting_from_the_calendar_is_marked_on_the_map_as_on_the_tree(window: Any, load: Any) -> None:
    territory = ready_territory()
    territory["accounts"][0]["goals"][0]["steps"][0]["event"] = "lunch-1"  # made by a calendar sync
    load(territory)
    main = window()
    main.open_plan("acme")
    title = territory["accounts"][0]["goals"][0]["steps"][0]["title"]
    said = [item.toolTip() for item in main.plan.map.map_scene.items() if item.toolTip()]  # a box says it whole
    assert any(text.startswith(f"Meeting: {title}") for text in said), said


def test_a_meeting_from_the_calendar_shows_its_icon_on_today(window: Any, load: Any) -> None:
    from PySide6.QtCore import Qt

    territory = ready_territory()
    every = [s for a in territory["accounts"] for s in a.get("steps", [])]
    every += [s for a in territory["accounts"] for g in a.get("goals", []) for s in g.get("steps", [])]
    next(s for s in every if s["id"] == "a-1")["event"] = "lunch-1"
    load(territory)
    main = window()
    main.show_view("today")
    model = main.today.model
    row = model.step_ids().index("a-1")
    assert model.data(model.index(row, model.TITLE), Qt.ItemDataRole.DecorationRole) is not None
    assert "meeting from your calendar" in model.data(model.index(row, model.TITLE), Qt.ItemDataRole.ToolTipRole)
    other = model.step_ids().index("a-3")
    assert model.data(model.index(other, model.TITLE), Qt.ItemDataRole.DecorationRole) is None


def test_an_account_whose_next_step_is_a_meeting_shows_the_calendars_icon(window: Any, load: Any) -> None:
    from PySide6.QtCore import Qt

    territory = ready_territory()
    owner = {}
    for a in territory["accounts"]:
        for s in [*a.get("steps", []), *(s for g in a.get("goals", []) for s in g.get("steps", []))]:
            owner[s["id"]] = (a["name"], s)
    name, step = owner["a-1"]
    step["event"] = "lunch-1"
    load(territory)
    main = window()
    main.show_view("accounts")
    model = main.accounts.model
    decoration = Qt.ItemDataRole.DecorationRole
    icons = {
        model.data(model.index(row, 0)): model.data(model.index(row, model.NEXT_STEP), decoration)
        for row in range(model.rowCount())
    }
    assert icons[name] is not None
    assert all(found is None for key, found in icons.items() if key != name)
