"""Render the README's screenshots with ``main.py --screenshot`` on the sample territory.

.venv/bin/python scripts/screenshots.py    (or: make screenshots)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DATE = "2026-11-24"
BUSY_DATE = "2026-11-27"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from organizer.rules.evaluate import as_date
    from organizer.rules.queries import account_summaries
    from organizer.store.database import open_store

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        python = sys.executable
        subprocess.run(
            [
                python,
                "-m",
                "organizer",
                "--data-dir",
                str(data),
                "demo",
                "--accounts",
                "25",
                "--seed",
                "7",
                "--date",
                DATE,
            ],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        with open_store(data_dir=data) as store, store.read() as planner:
            summaries = account_summaries(planner, as_date(DATE) or None)  # type: ignore[arg-type]
            pick = next(s for s in summaries if s.stage == "client" and not s.archived and s.next_step_due)
        for name, view in (
            ("morning", "morning"),
            ("today", "today"),
            ("accounts", "accounts"),
            ("plan-map", f"plan:{pick.id}"),
            ("insights", "insights"),
        ):
            subprocess.run(
                [
                    python,
                    "main.py",
                    "--data-dir",
                    str(data),
                    "--date",
                    DATE,
                    "--view",
                    view,
                    "--screenshot",
                    str(OUT / f"{name}.png"),
                ],
                check=True,
                cwd=ROOT,
            )
            print(OUT / f"{name}.png")
        report_page(python, data)
        # the dialogs on the 40-account territory: a Friday with its day over capacity
        busy = Path(folder) / "busy"
        demo = [python, "-m", "organizer", "--data-dir", str(busy), "demo", "--accounts", "40", "--seed", "3"]
        subprocess.run([*demo, "--date", BUSY_DATE], check=True, cwd=ROOT, capture_output=True)
        subprocess.run([python, "scripts/dialog_screenshots.py", str(busy), BUSY_DATE, str(OUT)], check=True, cwd=ROOT)
    from tests import postgres

    if postgres.available():  # the Team page needs a server: a throwaway cluster (make system-deps-test installs it)
        subprocess.run([python, "scripts/team_screenshot.py", str(OUT)], check=True, cwd=ROOT)
    return 0


def report_page(python: str, data: Path) -> None:
    """The weekly report as the app prints it (QTextDocument → PDF), its first page rendered by pdftoppm."""
    html = subprocess.run(
        [python, "-m", "organizer", "--data-dir", str(data), "report", "--format", "html", "--date", DATE],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    pdf = data / "report.pdf"
    script = (
        "import sys; from pathlib import Path; from PySide6.QtWidgets import QApplication; "
        "from ui.reports import html_to_pdf; app = QApplication([]); "
        "html_to_pdf(sys.stdin.read(), Path(sys.argv[1]), 'Territory report')"
    )
    subprocess.run([python, "-c", script, str(pdf)], input=html, text=True, check=True, cwd=ROOT)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(OUT / "report-page")],
        check=True,
    )
    print(OUT / "report-page.png")


if __name__ == "__main__":
    sys.exit(main())
