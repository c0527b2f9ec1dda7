"""Files into the store: an exchange file, and the generated sample territory. Each is one action, all or
nothing, one undo entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.verbs._verb import Done, Place, Values, day, file_in, verb, whole
from organizer.core.domain import SAMPLE_ACCOUNTS
from organizer.formats import registry as file_kinds

if TYPE_CHECKING:
    from organizer.app.planner import Planner

MAX_SAMPLE_ACCOUNTS = 20_000


@verb(
    "import",
    "merge an exchange-format file into the store (all or nothing)",
    file_in(file_kinds.DAYMAP, help_text="the file, or - for standard input"),
    writes="plan",
    places=(Place("import", file_kinds.DAYMAP.menu, "Ctrl+I"),),
    failed="Nothing was imported.",
)
def import_document(planner: Planner, values: Values) -> Done:
    source = values["file"]
    result = planner.documents.import_json(source.data, source.name)
    return Done(f"Imported {source.name}: {result.summary()}.")


def _asks_first(planner: Planner, values: Values) -> str | None:
    """A store with accounts already: the window asks before it adds made-up ones."""
    return f"Add {values['accounts']} made-up accounts to this store?" if planner.count_accounts() else None


@verb(
    "demo",
    "add a generated, realistic territory",
    whole("--accounts", 1, MAX_SAMPLE_ACCOUNTS),
    whole("--seed", -(2**63), 2**63 - 1, default=1),
    day("the territory is built around this day (default: today)"),
    writes="plan",
    places=(Place("try", "A &sample territory to try Daymap", preset={"accounts": SAMPLE_ACCOUNTS, "seed": 7}),),
    ask=_asks_first,
)
def demo(planner: Planner, values: Values) -> Done:
    result = planner.documents.load_sample(values["accounts"], values["seed"])
    return Done(f"Sample territory (seed {values['seed']}): {result.summary()}.")
