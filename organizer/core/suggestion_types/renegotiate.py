"""renegotiate: a promise with no room soon is not pushed out by a click; the rep asks the person for a
new date (the renegotiate form logs the call and moves the promise)."""

from __future__ import annotations

from organizer.core.suggestion_types._type import SuggestionType, declare

declare(SuggestionType(
    "renegotiate",
    label=lambda _s, mark: f"Ask {(mark.contact_name or '').split(' ')[0] or 'them'} for a new date…",
    describe=lambda _s: "ask them for a new date, then log it",
    flow=lambda _mark: "renegotiate",
))  # fmt: skip
