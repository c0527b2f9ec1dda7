"""The dated runs pin exactly the tests that read the clock: the detector must see such a read."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import time_machine

from tests import clock_log
from tests.conftest import ROOT


def test_a_test_that_reads_the_clock_is_noted_and_one_that_does_not_is_not(tmp_path: Path) -> None:
    me = os.environ["PYTEST_CURRENT_TEST"].rsplit(" (", 1)[0]
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 0), tick=True):
        with clock_log.noting(tmp_path / "quiet", ROOT):
            dt.date(2026, 12, 2).isoformat()
        with clock_log.noting(tmp_path / "reads", ROOT):
            assert dt.date.today() == dt.date(2026, 12, 2)
    assert clock_log.tests_noted(tmp_path / "quiet") == []
    assert clock_log.tests_noted(tmp_path / "reads") == [me]
