"""Which entries a read command looks at: --tag, --with, --title, --set.

Each given criterion must hold (AND); within one, any listed value will do (OR).
Tags and people compare case-insensitively and exactly, so `--tag team` does not
match `teamwork`, and a person matches under any spelling the alias table gives
(model/people.py: `--with Ana` finds "Ana Lima"); the title is a case-insensitive substring (runs of
whitespace count as one space); the set is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checkout_cli.model.entry import meeting_key

if TYPE_CHECKING:
    from checkout_cli.model.people import People


def _fold(text: Any) -> str:
    return str(text).strip().casefold()


@dataclass(frozen=True)
class Filters:
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    title: str | None = None
    sets: tuple[str, ...] = ()
    persons: People | None = field(default=None, compare=False)  # the alias table
    # Folded once here so matching a long journal does not fold the query per entry.
    _tags: frozenset[str] = field(init=False, repr=False, compare=False)
    _people: frozenset[str] = field(init=False, repr=False, compare=False)
    _title: str | None = field(init=False, repr=False, compare=False)
    _person: Callable[[Any], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        person = _fold if self.persons is None or not self.persons.active else _keyed(self.persons)
        object.__setattr__(self, "_person", person)
        object.__setattr__(self, "_tags", frozenset(_fold(t) for t in self.tags))
        object.__setattr__(self, "_people", frozenset(person(p) for p in self.people))
        folded = None if self.title is None else meeting_key(self.title)
        object.__setattr__(self, "_title", folded or None)

    @property
    def active(self) -> bool:
        return bool(self._tags or self._people or self._title is not None or self.sets)

    def matches(self, entry: dict[str, Any]) -> bool:
        if self._tags and not _any_in(entry.get("tags"), self._tags):
            return False
        if self._people and not _any_in(entry.get("with"), self._people, self._person):
            return False
        if self._title is not None:
            title = entry.get("title")
            if not isinstance(title, str) or self._title not in meeting_key(title):
                return False
        return not self.sets or entry.get("set") in self.sets


def _keyed(persons: People) -> Callable[[Any], str]:
    def key(name: Any) -> str:
        return persons.key(str(name))

    return key


def _any_in(values: Any, wanted: frozenset[str], key: Callable[[Any], str] = _fold) -> bool:
    if not isinstance(values, list):
        return False
    return any(key(v) in wanted for v in values if v is not None)
