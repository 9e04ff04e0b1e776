"""Entries -> the report: a thin summarizer that sorts entries by time for the tallies.

Streaming on purpose: `Summarizer.add` keeps running totals (`tallies.py`), so a
report over a whole journal holds a few counters, not the entries. Each entry is
looked at once and sorted by its `at` into the period, the previous period of the
same length, and the weekly trend (an entry may count in the trend and one of the
others); the tallies of each take what they need from it. Times are compared as
naive UTC, which costs far less than comparing aware ones; the themes are worked
out once, in `result`, from the improvements kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from checkout_cli.model.periods import Period, local_midnight, week_first_day
from checkout_cli.report.data import PeriodData, Summary
from checkout_cli.report.tallies import (
    GOAL_KEY,
    GOAL_SCORES,
    IMPROVE_KEY,
    WORTH_KEY,
    BriefAnswer,
    PeriodTally,
    PreviousTally,
    WeeklyTrend,
    brief_goal_and_worth,
    goal_and_worth,
    goal_score,
    improvement,
    report_action,
)
from checkout_cli.report.themes import select_themes, theme_terms

__all__ = [
    "GOAL_KEY",
    "GOAL_SCORES",
    "IMPROVE_KEY",
    "LIST_LIMIT",
    "THEME_WINDOW",
    "WORTH_KEY",
    "Summarizer",
    "goal_score",
    "needed_since",
    "select_themes",
    "summarize",
    "theme_terms",
]

LIST_LIMIT = 500  # most actions / improvements a report lists; the totals say how many in all
# Themes come from at most this many of the most recent improvements: all of them in
# any usual period, and a bounded cost on a whole decade of history.
THEME_WINDOW = 5_000

_NEVER_BEFORE = datetime.min
_NEVER_AFTER = datetime.max
_fromisoformat = datetime.fromisoformat

# The journal writes `at` as YYYY-MM-DDTHH:MM:SS+HH:MM: its first 19 characters parse
# as a naive time, and its offset, looked up here, takes it to UTC. (Parsing it aware
# and comparing aware times costs about five times as much.)
_OFFSETS: dict[str, timedelta] = {"Z": timedelta(0), "-00:00": timedelta(0)}
for _minutes in range(-14 * 60, 14 * 60 + 1, 15):
    _sign = "-" if _minutes < 0 else "+"
    _OFFSETS[f"{_sign}{abs(_minutes) // 60:02d}:{abs(_minutes) % 60:02d}"] = timedelta(
        minutes=_minutes
    )


class Brief(Protocol):
    """An entry read briefly (`store.codec.Brief`): its `at` and answers."""

    @property
    def at(self) -> Any: ...

    @property
    def answers(self) -> Iterable[BriefAnswer]: ...


def _utc(moment: datetime) -> datetime:
    """An aware time as naive UTC; a naive one is taken as local time."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _parse_at(at: Any) -> tuple[datetime, str]:
    """Any `at` that `Summarizer.add` does not take at once: as naive UTC, and as ISO
    text with its offset (the local one when it had none).

    Raises TypeError, ValueError or OverflowError (year 1 or 9999 moved into UTC).
    """
    moment = _fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return _utc(moment), moment.isoformat(timespec="seconds")


def _trend_days(period: Period, week_start: int, now: datetime, trend_weeks: int) -> list[date]:
    """First days of the trend's weeks, oldest first, plus the first day after them."""
    anchor = now if period.end is None else period.end - timedelta(microseconds=1)
    last = week_first_day(anchor.astimezone().date(), week_start)
    last = max(last, date(1, 3, 5))  # the trend's weeks must fit after the calendar's start
    return [last - timedelta(days=7 * back) for back in range(trend_weeks - 1, -2, -1)]


def needed_since(
    period: Period, *, week_start: int = 0, now: datetime, trend_weeks: int = 8
) -> datetime | None:
    """The earliest `at` a summary of `period` looks at; None when it needs everything."""
    if period.start is None:
        return None
    earliest = period.start
    previous = period.previous()
    if previous is not None and previous.start is not None:
        earliest = min(earliest, previous.start)
    if trend_weeks > 0:
        first_week = _trend_days(period, week_start, now, trend_weeks)[0]
        earliest = min(earliest, local_midnight(first_week))
    return earliest


class Summarizer:
    """Feed entries one by one with `add`, in any order; `result` gives the report.

    Lists are bounded so memory stays small on any journal: the report lists the
    LIST_LIMIT most recent next steps and improvements (`actions_total` and
    `improvements_total` count them all), and the themes come from the
    THEME_WINDOW most recent improvements, which is all of them in any usual period.
    Question wording and meeting titles are shown as last seen.
    """

    def __init__(
        self, period: Period, *, week_start: int = 0, now: datetime, trend_weeks: int = 8
    ) -> None:
        self.period = period
        self.skipped = 0  # entries whose `at` does not parse
        self.tally = PeriodTally(LIST_LIMIT, THEME_WINDOW)
        self._start = _NEVER_BEFORE if period.start is None else _utc(period.start)
        self._end = _NEVER_AFTER if period.end is None else _utc(period.end)
        # The period before: an unbounded period has none, an empty span nothing falls in.
        previous = period.previous()
        self.previous = PreviousTally()
        self.bounded = previous is not None
        self._prev_start, self._prev_end = _NEVER_AFTER, _NEVER_BEFORE
        if previous is not None and previous.start is not None and previous.end is not None:
            self._prev_start, self._prev_end = _utc(previous.start), _utc(previous.end)
        days = _trend_days(period, week_start, now, trend_weeks) if trend_weeks > 0 else []
        bounds = [_utc(local_midnight(day)) for day in days]
        self.trend = WeeklyTrend(days[:-1], bounds)
        self._weeks_lo = bounds[0] if bounds else _NEVER_AFTER
        self._weeks_hi = bounds[-1] if bounds else _NEVER_BEFORE
        self._at = ""
        # Entries before this (as naive UTC) count only in the trend.
        self.early_end = min(self._start, self._prev_start)
        self._floor = min(self._start, self._prev_start, self._weeks_lo)
        self._ceiling = max(self._end, self._prev_end, self._weeks_hi)

    def _when(self, entry: dict[str, Any]) -> datetime | None:
        return self._when_of(entry.get("at"))

    def _when_of(self, at: object) -> datetime | None:
        """An `at` as naive UTC, None when it does not parse; its ISO text with offset
        is left in `self._at`."""
        try:
            offset = _OFFSETS.get(at[19:])  # type: ignore[index]
            if offset is None:
                when, self._at = _parse_at(at)
            else:
                when = _fromisoformat(at[:19])  # type: ignore[index]
                if when.tzinfo is None:
                    when -= offset
                    self._at = at  # type: ignore[assignment]
                else:
                    when, self._at = _parse_at(at)
        except (TypeError, ValueError, OverflowError):
            return None
        return when

    @property
    def whole_between(self) -> tuple[datetime, datetime]:
        """When the entries `add` needs whole were recorded, as aware UTC [start, end):
        those of the period and the one before (recorded at or after their `at`). The
        trend's other weeks need only briefs (`add_brief`)."""
        end = max(self._end, self._prev_end)
        return self.early_end.replace(tzinfo=UTC), end.replace(tzinfo=UTC)

    def add_brief(self, brief: Brief) -> bool:
        """Count an entry read briefly (its `at` and answers) in the trend. False when it
        must come whole to `add`: it falls in the period or the one before, or its `at`
        does not parse."""
        when = self._when_of(brief.at)
        if when is None:
            return False
        if self._start <= when < self._end or self._prev_start <= when < self._prev_end:
            return False
        if self._weeks_lo <= when < self._weeks_hi:
            goal, worth = brief_goal_and_worth(brief.answers)
            self.trend.add(when, goal, worth)
        return True

    def add_early(self, brief: Brief, early: WeeklyTrend) -> bool:
        """`add_brief` for an entry recorded before the period and the one before: counted
        in the trend and in `early` (the totals a trend marker keeps). False when it
        cannot be counted so: its `at` does not parse or is not before them."""
        when = self._when_of(brief.at)
        if when is None or when >= self.early_end:
            return False
        if self._weeks_lo <= when < self._weeks_hi:
            goal, worth = brief_goal_and_worth(brief.answers)
            self.trend.add(when, goal, worth)
            early.add(when, goal, worth)
        return True

    def add(self, entry: dict[str, Any]) -> bool:
        """Count one entry (a dict of any shape); one whose `at` does not parse is skipped.
        False when its `at` was read and lies outside the period: a caller that keeps the
        period's entries need not read that `at` again."""
        when = self._when(entry)
        if when is None:
            self.skipped += 1
            return True
        if not self._floor <= when < self._ceiling:
            return False  # counts for nothing: the common case of a long period's reading
        inside = self._start <= when < self._end
        if inside:
            goal, worth = self.tally.add(entry, when, self._at)
        elif self._prev_start <= when < self._prev_end:
            goal, worth = self.previous.add(entry)
        elif self._weeks_lo <= when < self._weeks_hi:
            goal, worth = goal_and_worth(entry)
        else:
            return False
        if self._weeks_lo <= when < self._weeks_hi:
            self.trend.add(when, goal, worth)
        return inside

    def result(self) -> Summary:
        period = self.period
        previous = self.previous if self.bounded else None
        tally = self.tally
        improvements = tally.improvements.records()
        themes: Counter[str] = Counter()
        for seen in improvements:
            themes.update(theme_terms(seen.text))
        return {
            "period": _period(period),
            "count": tally.count,
            "questions": tally.questions.summaries(None if previous is None else previous.scales),
            "meetings": tally.meetings.rows(None if previous is None else previous.meetings),
            "themes": select_themes(themes),
            "improvements": [improvement(seen) for seen in improvements[-LIST_LIMIT:]],
            "improvements_total": tally.improvements_total,
            "actions": [report_action(seen) for seen in tally.actions.records()],
            "actions_total": tally.actions_total,
            "weeks": self.trend.result(),
        }


class TrendCounting:
    """What a read of one journal needs to use and keep its trend marker
    (`store.counted.Counting`): the marker's totals stand in for the bytes it covers
    when they hold every week of the trend that those bytes can hold."""

    def __init__(self, summarizer: Summarizer) -> None:
        self.summarizer = summarizer
        self.before = summarizer.whole_between[0]
        self.clean = True
        trend = summarizer.trend
        self.early = WeeklyTrend(trend.days, trend.bounds)
        self.cached: Mapping[str, Sequence[float]] = {}

    def accept(self, counted: _Counted) -> bool:
        before = _utc(counted.before)
        trend = self.summarizer.trend
        if before > self.summarizer.early_end:
            return False
        starts = trend.bounds[:-1]
        if any(
            start < before and key not in counted.weeks
            for key, start in zip(trend.keys(), starts, strict=True)
        ):
            return False
        self.cached = counted.weeks
        trend.seed(counted.weeks)
        return True

    def totals(self) -> dict[str, list[float]] | None:
        """The early totals of every week that can hold an entry recorded before `before`."""
        end = self.summarizer.early_end
        merged = WeeklyTrend(self.early.days, self.early.bounds)
        merged.seed(self.cached)
        merged.seed(self.early.totals())
        return {
            key: totals
            for (key, totals), start in zip(
                merged.totals().items(), merged.bounds[:-1], strict=True
            )
            if start < end
        }


class _Counted(Protocol):
    """A trend marker as the store gives it (`store.counted.Counted`)."""

    @property
    def before(self) -> datetime: ...

    @property
    def weeks(self) -> Mapping[str, Sequence[float]]: ...


def summarize(
    entries: Iterable[dict[str, Any]], period: Period, *, week_start: int = 0, now: datetime
) -> Summary:
    summarizer = Summarizer(period, week_start=week_start, now=now)
    add = summarizer.add
    for entry in entries:
        add(entry)
    return summarizer.result()


def _period(period: Period) -> PeriodData:
    return {
        "start": None if period.start is None else _iso(period.start),
        "end": None if period.end is None else _iso(period.end),
        "label": period.label,
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
