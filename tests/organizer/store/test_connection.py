"""Where a team's server is, and the password kept where libpq looks: never in Daymap's settings."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from organizer.core.errors import ValidationError
from organizer.store.connection import check_address, remember_password


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
    assert make_url(address.url("p@ss:word")).password == "p@ss:word"  # noqa: S105  (a made-up password)


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
