"""What Up recalls at a check-out's prompt: this meeting's earlier answers, question by question.

The history is read from the journal itself (its last check-outs), so there is no
history file to keep, leak or lose. A question's history holds what one could have
typed at its prompt: a choice or a number as typed, each line of a text answer, each
next step with its `@owner` and `due:` date, and a choice's note under `KEY.note`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from checkout_cli.model.entry import answers, meeting_key

# How many of the journal's last check-outs a check-out looks through for its history.
HISTORY_LIMIT = 1000

# The history of each prompt, newest first: {"goals": ("partly", "yes"), "goals.note": ...}.
History = Mapping[str, Sequence[str]]


def note_key(key: str) -> str:
    """The history key of a choice's note, spelled as `--answer` spells it."""
    return f"{key}.note"


def same_title(entry: Mapping[str, Any], wanted: str) -> bool:
    """Whether `entry` is a check-out of the meeting whose `meeting_key` is `wanted`: the
    few lines a history is made of, picked by their heads before they are read whole."""
    entry_title = entry.get("title")
    return isinstance(entry_title, str) and meeting_key(entry_title) == wanted


def answer_history(entries: Iterable[Mapping[str, Any]], title: str) -> dict[str, tuple[str, ...]]:
    """The earlier answers of the meeting called `title` (case and spacing aside), per
    prompt key, newest check-out first and each line once. `entries` are oldest first,
    as the journal's tail gives them; odd values a hand edit left are passed over."""
    wanted = meeting_key(title)
    found: dict[str, dict[str, None]] = {}  # a dict keeps the first-seen order of its keys
    for entry in reversed(list(entries)):
        entry_title = entry.get("title")
        if not isinstance(entry_title, str) or meeting_key(entry_title) != wanted:
            continue
        for answer in answers(dict(entry)):
            key = answer.get("key")
            if not isinstance(key, str):
                continue
            for line in _lines(answer):
                found.setdefault(key, {}).setdefault(line, None)
            note = answer.get("note")
            if isinstance(note, str) and note.strip():
                found.setdefault(note_key(key), {}).setdefault(note.strip(), None)
    return {key: tuple(lines) for key, lines in found.items()}


def _lines(answer: Mapping[str, Any]) -> list[str]:
    """The lines one would type at the prompt to give `answer` again."""
    value = answer.get("value")
    if answer.get("kind") == "actions":
        if not isinstance(value, list):
            return []
        return [line for step in value if isinstance(step, dict) if (line := step_as_typed(step))]
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [str(value)]
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return []


def step_as_typed(step: Mapping[str, Any]) -> str:
    """`Send the notes @Ana due:2026-12-04`: a stored next step in the form one types it."""
    text = step.get("text")
    if not isinstance(text, str) or not text.strip():
        return ""
    parts = [" ".join(text.split())]
    owner = step.get("owner")
    if isinstance(owner, str) and owner.strip() and not any(c.isspace() for c in owner):
        parts.append(f"@{owner}")
    due = step.get("due")
    if isinstance(due, str) and due.strip() and not any(c.isspace() for c in due):
        parts.append(f"due:{due}")
    return " ".join(parts)
