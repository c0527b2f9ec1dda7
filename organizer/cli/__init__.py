"""The headless interface: ``python -m organizer`` (a contract: SPEC.md)."""
