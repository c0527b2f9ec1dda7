"""The day's timed steps on a clock: which of them overlap.

A step with a time and minutes occupies ``[time, time + minutes)``; a timed step without
minutes is a point in time and overlaps only a step that is running at that moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from organizer.core.domain import DayItem


@dataclass(frozen=True, slots=True)
class Clash:
    """``step`` starts before ``other`` (shown by its title and times) has ended, or the reverse."""

    step: str
    other_title: str
    other_start: str
    other_end: str


def _span(item: DayItem) -> tuple[int, int] | None:
    if not item.time:
        return None
    start = _minute_of(item.time)
    return start, start + (item.minutes or 0)


def _clock(minute: int) -> str:
    hours, minutes = divmod(minute, 60)
    return f"{hours:02d}:{minutes:02d}" if hours < 24 else f"{hours - 24:02d}:{minutes:02d} (next day)"


def overlaps(items: Sequence[DayItem]) -> dict[str, Clash]:
    """Each step whose time overlaps another's, with the first step it clashes with."""
    timed = sorted(
        ((span, item) for item in items if (span := _span(item)) is not None),
        key=lambda pair: pair[0],
    )
    found: dict[str, Clash] = {}
    for index, ((start, end), item) in enumerate(timed):
        for (other_start, other_end), other in timed[index + 1 :]:
            if other_start >= max(end, start + 1):
                break  # sorted by start: nothing later can begin before this one ends
            if other_start == start or other_start < end:
                found.setdefault(item.step, Clash(item.step, other.title, _clock(other_start), _clock(other_end)))
                found.setdefault(other.step, Clash(other.step, item.title, _clock(start), _clock(end)))
    return found


def end_to_end(
    starts: Sequence[tuple[str, str, int]], *, day_ends: str = "18:00", slot: int = 15
) -> dict[str, str | None]:
    """One day's timed steps (key, HH:MM, minutes) laid end to end where they clash.

    A step keeps its time when it is free, else it starts when the one before ends (on a
    ``slot``-minute mark); one that would start after ``day_ends`` loses its time (None).
    The sample territory uses this so that its days read like a rep's.
    """
    closing = _minute_of(day_ends)
    free_from = 0
    placed: dict[str, str | None] = {}
    for key, time, minutes in sorted(starts, key=lambda start: (start[1], start[0])):
        start = max(_minute_of(time), -(-free_from // slot) * slot)
        if start >= closing:
            placed[key] = None
            continue
        placed[key] = _clock(start)
        free_from = start + max(minutes, slot)
    return placed


def _minute_of(time: str) -> int:
    hours, minutes = time.split(":")[:2]
    return int(hours) * 60 + int(minutes)
