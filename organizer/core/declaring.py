"""Registries that need no list of their members: a package whose modules each declare something (a verb, a
command, a kind of suggestion) imports them all by walking itself, so a new module is found as it is."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Container, Iterable


def import_declaring_modules(package: str, path: Iterable[str], skip: Container[str] = ()) -> None:
    """Import every module of ``package`` (its ``__path__``), in name order, but private ones and ``skip``."""
    for name in sorted(info.name for info in pkgutil.iter_modules(path)):
        if not name.startswith("_") and name not in skip:
            importlib.import_module(f"{package}.{name}")
