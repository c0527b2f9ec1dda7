"""The quick-add language."""

from __future__ import annotations

import datetime as dt

import pytest

from organizer.core.errors import ValidationError
from organizer.rules.quickadd import QuickStep, account_mention, match_account, mentions, parse

TUE = dt.date(2026, 11, 24)


def test_the_example_from_the_issue() -> None:
    assert parse("Call Ray about the demo fri 10:00 30m @books4u", TUE) == QuickStep(
        "Call Ray about the demo", dt.date(2026, 11, 27), "10:00", 30, "books4u"
    )


@pytest.mark.parametrize(
    ("word", "due"),
    [
        ("today", TUE),
        ("tomorrow", dt.date(2026, 11, 25)),
        ("tue", TUE),
        ("mon", dt.date(2026, 11, 30)),
        ("Wednesday", dt.date(2026, 11, 25)),
        ("+3d", dt.date(2026, 11, 27)),
        ("+2w", dt.date(2026, 12, 8)),
        ("next week", dt.date(2026, 11, 30)),
        ("next fri", dt.date(2026, 12, 4)),
        ("2027-01-05", dt.date(2027, 1, 5)),
    ],
)
def test_dates(word: str, due: dt.date) -> None:
    assert parse(f"Send the deck {word}", TUE).due == due


@pytest.mark.parametrize(
    ("word", "time"),
    [
        ("10:00", "10:00"),
        ("9am", "09:00"),
        ("2:30pm", "14:30"),
        ("12am", "00:00"),
        ("12pm", "12:00"),
        ("23:59", "23:59"),
    ],
)
def test_times(word: str, time: str) -> None:
    assert parse(f"Call {word}", TUE).time == time


@pytest.mark.parametrize(("word", "minutes"), [("30m", 30), ("1h", 60), ("1h30m", 90), ("45min", 45)])
def test_estimates(word: str, minutes: int) -> None:
    assert parse(f"Demo {word}", TUE).minutes == minutes


@pytest.mark.parametrize("title", ["Order 3 seats", "Call 25:00 people", "Meet at 13pm"])
def test_numbers_that_are_not_times_stay_in_the_title(title: str) -> None:
    assert parse(title, TUE).title == title
    assert parse(title, TUE).time is None


def test_promise_and_waiting() -> None:
    assert parse("Send the proposal ! tomorrow", TUE).promised
    assert parse("Waiting on Mo's notes fri", TUE).waiting


def test_an_impossible_iso_date_is_an_error() -> None:
    with pytest.raises(ValidationError, match="not a date"):
        parse("Call 2026-02-30", TUE)


def test_an_empty_title_is_an_error() -> None:
    with pytest.raises(ValidationError, match="say what the step is"):
        parse("fri 10:00 @acme", TUE)


@pytest.mark.parametrize("said", ['@"Graphic Software"', "@“Graphic Software”", "@'Graphic Software'"])
def test_an_account_of_several_words_in_quotes(said: str) -> None:
    parsed = parse(f"Send the quote fri {said} 30m", TUE)
    assert (parsed.title, parsed.account, parsed.minutes) == ("Send the quote", "Graphic Software", 30)


# --- naming the account ---------------------------------------------------------------------------------

CHOICES = [("gs", "Graphic Software"), ("go", "Graphic Outfitters"), ("b4u", "Books4U"), ("bd", "Bob's Diner Co")]


def test_an_account_is_named_by_id_whole_name_or_unique_prefix() -> None:
    assert match_account(CHOICES, "b4u") == "b4u"
    assert match_account(CHOICES, "graphicsoftware") == "gs"
    assert match_account(CHOICES, "Graphic Soft") == "gs"
    with pytest.raises(ValidationError, match="more than one account"):
        match_account(CHOICES, "graphic")
    with pytest.raises(ValidationError, match="no account matches @nobody"):
        match_account(CHOICES, "nobody")


def test_completion_offers_names_that_start_with_what_was_typed_then_those_containing_it() -> None:
    assert mentions(CHOICES, "gra") == ['@"Graphic Outfitters"', '@"Graphic Software"']
    assert mentions(CHOICES, "soft") == ['@"Graphic Software"']
    assert mentions(CHOICES, "books") == ["@Books4U"]


def test_a_quoted_name_may_hold_the_other_kind_of_quote() -> None:
    step = parse("""Lunch with Bob tomorrow @"Bob's Diner Co" 30m""", dt.date(2026, 11, 27))
    assert step.account == "Bob's Diner Co"
    assert step.title == "Lunch with Bob"
    assert account_mention("Bob's Diner Co") == '@"Bob\'s Diner Co"'
