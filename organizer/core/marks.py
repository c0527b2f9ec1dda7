"""What every kind of question mark shows: its words, its icon, its place and the ways to resolve it.

A kind is declared once, in its own module of ``organizer.rules.kinds`` (its statement, how its
rows become marks, its suggestion and the :class:`MarkSpec` here); declaring it registers its
spec, and the cards, the summary line, the weekly report and the icons all read it from
:data:`MARKS`. Kinds are the SPEC's names (``"overdue-step"`` …), plain strings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MarkKind = str  # "overdue-step": a kind's name in SPEC.md, in ``morning --json`` and on the wire


@dataclass(frozen=True, slots=True)
class MarkSpec:
    kind: MarkKind
    one: str  # "1 overdue step"
    many: str  # "3 overdue steps"
    report: str  # the weekly report's column word
    icon: str  # resources/icons/ICON.svg
    resolutions: tuple[tuple[str, str], ...]  # (action key, button label), the first the usual one
    about: str  # what it asks about: "step", "promise", "waiting", "account", "goal", "renewal", "touch", "day"

    def count(self, number: int) -> str:
        return f"{number} {self.one if number == 1 else self.many}"


MARKS: dict[MarkKind, MarkSpec] = {}  # filled as organizer.rules.kinds declares each kind

# The order of the kinds, each written once: a new kind takes its place here by its name, and no sibling moves.
MORNING_ORDER: tuple[MarkKind, ...] = (  # the morning's cards, most urgent first
    "calendar-conflict", "over-capacity", "promise-overdue", "waiting-overdue", "overdue-step",
    "no-next-step", "goal-without-step", "renewal-unplanned", "out-of-touch",
)  # fmt: skip
SUGGESTION_ORDER: tuple[MarkKind, ...] = (  # the order suggestions are made in (SPEC.md "Suggestions")
    "calendar-conflict", "promise-overdue", "overdue-step", "waiting-overdue", "no-next-step",
    "goal-without-step", "out-of-touch", "renewal-unplanned", "over-capacity",
)  # fmt: skip


def declare(spec: MarkSpec) -> MarkSpec:
    """Register a kind (its module calls this once, at import)."""
    if spec.kind not in MORNING_ORDER or spec.kind not in SUGGESTION_ORDER:
        raise ValueError(f"the question-mark kind {spec.kind!r} has no place in MORNING_ORDER and SUGGESTION_ORDER")
    if spec.kind in MARKS and MARKS[spec.kind] != spec:
        raise ValueError(f"the question-mark kind {spec.kind!r} is declared twice")
    MARKS[spec.kind] = spec
    return spec


def summary_by_kind(kinds: Iterable[MarkKind]) -> str:
    """ "3 overdue steps · 1 promise overdue · …": a morning's marks at a glance, in the order given."""
    return " · ".join(MARKS[kind].count(n) for kind, n in Counter(kinds).items())


STEP_RESOLUTIONS = (("reschedule", "Reschedule…"), ("done", "Done…"), ("drop", "Drop…"))
