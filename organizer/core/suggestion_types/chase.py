"""chase: a "waiting on" item past its date is chased today (a touch logged) and waited for again."""

from __future__ import annotations

from organizer.core.dates import friendly
from organizer.core.suggestion_types._type import StepDate, SuggestionType, declare

declare(SuggestionType(
    "chase",
    label=lambda s, _mark: f"Chase, wait to {friendly(s.date)}" if s.date else "",
    describe=lambda s: f"chase today, then wait until {friendly(s.date)}" if s.date else "chase today",
    changes=lambda s, mark: [StepDate(mark.step, s.date, chase=True)] if mark.step and s.date else [],
))  # fmt: skip
