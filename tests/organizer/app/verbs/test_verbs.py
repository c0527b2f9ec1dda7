"""A verb is declared once: the terminal makes a command of it, with arguments from its parameters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from organizer.app.verbs import VERBS, Document, Done, Place, Values, verb
from organizer.app.verbs._verb import choice, file_out
from organizer.cli import registry
from organizer.formats import registry as file_kinds
from tests.conftest import Cli


@contextmanager
def figures_verb(writes: bool = False) -> Iterator[str]:
    """A new verb, as a newcomer writes it over a feature the planner has: its declaration is all there is.

    ``writes``: the verb adds a sample of three accounts instead (a write, greyed where writes are refused).
    """
    name = "figures-file"
    shape = choice("shape", ("json", "lines"), "how they are written", flag="--shape", default="json")
    output = file_out(file_kinds.DAYMAP, help_text="the file, or - for standard output",
                      suggest=lambda _planner, _values: "figures.json")  # fmt: skip

    @verb(
        name,
        "the insights' figures as a file",
        *((shape,) if writes else (shape, output)),
        writes="plan" if writes else "",
        places=(Place("reports", "Insights &figures (.json)…", "Ctrl+Shift+G", preset={"shape": "json"}),),
    )  # fmt: skip
    def figures_file(planner: Any, values: Values) -> Document | Done:
        if writes:
            return Done(f"Added {planner.documents.load_sample(3, 1).summary()}.")
        figures = planner.documents.figures().to_json()
        text = json.dumps(figures) if values["shape"] == "json" else "\n".join(map(str, figures))
        return Document(text.encode(), "The figures")

    try:
        yield name
    finally:
        VERBS.pop(name)
        registry.COMMANDS.pop(name, None)


def test_a_new_verb_is_a_command_with_its_arguments_and_help(
    cli: Cli, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with figures_verb():
        assert cli("--help")[0] == 0
        listed = " ".join(capsys.readouterr().out.split())  # argparse prints the help itself
        assert "figures-file the insights' figures as a file" in listed
        cli("figures-file", "--help")
        shown = capsys.readouterr().out
        assert "--shape {json,lines}" in shown
        assert "-o OUTPUT, --output OUTPUT" in shown
        code, out, err = cli("figures-file", "-o", "-")
        assert code == 0, err
        assert "streak" in json.loads(out)
        assert cli("figures-file", "-o", str(tmp_path / "figures.json"))[0] == 0
        assert "streak" in json.loads((tmp_path / "figures.json").read_text())
        code, _out, err = cli("figures-file", "--shape", "pdf", "-o", "-")
        assert code == 2
        assert "invalid choice" in err
        code, _out, err = cli("figures-file")
        assert code == 2
        assert "-o/--output" in err  # the file is required: said, nothing run
    assert cli("figures-file", "-o", "-")[0] == 2  # gone with its declaration


def test_a_writing_verb_says_what_it_did(cli: Cli) -> None:
    with figures_verb(writes=True):
        code, out, err = cli("figures-file")
        assert (code, out) == (0, "")
        assert err.startswith("Added accounts: 3 added")
    assert len(cli("csv", "accounts", "-o", "-")[1].splitlines()) == 1 + 3


def test_a_verb_is_declared_once() -> None:
    with figures_verb(), pytest.raises(ValueError, match="declared twice"):
        verb("figures-file", "again")(lambda _planner, _values: Done(""))


def test_every_place_in_the_window_gives_every_value_the_window_cannot_ask_for() -> None:
    """A menu action asks for files and takes the shown day and the open account; any other value a verb needs,
    its place presets."""
    for declared in VERBS.values():
        for place in declared.places:
            missing = [
                param.name
                for param in declared.params
                if param.required and param.kind not in ("file_in", "file_out", "date", "account")
                and param.name not in place.preset and param.default is None
            ]  # fmt: skip
            assert missing == [], (declared.name, place.words)
            assert set(place.preset) <= {param.name for param in declared.params}, (declared.name, place.words)


def test_a_file_out_verb_names_its_file() -> None:
    for declared in VERBS.values():
        outputs = [param for param in declared.params if param.kind == "file_out"]
        assert len(outputs) <= 1, declared.name
        assert all(output.files and output.suggest for output in outputs), declared.name
