"""Due dates as people type them after `due:`, always today or later.

A weekday name is the next such day after today (so `friday` typed on a Friday is a
week away, never today); `next friday` is the Friday of next week; `+3d` and `+2w`
count from today; `eow` is this week's Friday (the coming one at a weekend) and `eom`
the month's last day. A date before today is refused with the reason, because a step
due in the past is a typo, not a plan.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.weekdays import WEEKDAYS

FORMS = "YYYY-MM-DD, today, tomorrow, a weekday (friday), next friday, +3d, +2w, eow or eom"
_OFFSET = re.compile(r"\+([0-9]{1,3})([dw])", re.ASCII)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_FRIDAY = 4

# The words that may follow `due:` in a next step, so `due:next friday` is one date.
NEXT = "next"


def parse_due(text: str, today: date) -> date:
    """The date `text` names, counted from `today`; a CheckoutError saying why otherwise."""
    word = " ".join(text.strip().lower().split())
    found = _due(word, today)
    if found is None:
        raise CheckoutError(f"due date {text.strip()!r} is not a date; use {FORMS}")
    if found < today:
        raise CheckoutError(
            f"due date {text.strip()!r} ({found:%a} {found.day} {found:%b %Y}) is in the past; "
            f"give today ({today.isoformat()}) or a later date"
        )
    return found


def _due(word: str, today: date) -> date | None:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word == "eow":
        return today + timedelta(days=(_FRIDAY - today.weekday()) % 7)
    if word == "eom":
        return today.replace(day=monthrange(today.year, today.month)[1])
    weekday = WEEKDAYS.get(word)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    first, _, rest = word.partition(" ")
    if first == NEXT and rest in WEEKDAYS:
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=WEEKDAYS[rest])
    offset = _OFFSET.fullmatch(word)
    if offset:
        count = int(offset.group(1)) * (7 if offset.group(2) == "w" else 1)
        try:
            return today + timedelta(days=count)
        except OverflowError:
            return None
    if _ISO_DAY.fullmatch(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise CheckoutError(f"due date {word!r} is not a real date; use {FORMS}") from None
    return None
