"""What the front ends read and draw: the plan layer's values and pure helpers, through the one door.

The window and the terminal import the core only from ``organizer.app`` and ``organizer.core``
(an import-linter contract): the morning, suggestions, backlog, insights, reminders and quick
add's words come from here, the store's files from :mod:`organizer.app.stores` and the file
formats from :mod:`organizer.app.files`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.app.lazy import exports

if TYPE_CHECKING:  # what mypy reads; at run time each name is imported when first asked for
    from organizer.core.figures import Insights as Insights
    from organizer.core.suggestion_types import Suggestion as Suggestion
    from organizer.rules.backlog import Backlog as Backlog
    from organizer.rules.insights import WeekPromises as WeekPromises
    from organizer.rules.precall import PreCall as PreCall
    from organizer.rules.precall import precall as precall
    from organizer.rules.quickadd import date_words as date_words
    from organizer.rules.quickadd import match_account as match_account
    from organizer.rules.quickadd import mentions as mentions
    from organizer.rules.quickadd import person_named as person_named
    from organizer.rules.reminders import DEFAULT_LEAD_MINUTES as DEFAULT_LEAD_MINUTES
    from organizer.rules.reminders import Reminder as Reminder
    from organizer.rules.reminders import ReminderClock as ReminderClock
    from organizer.rules.reminders import reminders_for as reminders_for
    from organizer.rules.schedule import Clash as Clash
    from organizer.rules.schedule import overlaps as overlaps
    from organizer.rules.suggestions import mark_key as mark_key

__getattr__ = exports(
    __name__,
    {
        "Backlog": ("organizer.rules.backlog", "Backlog"),
        "Insights": ("organizer.core.figures", "Insights"),
        "WeekPromises": ("organizer.rules.insights", "WeekPromises"),
        "PreCall": ("organizer.rules.precall", "PreCall"),
        "precall": ("organizer.rules.precall", "precall"),
        "date_words": ("organizer.rules.quickadd", "date_words"),
        "match_account": ("organizer.rules.quickadd", "match_account"),
        "mentions": ("organizer.rules.quickadd", "mentions"),
        "parse_quick_add": ("organizer.rules.quickadd", "parse"),
        "person_named": ("organizer.rules.quickadd", "person_named"),
        "DEFAULT_LEAD_MINUTES": ("organizer.rules.reminders", "DEFAULT_LEAD_MINUTES"),
        "Reminder": ("organizer.rules.reminders", "Reminder"),
        "ReminderClock": ("organizer.rules.reminders", "ReminderClock"),
        "reminders_for": ("organizer.rules.reminders", "reminders_for"),
        "Clash": ("organizer.rules.schedule", "Clash"),
        "overlaps": ("organizer.rules.schedule", "overlaps"),
        "Suggestion": ("organizer.core.suggestion_types", "Suggestion"),
        "mark_key": ("organizer.rules.suggestions", "mark_key"),
    },
)
