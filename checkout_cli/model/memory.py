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
    """The latest check-out of this meeting among the last `SPAN` entries."""
    found = find(entries, title=title, uid=uid)
    return None if found is None else remembered(entries[found[0]], found[1])


def find(
    entries: Sequence[Mapping[str, Any]], *, title: str | None, uid: str | None = None
) -> tuple[int, How] | None:
    """Where the latest check-out of this meeting is among the last `SPAN` entries, and how
    it matched. Only an entry's title and event are looked at, so a caller may hand in
    entries that hold no more (the journal's heads) and read the one found whole.

    A check-out of the same calendar series (event UID) beats one of the same title: a
    series keeps its identity when its title is edited, and a title may name two meetings.
    """
    wanted = meeting_key(title) if title and title.strip() else None
    by_title: int | None = None
    keys: dict[str, str] = {}  # a title's key, worked out once: a journal's titles repeat
    for index in range(len(entries) - 1, max(-1, len(entries) - SPAN - 1), -1):
        entry = entries[index]
        if uid and _uid(entry) == uid:
            return index, "event"
        if by_title is None and wanted is not None and _title_key(entry, keys) == wanted:
            if not uid:
                return index, "title"
            by_title = index
    return None if by_title is None else (by_title, "title")


def latest(entries: Sequence[Mapping[str, Any]]) -> Remembered | None:
    """The latest check-out that has a title: what `--again` checks out again."""
    index = find_latest(entries)
    return None if index is None else remembered(entries[index], "latest")


def find_latest(entries: Sequence[Mapping[str, Any]]) -> int | None:
    """Where the latest check-out with a title is among the last `SPAN` entries."""
    for index in range(len(entries) - 1, max(-1, len(entries) - SPAN - 1), -1):
        if _title_key(entries[index]):
            return index
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


def remembered(entry: Mapping[str, Any], how: How) -> Remembered:
    """What `entry`, the check-out found, used."""
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
