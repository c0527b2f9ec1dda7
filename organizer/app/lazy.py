"""Names a module re-exports, imported when first asked for (PEP 562).

The front ends reach the core only through ``organizer.app``; its re-exports must not import
SQLAlchemy while the window draws its first frame from the kept morning, so each name is
imported from its home the first time it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(module: str, table: Mapping[str, tuple[str, str | None]]) -> Callable[[str], Any]:
    """A module ``__getattr__``: ``name`` → (its home module, its name there; None: the module itself)."""
    namespace = importlib.import_module(module).__dict__

    def get(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        home, attribute = table[name]
        found = importlib.import_module(home)
        if attribute is None:
            value: Any = found
        elif hasattr(found, attribute):
            value = getattr(found, attribute)
        else:  # a submodule not imported yet ("from organizer.app.transfer import crm")
            value = importlib.import_module(f"{home}.{attribute}")
        namespace[name] = value  # asked once: the next lookup finds it without this function
        return value

    return get
