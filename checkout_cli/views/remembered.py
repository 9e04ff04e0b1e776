"""The one-line notes a check-out gives before its questions: what it remembered of the
meeting, and which calendar meeting it took the time and people from.

Each is one line of plain text (user text made safe), so a script's stderr and a
terminal read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from checkout_cli.model.memory import Choice, Remembered
from checkout_cli.views.render import safe


def set_label(name: str, title: str = "") -> str:
    """A set as a person names it: `customer call` for "Customer call check-out" (or for
    the name `customer-call` when the set has no title)."""
    text = title.strip()
    for suffix in (" check-out", " checkout", " check out"):
        if text.casefold().endswith(suffix):
            text = text[: -len(suffix)].rstrip()
    if not text:
        text = name.replace("_", " ").replace("-", " ").strip() or name
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return safe(text)


def day(at: str, today: date) -> str:
    """`25 Nov`, with the year when it is not this year's; the text as it is if not a time."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return safe(at[:10])
    when = moment.astimezone().date() if moment.tzinfo else moment.date()
    shown = f"{when.day} {when:%b}"
    return shown if when.year == today.year else f"{shown} {when.year}"


def remembered_line(
    memory: Remembered, choice: Choice, *, set_shown: str, today: date
) -> str | None:
    """`Remembered from 25 Nov: customer call, tags client, with Ana, Raj`; None when
    memory supplied nothing (every part came from the command line)."""
    parts: list[str] = []
    if "set" in choice.from_memory:
        parts.append(set_shown)
    if "tags" in choice.from_memory:
        parts.append(f"tags {_names(choice.tags)}")
    if "people" in choice.from_memory:
        parts.append(f"with {_names(choice.people)}")
    if not parts:
        return None
    return f"Remembered from {day(memory.at, today)}: {', '.join(parts)}"


def again_line(memory: Remembered, *, today: date) -> str:
    return f"Again: {safe(memory.title)}, last checked out {day(memory.at, today)}"


def adopted_line(
    title: str, span: str, attendees: Sequence[str], *, people_taken: bool, at_taken: bool
) -> str:
    """`From your calendar: Weekly sync 14:00–15:00, with Ana, Raj (its start, people and
    event link)`."""
    shown = f"From your calendar: {safe(title)} {span}"
    if people_taken and attendees:
        shown += f", with {_names(attendees)}"
    taken = ["start"] if at_taken else []
    if people_taken and attendees:
        taken.append("people")
    taken.append("event link")
    if len(taken) == 1:
        return f"{shown} (its {taken[0]})"
    return f"{shown} (its {', '.join(taken[:-1])} and {taken[-1]})"


def gone_set_line(name: str, default: str) -> str:
    return (
        f"The set {safe(name)!r} of the earlier check-outs is no longer in the questions file; "
        f"using {safe(default)!r}"
    )


def _names(names: Sequence[str]) -> str:
    return safe(", ".join(names))
