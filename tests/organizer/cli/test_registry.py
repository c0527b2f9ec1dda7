"""The CLI's commands are declared once, beside their handlers, and act through the window's door."""

from __future__ import annotations

from organizer.cli import registry


def test_every_command_acts_through_the_planner_but_those_that_administer_the_store_itself() -> None:
    registry.load()
    outside = {declared.name: declared.needs for declared in registry.COMMANDS.values() if declared.needs != "planner"}
    assert outside == {
        "backup": "location", "backups": "location", "check": "location", "restore": "location",
        "set-aside": "location",  # the file itself: these must work on a store that will not open
        "team init": "store", "team add-rep": "store",  # the server's schema and roles, before any plan is there
    }  # fmt: skip


def test_a_new_module_of_commands_is_found_without_a_list() -> None:
    """``registry.load`` walks the package: every module that declares a command is imported by it."""
    registry.load()
    modules = {declared.run.__module__ for declared in registry.COMMANDS.values()}
    declaring = ("calendar", "commands", "mail", "planning", "store_file", "team", "verbs")
    assert modules == {f"organizer.cli.{name}" for name in declaring}
