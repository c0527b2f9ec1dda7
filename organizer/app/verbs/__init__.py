"""Every user action both front ends offer, each declared once in a module of this package (``@verb``).

The package finds its modules itself, so importing anything from it declares every verb. The terminal
(``organizer.cli.verbs``) makes a command of each; the window (``ui.shell.menus``, ``ui.shell.verbs``) a
menu action with its key, greyed where the write is refused. A new command with its menu action is the
feature's method, a ``@verb`` here, and its test.
"""

from __future__ import annotations

from organizer.app.verbs._verb import (
    VERBS,
    Document,
    Done,
    Outcome,
    Param,
    Place,
    Source,
    Values,
    Verb,
    reading,
    verb,
)
from organizer.core.declaring import import_declaring_modules

import_declaring_modules(__name__, __path__)

__all__ = ["VERBS", "Document", "Done", "Outcome", "Param", "Place", "Source", "Values", "Verb", "reading", "verb"]
