"""choose: a calendar conflict; nothing moves by itself, the rep keeps one side with the card's buttons."""

from __future__ import annotations

from organizer.core.suggestion_types._type import SuggestionType, declare

declare(SuggestionType(
    "choose",
    label=lambda _s, _mark: "",
    describe=lambda _s: "keep Daymap's version or the calendar's",
))  # fmt: skip
