"""People: which spellings name one person, and who `me` is in a journal.

A calendar says "Ana Lima", a hand-typed check-out "Ana", an invitation
"ana@example.com": the alias table in the settings (`alias.Ana = ["Ana Lima",
"ana@example.com"]`) makes them one person, shown under the table's name. Names
compare without case and with runs of whitespace as one space.

`me` as an owner is what 0.1.0 stored for `@me` before a name was set: it is whoever
keeps the journal. In the user's own journal that is the configured name; in another
journal (a teammate's, read with the user's) it is shown as `me (FILE)`, so two
people's `me` never count as one.

Pure rules: the flows hand in the settings' table and say which journal an entry is in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from checkout_cli.model.errors import CheckoutError

ME = "me"  # the owner stored for `@me` when no name is set


def fold(name: object) -> str:
    """The form two spellings are compared in: any case, whitespace runs as one space."""
    return " ".join(str(name).casefold().split())


def split_spellings(values: Iterable[str]) -> tuple[str, ...]:
    """`"Ana Lima, ana@example.com"` (or several arguments) -> each spelling once."""
    found: dict[str, str] = {}
    for value in values:
        for part in value.split(","):
            spelling = " ".join(part.split())
            if spelling:
                found.setdefault(fold(spelling), spelling)
    return tuple(found.values())


def check_aliases(data: object, where: str) -> dict[str, tuple[str, ...]]:
    """The `[alias]` table as read from a file: each name a list of other spellings
    (or one comma-separated string). A spelling may name one person only."""
    from checkout_cli.model import limits

    if not isinstance(data, Mapping):
        raise CheckoutError(
            f'{where}: alias must be a table of names, e.g. Ana = ["Ana Lima", "ana@example.com"]'
        )
    table: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for name, value in data.items():
        shown = " ".join(str(name).split())
        if not shown:
            raise CheckoutError(f"{where}: an alias needs a name before the =")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise CheckoutError(f"{where}: alias {shown!r} must be a list of strings")
        spellings = split_spellings(value)
        for text in (shown, *spellings):
            limits.check(f"{where}: a spelling of {shown!r}", text, limits.NAME)
            if fold(text) == ME:
                raise CheckoutError(
                    f"{where}: alias {shown!r}: `me` is whoever keeps a journal; "
                    "set your name instead"
                )
        for text in (shown, *spellings):
            other = owner.get(fold(text))
            if other is not None and other != shown:
                raise CheckoutError(
                    f"{where}: {text!r} names both {other!r} and {shown!r} in alias; "
                    "keep it under one of them"
                )
            owner[fold(text)] = shown
        table[shown] = tuple(s for s in spellings if fold(s) != fold(shown))
    return table


@dataclass(frozen=True)
class People:
    """Who a spelling names, with the alias table and the configured name."""

    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    name: str = ""  # the configured name; "" when not set
    _index: dict[str, str] = field(init=False, repr=False, compare=False)
    # Spellings already looked up: a journal names the same few people again and again.
    _seen: dict[tuple[str, str | None], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for person, spellings in self.aliases.items():
            index[fold(person)] = person
            for spelling in spellings:
                index[fold(spelling)] = person
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_seen", {})

    @property
    def active(self) -> bool:
        """Whether any spelling changes (an alias, or a name for `me`)."""
        return bool(self._index or self.name)

    def person(self, name: str) -> str:
        """The one name a spelling is shown as: the alias table's, else as given."""
        if not self._index:
            return name
        found = self._seen.get((name, None))
        if found is None:
            found = self._seen[(name, None)] = self._index.get(fold(name), name)
        return found

    def key(self, name: str) -> str:
        """What two spellings of one person share."""
        return fold(self.person(name))

    @property
    def me(self) -> str:
        """The user as a person: the configured name (or its alias), else `me`."""
        return self.person(self.name) if self.name else ME

    def is_me(self, name: str) -> bool:
        return self.key(name) == fold(self.me) or fold(name) == ME

    def owner(self, owner: str | None, journal: str | None = None) -> str | None:
        """A next step's owner as a person; `journal` is the label of the journal the
        step is in when that is not the user's own (None when it is)."""
        if owner is None:
            return None
        key = (owner, journal or "")
        found = self._seen.get(key)
        if found is None:
            if fold(owner) == ME:
                found = self.me if journal is None else self.person(f"{ME} ({journal})")
            else:
                found = self.person(owner)
            self._seen[key] = found
        return found

    def spellings(self, name: str) -> list[str]:
        """Every spelling that names the person `name` names (the shown one first)."""
        if fold(name.lstrip("@")) == ME:
            name = self.me
        person = self.person(name)
        if fold(person) == fold(self.me):
            person = self.me
        found = [person, *self.aliases.get(person, ())]
        if person == self.me:
            found += [s for s in (self.name, ME) if s]
        once: dict[str, str] = {}
        for spelling in found:
            once.setdefault(fold(spelling), spelling)
        return list(once.values())

    def entry(self, entry: dict[str, Any], journal: str | None = None) -> dict[str, Any]:
        """`entry` with its people and owners as persons, changed in place (a freshly read
        entry); returned for a chained call. An entry with nothing to change is not touched."""
        if not self._index and not self.name and journal is None:
            return entry
        people = entry.get("with")
        if self._index and isinstance(people, list):
            named = [self.person(p) if isinstance(p, str) else p for p in people]
            if named != people:
                entry["with"] = _once(named)
        answers = entry.get("answers")
        for answer in answers if isinstance(answers, list) else ():
            if not isinstance(answer, dict) or answer.get("kind") != "actions":
                continue
            steps = answer.get("value")
            for step in steps if isinstance(steps, list) else ():
                if isinstance(step, dict) and isinstance(step.get("owner"), str):
                    step["owner"] = self.owner(step["owner"], journal)
        return entry


def _once(names: list[Any]) -> list[Any]:
    """Names with a person who was listed under two spellings listed once."""
    seen: set[str] = set()
    out = []
    for name in names:
        key = fold(name) if isinstance(name, str) else repr(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def uses_me(values: Mapping[str, Any]) -> bool:
    """Whether a draft's next steps hold `@me` stored as `me` (no name was set)."""
    from checkout_cli.model.answers import Step

    return any(
        isinstance(step, Step) and step.owner == ME
        for value in values.values()
        if isinstance(value, list)
        for step in value
    )


def name_me(values: dict[str, Any], name: str) -> None:
    """A draft's `me` owners as `name`, now that it is known."""
    from dataclasses import replace

    from checkout_cli.model.answers import Step

    for key, value in values.items():
        if isinstance(value, list):
            values[key] = [
                replace(step, owner=name) if isinstance(step, Step) and step.owner == ME else step
                for step in value
            ]
