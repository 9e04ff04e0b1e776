"""`report` and `export`: the period's window of each journal, read once forward, into a summary.

Every line of the window is decoded and handed to the summarizer, which sorts each
entry by its `at` into the period, the period before it and the weekly trend.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.flows.selection import at_of, labels
from checkout_cli.model import clock
from checkout_cli.report.data import CalendarCoverage, Summary
from checkout_cli.report.summary import Summarizer, TrendCounting, needed_since
from checkout_cli.store import config as config_mod
from checkout_cli.store.journal import BriefLine, Journal
from checkout_cli.views.progress import reading_progress
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from checkout_cli.model.filters import Filters
    from checkout_cli.model.periods import Period
    from checkout_cli.model.settings import Settings
    from checkout_cli.store.journal_file import Progress


@dataclass
class Report:
    summary: Summary
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
    week_start = settings.first_weekday
    now = clock.now()
    summarizer = Summarizer(period, week_start=week_start, now=now)
    kept: list[tuple[datetime, dict[str, Any]]] = []
    since = needed_since(period, week_start=week_start, now=now)
    names = labels(journals) if len(journals) > 1 else {}
    add = summarizer.add
    filtered = match.active
    with reading_progress("Reading the journal", enabled=progress and since is None) as tick:
        for path in journals:
            label = names.get(path)
            journal = Journal(path, warn=warn_stderr)
            for entry in _entries(journal, since, tick, summarizer, briefly=not filtered):
                if label is not None:
                    entry["source"] = label
                if filtered and not match.matches(entry):
                    continue
                if add(entry) and keep_entries:
                    moment = at_of(entry)
                    if moment is not None and period.contains(moment):
                        kept.append((moment, entry))
    summary = summarizer.result()
    coverage = _calendar_coverage(settings, journals, period, now)
    if coverage is not None:
        summary["calendar"] = coverage
    kept.sort(key=lambda pair: pair[0])
    return Report(summary, [item for _, item in kept])


def _entries(
    journal: Journal,
    since: datetime | None,
    tick: Progress | None,
    summarizer: Summarizer,
    *,
    briefly: bool,
) -> Iterator[dict[str, Any]]:
    """The entries the summarizer needs whole. With `briefly`, the lines only the trend
    counts are read as briefs and counted on the spot (`Summarizer.add_brief`), which
    costs about half of decoding them, and the trend marker stands in for the weeks
    an earlier report counted (`store/counted.py`). Filters need whole entries and
    count other weeks, so a filtered report reads every line whole."""
    if not briefly:
        yield from journal.read(since, tick)
        return
    add_brief, add_early = summarizer.add_brief, summarizer.add_early
    counting = TrendCounting(summarizer)
    early = counting.early
    read = journal.read_for_counting(since, tick, summarizer.whole_between, counting)
    for item in read:
        if type(item) is BriefLine:
            if item.early:
                if add_early(item.brief, early):
                    continue
                counting.clean = False
            if add_brief(item.brief):
                continue
            yield item.whole()
        else:
            yield item  # type: ignore[misc]


def _calendar_coverage(
    settings: Settings, journals: Sequence[Path], period: Period, now: datetime
) -> CalendarCoverage | None:
    """ "Checked out 9 of 12": only for your own journal, when calendars are configured."""
    if not settings.calendars or len(journals) != 1 or period.start is None:
        return None
    from checkout_cli.flows.calendar import coverage

    return coverage(settings, journals[0], period.start, period.end, now)


def open_actions_with_due(journals: Sequence[Path]) -> list[dict[str, Any]]:
    """Every open next step with a due date, for calendar export (in its JSON form)."""
    from checkout_cli.flows import selection
    from checkout_cli.flows.follow import items_of

    return [
        item.as_json()
        for item in items_of(selection.stream(journals, since=None))
        if item.is_open and item.due
    ]
