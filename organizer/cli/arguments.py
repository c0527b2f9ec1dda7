"""Argument types the commands share: dates and bounded whole numbers, refused with a clear message."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from organizer.core.errors import ValidationError
from organizer.core.validate import parse_date


def date_arg(value: str) -> dt.date:
    try:
        return parse_date(value, "date")
    except ValidationError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def whole(low: int, high: int) -> Callable[[str], int]:
    def convert(value: str) -> int:
        if len(value) > 20:
            raise argparse.ArgumentTypeError(f"not a whole number: {value[:40]!r}")
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value[:40]!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high} (got {number})")
        return number

    return convert
