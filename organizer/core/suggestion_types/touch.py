"""touch: a client out of touch is contacted today; the rep logs how (the touch form)."""

from __future__ import annotations

from organizer.core.suggestion_types._type import SuggestionType, declare

declare(SuggestionType(
    "touch",
    label=lambda _s, _mark: "Log a touch today…",
    describe=lambda _s: "get in touch today and log it",
    flow=lambda _mark: "touch",
))  # fmt: skip
