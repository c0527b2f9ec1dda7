"""Hostile input through the real CLI: every one refused with exit 2 and a message naming the place, or handled.

Nothing is written, nothing hangs, no traceback (the issue "a clear answer to every bad input").
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_module

GOOD = {"format": "daymap/1", "accounts": [{"id": "acme", "name": "Acme"}]}


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


def exported(data_dir: Path) -> object:
    done = run_module("--data-dir", str(data_dir), "export", "-")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["accounts"]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (
            b'{"format":"daymap/1","accounts":[{"id":"a","name":"A","cadence_days":' + b"9" * 5000 + b"}]}",
            ["5000 digits"],
        ),
        (b'{"format":"daymap/1","accounts":[{"id":"a\\ud800","name":"A"}]}', ["accounts[0].id", "surrogate"]),
        (b'{"format":"daymap/1","accounts":[{"id":"a","name":"A\\udfff"}]}', ["accounts[0].name", "surrogate"]),
        (b'{"format":"daymap/1","accounts":[{"id":"a","name":"A\xed\xa0\x80"}]}', ["not UTF-8"]),
        (b'{"format":"daymap/1","accounts":[{"id":"a","name":"A","renewal":"9999-12-31"}]}', ["accounts[0].renewal"]),
        (b'{"format":"daymap/1","accounts":[{"id":"a","name":"A","renewal":"0001-01-01"}]}', ["accounts[0].renewal"]),
        (
            b'{"format":"daymap/1","accounts":[{"id":"a","name":"A","steps":[{"id":"s","title":"t","time":"07:00\\n"}]}]}',
            ["accounts[0].steps[0].time"],
        ),
        (b'{"format":"daymap/1","accounts":[{"id":"a","name":"A","cadence_days":1e400}]}', ["cadence_days"]),
        (b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
    ],
)
def test_a_hostile_document_is_refused_naming_the_place(tmp_path: Path, raw: bytes, words: list[str]) -> None:
    data_dir = tmp_path / "data"
    run_module("--data-dir", str(data_dir), "import", "-", stdin=json.dumps(GOOD))
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    refused(run_module("--data-dir", str(data_dir), "import", str(path)), *words)
    assert exported(data_dir) == [{"archived": False, "contacts": [], "goals": [], "id": "acme", "name": "Acme",
                                   "stage": "prospect", "steps": [], "touches": []}]  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["morning", "--date", "9999-12-31"],
        ["insights", "--date", "0001-01-01", "--json"],
        ["report", "--date", "9999-12-31"],
        ["demo", "--accounts", "2", "--date", "9999-12-31"],
        ["ics", "--from", "9999-12-25", "-o", "-"],
        ["ics", "--days", "9" * 5000, "-o", "-"],
        ["demo", "--accounts", "9" * 30],
    ],
)
def test_extreme_dates_and_numbers_on_the_command_line_are_refused(tmp_path: Path, args: list[str]) -> None:
    refused(run_module("--data-dir", str(tmp_path / "data"), *args))


def test_a_surrogate_in_an_argument_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "organizer", "--data-dir", str(tmp_path), "brief", os.fsdecode(b"\xed\xa0\x80")],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    refused(done, "surrogate")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("odd.csv", b"\xff\xfeA\x00B", ["UTF-16"]),
        ("charset.vcf",  # a character set nobody knows: read as UTF-8; no company, so nothing to import
         b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:J=C3=B6\r\nEND:VCARD\r\n",
         ["card 1", "no company", "nothing was imported"]),
        ("open.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Roe\r\nORG:Acme\r\n", ["line 1", "never closed"]),
        ("nested.vcf", b"BEGIN:VCARD\r\nFN:Jane\r\nBEGIN:VCARD\r\nFN:Bob\r\nEND:VCARD\r\n", ["line 3"]),
    ],
)  # fmt: skip
def test_a_broken_crm_file_is_refused_with_its_line(
    tmp_path: Path, name: str, content: bytes, words: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    command = "import-vcard" if name.endswith(".vcf") else "import-csv"
    refused(run_module("--data-dir", str(tmp_path / "data"), command, str(path)), *words)


def test_a_fifo_or_a_folder_is_never_opened_as_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = run_module("--db", f"sqlite:///{fifo}", "check")
    refused(done)
    assert "named pipe" in done.stdout
    refused(run_module("--db", f"sqlite:///{fifo}", "morning"), "named pipe")
    refused(run_module("--data-dir", str(tmp_path / "d"), "import", str(fifo)), "named pipe")
    done = run_module("--db", f"sqlite:///{tmp_path}", "check")
    refused(done)
    assert "folder" in done.stdout


def test_an_input_file_may_be_a_pipe(tmp_path: Path) -> None:
    """``import <(…)`` and ``import /dev/stdin`` are ordinary on Unix; only the store may not be a pipe."""
    data_dir = tmp_path / "data"
    done = subprocess.run(
        ["bash", "-c", f'"$0" -m organizer --data-dir "$1" import <(echo \'{json.dumps(GOOD)}\')',
         sys.executable, str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    other = {"format": "daymap/1", "accounts": [{"id": "beta", "name": "Beta"}]}
    done = run_module("--data-dir", str(data_dir), "import", "/dev/stdin", stdin=json.dumps(other))
    assert done.returncode == 0, done.stderr
    fifo = tmp_path / "named"
    os.mkfifo(fifo)
    third = json.dumps({**GOOD, "accounts": [{"id": "gamma", "name": "G"}]})
    writer = subprocess.Popen(["sh", "-c", f"sleep 1; echo '{third}' > {fifo}"])  # a writer that comes late
    done = run_module("--data-dir", str(data_dir), "import", str(fifo))
    writer.wait(30)
    assert done.returncode == 0, done.stderr
    assert [a["id"] for a in exported(data_dir)] == ["acme", "beta", "gamma"]  # type: ignore[union-attr]


def test_a_read_only_store_is_read_and_never_written(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_module("--data-dir", str(data_dir), "import", "-", stdin=json.dumps(GOOD)).returncode == 0
    path = data_dir / "daymap.sqlite3"
    path.chmod(0o400)
    try:
        done = run_module("--data-dir", str(data_dir), "morning", "--date", "2026-11-27")
        assert done.returncode == 0, done.stderr
        other = {"format": "daymap/1", "accounts": [{"id": "beta", "name": "Beta"}]}
        refused(run_module("--data-dir", str(data_dir), "import", "-", stdin=json.dumps(other)), "read-only")
        assert stat.S_IMODE(path.stat().st_mode) == 0o400  # honoured, never chmod-ed back
        assert [a["id"] for a in exported(data_dir)] == ["acme"]  # type: ignore[index]
    finally:
        path.chmod(0o600)


def test_two_imports_at_once_both_succeed_each_with_its_backup(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_module("--data-dir", str(data_dir), "import", "-", stdin=json.dumps(GOOD)).returncode == 0
    before = len(list((data_dir / "backups").glob("*-before-import.sqlite3")))
    files = []
    for name in ("one", "two", "three"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"format": "daymap/1", "accounts": [{"id": name, "name": name}]}))
        files.append(path)
    runs = [
        subprocess.Popen([sys.executable, "-m", "organizer", "--data-dir", str(data_dir), "import", str(path)],
                         stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for path in files
    ]  # fmt: skip
    for process in runs:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert sorted(a["id"] for a in exported(data_dir)) == ["acme", "one", "three", "two"]  # type: ignore[index]
    backups = sorted((data_dir / "backups").glob("*-before-import.sqlite3"))
    assert len(backups) == before + 3
    assert not list((data_dir / "backups").glob("*.part"))
