"""`report` and `export`: one pass over the window a period needs, into a summary.

The journal is read once: every entry in the window feeds the streaming
summarizer, and the period's own entries are kept only when an export needs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli import clock
from checkout_cli import config as config_mod
from checkout_cli.progress import reading_progress

if TYPE_CHECKING:
    from checkout_cli.filters import Filters
    from checkout_cli.periods import Period


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
    from checkout_cli import selection
    from checkout_cli.summary import Summarizer, needed_since

    settings = config_mod.load()
    week_start = config_mod.week_start(settings)
    now = clock.now()
    summarizer = Summarizer(period, week_start=week_start, now=now)
    kept: list[tuple[datetime, dict[str, Any]]] = []
    since = needed_since(period, week_start=week_start, now=now)
    with reading_progress("Reading the journal", enabled=progress and since is None) as tick:
        for item in selection.stream(journals, since=since, progress=tick):
            if not match.matches(item):
                continue
            summarizer.add(item)
            if keep_entries:
                moment = selection.at_of(item)
                if moment is not None and period.contains(moment):
                    kept.append((moment, item))
    summary = summarizer.result()
    coverage = _calendar_coverage(settings, journals, period, now)
    if coverage is not None:
        summary["calendar"] = coverage
    kept.sort(key=lambda pair: pair[0])
    return Report(summary, [item for _, item in kept])


def _calendar_coverage(
    settings: dict[str, Any], journals: Sequence[Path], period: Period, now: datetime
) -> dict[str, Any] | None:
    """ "Checked out 9 of 12": only for your own journal, when calendars are configured."""
    if not config_mod.calendars(settings) or len(journals) != 1 or period.start is None:
        return None
    from checkout_cli.calendar_flow import coverage

    return coverage(settings, journals[0], period.start, period.end, now)


def open_actions_with_due(journals: Sequence[Path]) -> list[dict[str, Any]]:
    """Every open next step with a due date, for calendar export."""
    from checkout_cli import selection
    from checkout_cli.actions import items_of

    return [
        item
        for item in items_of(selection.stream(journals, since=None))
        if item.get("done_at") is None and item.get("due")
    ]
