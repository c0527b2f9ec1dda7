"""Each kind of question mark is declared once, and everything that shows one finds it there."""

from __future__ import annotations

from typing import Any

import pytest

from organizer.core.domain import MarkKind
from organizer.core.marks import MARKS
from organizer.plan.rules import KIND_ORDER
from organizer.plan.suggestions import SUGGESTION_ORDER
from ui.resources import resources_dir


def test_every_kind_is_declared_with_words_an_icon_and_a_resolution() -> None:
    assert set(MARKS) == set(MarkKind)
    for kind, spec in MARKS.items():
        assert spec.kind is kind
        assert spec.resolutions, kind
        assert (resources_dir() / "icons" / f"{spec.icon}.svg").is_file(), kind
    assert MARKS[MarkKind.OVERDUE_STEP].count(1) == "1 overdue step"
    assert MARKS[MarkKind.OVERDUE_STEP].count(3) == "3 overdue steps"


def test_every_kind_has_its_place_in_the_rules_and_the_suggestions() -> None:
    assert set(KIND_ORDER) == set(MarkKind)
    assert set(SUGGESTION_ORDER) == set(MarkKind)


@pytest.mark.gui
def test_every_declared_resolution_has_a_flow_on_the_morning(window: Any, load: Any) -> None:
    from tests.gui_helpers import every_mark_territory

    load(every_mark_territory())
    flows = window().morning.resolutions()
    for spec in MARKS.values():
        for action, _label in spec.resolutions:
            assert action in flows, (spec.kind, action)
