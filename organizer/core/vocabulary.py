"""The words a plan is made of (SPEC.md): an account's stages, a person's roles, a goal's and a step's
statuses, a touch's channels. Declared once, here: the exchange format checks against them, the forms
offer them, and the database's CHECK constraints derive from them (``store/models.py``)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    PROSPECT = "prospect"
    CLIENT = "client"
    FORMER = "former"


class Role(StrEnum):
    DECISION_MAKER = "decision-maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    OTHER = "other"


class GoalStatus(StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class StepStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Channel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"
    LUNCH = "lunch"
    MEETING = "meeting"
    LETTER = "letter"
    SOCIAL = "social"
    NEWSLETTER = "newsletter"
    TRAINING = "training"
    OTHER = "other"


ACTIVE_STAGES = (Stage.PROSPECT.value, Stage.CLIENT.value)


def words(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    """A vocabulary's words, in its order (what a CHECK constraint or a choice allows)."""
    return tuple(member.value for member in vocabulary)
