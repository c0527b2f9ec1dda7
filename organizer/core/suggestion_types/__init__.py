"""Each kind of suggestion, declared once in its own module of this package (``declare(SuggestionType(…))``).

The package finds its modules itself, so importing anything from it declares every type; the planner
(what "Accept suggestions" applies), the cards (their buttons and forms) and ``daymap plan`` read
:data:`SUGGESTION_TYPES`. A new suggestion is a module here, its kind's ``suggest`` returning it, and its test.
"""

from __future__ import annotations

from organizer.core.declaring import import_declaring_modules
from organizer.core.suggestion_types._type import (
    SUGGESTION_TYPES,
    StepDate,
    Suggestion,
    SuggestionType,
    declare,
)

import_declaring_modules(__name__, __path__)

__all__ = ["SUGGESTION_TYPES", "StepDate", "Suggestion", "SuggestionType", "declare"]
