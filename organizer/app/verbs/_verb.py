"""What a verb is: one user action, declared once, that the terminal and the window both offer.

A verb names the planner's feature it calls and everything a front end needs to offer it: its words, its
help, its parameters (typed, so the CLI makes arguments of them and the window knows how to ask for each:
a file dialog for a file, the day it shows for a date, a menu's preset for the rest), where the window puts
it (a spot in a menu, a key, an icon), whether it writes, and what it gives back (a document to save, or a sentence
saying what it did). ``organizer.cli`` builds its parser and its handlers from :data:`VERBS`;
``ui.shell.menus`` and ``ui.shell.verbs`` build the menus, the keys, the greying and the one way to run them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from organizer.formats.registry import FileKind

if TYPE_CHECKING:
    from organizer.app.planner import Planner

Kind = Literal["file_in", "file_out", "date", "whole", "choice", "text", "flag", "account"]
Writes = Literal["", "plan", "settings"]
Values = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Source:
    """A file a verb reads: its name, as the rep named it, and its bytes (read by the front end)."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Param:
    """One thing a verb is given. ``flags`` empty: a positional argument of the CLI. An ``account`` is its id or
    name on the command line, and in the window the account whose plan map is open."""

    name: str
    kind: Kind
    help: str
    flags: tuple[str, ...] = ()
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] = (0, 0)  # a whole number's lowest and highest
    files: tuple[FileKind, ...] = ()  # a file's kinds, in its dialog's filter (the first is the default)
    suggest: Callable[[Planner, Values], str] | None = None  # a saved file's suggested name
    shown_day: bool = False  # a date: in the window, the day its Today page shows (else the planner's today)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the window offers a verb: a spot its menus name (``ui.shell.menus`` ``Placed("export")``), its
    words, key and icon, and the values it presets (Calendar: the next 7 days is ``ics`` with ``days=7``)."""

    section: str
    words: str
    key: str | None = None
    icon: str = ""
    preset: Mapping[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The words as a dialog's title: "Calendar: the next 7 days (.ics)"."""
        return self.words.replace("&", "").rstrip("…")


@dataclass(frozen=True, slots=True)
class Document:
    """A verb's answer that is a file for another program: the bytes, and what to call it ("The calendar")."""

    data: bytes
    what: str
    html: bool = False  # an HTML page: the window may print it as a PDF instead
    title: str = ""  # the printed PDF's title


@dataclass(frozen=True, slots=True)
class Done:
    """A verb's answer that is a change: the sentence that says what it did."""

    message: str


Outcome = Document | Done
Run = Callable[["Planner", Values], Outcome]


@dataclass(frozen=True, slots=True)
class Verb:
    name: str  # the CLI's command ("ics", "import"); the window runs a verb by it
    help: str
    params: tuple[Param, ...]
    run: Run
    writes: Writes = ""  # greyed in the window where the role or the store refuses that write
    places: tuple[Place, ...] = ()
    ask: Callable[[Planner, Values], str | None] | None = None  # the window's question before it runs, if any
    failed: str = "Nothing was written."  # what the window says above the reason when it fails

    @property
    def input(self) -> Param | None:
        """The file the verb reads, if it reads one."""
        return next((param for param in self.params if param.kind == "file_in"), None)

    @property
    def output(self) -> Param | None:
        """The file a document is saved to, if the verb makes one."""
        return next((param for param in self.params if param.kind == "file_out"), None)


VERBS: dict[str, Verb] = {}


def reading(path: object) -> tuple[Verb, Param] | None:
    """The verb that imports a file like ``path`` (by its kinds' suffixes), and its parameter: where a file
    dropped on the window goes."""
    for declared in VERBS.values():
        param = declared.input
        if param is not None and any(kind.matches(str(path)) for kind in param.files):
            return declared, param
    return None


def verb(
    name: str,
    help_text: str,
    *params: Param,
    writes: Writes = "",
    places: tuple[Place, ...] = (),
    ask: Callable[[Planner, Values], str | None] | None = None,
    failed: str = "Nothing was written.",
) -> Callable[[Run], Run]:
    """Declare a verb over the function that calls its feature (``run(planner, values) -> Outcome``)."""

    def register(run: Run) -> Run:
        if name in VERBS:
            raise ValueError(f"the verb {name!r} is declared twice")
        VERBS[name] = Verb(name, help_text, params, run, writes, places, ask, failed)
        return run

    return register


# --- parameters, as the verbs' modules declare them ---------------------------------------------------


def file_in(*kinds: FileKind, help_text: str, name: str = "file") -> Param:
    """A file to read: a positional argument (``-``: standard input), an open dialog in the window."""
    return Param(name, "file_in", help_text, files=kinds, required=True)


def file_out(
    *kinds: FileKind,
    suggest: Callable[[Planner, Values], str],
    help_text: str,
    name: str = "output",
    flags: tuple[str, ...] = ("-o", "--output"),
    default: str | None = None,
) -> Param:
    """A file to write (``-``: standard output): required unless it has a default; a save dialog in the window."""
    return Param(name, "file_out", help_text, flags, default, default is None and bool(flags), files=kinds,
                 suggest=suggest)  # fmt: skip


def day(help_text: str, *, name: str = "date", flags: tuple[str, ...] = ("--date",), shown: bool = False) -> Param:
    return Param(name, "date", help_text, flags, shown_day=shown)


def whole(flag: str, low: int, high: int, help_text: str = "", *, default: int | None = None) -> Param:
    return Param(flag.lstrip("-").replace("-", "_"), "whole", help_text, (flag,), default, default is None,
                 bounds=(low, high))  # fmt: skip


def choice(name: str, choices: tuple[str, ...], help_text: str = "", *, flag: str = "", default: str = "") -> Param:
    return Param(name, "choice", help_text, (flag,) if flag else (), default or None, not default and bool(flag),
                 choices)  # fmt: skip


def text(flag: str, help_text: str) -> Param:
    return Param(flag.lstrip("-").replace("-", "_"), "text", help_text, (flag,))
