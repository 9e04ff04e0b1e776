"""Which entries a read command looks at: one or more journals, a period, filters.

Reads only the window of each journal that the period needs, and labels each
entry with its journal when several are merged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.store import paths
from checkout_cli.store.journal import Journal, Progress
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from checkout_cli.model.filters import Filters
    from checkout_cli.model.periods import MonthName, Period, WeekName


def journal_paths(explicit: Sequence[str] | None) -> list[Path]:
    """The journals to read, one per real file (the first spelling wins, so the same
    journal named twice, or through a link, is not counted twice); a journal named on
    the command line must exist."""
    if not explicit:
        return [paths.journal_file()]
    chosen: dict[tuple[int, int] | str, Path] = {}
    for given in explicit:
        path = paths.existing_journal(given)
        chosen.setdefault(paths.file_key(path), path)
    return list(chosen.values())


def labels(journals: Sequence[Path]) -> dict[Path, str]:
    """Short, distinct labels: the file name, or parent/name when names repeat."""
    names = [p.name for p in journals]
    return {
        p: (p.name if names.count(p.name) == 1 else f"{p.parent.name}/{p.name}") for p in journals
    }


def stream(
    journals: Sequence[Path], *, since: datetime | None, progress: Progress | None = None
) -> Iterator[dict[str, Any]]:
    """Entries of every journal; with `since`, only each journal's recent window."""
    tagged = len(journals) > 1
    names = labels(journals)
    for path in journals:
        for item in Journal(path, warn=warn_stderr).read(since, progress):
            if tagged:
                item["source"] = names[path]
            yield item


def at_of(item: dict[str, Any]) -> datetime | None:
    """When the meeting happened, aware; None when `at` is not an ISO time that local
    time and UTC can both hold (such an entry is left out, and `checkout check` names it)."""
    from checkout_cli.model.moments import parse_stored

    return parse_stored(item.get("at"))


def in_period(journals: Sequence[Path], period: Period, filters: Filters) -> list[dict[str, Any]]:
    """The period's entries that pass the filters, oldest first."""
    chosen = []
    for item in stream(journals, since=period.start):
        moment = at_of(item)
        if moment is not None and period.contains(moment) and filters.matches(item):
            chosen.append((moment, item))
    chosen.sort(key=lambda pair: pair[0])
    return [item for _, item in chosen]


def _sort_key(item: dict[str, Any]) -> float:
    moment = at_of(item)
    return moment.timestamp() if moment is not None else float("-inf")


def latest(journals: Sequence[Path], limit: int, filters: Filters) -> list[dict[str, Any]]:
    """The last `limit` entries passing the filters, newest first, read from the end."""
    chosen: list[dict[str, Any]] = []
    names = labels(journals)
    for path in journals:
        window = limit
        while True:
            found = Journal(path, warn=warn_stderr).tail(window)
            matching = [item for item in found if filters.matches(item)]
            if len(matching) >= limit or len(found) < window:
                break
            window *= 4
        for item in matching[-limit:]:
            if len(journals) > 1:
                item["source"] = names[path]
            chosen.append(item)
    # By instant, not by the text: offsets differ across DST changes and travel.
    chosen.sort(key=lambda item: _sort_key(item), reverse=True)
    return chosen[:limit]


@dataclass(frozen=True)
class Scope:
    """Which check-outs a read command looks at: a period and filters, parsed."""

    week: WeekName | None = None
    month: MonthName | None = None
    since: date | None = None
    until: date | None = None
    all_: bool = False
    tag: list[str] | None = None
    people: list[str] | None = None
    title: str | None = None
    set_name: list[str] | None = None

    @property
    def names_a_period(self) -> bool:
        named = (self.week, self.month, self.since, self.until)
        return self.all_ or any(value is not None for value in named)


def period(scope: Scope, *, default: str | None = "week") -> Period | None:
    """The period the flags name, with the user's week start; None when none is named and
    `default` is None."""
    from checkout_cli.model import clock
    from checkout_cli.model.periods import resolve_period
    from checkout_cli.store import config

    if default is None and not scope.names_a_period:
        return None
    return resolve_period(
        week=scope.week,
        month=scope.month,
        since=scope.since,
        until=scope.until,
        all_=scope.all_,
        now=clock.now(),
        week_start=config.load().first_weekday,
        default=default or "week",
    )


def filters(scope: Scope) -> Filters:
    from checkout_cli.model.filters import Filters

    persons = None
    if scope.people:  # one person under any spelling the alias table gives
        from checkout_cli.flows.people import current

        persons = current()
    return Filters(
        tags=tuple(scope.tag or ()),
        people=tuple(scope.people or ()),
        title=scope.title,
        sets=tuple(scope.set_name or ()),
        persons=persons,
    )


def log_entries(
    journals: Sequence[Path], chosen: Period | None, match: Filters, limit: int
) -> list[dict[str, Any]]:
    """Newest first: the last `limit` check-outs, or the last `limit` of a period."""
    if chosen is None:
        return latest(journals, limit, match)
    return in_period(journals, chosen, match)[::-1][:limit]
