"""`report` and `export`: the period's window of each journal, read once forward, into a summary.

Every line of the window is decoded and handed to the summarizer, which sorts each
entry by its `at` into the period, the period before it and the weekly trend. The
questions file gives each set's labels and language, and says which sets are private:
an export leaves their check-outs out unless asked to keep them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkout_cli.flows.people import is_own
from checkout_cli.flows.selection import at_of, labels
from checkout_cli.model import clock
from checkout_cli.model.people import People
from checkout_cli.report.data import CalendarCoverage, Summary
from checkout_cli.report.summary import Summarizer, TrendCounting, needed_since
from checkout_cli.report.tallies import set_name
from checkout_cli.report.time import TimeTally, attach
from checkout_cli.store import config as config_mod
from checkout_cli.store.journal import Journal
from checkout_cli.views.progress import reading_progress
from checkout_cli.views.warnings import warn_stderr

if TYPE_CHECKING:
    from checkout_cli.model.filters import Filters
    from checkout_cli.model.periods import Period
    from checkout_cli.model.questions import QuestionSet
    from checkout_cli.model.settings import Settings
    from checkout_cli.store.journal_file import Progress


@dataclass
class Report:
    summary: Summary
    entries: list[dict[str, Any]]
    left_out: int = 0  # check-outs of private sets the period held and the report left out
    private: tuple[str, ...] = ()  # the private sets it left out (by the questions file)
    left_out_sets: tuple[str, ...] = ()  # those of them the period had check-outs of


def question_sets(questions_file: str | None, *, strict: bool) -> dict[str, QuestionSet]:
    """The questions file's sets, for labels and privacy. A report reads on without them
    (its labels come from the journal) and says why; an export (`strict`) cannot tell
    which sets are private without them, so it stops."""
    from checkout_cli.model.errors import CheckoutError
    from checkout_cli.store import question_files

    try:
        return question_files.load(questions_file)[0]
    except CheckoutError as error:
        if strict:
            raise
        warn_stderr(f"{error}; labels come from the journal instead")
        return {}


def build(
    journals: Sequence[Path],
    period: Period,
    match: Filters,
    *,
    keep_entries: bool = False,
    progress: bool = False,
    sets: dict[str, QuestionSet] | None = None,
    leave_out_private: bool = False,
) -> Report:
    """The report JSON for `period` (and, on request, the period's entries, oldest first).

    With `leave_out_private`, check-outs of the sets `sets` marks private count for
    nothing (not even the trend), and `left_out` says how many of the period's there were.
    """
    settings = config_mod.load()
    week_start = settings.first_weekday
    now = clock.now()
    known = sets or {}
    private = frozenset(n for n, q in known.items() if q.private) if leave_out_private else None
    summarizer = Summarizer(
        period, week_start=week_start, now=now, sets=known, leave_out=private or frozenset()
    )
    left_out: dict[str, int] = {}
    kept: list[tuple[datetime, dict[str, Any]]] = []
    since = needed_since(period, week_start=week_start, now=now)
    names = labels(journals) if len(journals) > 1 else {}
    add = summarizer.add
    filtered = match.active
    timer = _timer(settings, journals, period)
    timed = None if timer.calendar else timer.add
    persons = People(settings.alias, settings.name)
    with reading_progress("Reading the journal", enabled=progress and since is None) as tick:
        for path in journals:
            label = names.get(path)
            # The report's people and owners as persons (aliases joined, `me` named).
            mine = None if is_own(path) else labels(journals)[path]
            named = persons.entry if persons.active or mine is not None else None
            journal = Journal(path, warn=warn_stderr)
            for entry in _entries(journal, since, tick, summarizer, counted=not filtered):
                if label is not None:
                    entry["source"] = label
                if named is not None:
                    named(entry, mine)
                if filtered and not match.matches(entry):
                    continue
                if private:
                    name = set_name(entry)
                    if name in private:
                        moment = at_of(entry)
                        if moment is not None and period.contains(moment):
                            left_out[name] = left_out.get(name, 0) + 1
                        continue
                if timed is not None and "minutes" in entry:
                    timed(entry)
                if add(entry) and keep_entries:
                    moment = at_of(entry)
                    if moment is not None and period.contains(moment):
                        kept.append((moment, entry))
    summary = summarizer.result()
    coverage = _calendar_coverage(
        settings, journals, period, now, timer, match, private or frozenset()
    )
    if coverage is not None:
        summary["calendar"] = coverage
    attach(summary, timer.result(summary["count"]))
    kept.sort(key=lambda pair: pair[0])
    return Report(
        summary,
        [item for _, item in kept],
        sum(left_out.values()),
        tuple(sorted(private)) if private else (),
        tuple(sorted(left_out)),
    )


def _entries(
    journal: Journal,
    since: datetime | None,
    tick: Progress | None,
    summarizer: Summarizer,
    *,
    counted: bool,
) -> Iterator[dict[str, Any]]:
    """The entries for `Summarizer.add`. With `counted`, those recorded before the
    period and the one before count in the trend as they are read (`TrendCounting`),
    and the trend marker stands in for the weeks an earlier report counted
    (`store/counted.py`). Filters count other weeks than the marker's, so a filtered
    report reads them as any other."""
    if not counted:
        return journal.read(since, tick)
    return journal.read_for_counting(since, tick, TrendCounting(summarizer))


def _calendar_coverage(
    settings: Settings,
    journals: Sequence[Path],
    period: Period,
    now: datetime,
    timer: TimeTally,
    match: Filters,
    leave_out: frozenset[str],
) -> CalendarCoverage | None:
    """ "Checked out 9 of 12": only for your own journal, when calendars are configured.
    The meetings' hours go into `timer` on the way; the meetings checked out in the
    `leave_out` sets (private ones, for a report to share) are not in either."""
    if not timer.calendar or period.start is None:
        return None
    from checkout_cli.flows.calendar import coverage

    previous = period.previous()
    return coverage(
        settings,
        journals[0],
        period.start,
        period.end,
        now,
        timer=timer,
        previous_start=None if previous is None else previous.start,
        match=match,
        leave_out=leave_out,
    )


def _timer(settings: Settings, journals: Sequence[Path], period: Period) -> TimeTally:
    """The period's time and worth (report/time.py): from the calendar where one is known
    (your own journal, a period with a start), else from the lengths given at check-out."""
    calendar = bool(settings.calendars) and len(journals) == 1 and period.start is not None
    return TimeTally(period, scales=_worth_scales, calendar=calendar)


def _worth_scales() -> dict[tuple[str, str], tuple[float, float]]:
    """Each set's scale questions as (min, max), to tell what "not worth it" is."""
    from checkout_cli.model.errors import CheckoutError
    from checkout_cli.store import question_files

    try:
        sets, _ = question_files.load()
    except CheckoutError:
        return {}
    return {
        (name, question.key): (float(question.min), float(question.max))
        for name, qset in sets.items()
        for question in qset.questions
        if question.kind == "scale"
    }


def open_actions_with_due(
    journals: Sequence[Path], private: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Every open next step with a due date, for calendar export (in its JSON form);
    none of the check-outs of the `private` sets."""
    from checkout_cli.flows import selection
    from checkout_cli.flows.follow import items_of

    entries = selection.stream(journals, since=None)
    if private:
        entries = (entry for entry in entries if set_name(entry) not in private)
    return [item.as_json() for item in items_of(entries) if item.is_open and item.due]
