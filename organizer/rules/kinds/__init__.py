"""Each kind of question mark, declared once in its own module of this package.

A module calls :func:`rule` with the kind's :class:`~organizer.core.marks.MarkSpec` (words, icon,
resolutions; its place in the morning and among the suggestions is its name in ``core.marks``' two
orders), where its marks come from
(its own SQL statement and what its rows mean, the overdue steps, or the day's load) and its
suggestion. The rules (``evaluate.STATEMENTS``), the compiled first-read statements
(``make rules``), the suggestions, the morning's order and every view derive from the
registry; a new kind is a new module here and its icon. Modules are found by walking the
package, so the list is not written anywhere else (PyInstaller collects them: build.spec).
"""

from __future__ import annotations

import importlib
import pkgutil

from organizer.core.marks import MORNING_ORDER, SUGGESTION_ORDER
from organizer.rules.kinds._rule import RULES, Rule, rule

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    if not _module.startswith("_"):
        importlib.import_module(f"{__name__}.{_module}")

SHOWN = [RULES[kind] for kind in MORNING_ORDER if kind in RULES]  # the morning's order
SUGGESTED = [RULES[kind] for kind in SUGGESTION_ORDER if kind in RULES]  # the order suggestions are made in

__all__ = ["RULES", "SHOWN", "SUGGESTED", "Rule", "rule"]
