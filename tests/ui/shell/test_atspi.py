"""What a screen reader hears, read over AT-SPI from the running app (``make test-accessibility``).

The app runs from ``.venv`` on Xvfb with a private D-Bus planner and the AT-SPI bus; the
reader is Debian's pyatspi in the system Python (``tests/atspi_probe.py``), which selects
each page of the sidebar as a screen reader user would and lists what it finds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_module

pytestmark = pytest.mark.skipif(
    os.environ.get("DAYMAP_ATSPI_TEST") != "1", reason="needs Xvfb, D-Bus and the AT-SPI bus (make test)"
)

LANDMARKS = {  # a name each page shows: the probe really reached it
    "Today": "The day's steps",
    "Accounts": "Filter accounts by name or industry",
    "Insights": "Show the figures as a table",
}


def test_every_showing_focusable_object_of_every_page_has_a_name_and_cards_say_their_question_mark(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert run_module("--data-dir", str(data), "demo", "--accounts", "12", "--date", "2026-12-01").returncode == 0
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("QT_QPA_PLATFORM", None)  # a real X window on Xvfb: offscreen windows are not on the bus
    app = subprocess.Popen(
        [sys.executable, "main.py", "--data-dir", str(data), "--date", "2026-12-01"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        time.sleep(1)
        probe = subprocess.run(
            ["/usr/bin/python3", str(ROOT / "tests" / "atspi_probe.py"), "Daymap"],
            capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip
    finally:
        app.terminate()
        app.wait(30)
    assert probe.returncode == 0, probe.stderr[-2000:]
    report = json.loads(probe.stdout.strip().splitlines()[-1])
    assert report["unreachable"] == []
    assert report["objects"] > 100
    for page, missing in report["pages"].items():
        assert missing == [], page
    for page, landmark in LANDMARKS.items():
        assert landmark in report["named"][page], page
    assert report["cards"]
    assert all(card.startswith("Question mark ") and "Suggestion: " in card for card in report["cards"])
