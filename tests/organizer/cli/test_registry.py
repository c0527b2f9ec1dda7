"""The CLI's commands are declared once, beside their handlers, and act through the window's door."""

from __future__ import annotations

import pytest

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


def test_help_lists_the_commands_where_the_packaged_apps_help_is_the_windows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``daymap --help`` is the window's options; ``daymap help`` the commands, ``daymap help CMD`` one's."""
    from organizer.cli.main import main
    from ui.shell.app import build_parser

    assert "'daymap help' lists every command" in " ".join(build_parser().format_help().split())
    with pytest.raises(SystemExit) as done:
        main(["help"])
    assert done.value.code == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("export", "morning", "step", "set-aside"))
    with pytest.raises(SystemExit):
        main(["help", "ics"])
    assert "--days DAYS" in capsys.readouterr().out
