"""What a suggestion is (SPEC.md "Suggestions") and what a kind of suggestion declares.

A question mark's kind (``organizer.rules.kinds``) proposes a :class:`Suggestion`: an ``action`` with its
day or its moves. What that action means everywhere is its :class:`SuggestionType`, declared in its own
module of ``organizer.core.suggestion_types``: the words of the card's one-click button, how the terminal
says it, whether "Accept suggestions" applies it without the rep (and then which steps' dates it changes),
and otherwise which of the window's flows opens its form, preset. The planner, the cards and the CLI read
the registry; none of them names an action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from organizer.core.dates import friendly
from organizer.core.domain import QuestionMark


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What to do about one question mark. ``date`` for reschedule / chase / schedule; ``moves`` for move."""

    action: str  # a declared SuggestionType's name
    date: dt.date | None = None
    moves: tuple[tuple[str, dt.date], ...] = ()

    @property
    def type(self) -> SuggestionType:
        return SUGGESTION_TYPES[self.action]

    @property
    def needs_words(self) -> bool:
        """Applied by "Accept suggestions" only when its type changes dates by itself; the rest need the rep."""
        return self.type.changes is None

    def to_json(self) -> dict[str, Any]:
        if self.moves:
            return {"action": self.action, "moves": [{"step": step, "date": d.isoformat()} for step, d in self.moves]}
        if self.date is None:
            return {"action": self.action}
        return {"action": self.action, "date": self.date.isoformat()}

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> Suggestion:
        """The inverse of :meth:`to_json` (a kept morning carries its suggestions)."""
        moves = tuple((str(m["step"]), dt.date.fromisoformat(m["date"])) for m in document.get("moves", ()))
        date = document.get("date")
        return cls(str(document["action"]), dt.date.fromisoformat(date) if date else None, moves)


@dataclass(frozen=True, slots=True)
class StepDate:
    """One change a wordless suggestion makes: a step's new date (``chase``: after a chase logged today)."""

    step: str
    due: dt.date
    chase: bool = False


@dataclass(frozen=True, slots=True)
class SuggestionType:
    """One kind of suggestion, everything every front end needs of it."""

    action: str
    label: Callable[[Suggestion, QuestionMark], str]  # the card's one-click button ("" hides it)
    describe: Callable[[Suggestion], str]  # how ``daymap plan`` says it
    # Wordless: the step dates it sets (Accept suggestions applies them, one undo). None: it needs the rep.
    changes: Callable[[Suggestion, QuestionMark], list[StepDate]] | None = None
    # Needing the rep: the window's flow that opens its form, preset (a key of MorningPage.resolutions), if any.
    flow: Callable[[QuestionMark], str | None] | None = None
    # Wordless: one line of the "Accept suggestions" preview, from the step named ("“Demo” (Acme)") and its day.
    preview: Callable[[str, dt.date], str] | None = None
    leaves_the_day: bool = False  # its steps leave the morning's day (that day's load drops)

    def preview_line(self, step: str, day: dt.date) -> str:
        if self.preview is not None:
            return self.preview(step, day)
        return f"{self.action.capitalize()} {step} — {friendly(day)}"


SUGGESTION_TYPES: dict[str, SuggestionType] = {}


def declare(declared: SuggestionType) -> SuggestionType:
    """Register a suggestion type (its module calls this once); it either changes dates or needs the rep."""
    if declared.changes is not None and declared.flow is not None:
        raise ValueError(f"suggestion {declared.action!r}: applied by itself (changes) or by the rep (flow), not both")
    if SUGGESTION_TYPES.get(declared.action, declared) != declared:
        raise ValueError(f"the suggestion type {declared.action!r} is declared twice")
    SUGGESTION_TYPES[declared.action] = declared
    return declared
