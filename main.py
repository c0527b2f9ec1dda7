"""Daymap's GUI entry: ``python main.py`` (also what PyInstaller freezes)."""

import sys

from ui.shell.launcher import main

if __name__ == "__main__":
    sys.exit(main())
