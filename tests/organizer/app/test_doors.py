"""The one door: every name the front ends take from organizer.app resolves to its home's object."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FACADES = ("organizer.app.views", "organizer.app.stores", "organizer.app.files")


@pytest.mark.parametrize("facade", FACADES)
def test_every_name_a_facade_offers_is_its_homes(facade: str) -> None:
    module = importlib.import_module(facade)
    table = re.findall(
        r'"(\w+)": \("([\w.]+)", (?:"(\w+)"|None)\)', (ROOT / (facade.replace(".", "/") + ".py")).read_text()
    )
    assert table  # the regular expression found the table
    for name, home, attribute in table:
        value = getattr(module, name)
        origin = importlib.import_module(home)
        assert value is (getattr(origin, attribute) if attribute else origin), name
    with pytest.raises(AttributeError, match="no attribute"):
        _ = module.no_such_name


def test_asking_a_light_name_does_not_import_sqlalchemy() -> None:
    """The window draws its first frame before SQLAlchemy loads; the door must not load it early."""
    code = (
        "import sys\n"
        "from organizer.app.views import Clash, Suggestion, Backlog\n"
        "from organizer.app.stores import Kept\n"
        "assert 'sqlalchemy' not in sys.modules, 'SQLAlchemy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
