"""Each kind of question mark is declared once, and everything that shows one finds it there."""

from __future__ import annotations

from organizer.core.domain import MarkKind
from organizer.core.marks import MARKS
from organizer.plan.rules import KIND_ORDER
from organizer.plan.suggestions import SUGGESTION_ORDER
from tests.conftest import ROOT


def test_every_kind_is_declared_with_words_an_icon_and_a_resolution() -> None:
    assert set(MARKS) == set(MarkKind)
    for kind, spec in MARKS.items():
        assert spec.kind is kind
        assert spec.resolutions, kind
        assert (ROOT / "resources" / "icons" / f"{spec.icon}.svg").is_file(), kind
    assert MARKS[MarkKind.OVERDUE_STEP].count(1) == "1 overdue step"
    assert MARKS[MarkKind.OVERDUE_STEP].count(3) == "3 overdue steps"


def test_every_kind_has_its_place_in_the_rules_and_the_suggestions() -> None:
    assert set(KIND_ORDER) == set(MarkKind)
    assert set(SUGGESTION_ORDER) == set(MarkKind)
