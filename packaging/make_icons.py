"""Render the app icon from resources/icons/app.svg for every platform's installer.

    python packaging/make_icons.py OUTDIR   → daymap-{16..512}.png, daymap.ico, daymap.icns

Qt draws the SVG (QtSvg) and writes ICO/ICNS through its image-format plugins, so
no other imaging tool is needed on the build machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    _app = QGuiApplication([])
    out.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "app.svg"))
    if not renderer.isValid():
        print("make_icons: resources/icons/app.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        if not render(renderer, size).save(str(out / f"daymap-{size}.png")):
            print(f"make_icons: could not write the {size} px PNG", file=sys.stderr)
            return 1
    # ICO holds up to 256 px; ICNS wants the large sizes. Each plugin picks the image it is given.
    if not render(renderer, 256).save(str(out / "daymap.ico")):
        print("make_icons: could not write daymap.ico (Qt's ico image plugin)", file=sys.stderr)
        return 1
    if not render(renderer, 512).save(str(out / "daymap.icns")):
        print("make_icons: could not write daymap.icns (Qt's icns image plugin)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "icons"))
