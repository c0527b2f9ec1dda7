"""reschedule: an overdue step (or a promise, within two working days) to the first day with room."""

from __future__ import annotations

from organizer.core.dates import friendly
from organizer.core.suggestion_types._type import StepDate, SuggestionType, declare

declare(SuggestionType(
    "reschedule",
    label=lambda s, _mark: f"Move to {friendly(s.date)}" if s.date else "",
    describe=lambda s: f"reschedule to {friendly(s.date)}" if s.date else "reschedule",
    changes=lambda s, mark: [StepDate(mark.step, s.date)] if mark.step and s.date else [],
))  # fmt: skip
