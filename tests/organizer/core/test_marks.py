"""Each kind of question mark is declared once (organizer/rules/kinds), and everything that shows one finds it there."""

from __future__ import annotations

import pytest

from organizer.core.marks import MARKS, MarkSpec, declare
from organizer.rules.evaluate import KIND_ORDER, STATEMENTS
from organizer.rules.kinds import RULES
from organizer.rules.suggestions import SUGGESTION_ORDER
from tests.conftest import ROOT

# SPEC.md, written out here rather than read from the code it checks.
SPEC_KINDS = {
    "promise-overdue", "overdue-step", "waiting-overdue", "no-next-step", "goal-without-step", "out-of-touch",
    "renewal-unplanned", "over-capacity", "calendar-conflict",
}  # fmt: skip
SPEC_SUGGESTION_ORDER = (
    "calendar-conflict", "promise-overdue", "overdue-step", "waiting-overdue", "no-next-step", "goal-without-step",
    "out-of-touch", "renewal-unplanned", "over-capacity",
)  # fmt: skip


def test_every_kind_of_the_spec_is_declared_with_words_an_icon_and_a_resolution() -> None:
    assert set(MARKS) == set(RULES) == SPEC_KINDS
    for kind, spec in MARKS.items():
        assert spec.kind == kind
        assert spec.resolutions, kind
        assert (ROOT / "resources" / "icons" / f"{spec.icon}.svg").is_file(), kind
    assert MARKS["overdue-step"].count(1) == "1 overdue step"
    assert MARKS["overdue-step"].count(3) == "3 overdue steps"


def test_suggestions_are_made_in_the_specs_order() -> None:
    assert SUGGESTION_ORDER == SPEC_SUGGESTION_ORDER


def test_the_morning_lists_a_calendar_conflict_first_then_an_over_full_day() -> None:
    order = sorted(KIND_ORDER, key=KIND_ORDER.__getitem__)
    assert order[:2] == ["calendar-conflict", "over-capacity"]
    assert len(set(KIND_ORDER.values())) == len(KIND_ORDER)  # no two kinds share a place


def test_a_kind_with_rows_of_its_own_has_its_statement_under_its_name() -> None:
    for kind, rule in RULES.items():
        assert (kind in STATEMENTS) == (rule.statement is not None), kind


def test_a_kind_declared_twice_differently_is_refused() -> None:
    spec = MARKS["overdue-step"]
    assert declare(spec) is spec  # the same declaration again (a module imported twice) is harmless
    other = MarkSpec(spec.kind, "x", "xs", "x", spec.icon, spec.resolutions, "step")
    with pytest.raises(ValueError, match="declared twice"):
        declare(other)


def test_a_kind_without_a_place_in_both_orders_is_refused() -> None:
    spec = MARKS["overdue-step"]
    stray = MarkSpec("stray-kind", "x", "xs", "x", spec.icon, spec.resolutions, "step")
    with pytest.raises(ValueError, match="no place"):
        declare(stray)
    assert "stray-kind" not in MARKS
