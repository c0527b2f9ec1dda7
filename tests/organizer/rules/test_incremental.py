"""The incremental morning (``evaluate.refresh_morning``) always equals the morning computed afresh.

The app recomputes only the edited account's marks after a confined change (issue 5: completing
a step at 5,000 accounts); a random walk of the rep's edits over a generated territory checks,
after every edit, that nothing it kept from before has gone stale.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import select

from organizer.app import operations
from organizer.app.planner import Planner
from organizer.app.transfer.demo import load_demo
from organizer.core.domain import Morning
from organizer.rules import evaluate
from organizer.store.models import Account, Contact, Goal, Step
from tests.builders import D, write

pytestmark = pytest.mark.both_engines  # the same rules on SQLite and PostgreSQL

DAYS = (D, D + dt.timedelta(days=1))  # the app keeps today's morning and the day it is looking at


def pick(session: Any, column: Any, rng: random.Random, *where: Any) -> Any:
    values = sorted(session.execute(select(column).where(*where)).scalars())
    return rng.choice(values) if values else None


def random_edit(store: Any, rng: random.Random) -> operations.Change | None:
    """One of the edits the app makes, on a random object (None when there was nothing to edit)."""
    with store.read() as s:
        account = pick(s, Account.id, rng)
        step = pick(s, Step.id, rng)
        goal = pick(s, Goal.id, rng)
        goal_of_step_account = None
        if step is not None:
            owner = s.get(Step, step).account_id
            goal_of_step_account = pick(s, Goal.id, rng, Goal.account_id == owner)
            contact = pick(s, Contact.id, rng, Contact.account_id == owner)
        today_steps = list(s.execute(select(Step.id).where(Step.due == D)).scalars())
    due = D + dt.timedelta(days=rng.randint(-6, 12))
    choice = rng.randrange(14)
    if choice == 0 and step:
        return Planner(store).steps.complete(step, "done", D)
    if choice == 1 and step:
        return Planner(store).steps.drop(step, None)
    if choice == 2 and step:
        return write(store, operations.update, "step", step, {"status": "open"})
    if choice == 3 and step:
        return Planner(store).steps.reschedule(step, due)
    if choice == 4 and step:
        key = rng.choice(["waiting", "promised"])
        return write(store, operations.update, "step", step, {key: rng.random() < 0.5})
    if choice == 5 and step:
        return write(
            store, operations.update, "step", step, {"minutes": rng.choice([None, 15, 60, 240]), "contact": contact}
        )
    if choice == 6 and step:
        return write(store, operations.update, "step", step, {"goal": goal_of_step_account})
    if choice == 7 and account:
        values: dict[str, Any] = {"title": "A new step", "due": due, "minutes": 30, "account": account}
        if rng.random() < 0.3:
            values.pop("due")
        return write(store, operations.create, "step", values)
    if choice == 8 and account:
        return Planner(store).accounts.log_touch(account, D - dt.timedelta(days=rng.randint(0, 40)))
    if choice == 9 and goal:
        return write(store, operations.update, "goal", goal, {"status": rng.choice(["open", "achieved", "dropped"])})
    if choice == 10 and account:
        fields = rng.choice(
            [
                {"archived": rng.random() < 0.3},
                {"stage": rng.choice(["prospect", "client", "former"])},
                {"cadence_days": rng.choice([None, 3, 14, 45])},
                {"renewal": rng.choice([None, D + dt.timedelta(days=rng.randint(-3, 80))])},
                {"name": rng.choice(["Zeta Corp", "aardvark & co", "Mid Ltd"])},
            ]
        )
        return write(store, operations.update, "account", account, fields)
    if choice == 11 and account:
        return write(store, operations.create, "goal", {"title": "A new goal", "account": account})
    if choice == 12 and step:
        return write(store, operations.delete, "step", step)
    if choice == 13:
        order = list(today_steps)
        rng.shuffle(order)
        values = rng.choice([{"order": order}, {"capacity_minutes": rng.choice([30, 360, 900])}])
        return write(store, operations.set_day, rng.choice(DAYS), values)
    return None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_incremental_morning_equals_the_fresh_one_after_every_edit(store: Any, seed: int) -> None:
    load_demo(store, 12, seed, D)
    rng = random.Random(seed)
    with store.read() as s:
        kept: dict[dt.date, Morning] = {day: evaluate.morning(s, day) for day in DAYS}
    confined = 0
    for number in range(150):
        change = random_edit(store, rng)
        if change is None:
            continue
        with store.read() as s:
            for day in DAYS:
                fresh = evaluate.morning(s, day)
                if change.confined:
                    kept[day] = evaluate.refresh_morning(s, kept[day], change.accounts)
                    assert kept[day] == fresh, f"edit {number} ({change.kind} {sorted(change.ids)}) on {day}"
                else:
                    kept[day] = fresh
        confined += change.confined
    assert confined > 100  # the walk exercised the incremental path, not the fallback


def test_changes_that_reach_across_accounts_are_not_confined(store: Any) -> None:
    account = write(store, operations.create, "account", {"name": "Acme"})
    assert account.confined
    contact = write(store, operations.create, "contact", {"name": "Jane", "account": account.created})
    assert not contact.confined  # her name shows in the marks of steps in other accounts
    assert not write(store, operations.update_settings, {"capacity_minutes": 300}).confined
    assert not write(store, operations.delete, "account", account.created or "").confined
    assert write(store, operations.set_day, D, {"capacity_minutes": 200}).confined
