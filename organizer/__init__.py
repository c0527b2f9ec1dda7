"""Daymap's pure core: domain, store, rules and the headless CLI.

Nothing in this package may import Qt or ``ui`` (checked by import-linter), so the
CLI, the tests and the benchmarks run without a display and start fast.
"""

__version__ = "0.1.0"

# The CLI's command names, importable without SQLAlchemy: the ``daymap`` launcher uses them
# to decide between the CLI and the window before anything heavy is imported.
COMMAND_NAMES = (
    "import",
    "export",
    "morning",
    "brief",
    "demo",
    "insights",
    "ics",
    "csv",
    "report",
    "import-csv",
    "import-vcard",
    "backup",
    "backups",
    "restore",
    "check",
    "set-aside",
    "step",
    "calendar",
    "mail",
    "touch",
    "confirm",
    "plan",
    "team",
)
