"""What a screen reader gets from the running app, read over AT-SPI (run with the system Python, which has pyatspi).

    /usr/bin/python3 tests/atspi_probe.py APP_NAME

Finds the application on the accessibility bus, then for each page of the sidebar (selected
over AT-SPI, as a screen reader user would) lists every showing, focusable object that has
no name. Prints one JSON object: {"pages": {page: [unnamed …]}, "named": {page: [names shown]},
"cards": [card names], "objects": n, "unreachable": [pages]}; exit 0 when it found the app.
The test (tests/ui/shell/test_atspi.py) judges it.
Standard library and pyatspi only.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi  # type: ignore[import-not-found]  # Debian's python3-pyatspi: the system Python has it

PAGES = ("Morning", "Today", "Accounts", "Plan map", "Insights")


def find_app(name: str, timeout: float = 60.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            child = desktop.getChildAtIndex(index)
            if child is not None and child.name == name:
                return child
        time.sleep(0.5)
    raise SystemExit(f"no application named {name!r} on the accessibility bus")


def walk(node: object, found: list[object], depth: int = 0) -> None:
    if node is None or depth > 60:
        return
    found.append(node)
    for index in range(node.childCount):  # type: ignore[attr-defined]
        walk(node.getChildAtIndex(index), found, depth + 1)  # type: ignore[attr-defined]


def showing(node: object) -> bool:
    state = node.getState()  # type: ignore[attr-defined]
    return bool(state.contains(pyatspi.STATE_SHOWING))


def focusable(node: object) -> bool:
    return bool(node.getState().contains(pyatspi.STATE_FOCUSABLE))  # type: ignore[attr-defined]


def unnamed(app: object) -> tuple[list[str], list[str], int, list[str]]:
    nodes: list[object] = []
    walk(app, nodes)
    missing, cards, names = [], [], []
    for node in nodes:
        if not showing(node):
            continue
        name = (node.name or "").strip()  # type: ignore[attr-defined]
        role = node.getRoleName()  # type: ignore[attr-defined]
        if name and role not in ("table cell", "tree item", "list item", "label"):
            names.append(name)
        if name.startswith("Question mark "):
            cards.append(name)
        # A table's cells are named by their text; an empty cell is not a control.
        if focusable(node) and not name and role not in ("table cell", "tree item", "list item"):
            missing.append(f"{role} in {(node.parent.getRoleName() if node.parent else '?')}")  # type: ignore[attr-defined]
    return missing, cards, len(nodes), names


def select_page(app: object, page: str) -> bool:
    nodes: list[object] = []
    walk(app, nodes)
    for node in nodes:
        if node.name == "Pages" and node.getRoleName() == "list":  # type: ignore[attr-defined]
            for index in range(node.childCount):  # type: ignore[attr-defined]
                if node.getChildAtIndex(index).name.strip().startswith(page):  # type: ignore[attr-defined]
                    node.querySelection().selectChild(index)  # type: ignore[attr-defined]
                    time.sleep(1.0)
                    return True
    return False


def main() -> int:
    app = find_app(sys.argv[1] if len(sys.argv) > 1 else "Daymap")
    time.sleep(2.0)  # the first frame, then the store attached
    report: dict[str, object] = {"pages": {}, "cards": [], "objects": 0, "unreachable": [], "named": {}}
    for page in PAGES:
        if not select_page(app, page):
            report["unreachable"].append(page)  # type: ignore[union-attr]
            continue
        missing, cards, count, names = unnamed(app)
        report["pages"][page] = missing  # type: ignore[index]
        report["named"][page] = names  # type: ignore[index]
        report["objects"] = max(int(report["objects"]), count)  # type: ignore[call-overload]
        if page == "Morning":
            report["cards"] = cards
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
