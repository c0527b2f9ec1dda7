"""Which tests read the clock: the dated runs of ``make test`` pin those alone.

Under ``time_machine.travel`` every read of the clock (``date.today()``, ``datetime.now()``,
``time.time()``) asks the traveller for the time. Noting the running test whenever the reader is
Daymap's own code (or a test's) names exactly the tests whose answer could depend on the day; a
test that pins its own clock travels again and is not noted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def noting(folder: Path | None, root: Path) -> Iterator[None]:
    """While inside, note each test whose code reads the clock; at the end write them to ``folder``."""
    if folder is None:
        yield
        return
    import time_machine

    traveller = time_machine.traveller_stack[-1]
    read: Callable[[], int] = traveller.time_ns
    ours = (str(root / "organizer"), str(root / "ui"), str(root / "tests"))
    # The store's daily backup stamps its file with the wall clock whatever day is planned; its
    # rotation is tested with ``now`` passed in. Counting it would call every test with a store dated.
    housekeeping = tuple(
        str(root / path) for path in ("organizer/store/backup.py", "tests/conftest.py", "tests/clock_log.py")
    )
    noted: set[str] = set()

    def time_ns() -> int:
        caller = sys._getframe(1).f_code.co_filename
        if caller.startswith(ours) and not caller.endswith(housekeeping):
            test = os.environ.get("PYTEST_CURRENT_TEST", "")
            if test:
                noted.add(test.rsplit(" (", 1)[0])
        return read()

    traveller.time_ns = time_ns  # type: ignore[method-assign]  # the one hook time-machine offers
    try:
        yield
    finally:
        traveller.time_ns = read  # type: ignore[method-assign]
        folder.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        (folder / f"{worker}.txt").write_text("".join(f"{test}\n" for test in sorted(noted)))


def tests_noted(folder: Path) -> list[str]:
    """Every test some worker noted."""
    return sorted({line for path in folder.glob("*.txt") for line in path.read_text().splitlines() if line})


def main(argv: list[str]) -> int:
    """Print pytest's arguments for the dated runs: the noted tests, else every test but the slow (never
    those that talk to a server the suite starts: run once)."""
    folder = Path(argv[0])
    noted = tests_noted(folder) if folder.is_dir() else []
    print("\n".join([*noted, "-m", "not servers"]) if noted else "-m\nnot slow and not servers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
