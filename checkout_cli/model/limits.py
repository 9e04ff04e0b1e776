"""How long the text of a check-out may be: room for any real meeting, and a bound on
what every later read (the start screen, reports, search) has to carry.

One place for the sizes, checked wherever text enters an entry: an answer as it is
typed or passed, a whole entry as it is built at check-out or read back from an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checkout_cli.model.errors import CheckoutError

TITLE = 200  # a meeting's title
NAME = 200  # one person, tag or next-step owner
TEXT = 10_000  # one text answer
NOTE = 2_000  # the note on a choice
STEP = 1_000  # one next step's text
SCALE = 1_000  # the most a scale may go up to, or down to below zero


def number(value: int) -> str:
    """A whole number as a message quotes it: in full when short, else how long it is."""
    digits = len(str(abs(value)))
    return str(value) if digits <= 12 else f"a number of {digits:,} digits"


def check_scale(what: str, value: int) -> int:
    """`value` itself, or a CheckoutError when it is past what any scale may hold."""
    if not -SCALE <= value <= SCALE:
        raise CheckoutError(
            f"{what} {number(value)} is past what a scale may hold; "
            f"keep it from {-SCALE:,} to {SCALE:,}"
        )
    return value


def check(what: str, text: str, limit: int) -> str:
    """`text` itself, or a CheckoutError saying how long it is and how long it may be."""
    if len(text) > limit:
        raise CheckoutError(
            f"{what} is {len(text):,} characters long; keep it to {limit:,} or fewer"
        )
    return text


def check_names(title: str | None, people: Any = (), tags: Any = ()) -> None:
    """A check-out's title and names, before any question is asked."""
    if isinstance(title, str):
        check("the title", title, TITLE)
    for kind, names in (("a name", people), ("a tag", tags)):
        if isinstance(names, list | tuple):
            for name in names:
                if isinstance(name, str):
                    check(kind, name, NAME)


def check_entry(entry: Mapping[str, Any]) -> None:
    """Every text of a whole entry within its bound; the first one that is not, refused."""
    check_names(entry.get("title"), entry.get("with"), entry.get("tags"))
    answers = entry.get("answers")
    for answer in answers if isinstance(answers, list) else ():
        if not isinstance(answer, dict):
            continue
        key = answer.get("key")
        value = answer.get("value")
        if isinstance(value, str):
            check(f"the answer to {key}", value, TEXT)
        note = answer.get("note")
        if isinstance(note, str):
            check(f"the note on {key}", note, NOTE)
        for step in value if isinstance(value, list) else ():
            if isinstance(step, dict):
                if isinstance(step.get("text"), str):
                    check(f"a next step of {key}", step["text"], STEP)
                if isinstance(step.get("owner"), str):
                    check(f"the owner of a next step of {key}", step["owner"], NAME)
