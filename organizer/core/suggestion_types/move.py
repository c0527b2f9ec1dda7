"""move: an over-full day's steps to the first days with room (the fewest steps, promises last)."""

from __future__ import annotations

from organizer.core.dates import friendly
from organizer.core.domain import QuestionMark
from organizer.core.suggestion_types._type import StepDate, Suggestion, SuggestionType, declare


def _label(suggestion: Suggestion, _mark: QuestionMark) -> str:
    count = len(suggestion.moves)
    return f"Move {count} step{'s' * (count != 1)} to days with room" if count else ""


declare(SuggestionType(
    "move",
    label=_label,
    describe=lambda s: (
        "move " + ", ".join(f"{step} to {friendly(day)}" for step, day in s.moves)
        if s.moves else "move a step or raise the day's capacity"
    ),
    changes=lambda s, _mark: [StepDate(step, day) for step, day in s.moves],
    preview=lambda step, day: f"Move {step} to {friendly(day)}",
    leaves_the_day=True,
))  # fmt: skip
