"""The journal's data model: plain dicts in their JSON form, typed, with no I/O.

Entries stay plain dicts (not objects) so that reading a million of them costs
what `json.loads` costs, and so that fields added by a later version survive a
rewrite untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict

from checkout_cli.model.errors import CheckoutError

SCHEMA_VERSION = 1
KINDS = ("choice", "scale", "text", "actions")
Kind = Literal["choice", "scale", "text", "actions"]

# The longest meeting `minutes` may say: a day.
MAX_MINUTES = 24 * 60

# Crockford-style alphabet: no i, l, o, u, so ids are easy to read aloud and type.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 8


class Action(TypedDict):
    id: str
    text: str
    owner: str | None
    due: str | None  # ISO date
    done_at: str | None  # when it was closed, whichever way (ISO date-time with offset)
    # How it was closed, when not simply done (model/actions.py reads them):
    dropped: NotRequired[bool]  # given up; true only
    reason: NotRequired[str]  # why it was dropped
    moved_to: NotRequired[str]  # agreed again in a later check-out, as the step of this id
    moved_from: NotRequired[str]  # on that later step: the id of the step it carries on


class Answer(TypedDict):
    key: str
    question: str
    kind: Kind
    value: Any  # str (choice, text), int (scale), list[Action] (actions), or None when skipped
    note: NotRequired[str]
    # A choice's meaning for the goal rate (achieved, partly, missed), kept with the answer
    # so any journal counts in the goal rate without the questions file it was made with.
    meaning: NotRequired[str]


class Event(TypedDict):
    uid: str
    occurrence: str  # ISO start of the occurrence
    calendar: str


# Functional form because "with" is a Python keyword.
Entry = TypedDict(
    "Entry",
    {
        "v": int,
        "id": str,
        "at": str,  # when the meeting happened, ISO with offset
        "recorded_at": str,  # when the line was written; at <= recorded_at
        "title": str,
        "answers": list[Answer],
        "with": NotRequired[list[str]],
        "tags": NotRequired[list[str]],
        "set": NotRequired[str],
        "event": NotRequired[Event],
        # How long the meeting took, as given at check-out; a calendar's length otherwise.
        "minutes": NotRequired[int],
    },
)


def new_id() -> str:
    """Eight random letters of the 32-letter alphabet: five bits of each random byte.

    `os.urandom` is what `secrets` draws from; taking it directly spares a check-out
    the start-up cost of `secrets` (hmac, hashlib and OpenSSL)."""
    import os

    return "".join(_ID_ALPHABET[byte % 32] for byte in os.urandom(ID_LENGTH))


def iso(moment: datetime) -> str:
    """ISO 8601 with offset, to the second: what the journal stores."""
    return moment.isoformat(timespec="seconds")


def meeting_key(title: str) -> str:
    """Titles name the same meeting regardless of case and runs of whitespace."""
    return " ".join(title.casefold().split())


def parse_minutes(text: str) -> int:
    """A meeting's length as typed: a whole number of minutes, from 1 to a day."""
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= MAX_MINUTES:
        raise CheckoutError(
            f"{text!r} is not a meeting length; give whole minutes from 1 to {MAX_MINUTES}"
        )
    return int(cleaned)


def minutes(entry: Mapping[str, Any]) -> float | None:
    """The length an entry gives itself, when it is a usable number of minutes."""
    value = entry.get("minutes")
    if (type(value) is not int and type(value) is not float) or not 0 < value <= MAX_MINUTES:
        return None
    return float(value)


def attendees(entry: dict[str, Any]) -> list[str]:
    people = entry.get("with") or []
    return [str(p) for p in people] if isinstance(people, list) else []


def tags(entry: dict[str, Any]) -> list[str]:
    found = entry.get("tags") or []
    return [str(t) for t in found] if isinstance(found, list) else []


def answers(entry: dict[str, Any]) -> list[dict[str, Any]]:
    found = entry.get("answers") or []
    return [a for a in found if isinstance(a, dict)] if isinstance(found, list) else []


def answer(entry: dict[str, Any], key: str) -> dict[str, Any] | None:
    for item in answers(entry):
        if item.get("key") == key:
            return item
    return None


def value(entry: dict[str, Any], key: str) -> Any:
    found = answer(entry, key)
    return None if found is None else found.get("value")


def actions(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Every action item of an entry, whichever question holds it."""
    items: list[dict[str, Any]] = []
    for item in answers(entry):
        if item.get("kind") == "actions" and isinstance(item.get("value"), list):
            items.extend(a for a in item["value"] if isinstance(a, dict))
    return items


def dumps(data: Any, **options: Any) -> str:
    """JSON that any reader accepts: a hand-edited `1e400` or NaN becomes null, not Infinity."""
    import json

    try:
        return json.dumps(data, allow_nan=False, **options)
    except ValueError:
        return json.dumps(_finite(data), allow_nan=False, **options)


def _finite(data: Any) -> Any:
    import math

    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return data
