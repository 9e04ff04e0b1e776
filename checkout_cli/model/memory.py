"""What a check-out remembers of a meeting seen before: its set, tags and people.

A check-out of a title seen before (case and spacing ignored), or of a calendar series
seen before (the same event UID), takes by default what its latest check-out used, so
the customer call asks the customer-call questions with the same people without being
told. Only the end of the journal counts (`SPAN` check-outs at most): remembering then
costs the same on a journal of any size, and a meeting not held for that long is
started afresh. Pure: the caller hands over the entries, oldest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from checkout_cli.model.entry import attendees, meeting_key, tags

# How many of the latest check-outs are looked at.
SPAN = 1000

How = Literal["event", "title", "latest"]


@dataclass(frozen=True)
class Remembered:
    """What the latest check-out of a meeting used, and which one it was."""

    title: str
    at: str  # the remembered check-out's `at`, as stored
    set_name: str | None
    tags: tuple[str, ...]
    people: tuple[str, ...]
    entry_id: str
    how: How  # matched by calendar event, by title, or taken as the latest check-out


@dataclass(frozen=True)
class Choice:
    """The set, tags and people a check-out uses, and which of them memory supplied."""

    set_name: str | None
    tags: tuple[str, ...]
    people: tuple[str, ...]
    from_memory: frozenset[Literal["set", "tags", "people"]]


def recall(
    entries: Sequence[Mapping[str, Any]], *, title: str | None, uid: str | None = None
) -> Remembered | None:
    """The latest check-out of this meeting among the last `SPAN` entries.

    A check-out of the same calendar series (event UID) beats one of the same title: a
    series keeps its identity when its title is edited, and a title may name two meetings.
    """
    wanted = meeting_key(title) if title and title.strip() else None
    by_title: Remembered | None = None
    keys: dict[str, str] = {}  # a title's key, worked out once: a journal's titles repeat
    for entry in reversed(entries[-SPAN:]):
        if uid and _uid(entry) == uid:
            return _of(entry, "event")
        if by_title is None and wanted is not None and _title_key(entry, keys) == wanted:
            if not uid:
                return _of(entry, "title")
            by_title = _of(entry, "title")
    return by_title


def latest(entries: Sequence[Mapping[str, Any]]) -> Remembered | None:
    """The latest check-out that has a title: what `--again` checks out again."""
    for entry in reversed(entries[-SPAN:]):
        if _title_key(entry):
            return _of(entry, "latest")
    return None


def choose(
    memory: Remembered | None,
    *,
    set_name: str | None,
    tags: Sequence[str],
    people: Sequence[str],
) -> Choice:
    """What was given wins; what was not given comes from memory, when there is one.

    `people` may already hold a calendar meeting's attendees, which beat memory too:
    the invitation knows who was asked this time.
    """
    used: set[Literal["set", "tags", "people"]] = set()
    if memory is None:
        return Choice(set_name, tuple(tags), tuple(people), frozenset())
    chosen_set = set_name
    if chosen_set is None and memory.set_name:
        chosen_set = memory.set_name
        used.add("set")
    chosen_tags = tuple(tags)
    if not chosen_tags and memory.tags:
        chosen_tags = memory.tags
        used.add("tags")
    chosen_people = tuple(people)
    if not chosen_people and memory.people:
        chosen_people = memory.people
        used.add("people")
    return Choice(chosen_set, chosen_tags, chosen_people, frozenset(used))


def _of(entry: Mapping[str, Any], how: How) -> Remembered:
    data = dict(entry)
    name = data.get("set")
    at = data.get("at")
    return Remembered(
        title=str(data.get("title", "")).strip(),
        at=at if isinstance(at, str) else "",
        set_name=name.strip() if isinstance(name, str) and name.strip() else None,
        tags=tuple(t for t in tags(data) if t.strip()),
        people=tuple(p for p in attendees(data) if p.strip()),
        entry_id=str(data.get("id", "")),
        how=how,
    )


def _title_key(entry: Mapping[str, Any], keys: dict[str, str] | None = None) -> str:
    title = entry.get("title")
    if not isinstance(title, str):
        return ""
    if keys is None:
        return meeting_key(title)
    key = keys.get(title)
    if key is None:
        key = keys[title] = meeting_key(title)
    return key


def _uid(entry: Mapping[str, Any]) -> str | None:
    event = entry.get("event")
    if not isinstance(event, dict):
        return None
    uid = event.get("uid")
    return uid.strip() if isinstance(uid, str) and uid.strip() else None
