"""The packaging test: install the .deb as IT would, run the installed app as a user would, remove it.

    make package-test        (builds the app and the .deb first; needs root for apt-get)

1. ``apt-get install ./dist/daymap_*.deb`` on this machine;
2. from another folder, with a bare environment (``env -i PATH=/usr/bin:/bin LANG=C.UTF-8
   QT_QPA_PLATFORM=offscreen``) and a fresh data folder: ``daymap demo``, ``daymap morning --json``,
   ``daymap --screenshot`` (a PNG that is not blank), the store's permissions;
3. the start time of the packaged app next to the source app's, measured in this run;
4. ``apt-get remove daymap``: the program is gone, the data is still there and still opens.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen"}
DAY = "2026-11-24"


class PackageTestError(Exception):
    """A step of the packaging test failed; the message says which and what it printed."""


def run(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        output = result.stdout[-2000:] + result.stderr[-2000:]
        raise PackageTestError(f"{' '.join(command)} exited {result.returncode}:\n{output}")
    return result.stdout


def check(condition: bool, what: str) -> None:
    if not condition:
        raise PackageTestError(what)
    print(f"  ok  {what}")


def apt(*args: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        run(["apt-get", "-y", "-qq", *args], env=env)
    except PackageTestError:
        run(["apt-get", "update", "-qq"], env=env)  # a machine whose package lists are stale or empty
        run(["apt-get", "-y", "-qq", *args], env=env)


def not_blank(png: Path) -> bool:
    """More than a handful of colours, and text-dark pixels: a window was drawn, with glyphs."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(str(png))
    if image.isNull() or image.width() < 400:
        return False
    colours: set[int] = set()
    dark = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            pixel = image.pixel(x, y)
            colours.add(pixel)
            if (pixel & 0xFF) + ((pixel >> 8) & 0xFF) + ((pixel >> 16) & 0xFF) < 200:
                dark += 1
    return len(colours) > 50 and dark > 200


def start_times(command: list[str], env: dict[str, str], kept: Path | None, runs: int = 5) -> float:
    """Median wall time to the morning view painted (the app exits right after it), in seconds.

    ``kept``: the kept-morning file to remove before each start (the morning computed); None
    to start from the morning kept at the last close (one start closed first keeps it).
    """
    if kept is None:
        run(command, env={**env, "DAYMAP_EXIT_AFTER": "closed"})
    times = []
    for _ in range(runs):
        if kept is not None:
            kept.unlink(missing_ok=True)
        started = time.perf_counter()
        run(command, env={**env, "DAYMAP_EXIT_AFTER": "morning"})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    if os.geteuid() != 0:
        print("test_package: installing a .deb needs root (run it as root, or in CI)", file=sys.stderr)
        return 1
    debs = sorted((ROOT / "dist").glob("daymap_*.deb"))
    if not debs:
        print("test_package: no dist/daymap_*.deb: run `make package` first", file=sys.stderr)
        return 1
    deb = debs[-1]
    files = (p for p in (ROOT / "dist" / "Daymap").rglob("*") if p.is_file() and not p.is_symlink())
    size_mib = sum(p.stat().st_size for p in files) / 2**20
    print(f"Installing {deb.name} ({deb.stat().st_size / 2**20:.1f} MiB; onedir {size_mib:.0f} MiB)")
    apt("install", "--reinstall", str(deb))
    work = Path(tempfile.mkdtemp(prefix="daymap-package-test-"))
    try:
        data = work / "data"
        daymap = shutil.which("daymap", path="/usr/bin:/bin")
        check(daymap == "/usr/bin/daymap", f"`daymap` is on PATH ({daymap})")
        check(Path("/usr/share/applications/daymap.desktop").exists(), "the menu entry is installed")
        check(Path("/usr/share/icons/hicolor/256x256/apps/daymap.png").exists(), "the icon is installed")
        store = ["--data-dir", str(data)]
        run(["daymap", *store, "demo", "--accounts", "6", "--seed", "3", "--date", DAY], env=BARE, cwd=work)
        morning = json.loads(run(["daymap", *store, "morning", "--date", DAY, "--json"], env=BARE, cwd=work))
        check(morning["date"] == DAY and isinstance(morning["question_marks"], list), "`daymap morning --json` works")
        check(os.stat(data).st_mode & 0o777 == 0o700, "the data folder is 0700")
        check(os.stat(data / "daymap.sqlite3").st_mode & 0o777 == 0o600, "the store is 0600")
        shot = work / "morning.png"
        run(["daymap", *store, "--date", DAY, "--screenshot", str(shot), "--view", "morning"], env=BARE, cwd=work)
        drawn = shot.exists() and not_blank(shot)
        check(drawn, f"`daymap --screenshot` draws the window ({shot.stat().st_size} bytes)")

        # What the package takes from the system works: the system's libpq (team mode) and HTTP without HTTP/3.
        team = subprocess.run(["daymap", "--db", "postgresql://nobody@127.0.0.1:1/none", "morning"],
                              env=BARE, cwd=work, capture_output=True, text=True, timeout=120)  # fmt: skip
        check("cannot be reached" in team.stderr, f"team mode loads the system's libpq ({team.stderr.strip()})")
        calendar = subprocess.run(["daymap", *store, "calendar", "connect", "http://127.0.0.1:1/"],
                                  env={**BARE, "DAYMAP_KEYRING": "0"}, cwd=work, capture_output=True, text=True,
                                  timeout=120)  # fmt: skip
        check("cannot be reached" in calendar.stderr, f"the CalDAV client runs ({calendar.stderr.strip()})")

        kept = data / "daymap.kept-morning.json"
        for label, path in (("computed", kept), ("from the kept morning", None)):
            env = {**BARE, "HOME": str(work)}
            packaged = start_times(["daymap", *store], env, path)
            source = start_times([sys.executable, str(ROOT / "main.py"), *store], env, path)
            print(
                f"  start to the morning view painted, {label} (median of 5): "
                f"packaged {packaged:.2f} s, source {source:.2f} s"
            )

        kept.unlink(missing_ok=True)  # nothing kept: the packaged start reads the morning without SQLAlchemy
        first = subprocess.run(
            ["daymap", *store],
            env={**BARE, "HOME": str(work), "DAYMAP_EXIT_AFTER": "morning"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        probe = first.stderr.strip().splitlines()[-1:] or ["(nothing)"]
        check(
            first.returncode == 0 and "sqlalchemy=False morning=ahead" in first.stderr,
            f"the packaged app computes the first morning ahead with the compiled rules ({probe[0]})",
        )

        before = run(["daymap", *store, "export", "-"], env=BARE, cwd=work)
        apt("remove", "daymap")
        check(shutil.which("daymap", path="/usr/bin:/bin") is None, "after removal `daymap` is gone")
        check(not Path("/opt/daymap").exists(), "after removal /opt/daymap is gone")
        check((data / "daymap.sqlite3").exists(), "after removal the data is still there")
        after = run([sys.executable, "-m", "organizer", *store, "export", "-"], cwd=ROOT)
        check(after == before, "and it still opens, unchanged")
    except PackageTestError as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("The package installs, runs from a bare environment, and uninstalls without touching data.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
