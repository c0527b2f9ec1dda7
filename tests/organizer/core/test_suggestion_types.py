"""Each kind of suggestion is declared once (organizer/core/suggestion_types), and every front end reads it."""

from __future__ import annotations

import datetime as dt
import pkgutil

import pytest

import organizer.core.suggestion_types as package
import organizer.rules.kinds  # noqa: F401  (declares the question-mark kinds a flow reads)
from organizer.core.domain import QuestionMark
from organizer.core.suggestion_types import SUGGESTION_TYPES, StepDate, Suggestion, SuggestionType, declare
from tests.builders import D

# SPEC.md's suggestions, written out here rather than read from the code it checks.
SPEC_ACTIONS = {"reschedule", "chase", "move", "schedule", "touch", "renegotiate", "choose"}
LATER = D + dt.timedelta(days=2)


def _mark(kind: str = "overdue-step", step: str | None = "s1") -> QuestionMark:
    return QuestionMark(kind, "a", None, step, "m", account_name="Acme")


def test_every_action_has_its_module_and_its_words() -> None:
    modules = {info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")}
    assert set(SUGGESTION_TYPES) == modules == SPEC_ACTIONS
    for action, declared in SUGGESTION_TYPES.items():
        suggestion = Suggestion(action, LATER, (("s1", LATER),) if action == "move" else ())
        assert declared.describe(suggestion), action  # the terminal always says something
        assert (declared.changes is None) or (declared.flow is None), action


def test_only_what_changes_dates_by_itself_is_applied_without_the_rep() -> None:
    wordless = {action for action, declared in SUGGESTION_TYPES.items() if declared.changes is not None}
    assert wordless == {"reschedule", "chase", "move"}
    assert not Suggestion("reschedule", LATER).needs_words
    assert Suggestion("schedule", LATER).needs_words
    chase = SUGGESTION_TYPES["chase"].changes
    assert chase is not None
    assert chase(Suggestion("chase", LATER), _mark()) == [StepDate("s1", LATER, chase=True)]
    moved = Suggestion("move", moves=(("s1", LATER), ("s2", LATER)))
    move = SUGGESTION_TYPES["move"].changes
    assert move is not None
    assert move(moved, _mark("over-capacity", step=None)) == [StepDate("s1", LATER), StepDate("s2", LATER)]


def test_a_renewal_is_planned_in_its_own_form_and_a_next_step_in_the_step_form() -> None:
    flow = SUGGESTION_TYPES["schedule"].flow
    assert flow is not None
    assert flow(_mark("renewal-unplanned", step=None)) == "renewal"
    assert flow(_mark("no-next-step", step=None)) == "schedule"


def test_the_terminal_says_a_renegotiation_instead_of_failing_on_it() -> None:
    """``daymap plan`` described every action it did not know as a move, and a renegotiation had no moves."""
    assert SUGGESTION_TYPES["renegotiate"].describe(Suggestion("renegotiate")) == "ask them for a new date, then log it"


def test_a_type_is_declared_once_and_is_either_applied_or_asked() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        declare(SuggestionType("touch", label=lambda _s, _m: "x", describe=lambda _s: "x"))
    with pytest.raises(ValueError, match="not both"):
        declare(SuggestionType("both", label=lambda _s, _m: "", describe=lambda _s: "", changes=lambda _s, _m: [],
                               flow=lambda _m: "touch"))  # fmt: skip
    assert "both" not in SUGGESTION_TYPES
