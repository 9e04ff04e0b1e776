"""Every form `due:` takes, counted from a known day, and the past refused."""

from datetime import date

import pytest

from checkout_cli.model.answers import parse_step
from checkout_cli.model.due import parse_due
from checkout_cli.model.errors import CheckoutError

WEDNESDAY = date(2026, 12, 2)
FRIDAY = date(2026, 12, 4)
SATURDAY = date(2026, 12, 5)
LAST_OF_MONTH = date(2026, 12, 31)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", WEDNESDAY, WEDNESDAY),
        ("tomorrow", WEDNESDAY, date(2026, 12, 3)),
        ("friday", WEDNESDAY, FRIDAY),
        ("fri", WEDNESDAY, FRIDAY),
        ("Friday", FRIDAY, date(2026, 12, 11)),  # a Friday typed on a Friday: next week's
        ("wednesday", WEDNESDAY, date(2026, 12, 9)),
        ("monday", SATURDAY, date(2026, 12, 7)),
        ("next friday", WEDNESDAY, date(2026, 12, 11)),
        ("next  monday", WEDNESDAY, date(2026, 12, 7)),
        ("next friday", SATURDAY, date(2026, 12, 11)),
        ("next friday", FRIDAY, date(2026, 12, 11)),
        ("+3d", WEDNESDAY, date(2026, 12, 5)),
        ("+0d", WEDNESDAY, WEDNESDAY),
        ("+2w", WEDNESDAY, date(2026, 12, 16)),
        ("+1d", LAST_OF_MONTH, date(2027, 1, 1)),
        ("eow", WEDNESDAY, FRIDAY),
        ("eow", FRIDAY, FRIDAY),
        ("eow", SATURDAY, date(2026, 12, 11)),
        ("eom", WEDNESDAY, LAST_OF_MONTH),
        ("eom", LAST_OF_MONTH, LAST_OF_MONTH),
        ("eom", date(2028, 2, 3), date(2028, 2, 29)),
        ("2026-12-24", WEDNESDAY, date(2026, 12, 24)),
        ("2026-12-02", WEDNESDAY, WEDNESDAY),
    ],
)
def test_due_forms(text: str, today: date, expected: date) -> None:
    assert parse_due(text, today) == expected


@pytest.mark.parametrize("text", ["2026-12-01", "2020-01-01"])
def test_a_date_before_today_is_refused_with_the_reason(text: str) -> None:
    with pytest.raises(CheckoutError, match=r"is in the past.*give today \(2026-12-02\)"):
        parse_due(text, WEDNESDAY)


@pytest.mark.parametrize(
    "text", ["never", "yesterday", "next", "next week", "+d", "+3m", "2026-02-30"]
)
def test_what_is_no_due_date_says_the_forms(text: str) -> None:
    with pytest.raises(CheckoutError, match="YYYY-MM-DD"):
        parse_due(text, WEDNESDAY)


def test_a_step_takes_two_words_after_due_only_for_next() -> None:
    step = parse_step("Book a room due:next friday @Ana", today=WEDNESDAY, me="Sam")
    assert (step.text, step.owner, step.due) == ("Book a room", "Ana", "2026-12-11")
    step = parse_step("Send notes due:friday morning", today=WEDNESDAY, me="Sam")
    assert (step.text, step.due) == ("Send notes morning", "2026-12-04")
