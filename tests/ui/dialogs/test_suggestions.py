"""The "Accept suggestions" preview: a line per step each wordless suggestion moves, from its type."""

from __future__ import annotations

import datetime as dt

from organizer.core.domain import DayItem, Morning, QuestionMark
from organizer.core.suggestion_types import Suggestion
from ui.dialogs.suggestions import Choice, preview_choices

D = dt.date(2026, 11, 24)  # a Tuesday


def item(step: str, title: str, minutes: int | None) -> DayItem:
    return DayItem(step, "acme", "Acme", None, title, D, None, minutes, False, False, None, None)


def test_each_wordless_suggestion_is_a_line_with_its_days_load() -> None:
    overdue = QuestionMark("overdue", "acme", None, "s1", "overdue", "Acme", "Send the quote", D, None, 30)
    waiting = QuestionMark("overdue", "beta", None, "w1", "waiting", "Beta", "Signed order", D, "Kai", 15)
    over = QuestionMark("over-capacity", None, None, None, "the day is full")
    named = QuestionMark("no-next-step", "gamma", None, None, "no next step", "Gamma")
    morning = Morning(D, False, (overdue, waiting, over, named), (item("s2", "Demo", 60), item("s3", "Call", None)),
                      (), 120)  # fmt: skip
    suggestions = {
        overdue.key: Suggestion("reschedule", D + dt.timedelta(days=1)),
        waiting.key: Suggestion("chase", D + dt.timedelta(days=3)),
        over.key: Suggestion("move", moves=(("s2", D + dt.timedelta(days=2)), ("s3", D + dt.timedelta(days=2)))),
        named.key: Suggestion("schedule", D + dt.timedelta(days=1)),  # needs the rep's words: not in the preview
    }
    assert preview_choices(morning, lambda mark: suggestions.get(mark.key)) == [
        Choice("s1", "Reschedule “Send the quote” (Acme) — Wed 25 Nov", D + dt.timedelta(days=1), 30),
        Choice("w1", "Chase “Signed order” (Beta) — Fri 27 Nov", D + dt.timedelta(days=3), 0),  # waiting: no work
        Choice("s2", "Move “Demo” (Acme) to Thu 26 Nov", D + dt.timedelta(days=2), 60, D),
        Choice("s3", "Move “Call” (Acme) to Thu 26 Nov", D + dt.timedelta(days=2), 0, D),
    ]
