"""Each kind of question mark, declared once: its words, its icon and the ways to resolve it.

A new kind is a ``MarkKind`` member, one ``MarkSpec`` here and its SQL in ``organizer.plan.rules``
(plus, when it has one, its suggestion in ``organizer.plan.suggestions``); the morning's cards,
the summary line, the weekly report and the icons all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.domain import MarkKind


@dataclass(frozen=True, slots=True)
class MarkSpec:
    kind: MarkKind
    one: str  # "1 overdue step"
    many: str  # "3 overdue steps"
    report: str  # the weekly report's column word
    icon: str  # resources/icons/ICON.svg
    resolutions: tuple[tuple[str, str], ...]  # (action key, button label), the first the usual one

    def count(self, number: int) -> str:
        return f"{number} {self.one if number == 1 else self.many}"


_STEP = (("reschedule", "Reschedule…"), ("done", "Done…"), ("drop", "Drop…"))

MARKS: dict[MarkKind, MarkSpec] = {
    spec.kind: spec
    for spec in (
        MarkSpec(MarkKind.OVER_CAPACITY, "day over capacity", "days over capacity", "over capacity", "capacity",
                 (("trim", "Trim today…"),)),
        MarkSpec(MarkKind.PROMISE_OVERDUE, "promise overdue", "promises overdue", "promise overdue", "promise",
                 (("renegotiate", "New date…"), *_STEP)),
        MarkSpec(MarkKind.WAITING_OVERDUE, "waiting item to chase", "waiting items to chase", "chase", "waiting",
                 (("chase", "Chase…"), ("done", "Received…"), ("drop", "Drop…"))),
        MarkSpec(MarkKind.OVERDUE_STEP, "overdue step", "overdue steps", "overdue step", "overdue", _STEP),
        MarkSpec(MarkKind.NO_NEXT_STEP, "account without a next step", "accounts without a next step",
                 "no next step", "next-step", (("schedule", "Schedule next step…"),)),
        MarkSpec(MarkKind.GOAL_WITHOUT_STEP, "goal without a step", "goals without a step", "goal without a step",
                 "goal", (("schedule", "Add a step…"), ("achieve", "Achieved"), ("drop-goal", "Drop goal"))),
        MarkSpec(MarkKind.RENEWAL_UNPLANNED, "renewal to plan", "renewals to plan", "renewal unplanned", "renewal",
                 (("renewal", "Plan the renewal…"),)),
        MarkSpec(MarkKind.OUT_OF_TOUCH, "client out of touch", "clients out of touch", "out of touch", "touch",
                 (("touch", "Log a touch…"),)),
    )
}  # fmt: skip
