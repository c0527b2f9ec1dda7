"""Daymap's pure core: domain, store, rules and the headless CLI.

Nothing in this package may import Qt or ``ui`` (checked by import-linter), so the
CLI, the tests and the benchmarks run without a display and start fast.
"""

__version__ = "0.1.0"
