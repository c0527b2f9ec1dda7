"""The morning kept at close (organizer.store.kept): exact, private, and never shown once stale."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from organizer.app import operations
from organizer.app.planner import Planner
from organizer.app.transfer.demo import load_demo
from organizer.core.errors import ValidationError
from organizer.rules import evaluate
from organizer.store import kept
from organizer.store.schema import read_revision
from tests.builders import D, write
from tests.conftest import FIXTURES


def keep_now(store: Any, days: tuple[dt.date, ...] = (D,)) -> Path:
    """What the app does at close: the revision and the mornings from one read."""
    with store.read() as s:
        revision = read_revision(s)
        assert revision is not None
        mornings = [evaluate.morning(s, day) for day in days]
    return kept.save(store.location.path, revision, mornings, accounts=3)


@pytest.fixture
def territory(store: Any) -> Any:
    load_demo(store, 12, 1, D)  # a territory whose morning has an overdue step
    return store


def test_the_kept_morning_comes_back_exactly(territory: Any) -> None:
    path = keep_now(territory, (D, D + dt.timedelta(days=1)))
    with territory.read() as s:
        fresh = evaluate.morning(s, D)
        tomorrow = evaluate.morning(s, D + dt.timedelta(days=1))
    found = kept.load(territory.location.path, D)
    assert found is not None
    assert found.morning == fresh
    assert found.morning.question_marks
    assert found.morning.today
    assert found.accounts == 3
    later = kept.load(territory.location.path, D + dt.timedelta(days=1))
    assert later is not None
    assert later.morning == tomorrow
    assert kept.load(territory.location.path, D + dt.timedelta(days=2)) is None  # not kept: computed as usual
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path == territory.location.path.with_name("daymap.kept-morning.json")


def edits(store: Any) -> list[Any]:
    with store.read() as s:
        morning = evaluate.morning(s, D)
    mark = next(m for m in morning.question_marks if m.step)
    account = mark.account
    contact = write(store, operations.create, "contact", {"name": "Jane", "account": account}).created
    return [
        lambda: Planner(store).steps.complete(mark.step, "done", D),
        lambda: Planner(store).accounts.log_touch(account, D),
        lambda: write(store, operations.update, "contact", contact, {"name": "Janet"}),
        lambda: write(store, operations.update, "account", account, {"archived": True}),
        lambda: write(store, operations.set_day, D, {"capacity_minutes": 30}),
        lambda: write(store, operations.update_settings, {"renewal_window_days": 10}),
        lambda: write(store, operations.delete, "contact", contact),
    ]


@pytest.mark.parametrize("which", range(7))
def test_any_write_makes_the_kept_morning_stale(territory: Any, which: int) -> None:
    edit = edits(territory)[which]
    keep_now(territory)
    assert kept.load(territory.location.path, D) is not None
    assert kept.fresh(territory.location.path, D)
    edit()
    assert kept.load(territory.location.path, D) is None
    assert not kept.fresh(territory.location.path, D)  # what the start asks before it forks a child


def test_fresh_reads_only_the_header_and_says_what_load_would_find(territory: Any) -> None:
    path = keep_now(territory, (D, D + dt.timedelta(days=1)))
    store_path = territory.location.path
    assert kept.fresh(store_path, D)
    assert kept.fresh(store_path, D + dt.timedelta(days=1))
    assert not kept.fresh(store_path, D + dt.timedelta(days=2))  # not kept for that day
    path.write_bytes(path.read_bytes()[:100])  # cut short: no header
    assert not kept.fresh(store_path, D)


def test_a_child_keeps_todays_morning_exactly_as_the_window_would_compute_it(territory: Any) -> None:
    from organizer.app import ahead

    assert ahead.keep_today(territory.location.path, D)
    found = kept.load(territory.location.path, D)
    assert found is not None
    with territory.read() as s:
        assert found.morning == evaluate.morning(s, D)


def test_a_write_by_another_program_makes_it_stale_too(territory: Any, cli: Any, tmp_path: Path) -> None:
    from tests.builders import account, doc

    keep_now(territory)
    territory.close()
    code, _out, err = cli.import_doc(doc(account("newco")), tmp_path)
    assert code == 0, err
    assert kept.load(cli.data_dir / "daymap.sqlite3", D) is None


def test_a_restored_backup_of_another_state_is_not_taken_for_the_kept_one(territory: Any) -> None:
    from organizer.store import backup

    before = backup.take(territory.location, "manual")
    assert before is not None
    with territory.read() as s:
        account = next(m.account for m in evaluate.morning(s, D).question_marks if m.account)
    Planner(territory).accounts.log_touch(account, D)
    keep_now(territory)  # kept after the touch
    territory.close()
    from organizer.store.database import restore_backup

    restore_backup(territory.location, before.path)
    assert kept.load(territory.location.path, D) is None


@pytest.mark.parametrize(
    "spoil",
    [
        lambda doc: doc.update(version="0.0.1"),  # another program version may compute differently
        lambda doc: doc.update(format=99),
        lambda doc: doc.update(token=doc["token"] + 1),
        lambda doc: doc.update(schema="0002"),
        lambda doc: doc["mornings"][0]["marks"][0].pop(),  # damaged
        lambda doc: doc.pop("accounts"),
    ],
)
def test_a_kept_file_that_does_not_match_is_ignored(territory: Any, spoil: Any) -> None:
    path = keep_now(territory)
    document = json.loads(path.read_text())
    spoil(document)
    path.write_text(json.dumps(document))
    assert kept.load(territory.location.path, D) is None


def test_no_store_or_no_file_means_no_kept_morning(tmp_path: Path) -> None:
    assert kept.load(tmp_path / "missing.sqlite3", D) is None
    garbage = tmp_path / "daymap.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    kept.kept_path(garbage).write_text("{}")
    assert kept.load(garbage, D) is None
    assert kept.store_revision(garbage) is None


def test_every_write_draws_a_new_token_in_its_own_transaction(store: Any) -> None:
    with store.read() as s:
        first = read_revision(s)
    created = write(store, operations.create, "account", {"name": "Acme"})
    with store.read() as s:
        second = read_revision(s)
    assert first is not None
    assert second is not None
    assert first.token != second.token
    with pytest.raises(ValidationError, match="already"):
        write(store, operations.create, "account", {"name": "Acme"}, created.created)  # refused inside the transaction
    with store.read() as s:
        assert read_revision(s) == second  # a refused write draws nothing
    assert kept.store_revision(store.location.path) == second  # plain sqlite3 sees the same


def test_an_import_draws_one_token_and_leaves_the_triggers_in_place(store: Any, tmp_path: Path) -> None:
    from sqlalchemy import text

    from organizer.app.transfer.merge import import_document
    from tests.builders import account, doc, step

    with store.read() as s:
        before = read_revision(s)
    import_document(store, doc(account("acme", steps=[step("s1", 1)]), account("beta")))
    with store.read() as s:
        after_import = read_revision(s)
        triggers = s.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).scalar()
    assert after_import != before
    assert triggers == 24
    Planner(store).accounts.log_touch("acme", D)  # the triggers are back: a single write still redraws
    with store.read() as s:
        assert read_revision(s) != after_import
    with pytest.raises(ValidationError, match="nobody"):  # refused inside the transaction, after the triggers left
        import_document(store, doc(account("gamma", steps=[step("s2", 1, contact="nobody")])))
    with store.read() as s:
        assert s.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).scalar() == 24


def test_an_upgraded_store_gets_the_same_triggers_as_a_new_one(tmp_path: Path) -> None:
    import shutil

    from sqlalchemy import text

    from organizer.store.database import open_store

    (tmp_path / "old").mkdir()
    shutil.copy(FIXTURES / "store-0001.sqlite3", tmp_path / "old" / "daymap.sqlite3")

    def triggers(store: Any) -> set[str]:
        with store.read() as s:
            return set(s.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'")).scalars())

    with open_store(data_dir=tmp_path / "old") as upgraded, open_store(data_dir=tmp_path / "new") as new:
        assert len(triggers(upgraded)) == 24
        assert triggers(upgraded) == triggers(new)  # the migration's frozen copy matches the models'
        with upgraded.read() as s:
            before = read_revision(s)
            account = s.execute(text("SELECT id FROM account LIMIT 1")).scalar_one()
        Planner(upgraded).accounts.log_touch(account, D)
        with upgraded.read() as s:
            assert read_revision(s) != before
