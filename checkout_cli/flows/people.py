"""People, tags and titles: who and what the journals name, and renaming a meeting.

Every listing sees people through `model.people.People` (the alias table, and whose
`me` an owner is): `people`, `actions`, `log`, the report. This module knows which
journal is the user's own, which the pure rules cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.model.entry import meeting_key
from checkout_cli.model.people import People, fold
from checkout_cli.store import paths

if TYPE_CHECKING:
    from rich.console import Console

    from checkout_cli.model.actions import ActionItem
    from checkout_cli.model.settings import Settings
    from checkout_cli.store.journal import Progress


def current() -> People:
    """The user's people rules: the alias table and name from the settings."""
    from checkout_cli.store import config

    settings = config.load()
    return People(settings.alias, settings.name)


def alias_names(settings: Settings) -> Callable[[str], str] | None:
    """The alias table as the calendars use it on attendees (None when there is none)."""
    return People(settings.alias).person if settings.alias else None


def is_own(path: Path) -> bool:
    """Whether `path` is the user's own journal (where `me` is the configured name)."""
    return paths.same_file(path, paths.journal_file())


def journal_of(journals: Sequence[Path]) -> Callable[[str | None], str | None]:
    """source label (as `selection.stream` sets it, None for a single journal) -> the
    label to show a `me` under, or None when the entry is in the user's own journal."""
    from checkout_cli.flows.selection import labels

    names = labels(journals)
    others = {names[path]: names[path] for path in journals if not is_own(path)}
    if len(journals) == 1:
        alone = others.get(names[journals[0]])
        return lambda source: alone
    return lambda source: others.get(source) if source is not None else None


def named_entries(
    entries: Iterable[dict[str, Any]], journals: Sequence[Path], persons: People | None = None
) -> Iterator[dict[str, Any]]:
    """Entries with their people and owners as persons (changed in place: read fresh)."""
    persons = persons or current()
    where = journal_of(journals)
    for entry in entries:
        source = entry.get("source")
        yield persons.entry(entry, where(source if isinstance(source, str) else None))


def named_items(
    items: Iterable[ActionItem], journals: Sequence[Path], persons: People | None = None
) -> Iterator[ActionItem]:
    """Action items with their owners as persons: `me` as the configured name in the
    user's own journal and `me (FILE)` in another, aliases as the one name."""
    persons = persons or current()
    where = journal_of(journals)
    for item in items:
        owner = persons.owner(item.owner, where(item.source))
        yield item if owner == item.owner else replace(item, owner=owner)


# --- people ---------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    you: bool = False
    checkouts: int = 0
    last: str | None = None  # the latest check-out's `at`
    owed_by_them: int = 0  # open steps they own
    owed_by_me: int = 0  # open steps I own, agreed in check-outs with them
    spellings: dict[str, None] | None = None  # as written in the journals, in order seen

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "you": self.you,
            "checkouts": self.checkouts,
            "last": self.last,
            "open_owed_by_them": self.owed_by_them,
            "open_owed_by_me": self.owed_by_me,
            "spellings": list(self.spellings or {}),
        }


def directory(
    entries: Iterable[dict[str, Any]], journals: Sequence[Path], persons: People | None = None
) -> list[Person]:
    """Everyone the check-outs name, as attendee or owner, most check-outs first."""
    from checkout_cli.model import entry as model
    from checkout_cli.model.actions import ActionItem

    persons = persons or current()
    where = journal_of(journals)
    me_key = fold(persons.me)
    found: dict[str, Person] = {}

    def seen(raw: str, name: str) -> Person:
        key = fold(name)
        person = found.get(key)
        if person is None:
            person = found[key] = Person(name, you=key == me_key, spellings={})
        person.name = name  # the latest spelling, when no alias names one
        assert person.spellings is not None
        person.spellings.setdefault(" ".join(raw.split()), None)
        return person

    for entry in entries:
        source = entry.get("source")
        journal = where(source if isinstance(source, str) else None)
        at = entry.get("at") if isinstance(entry.get("at"), str) else None
        here: dict[str, Person] = {}
        for raw in model.attendees(entry):
            if raw.strip():
                person = seen(raw, persons.person(raw))
                here[fold(person.name)] = person
        mine = 0
        for action in model.actions(entry):
            item = ActionItem.of(action)
            owner = persons.owner(item.owner, journal)
            if not owner or not item.owner:
                continue
            person = seen(item.owner, owner)
            here.setdefault(fold(person.name), person)
            if item.is_open:
                person.owed_by_them += 1
                mine += fold(owner) == me_key
        for key, person in here.items():
            person.checkouts += 1
            if at is not None and (person.last is None or _later(at, person.last)):
                person.last = at
            if key != me_key:
                person.owed_by_me += mine
    return sorted(found.values(), key=lambda p: (-p.checkouts, _minus(p.last), fold(p.name)))


# --- tags and titles --------------------------------------------------------------------


@dataclass
class Used:
    """A tag or a title: how often, and when last."""

    name: str
    count: int = 0
    last: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "count": self.count, "last": self.last}


def tags(entries: Iterable[dict[str, Any]]) -> list[Used]:
    """Every tag (any case is one tag), newest first."""
    from checkout_cli.model import entry as model

    return _tally((t, fold(t), e) for e in entries for t in model.tags(e) if t.strip())


def titles(entries: Iterable[dict[str, Any]]) -> list[Used]:
    """Every meeting title (case and spacing ignored, as the carry-over does), newest first."""
    return _tally(
        (str(e["title"]), meeting_key(e["title"]), e)
        for e in entries
        if isinstance(e.get("title"), str) and e["title"].strip()
    )


def _tally(found: Iterable[tuple[str, str, dict[str, Any]]]) -> list[Used]:
    seen: dict[str, Used] = {}
    for name, key, entry in found:
        used = seen.setdefault(key, Used(name))
        used.count += 1
        at = entry.get("at")
        if isinstance(at, str) and (used.last is None or not _later(used.last, at)):
            used.last, used.name = at, name  # the latest spelling is the one shown
    return sorted(seen.values(), key=lambda u: (_minus(u.last), -u.count, u.name.casefold()))


def _instant(at: str | None) -> float | None:
    from checkout_cli.model.moments import parse_stored

    moment = parse_stored(at)
    return None if moment is None else moment.timestamp()


def _later(a: str, b: str) -> bool:
    first, second = _instant(a), _instant(b)
    if first is None or second is None:
        return second is None and first is not None
    return first > second


def _minus(at: str | None) -> float:
    """Sorts the latest first, and entries without a readable time last."""
    moment = _instant(at)
    return float("inf") if moment is None else -moment


# --- rename ------------------------------------------------------------------------------


def renamed_count(path: Path, old: str, new: str, progress: Progress | None = None) -> int:
    """How many check-outs `rename` would change: titled OLD (any case), not already NEW."""
    from checkout_cli.store.journal import Journal
    from checkout_cli.views.warnings import warn_stderr

    key = meeting_key(old)
    return sum(
        1
        for entry in Journal(path, warn=warn_stderr).read(progress=progress)
        if _renames(entry, key, new)
    )


def rename(path: Path, old: str, new: str, progress: Progress | None = None) -> int:
    """Give every check-out titled OLD (any case and spacing) the title NEW, in one safe
    rewrite; returns how many changed."""
    from checkout_cli.store.journal import Journal
    from checkout_cli.views.warnings import warn_stderr

    key = meeting_key(old)

    def change(entry: dict[str, Any]) -> dict[str, Any] | None:
        if not _renames(entry, key, new):
            return None
        entry["title"] = new
        return entry

    return Journal(path, warn=warn_stderr).rewrite(change, progress)


def check_rename(old: str, new: str) -> tuple[str, str]:
    """The two titles, trimmed; a new title that is empty, the same or too long is refused."""
    from checkout_cli.model import limits
    from checkout_cli.model.errors import CheckoutError

    old, new = " ".join(old.split()), " ".join(new.split())
    if not old:
        raise CheckoutError("give the title to rename; `checkout titles` lists them")
    if not new:
        raise CheckoutError("the new title is empty; give the title the meeting should have")
    if new == old:
        raise CheckoutError(f"the new title is the same as the old one ({old!r}); nothing to do")
    limits.check("the title", new, limits.TITLE)
    return old, new


def _renames(entry: dict[str, Any], key: str, new: str) -> bool:
    title = entry.get("title")
    return isinstance(title, str) and meeting_key(title) == key and title != new


# --- who @me is ----------------------------------------------------------------------------


def settle_me(values: dict[str, Any], settings: Settings, console: Console | None) -> Settings:
    """A check-out's `@me` before a name is set: in a terminal, ask the name once, save
    it to the config and use it; without one, keep `me` and say how to set the name.
    The settings as they are now (with the name, when one was given)."""
    from checkout_cli.model.people import name_me, uses_me

    if settings.name or not uses_me(values):
        return settings
    if console is not None:
        from checkout_cli.model import limits
        from checkout_cli.store import config
        from checkout_cli.views.people import ask_name
        from checkout_cli.views.render import safe

        name = ask_name(console)
        if name and fold(name) != "me":
            limits.check("your name", name, limits.NAME)
            config.save(config.load().updated(name=name))
            name_me(values, name)
            console.print(f"Saved your name; @me is {safe(name)} from now on.", markup=False)
            return settings.updated(name=name)
    from checkout_cli.views.warnings import warn_stderr

    warn_stderr(
        "a next step's @me is saved as `me`; tell checkout your name with "
        "`checkout config set name NAME` and it counts as you"
    )
    return settings
