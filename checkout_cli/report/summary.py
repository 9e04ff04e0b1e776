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

from checkout_cli.model.entry import meeting_key
from checkout_cli.model.periods import Period, local_midnight, week_first_day
from checkout_cli.model.questions import QuestionSet
from checkout_cli.report import numbers
from checkout_cli.report.data import (
    Fix,
    Goals,
    OwnerSteps,
    PeriodData,
    ReportAction,
    SetSummary,
    Summary,
    Theme,
    Worth,
)
from checkout_cli.report.tallies import (
    GOAL_KEY,
    GOAL_SCORES,
    IMPROVE_KEY,
    LIST_LIMIT,
    WORTH_KEY,
    ActionSeen,
    ImprovementSeen,
    Mean,
    MeetingTally,
    PeriodTally,
    PreviousTally,
    ScaleTally,
    TextTally,
    WeeklyTrend,
    goal_and_worth,
    goal_score,
    improvement,
    report_action,
    set_name,
)
from checkout_cli.report.themes import select_themes, theme_terms, theme_words, words

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

# Themes come from at most this many of the most recent improvements: all of them in
# any usual period, and a bounded cost on a whole decade of history.
THEME_WINDOW = 5_000
FIX_LIMIT = 20  # most "did the fix work" rows a report gives

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
    Question wording and meeting titles are shown as last seen; `sets` (the questions
    file's sets) give the labels, choices, languages and privacy of the sets it knows.
    """

    def __init__(
        self,
        period: Period,
        *,
        week_start: int = 0,
        now: datetime,
        trend_weeks: int = 8,
        sets: Mapping[str, QuestionSet] | None = None,
        leave_out: frozenset[str] = frozenset(),
    ) -> None:
        self.period = period
        # Sets whose check-outs count for nothing here: the caller leaves out their
        # entries, and `add_early` those it is given.
        self.leave_out = leave_out
        self.known = dict(sets or {})
        self.today = now.astimezone().date()
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
        if leave_out:
            self.trend.scope = "without " + ",".join(sorted(leave_out)) + ": "
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

    def add_early(self, entry: dict[str, Any], early: WeeklyTrend) -> bool:
        """`add` for an entry recorded before the period and the one before: it counts in
        the trend only, and in `early` too (the totals a trend marker keeps). False when
        it cannot be counted so (its `at` does not parse or is not before them): `add`
        then takes it as any other."""
        when = self._when(entry)
        if when is None or when >= self.early_end:
            return False
        if self.leave_out and set_name(entry) in self.leave_out:
            return True
        if self._weeks_lo <= when < self._weeks_hi:
            goal, worth = goal_and_worth(entry)
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
        sets = self._sets(previous)
        said = self._improvements()
        themes: Counter[str] = Counter()
        terms_of: list[frozenset[str]] = []
        languages = {name: self._language(name) for name in self.tally.sets}
        for seen, name in said:
            terms = theme_terms(seen.text, languages[name])
            terms_of.append(terms)
            themes.update(terms)
        chosen = select_themes(themes)
        today = self.today
        kept = tally.actions.records()
        # A step moved into a later check-out of the list is listed once, as what it became.
        listed = {seen.id for seen in kept}
        shown = [seen for seen in kept if seen.moved_to is None or seen.moved_to not in listed]
        moved, kept = len(kept) - len(shown), shown
        actions = [report_action(seen, today) for seen in kept]
        return {
            "period": _period(period),
            "count": tally.count,
            "goals": self._goals(),
            "worth": self._worth(previous),
            "sets": sets,
            "meetings": tally.meetings.rows(None if previous is None else previous.meetings),
            "themes": chosen,
            "improvements": [improvement(seen, name) for seen, name in said[-LIST_LIMIT:]],
            "improvements_total": sum(
                text.n for text, _ in self._set_tallies(IMPROVE_KEY, TextTally)
            ),
            "actions": actions,
            "actions_total": tally.actions_total - moved,
            "owners": owners(actions),
            "fixes": self._fixes(chosen, said, terms_of, kept, actions),
            "weeks": self.trend.result(),
        }

    def _language(self, name: str) -> str:
        known = self.known.get(name)
        return "en" if known is None else known.language

    def _order(self) -> list[str]:
        """Sets as the questions file lists them, then those it does not know."""
        seen = self.tally.sets
        return [name for name in self.known if name in seen] + [
            name for name in seen if name not in self.known
        ]

    def _set_tallies(self, key: str, kind: type[Any]) -> list[tuple[Any, str]]:
        """Each set's tally of `key` when it is of `kind`, with the set's name."""
        found = []
        for name in self._order():
            tally = self.tally.sets[name].questions.chosen().get(key)
            if type(tally) is kind:
                found.append((tally, name))
        return found

    def _sets(self, previous: PreviousTally | None) -> dict[str, SetSummary]:
        found: dict[str, SetSummary] = {}
        for name in self._order():
            group = self.tally.sets[name]
            qset = self.known.get(name)
            before = None if previous is None else previous.scales.get(name, {})
            missed, partly, achieved = group.goals
            goal_n = missed + partly + achieved
            worth = group.questions.chosen().get(WORTH_KEY)
            found[name] = {
                "title": (qset.title if qset is not None else "") or name,
                "language": "en" if qset is None else qset.language,
                "private": qset is not None and qset.private,
                "check_outs": group.count,
                "goal_rate": numbers.mean(achieved + partly / 2, goal_n),
                "mean_worth": numbers.mean(worth.total, worth.n)
                if type(worth) is ScaleTally
                else None,
                "questions": group.questions.summaries(qset, before),
            }
        return found

    def _goals(self) -> Goals:
        missed = partly = achieved = 0
        for group in self.tally.sets.values():
            missed += group.goals[0]
            partly += group.goals[1]
            achieved += group.goals[2]
        n = missed + partly + achieved
        return {
            "n": n,
            "achieved": achieved,
            "partly": partly,
            "missed": missed,
            "rate": numbers.mean(achieved + partly / 2, n),
        }

    def _worth(self, previous: PreviousTally | None) -> Worth:
        now = Mean()
        for tally, _ in self._set_tallies(WORTH_KEY, ScaleTally):
            now.total += tally.total
            now.n += tally.n
        mean = now.mean()
        before: float | None = None
        if previous is not None:
            then = Mean()
            for scales in previous.scales.values():
                found = scales.get(WORTH_KEY)
                if found is not None:
                    then.total += found.total
                    then.n += found.n
            before = then.mean()
        return {
            "n": now.n,
            "mean": mean,
            "previous_mean": before,
            "change": numbers.change(mean, before),
        }

    def _improvements(self) -> list[tuple[ImprovementSeen, str]]:
        """Every set's kept "could be better" answers, oldest first, at most THEME_WINDOW."""
        said: list[tuple[ImprovementSeen, str]] = []
        for text, name in self._set_tallies(IMPROVE_KEY, TextTally):
            said.extend((seen, name) for seen in text.recent.records())
        said.sort(key=lambda pair: pair[0].when)
        return said[-THEME_WINDOW:]

    def _fixes(
        self,
        themes: list[Theme],
        said: list[tuple[ImprovementSeen, str]],
        terms_of: list[frozenset[str]],
        kept: list[ActionSeen],
        actions: list[ReportAction],
    ) -> list[Fix]:
        """For each theme of the report and each recurring meeting that raised it twice
        or more (or once, and agreed a step about it): the first next step of that
        meeting agreed at or after the check-out that first raised it and sharing the
        theme's words, whether it is done, and whether the theme came back later.

        Worked out once, at the end, from the lists the report keeps: each improvement's
        meeting and each step's time and words are read once, for recurring meetings only.
        """
        if not themes:
            return []
        meetings = self.tally.meetings.by_key
        if not any(meeting.count >= 2 for meeting in meetings.values()):
            return []
        folded: dict[str, str] = {}  # a title as written -> its meeting: few titles, many lines

        def meeting_of(title: str) -> str:
            key = folded.get(title)
            if key is None:
                key = folded[title] = meeting_key(title)
            return key

        wanted = {theme["phrase"] for theme in themes}
        raised: dict[tuple[str, str], list[tuple[ImprovementSeen, str]]] = {}
        for (seen, name), terms in zip(said, terms_of, strict=True):
            shared = wanted.intersection(terms)
            if not shared:
                continue
            key = meeting_of(seen.title)
            if meetings[key].count >= 2:
                for phrase in shared:
                    raised.setdefault((phrase, key), []).append((seen, name))
        if not raised:
            return []
        steps: dict[str, list[tuple[datetime, frozenset[str], ReportAction]]] = {}
        needed = {key for _, key in raised}
        for agreed, action in zip(kept, actions, strict=True):  # oldest first
            key = meeting_of(agreed.title)
            if key in needed:
                known = words(action["text"], self._language(agreed.set))
                steps.setdefault(key, []).append((agreed.when, known, action))
        found: list[tuple[int, int, Fix]] = []
        for rank, theme in enumerate(themes):
            phrase = theme["phrase"]
            for key in sorted({k for p, k in raised if p == phrase}):
                times = raised[(phrase, key)]
                fix = self._fix(phrase, meetings[key], times, steps.get(key, []))
                if fix["raised"] >= 2 or fix["step"] is not None:
                    found.append((fix["step"] is None, rank, fix))
        # Those with a step agreed first (what the question is about), then by theme.
        found.sort(key=lambda item: (item[0], item[1], -item[2]["raised"]))
        return [fix for _, _, fix in found[:FIX_LIMIT]]

    def _fix(
        self,
        phrase: str,
        meeting: MeetingTally,
        times: list[tuple[ImprovementSeen, str]],
        steps: list[tuple[datetime, frozenset[str], ReportAction]],
    ) -> Fix:
        first, name = times[0]
        wanted = theme_words(phrase, self._language(name))
        step: ReportAction | None = None
        step_when: datetime | None = None
        for when, known, action in steps:  # oldest first: the first that fits
            if when >= first.when and wanted <= known:
                step, step_when = action, when
                break
        came_back: bool | None = None
        back_at: str | None = None
        if step_when is not None:
            later = [seen for seen, _ in times if seen.when > step_when]
            if later:
                came_back, back_at = True, later[0].at
            elif meeting.last > step_when:
                came_back = False
        return {
            "theme": phrase,
            "title": meeting.title,
            "raised": len(times),
            "first_raised_at": first.at,
            "step": step,
            "done": None if step is None else step["done_at"] is not None,
            "came_back": came_back,
            "came_back_at": back_at,
        }


def owners(actions: list[ReportAction]) -> list[OwnerSteps]:
    """The period's next steps grouped by owner (as written, any case), owners A to Z,
    steps nobody took last; each group lists its steps' positions in `actions`, oldest
    first (positions, so the report holds each step once)."""
    groups: dict[str, OwnerSteps] = {}
    for index, action in enumerate(actions):
        owner = action["owner"] or None
        key = "" if owner is None else owner.strip().casefold()
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"owner": owner, "open": 0, "overdue": 0, "actions": []}
        group["actions"].append(index)
        if action["done_at"] is None:
            group["open"] += 1
        if action["overdue"]:
            group["overdue"] += 1
    return [groups[key] for key in sorted(groups, key=lambda k: (k == "", k))]


class TrendCounting:
    """What a read of one journal needs to use and keep its trend marker
    (`store.counted.Counting`): the marker's totals stand in for the bytes it covers
    when they hold every week of the trend that those bytes can hold."""

    def __init__(self, summarizer: Summarizer) -> None:
        self.summarizer = summarizer
        self.before = summarizer.early_end.replace(tzinfo=UTC)
        trend = summarizer.trend
        self.early = WeeklyTrend(trend.days, trend.bounds)
        self.early.scope = trend.scope
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

    def take(self, entry: dict[str, Any]) -> bool:
        return self.summarizer.add_early(entry, self.early)

    def totals(self) -> dict[str, list[float]] | None:
        """The early totals of every week that can hold an entry recorded before `before`."""
        end = self.summarizer.early_end
        merged = WeeklyTrend(self.early.days, self.early.bounds)
        merged.scope = self.early.scope
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
    entries: Iterable[dict[str, Any]],
    period: Period,
    *,
    week_start: int = 0,
    now: datetime,
    sets: Mapping[str, QuestionSet] | None = None,
) -> Summary:
    summarizer = Summarizer(period, week_start=week_start, now=now, sets=sets)
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
