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
    from organizer.plan.backlog import Backlog as Backlog
    from organizer.plan.backlog import read_backlog as read_backlog
    from organizer.plan.insights import Insights as Insights
    from organizer.plan.insights import WeekPromises as WeekPromises
    from organizer.plan.insights import insights as insights
    from organizer.plan.precall import PreCall as PreCall
    from organizer.plan.precall import precall as precall
    from organizer.plan.queries import find_account_id as find_account_id
    from organizer.plan.queries import load_account as load_account
    from organizer.plan.quickadd import date_words as date_words
    from organizer.plan.quickadd import match_account as match_account
    from organizer.plan.quickadd import mentions as mentions
    from organizer.plan.quickadd import person_named as person_named
    from organizer.plan.reminders import DEFAULT_LEAD_MINUTES as DEFAULT_LEAD_MINUTES
    from organizer.plan.reminders import Reminder as Reminder
    from organizer.plan.reminders import ReminderClock as ReminderClock
    from organizer.plan.reminders import reminders_for as reminders_for
    from organizer.plan.rules import morning as morning
    from organizer.plan.rules import session_rows as session_rows
    from organizer.plan.schedule import Clash as Clash
    from organizer.plan.schedule import overlaps as overlaps
    from organizer.plan.suggestions import Suggestion as Suggestion
    from organizer.plan.suggestions import mark_key as mark_key
    from organizer.plan.suggestions import suggest as suggest

__getattr__ = exports(
    __name__,
    {
        "Backlog": ("organizer.plan.backlog", "Backlog"),
        "read_backlog": ("organizer.plan.backlog", "read_backlog"),
        "Insights": ("organizer.plan.insights", "Insights"),
        "WeekPromises": ("organizer.plan.insights", "WeekPromises"),
        "insights": ("organizer.plan.insights", "insights"),
        "PreCall": ("organizer.plan.precall", "PreCall"),
        "precall": ("organizer.plan.precall", "precall"),
        "find_account_id": ("organizer.plan.queries", "find_account_id"),
        "load_account": ("organizer.plan.queries", "load_account"),
        "date_words": ("organizer.plan.quickadd", "date_words"),
        "match_account": ("organizer.plan.quickadd", "match_account"),
        "mentions": ("organizer.plan.quickadd", "mentions"),
        "parse_quick_add": ("organizer.plan.quickadd", "parse"),
        "person_named": ("organizer.plan.quickadd", "person_named"),
        "DEFAULT_LEAD_MINUTES": ("organizer.plan.reminders", "DEFAULT_LEAD_MINUTES"),
        "Reminder": ("organizer.plan.reminders", "Reminder"),
        "ReminderClock": ("organizer.plan.reminders", "ReminderClock"),
        "reminders_for": ("organizer.plan.reminders", "reminders_for"),
        "morning": ("organizer.plan.rules", "morning"),
        "session_rows": ("organizer.plan.rules", "session_rows"),
        "Clash": ("organizer.plan.schedule", "Clash"),
        "overlaps": ("organizer.plan.schedule", "overlaps"),
        "Suggestion": ("organizer.plan.suggestions", "Suggestion"),
        "mark_key": ("organizer.plan.suggestions", "mark_key"),
        "suggest": ("organizer.plan.suggestions", "suggest"),
    },
)
