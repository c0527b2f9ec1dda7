"""schedule: an account (or a goal, or a renewal) gets a next step, on the first day with room; the rep
names it in the step form, preset to that day."""

from __future__ import annotations

from organizer.core.dates import friendly
from organizer.core.marks import MARKS
from organizer.core.suggestion_types._type import SuggestionType, declare

declare(SuggestionType(
    "schedule",
    label=lambda s, _mark: f"Plan for {friendly(s.date)}…" if s.date else "",
    describe=lambda s: f"name the next step, on {friendly(s.date)}" if s.date else "name the next step",
    flow=lambda mark: "renewal" if MARKS[mark.kind].about == "renewal" else "schedule",
))  # fmt: skip
