"""Where a team's server is, and the password kept where libpq looks: never in Daymap's settings."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy.engine import make_url

from organizer.core.errors import ValidationError
from organizer.store.connection import (
    check_address,
    keyring_available,
    password_from_keyring,
    remember_in_keyring,
    remember_password,
)
from organizer.store.server import driver_url


def test_the_form_is_checked_field_by_field() -> None:
    address = check_address(" db.example.com ", "5433", "daymap", "ann")
    assert (address.host, address.port, address.database, address.user) == ("db.example.com", 5433, "daymap", "ann")
    for (host, port, database, user), field in (
        (("", 5432, "d", "u"), "host"),
        (("h", "x", "d", "u"), "port"),
        (("h", 70000, "d", "u"), "port"),
        (("h", 5432, "a/b", "u"), "database"),
        (("h", 5432, "d", "\ud800"), "user"),
    ):
        with pytest.raises(ValidationError) as raised:
            check_address(host, port, database, user)
        assert raised.value.path == field


def test_the_url_quotes_every_part_and_holds_a_password_only_when_given() -> None:
    address = check_address("db.example.com", 5432, "sales", "ann@east")
    url = make_url(address.url())
    assert (url.username, url.host, url.database, url.password) == ("ann@east", "db.example.com", "sales", None)
    assert make_url(address.url("p@ss:word")).password == "p@ss:word"


def test_a_remembered_password_goes_to_pgpass_0600_replacing_only_its_own_line(tmp_path: Path) -> None:
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text("other:5432:*:bob:secret\n")
    address = check_address("db", 5432, "sales", "ann")
    remember_password(address, "first", pgpass)
    remember_password(address, "new:pass\\", pgpass)
    assert pgpass.read_text().splitlines() == ["other:5432:*:bob:secret", "db:5432:sales:ann:new\\:pass\\\\"]
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    with pytest.raises(ValidationError):
        remember_password(address, "two\nlines", pgpass)


class MemoryKeyring(KeyringBackend):
    """A keyring in memory: the desktop's Secret Service, as a test can have it."""

    priority = 1  # type: ignore[assignment]  # keyring declares it a classproperty

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("DAYMAP_KEYRING", raising=False)
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def test_a_password_in_the_keyring_is_used_for_a_url_without_one(memory_keyring: MemoryKeyring) -> None:
    address = check_address("db.example.com", 5432, "sales", "ann")
    assert keyring_available()
    remember_in_keyring(address, "s3cret")
    assert memory_keyring.kept == {("daymap", "ann@db.example.com:5432/sales"): "s3cret"}
    assert make_url(driver_url(address.url())).password == "s3cret"
    assert make_url(driver_url(address.url("typed"))).password == "typed"  # one given wins
    other = check_address("db.example.com", 5432, "sales", "bob")
    assert make_url(driver_url(other.url())).password is None  # libpq looks in ~/.pgpass then


def test_no_keyring_or_one_turned_off_means_no_password_from_it(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = check_address("db", 5432, "sales", "ann")
    remember_in_keyring(address, "s3cret")
    monkeypatch.setenv("DAYMAP_KEYRING", "0")
    assert password_from_keyring("ann", "db", 5432, "sales") is None
    monkeypatch.delenv("DAYMAP_KEYRING")
    keyring.set_keyring(FailKeyring())
    assert not keyring_available()
    assert password_from_keyring("ann", "db", 5432, "sales") is None
