"""A realistic generated territory: the app's "Load a sample territory", the demos and the benchmarks.

The same seed gives the same territory (ids included), so benchmarks and screenshots
are repeatable. It is written through the ordinary import, so it is validated and
all-or-nothing like any other import.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from organizer.app.transfer.demo_words import (
    ACTIONS,
    CHANNELS,
    COMPANY_A,
    COMPANY_B,
    FIRST,
    GOALS,
    INDUSTRIES,
    LAST,
    MISSIONS,
    RESONATES,
    TITLES,
    TOUCH_NOTES,
    WAITS,
)
from organizer.app.transfer.merge import ImportResult, import_parsed
from organizer.core.dates import NO_DAYS_OFF, DaysOff, is_working_day, working_days
from organizer.formats.exchange import FORMAT, parse_document
from organizer.rules.schedule import end_to_end
from organizer.store.database import Store
from organizer.store.models import Day
from organizer.store.settings import read_settings

FILL_MINUTES = 300  # what the sample plans on a working day ahead: the rep's 360 with room to spare
FUTURE_STEPS = 3  # open action steps ahead per account, at most: a plan, not a backlog


def generate(accounts: int, seed: int = 1, day: dt.date | None = None, off: DaysOff = NO_DAYS_OFF) -> dict[str, Any]:
    """The territory as an exchange-format document (nothing written), its plans on the working days of ``off``."""
    rng = random.Random(seed)
    d = day or dt.date.today()
    prefix = f"demo{seed}"
    out: list[dict[str, Any]] = []
    taken: set[str] = set()  # a territory a rep would believe: no two accounts of one name
    for index in range(accounts):
        out.append(_account(rng, d, f"{prefix}-a{index:05d}", index, [a["id"] for a in out[-50:]], off, taken))
    _fit_the_days_ahead(out, d, off)
    _no_double_booking(out)
    return {"format": FORMAT, "accounts": out}


def _fit_the_days_ahead(accounts: list[dict[str, Any]], d: dt.date, off: DaysOff) -> None:
    """What is open from D on fits the coming weeks: each step on the first working day from its date with room.

    A newcomer's first weeks are possible before they touch them (the sample's past is history, not a backlog).
    """
    ahead = [
        step
        for account in accounts
        if not account.get("archived")
        for step in [*account["steps"], *(s for g in account["goals"] if g["status"] == "open" for s in g["steps"])]
        if step.get("status", "open") == "open" and not step.get("waiting") and step["due"] >= _iso(d)
    ]
    load: dict[dt.date, int] = {}
    for step in sorted(ahead, key=lambda s: (s["due"], s["id"])):
        minutes = step.get("minutes") or 0
        day = next(
            when
            for when in working_days(dt.date.fromisoformat(step["due"]), off)
            if load.get(when, 0) + minutes <= FILL_MINUTES
        )
        load[day] = load.get(day, 0) + minutes
        step["due"] = _iso(day)


def _no_double_booking(accounts: list[dict[str, Any]]) -> None:
    """The open timed steps of each day laid end to end: a rep's calendar has no two calls at once."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for account in accounts:
        for step in [*account["steps"], *(s for goal in account["goals"] for s in goal["steps"])]:
            if step.get("time") and step.get("status", "open") == "open":
                by_day.setdefault(step["due"], []).append(step)
    for steps in by_day.values():
        placed = end_to_end([(step["id"], step["time"], step.get("minutes") or 0) for step in steps])
        for step in steps:
            if placed[step["id"]] is None:
                del step["time"]
            else:
                step["time"] = placed[step["id"]]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _working_day(day: dt.date, *, forward: bool, off: DaysOff = NO_DAYS_OFF) -> dt.date:
    """Reps plan on working days: a weekend or a day off moves to the next one (or, in the past, the one before)."""
    while not is_working_day(day, off):
        day += dt.timedelta(days=1 if forward else -1)
    return day


RECENT_DAYS = 7  # a step of the last week may still be open (a slip); an older one is done or dropped: history


def _unique_name(drawn: tuple[str, str], taken: set[str]) -> str:
    """The drawn company name, else the next free one after it (no more random draws: the same seed still gives
    the same territory), else the drawn name numbered."""
    first, second = COMPANY_A.index(drawn[0]), COMPANY_B.index(drawn[1])
    size = len(COMPANY_A) * len(COMPANY_B)
    for step in range(size if len(taken) < size else 0):  # every name taken: numbered at once
        at = (first * len(COMPANY_B) + second + step) % size
        name = f"{COMPANY_A[at // len(COMPANY_B)]} {COMPANY_B[at % len(COMPANY_B)]}"
        if name not in taken:
            taken.add(name)
            return name
    number = 2
    while f"{drawn[0]} {drawn[1]} {number}" in taken:
        number += 1
    taken.add(f"{drawn[0]} {drawn[1]} {number}")
    return f"{drawn[0]} {drawn[1]} {number}"


def _domain(name: str) -> str:
    """ "Wide World Labs" → "wideworldlabs.example": each company's people write from its own domain."""
    return "".join(ch for ch in name.lower() if ch.isalnum()) + ".example"


def _account(
    rng: random.Random, d: dt.date, account_id: str, index: int, earlier: list[str], off: DaysOff, taken: set[str]
) -> dict[str, Any]:
    stage = rng.choices(["prospect", "client", "former"], weights=[45, 40, 15])[0]
    name = _unique_name((rng.choice(COMPANY_A), rng.choice(COMPANY_B)), taken)
    account: dict[str, Any] = {"id": account_id, "name": name, "stage": stage, "industry": rng.choice(INDUSTRIES)}
    mission = rng.choice(MISSIONS)
    if mission:
        account["mission"] = mission
    if rng.random() < 0.03:
        account["archived"] = True
    if stage == "client":
        account["cadence_days"] = rng.choice([14, 30, 30, 45])
        if rng.random() < 0.5:
            account["renewal"] = _iso(d + dt.timedelta(days=rng.randint(-20, 180)))
    contacts = []
    addresses: set[str] = set()
    for number in range(rng.randint(3, 5)):
        title, role = rng.choice(TITLES)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        address = f"{first}.{last}".lower()
        while f"{address}@{_domain(name)}" in addresses:  # two people of one name at one company
            address += "2"
        addresses.add(f"{address}@{_domain(name)}")
        contact: dict[str, Any] = {
            "id": f"{account_id}-c{number}",
            "name": f"{first} {last}",
            "title": title,
            "role": role,
            "email": f"{address}@{_domain(name)}",  # one person, one account: an email lands on the right one
        }
        resonates = rng.choice(RESONATES)
        if resonates:
            contact["resonates"] = resonates
        if earlier and rng.random() < 0.05:
            contact["history"] = [
                {"account": rng.choice(earlier), "until": _iso(d - dt.timedelta(days=rng.randint(60, 900)))}
            ]
        contacts.append(contact)
    account["contacts"] = contacts

    goals: list[dict[str, Any]] = []
    goal_count = 0 if stage == "former" and rng.random() < 0.7 else rng.randint(1, 3)
    for number, title in enumerate(rng.sample(GOALS, goal_count)):
        status = rng.choices(["open", "achieved", "dropped"], weights=[80, 15, 5])[0]
        goal: dict[str, Any] = {"id": f"{account_id}-g{number}", "title": title, "status": status, "steps": []}
        if rng.random() < 0.5:
            goal["target"] = _iso(d + dt.timedelta(days=rng.randint(10, 120)))
        goals.append(goal)
    loose: list[dict[str, Any]] = []
    open_goals = [g for g in goals if g["status"] == "open"]
    active = stage != "former" or bool(open_goals)
    step_count = rng.randint(17, 23)
    has_future = False
    future = 0
    unplanned_goals = list(open_goals)
    for number in range(step_count):
        contact = rng.choice(contacts)
        first = contact["name"].split()[0]
        offset = rng.randint(-56, 28)
        if number == step_count - 1 and active and not has_future and rng.random() < 0.96:
            offset = rng.randint(0, 10)
        if number == 0 and active and rng.random() < 0.25:
            offset = 0
        if offset >= 0 and future >= FUTURE_STEPS:
            offset = -1 - offset  # enough planned ahead for this account: this one is in its past
        future += offset >= 0
        waiting = rng.random() < 0.1
        step: dict[str, Any] = {
            "id": f"{account_id}-s{number:02d}",
            "title": (rng.choice(WAITS) if waiting else rng.choice(ACTIONS)).format(c=first),
            "due": _iso(_working_day(d + dt.timedelta(days=offset), forward=offset >= 0, off=off)),
        }
        if waiting:
            step["waiting"] = True
        elif rng.random() < 0.2:
            step["promised"] = True
        if "{c}" in step["title"] or waiting or rng.random() < 0.4:
            step["contact"] = contact["id"]
        if rng.random() < 0.4:
            step["time"] = f"{rng.randint(8, 17):02d}:{rng.choice(['00', '15', '30', '45'])}"
        if not waiting:
            step["minutes"] = rng.choice([15, 15, 30, 30, 45, 60, 90])
        if offset < 0:
            fate = rng.random() * (0.99 if offset >= -RECENT_DAYS else 0.97)  # older: done or dropped
            if fate < 0.9:
                step["status"] = "done"
                late = rng.random() < 0.12
                done = d + dt.timedelta(days=min(-1, offset + (rng.randint(1, 4) if late else 0)))
                step["done"] = _iso(_working_day(done, forward=False, off=off))
                if rng.random() < 0.5:
                    step["outcome"] = rng.choice(
                        [
                            "Went well",
                            "They asked for a follow-up",
                            "Booked next meeting",
                            "Sent as promised",
                            "No answer; left a message",
                        ]
                    )
            elif fate < 0.97:
                step["status"] = "dropped"
        elif not waiting:
            has_future = True
        if step.get("status", "open") == "open" and unplanned_goals and rng.random() < 0.9:
            target: dict[str, Any] | None = unplanned_goals.pop(0)  # an open goal's first step to come
        else:
            target = rng.choice(open_goals + goals) if goals and rng.random() < 0.7 else None
        (target["steps"] if target else loose).append(step)
    account["goals"] = goals
    account["steps"] = loose

    touches = []
    recent = stage == "client" and rng.random() < 0.85
    for number in range(rng.randint(8, 12)):
        back = rng.randint(0, 10) if (recent and number == 0) else rng.randint(1, 120)
        touch: dict[str, Any] = {
            "id": f"{account_id}-t{number:02d}",
            "date": _iso(d - dt.timedelta(days=back)),
            "channel": rng.choice(CHANNELS),
            "contact": rng.choice(contacts)["id"],
        }
        note = rng.choice(TOUCH_NOTES)
        if note:
            touch["note"] = note
        touches.append(touch)
    account["touches"] = touches
    return account


def _confirmed_history(store: Store, d: dt.date, rng: random.Random) -> list[dict[str, Any]]:
    """Confirmed mornings over the last weeks (not overwriting a real day), for the streak and charts."""
    start = d - dt.timedelta(days=28)
    with store.read() as session:
        known = set(session.execute(select(Day.date).where(Day.date.between(start, d))).scalars())
    days = []
    for back in range(28, 0, -1):
        day = d - dt.timedelta(days=back)
        if day.weekday() < 5 and day not in known and (back < 8 or rng.random() < 0.8):
            days.append({"date": _iso(day), "confirmed": True})
    return days


def load_demo(store: Store, accounts: int, seed: int = 1, day: dt.date | None = None) -> ImportResult:
    """The sample territory around ``day``, planned on the rep's working days (their days off known to the store)."""
    d = day or dt.date.today()
    with store.read() as session:
        off = read_settings(session).off
    doc = generate(accounts, seed, d, off)
    rng = random.Random(seed)
    doc["days"] = _confirmed_history(store, d, rng)
    parsed = parse_document(doc)
    with store.write() as session:
        result = import_parsed(session, parsed)
        _opening_marks(session, doc["days"], accounts, rng)
        return result


def _opening_marks(session: Session, days: list[dict[str, Any]], accounts: int, rng: random.Random) -> None:
    """How many question marks those past mornings opened with: fewer as the habit takes hold."""
    start = max(2, accounts // 3)
    for position, item in enumerate(days):
        trend = start * (1 - position / max(len(days), 1)) + 1
        count = max(0, round(trend + rng.uniform(-1.5, 1.5)))
        session.execute(
            update(Day)
            .where(Day.date == dt.date.fromisoformat(item["date"]), Day.opening_marks.is_(None))
            .values(opening_marks=count)
        )
