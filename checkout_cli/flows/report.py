"""`report` and `export`: one pass over the window a period needs, into a summary.

The journal is read once, forward, from where the period's window begins. Each
line is sorted by its `at`, read from the raw line, before anything is parsed:
lines the summary does not need are skipped, lines that only count in the weekly
trend give up their two numbers to a regex, and only the period and the period
before it are parsed as JSON. Over a whole journal, the summary keeps counters
and reads its lists' entries again at the end (see `Summarizer.add`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.flows.selection import at_of, labels
from checkout_cli.model import clock
from checkout_cli.report.line_values import previous_values, trend_values
from checkout_cli.report.summary import NOTHING, PERIOD, PREVIOUS, Summarizer, needed_since
from checkout_cli.store import config as config_mod
from checkout_cli.store import journal
from checkout_cli.views.progress import reading_progress

if TYPE_CHECKING:
    from checkout_cli.model.filters import Filters
    from checkout_cli.model.periods import Period
    from checkout_cli.store.journal import Progress, Snapshot


@dataclass
class Report:
    summary: dict[str, Any]
    entries: list[dict[str, Any]]


def build(
    journals: Sequence[Path],
    period: Period,
    match: Filters,
    *,
    keep_entries: bool = False,
    progress: bool = False,
) -> Report:
    """The report JSON for `period` (and, on request, the period's entries, oldest first)."""
    settings = config_mod.load()
    week_start = config_mod.week_start(settings)
    now = clock.now()
    summarizer = Summarizer(period, week_start=week_start, now=now)
    kept: list[tuple[datetime, dict[str, Any]]] | None = [] if keep_entries else None
    since = needed_since(period, week_start=week_start, now=now)
    names = labels(journals) if len(journals) > 1 else {}
    with (
        reading_progress("Reading the journal", enabled=progress and since is None) as tick,
        _no_collection(),
    ):
        for path in journals:
            with journal.Snapshot(path) as snap:
                reader = Reader(snap, summarizer, match, period, names.get(path), kept)
                if since is None:
                    reader.everything(tick)
                else:
                    reader.window(since)
        if since is None:
            summarizer.add_lists(_reparsed(summarizer.deferred()))
    summary = summarizer.result()
    coverage = _calendar_coverage(settings, journals, period, now)
    if coverage is not None:
        summary["calendar"] = coverage
    if kept is None:
        return Report(summary, [])
    kept.sort(key=lambda pair: pair[0])
    return Report(summary, [item for _, item in kept])


@contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while reading.

    Parsed JSON holds no reference cycles, so the collector finds nothing to free,
    yet a read allocates so many containers that it would run thousands of times,
    each pass visiting every entry kept so far. What the read kept is frozen before
    collection resumes, or the first pass after it would visit all of it at once.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _reparsed(lines: list[bytes]) -> Iterator[dict[str, Any]]:
    from checkout_cli.store.journal import entry_of

    for raw in lines:
        entry = entry_of(raw)
        if entry is not None:
            yield entry


# The start of a line as `journal.encode` writes a check-out (`json.dumps` with its
# default separators, keys in `record.build_entry`'s order), up to the `at` value:
# its date, its time of day (hours, minutes and seconds in range; the day is checked
# once per date) and its UTC offset. JSON leaves the meaning of a repeated key open,
# so a line of this shape is taken to mean the `at` it starts with.
_HEAD = re.compile(
    rb'\{"v": 1, "id": "[^"\\]*+", "at": "'
    rb"(([0-9]{4}-[0-9]{2}-[0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])"
    rb'([+-][0-9]{2}:[0-9]{2}|Z)", "recorded_at": "'
)


def _real_day(day: bytes) -> bool:
    """Whether `add` can read this date (not, say, February 30th)."""
    try:
        date.fromisoformat(day.decode("ascii"))
    except ValueError:
        return False
    return True


class Reader:
    """Feeds one journal's lines to the summarizer, parsing no more than it needs."""

    def __init__(
        self,
        snap: Snapshot,
        summarizer: Summarizer,
        match: Filters,
        period: Period,
        label: str | None,
        kept: list[tuple[datetime, dict[str, Any]]] | None,
    ) -> None:
        self.snap = snap
        self.summarizer = summarizer
        self.match = match
        self.period = period
        self.label = label
        self.kept = kept

    def everything(self, progress: Progress | None) -> None:
        """Every line, parsed; the summary's lists are left for `Summarizer.add_lists`."""
        entry_of = self.snap.entry
        add = self.summarizer.add
        filtering = self.match.active
        matches = self.match.matches
        label = self.label
        kept = self.kept
        for offset, raw in self.snap.lines(0, progress):
            entry = entry_of(offset, raw)
            if entry is None:
                continue
            if label is not None:
                entry["source"] = label
            if filtering and not matches(entry):
                continue
            add(entry, raw)
            if kept is not None:
                self._keep(entry)

    def window(self, since: datetime) -> None:
        """The lines from where `since` needs reading on, each parsed only if it must be.

        Lines are looked at where they lie in each block; only those parsed are copied.
        Without filters, a line that counts only in the trend or the previous period
        gives what those take to a regex when it has `journal.encode`'s shape.
        """
        snap = self.snap
        slots = self.summarizer.slots
        short_way = not self.match.active
        head = _HEAD.match
        tables: dict[bytes, tuple[list[bytes], list[tuple[int, int]]] | None] = {}
        # The offset and the day of the line before, which most lines share.
        zone_seen, table = b"", None
        day_seen, real = b"", False
        for offset, block, stop in snap.blocks(snap.start(since)):
            position = 0
            while position < stop:
                start = position
                end = block.find(b"\n", start, stop)
                if end < 0:
                    end = stop
                position = end + 1
                found = head(block, start, end)
                what = PERIOD  # until known: `add` sorts out a parsed entry itself
                if found is not None:
                    wall, day, zone = found.groups()
                    if zone != zone_seen:
                        if zone not in tables:
                            tables[zone] = slots(zone)
                        zone_seen, table = zone, tables[zone]
                    if table is not None:
                        what, week = table[1][bisect_right(table[0], wall)]
                        if what == NOTHING:
                            continue
                        if what != PERIOD and short_way:
                            if day != day_seen:
                                day_seen, real = day, _real_day(day)
                            if real and self._counted(what, week, block, found.end(), end):
                                continue
                self._add(snap.entry(offset + start, block[start:end]), what == PERIOD)

    def _counted(self, what: int, week: int, block: bytes, start: int, end: int) -> bool:
        """Count a line of the trend or the previous period from its text, if it has
        `encode`'s shape; False when it must be parsed."""
        if what == PREVIOUS:
            previous = previous_values(block, start, end)
            if previous is None:
                return False
            self.summarizer.add_previous(week, *previous)
            return True
        values = trend_values(block, start, end)
        if values is None:
            return False
        self.summarizer.add_trend(week, *values)
        return True

    def _add(self, entry: dict[str, Any] | None, in_period: bool) -> None:
        """Count a parsed entry; keep it, for an export, if it may lie in the period."""
        if entry is None:
            return
        if self.label is not None:
            entry["source"] = self.label
        if self.match.active and not self.match.matches(entry):
            return
        self.summarizer.add(entry)
        if self.kept is not None and in_period:
            self._keep(entry)

    def _keep(self, entry: dict[str, Any]) -> None:
        assert self.kept is not None
        moment = at_of(entry)
        if moment is not None and self.period.contains(moment):
            self.kept.append((moment, entry))


def _calendar_coverage(
    settings: dict[str, Any], journals: Sequence[Path], period: Period, now: datetime
) -> dict[str, Any] | None:
    """ "Checked out 9 of 12": only for your own journal, when calendars are configured."""
    if not config_mod.calendars(settings) or len(journals) != 1 or period.start is None:
        return None
    from checkout_cli.flows.calendar import coverage

    return coverage(settings, journals[0], period.start, period.end, now)


def open_actions_with_due(journals: Sequence[Path]) -> list[dict[str, Any]]:
    """Every open next step with a due date, for calendar export."""
    from checkout_cli.flows import selection
    from checkout_cli.flows.follow import items_of

    return [
        item
        for item in items_of(selection.stream(journals, since=None))
        if item.get("done_at") is None and item.get("due")
    ]
