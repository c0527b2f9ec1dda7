"""Each kind of suggestion, declared once in its own module of this package (``declare(SuggestionType(…))``).

The package finds its modules itself, so importing anything from it declares every type; the planner
(what "Accept suggestions" applies), the cards (their buttons and forms) and ``daymap plan`` read
:data:`SUGGESTION_TYPES`. A new suggestion is a module here, its kind's ``suggest`` returning it, and its test.
"""

from __future__ import annotations

import importlib
import pkgutil

from organizer.core.suggestion_types._type import (
    SUGGESTION_TYPES,
    StepDate,
    Suggestion,
    SuggestionType,
    declare,
)

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    if not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["SUGGESTION_TYPES", "StepDate", "Suggestion", "SuggestionType", "declare"]
