"""The numbers behind the start screen, read from the recent end of the journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from checkout_cli.model import clock
from checkout_cli.store.journal import Journal
from checkout_cli.views.warnings import warn_stderr

RECENT_DAYS = 90


@dataclass(frozen=True)
class Home:
    first_run: bool
    this_week: int = 0
    open_items: int = 0
    overdue: int = 0
    last: dict[str, Any] | None = None
    recent_days: int = RECENT_DAYS


def build_home(path: Path) -> Home:
    """Counts for this week and open next steps of the last 90 days (never the whole file)."""
    from checkout_cli.flows.follow import items_of
    from checkout_cli.flows.selection import at_of
    from checkout_cli.model.periods import week_bounds
    from checkout_cli.store import config

    journal = Journal(path, warn=warn_stderr)
    if not journal.exists():
        return Home(first_run=True)
    now = clock.now()
    start, end = week_bounds(now, config.load().first_weekday)
    window = list(journal.read(since=min(start, now - timedelta(days=RECENT_DAYS))))
    last = window[-1] if window else next(iter(journal.tail(1)), None)
    week = 0
    for item in window:
        moment = at_of(item)
        if moment is not None and start <= moment < end:
            week += 1
    open_items = [i for i in items_of(window) if i.is_open]
    overdue = sum(1 for i in open_items if i.is_overdue(now.date()))
    return Home(False, week, len(open_items), overdue, last)
