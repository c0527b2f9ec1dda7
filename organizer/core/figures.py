"""The figures behind the charts and the weekly report (SPEC.md, "Insights"), as plain values: the rules
compute them (``rules/insights``), the report and the charts show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WeekTouches:
    week: str
    clients: int
    new_business: int


@dataclass(frozen=True, slots=True)
class Insights:
    date: dt.date
    promises_due: int
    promises_kept: int
    touches_per_week: tuple[WeekTouches, ...]
    streak: int

    @property
    def promise_rate(self) -> float | None:
        return self.promises_kept / self.promises_due if self.promises_due else None

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "promises": {"due": self.promises_due, "kept": self.promises_kept, "rate": self.promise_rate},
            "touches_per_week": [
                {"week": w.week, "clients": w.clients, "new_business": w.new_business} for w in self.touches_per_week
            ],
            "streak": self.streak,
        }


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
