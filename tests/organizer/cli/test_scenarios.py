"""The spec's worked examples, through the real CLI, with the spec's own checker."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SCENARIOS


@pytest.mark.skipif(not (SCENARIOS / "check.py").exists(), reason="shared/scenarios is not beside the repo")
def test_every_spec_scenario_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(SCENARIOS / "check.py"), "--python", sys.executable],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1].endswith("0 failed")
