"""Entries -> the report: counts, shares, means and their change, themes, next steps.

Streaming on purpose: `Summarizer.add` keeps running totals, so a report over a
whole journal holds a few counters, not the entries. Each entry is looked at once
and sorted by its `at` into the period, the previous period of the same length,
and the weekly trend (an entry may count in the trend and one of the others).
The hot path allocates almost nothing per entry and compares times as naive UTC;
the themes are worked out once, in `result`, from the improvements it kept.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from math import isfinite
from typing import Any

from checkout_cli.model.entry import KINDS, meeting_key
from checkout_cli.model.periods import Period, local_midnight, week_first_day
from checkout_cli.report.themes import select_themes, theme_terms

GOAL_KEY = "goals"
WORTH_KEY = "worth"
IMPROVE_KEY = "improve"
GOAL_SCORES = {"yes": 1.0, "partly": 0.5, "no": 0.0}
# What an entry counts for, by its time (`Summarizer.slots`).
NOTHING, TREND, PREVIOUS, PERIOD = 0, 1, 2, 3
LIST_LIMIT = 500  # most actions / improvements a report lists; the totals say how many in all
_KINDS = frozenset(KINDS)
_TITLE_CACHE = 10_000
# Themes come from at most this many of the most recent improvements: all of them in
# any usual period, and a bounded cost on a whole decade of history.
THEME_WINDOW = 5_000

_fromisoformat = datetime.fromisoformat


class _Question:
    __slots__ = ("counts", "items", "kind", "last", "n", "total")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.last: dict[str, Any] = {}  # the last answer seen that has the question's wording
        self.n = 0
        self.counts: dict[str, int] = {}
        self.total = 0.0
        self.items = 0

    @property
    def text(self) -> str:
        text = self.last.get("question")
        return text if isinstance(text, str) else ""


class _Meeting:
    __slots__ = ("count", "goal_n", "goal_sum", "title", "worth_n", "worth_sum")

    def __init__(self, title: str) -> None:
        self.title = title  # the spelling seen last
        self.count = 0
        self.goal_sum = 0.0
        self.goal_n = 0
        self.worth_sum = 0.0
        self.worth_n = 0


class _Recent:
    """The `limit` most recent records by `at`, arrival order breaking ties.

    Kept as parallel lists of the records' plain fields, so holding a record
    allocates nothing the garbage collector has to visit and keeps no entry's
    containers alive; sorted only when records came out of order.
    """

    __slots__ = ("columns", "floor", "limit", "ordered", "whens")

    def __init__(self, limit: int, width: int) -> None:
        self.limit = limit
        self.floor = _NEVER_BEFORE  # anything older can no longer make the cut
        self.ordered = True
        self.whens: list[datetime] = []
        self.columns: tuple[list[Any], ...] = tuple([] for _ in range(width))

    def add2(self, when: datetime, a: Any, b: Any) -> None:
        whens = self.whens
        if when < self.floor:
            return
        if whens and when < whens[-1]:
            self.ordered = False
        whens.append(when)
        ca, cb = self.columns
        ca.append(a)
        cb.append(b)
        if len(whens) >= 2 * self.limit:
            self._trim()

    def add4(self, when: datetime, a: Any, b: Any, c: Any, d: Any) -> None:
        whens = self.whens
        if when < self.floor:
            return
        if whens and when < whens[-1]:
            self.ordered = False
        whens.append(when)
        ca, cb, cc, cd = self.columns
        ca.append(a)
        cb.append(b)
        cc.append(c)
        cd.append(d)
        if len(whens) >= 2 * self.limit:
            self._trim()

    def add8(
        self, when: datetime, a: Any, b: Any, c: Any, d: Any, e: Any, f: Any, g: Any, h: Any
    ) -> None:
        whens = self.whens
        if when < self.floor:
            return
        if whens and when < whens[-1]:
            self.ordered = False
        whens.append(when)
        ca, cb, cc, cd, ce, cf, cg, ch = self.columns
        ca.append(a)
        cb.append(b)
        cc.append(c)
        cd.append(d)
        ce.append(e)
        cf.append(f)
        cg.append(g)
        ch.append(h)
        if len(whens) >= 2 * self.limit:
            self._trim()

    def _trim(self) -> None:
        columns = (self.whens, *self.columns)
        if not self.ordered:
            order = sorted(range(len(self.whens)), key=self.whens.__getitem__)
            for column in columns:
                column[:] = [column[index] for index in order]
            self.ordered = True
        cut = len(self.whens) - self.limit
        if cut > 0:
            for column in columns:
                del column[:cut]
            self.floor = self.whens[0]

    def records(self) -> list[tuple[Any, ...]]:
        """The records' fields, oldest first."""
        self._trim()
        return list(zip(*self.columns, strict=True))


# Times are compared as naive UTC datetimes: comparing aware ones, or asking them
# for a timestamp, costs more than parsing them. The journal writes `at` as
# YYYY-MM-DDTHH:MM:SS+HH:MM, so its last six characters name the offset to take off.
_UTC = UTC
_NEVER_BEFORE = datetime.min
_NEVER_AFTER = datetime.max
_OFFSETS: dict[str, timedelta] = {"Z": timedelta(0)}
for _minutes in range(-14 * 60, 14 * 60 + 1, 15):
    _sign = "-" if _minutes < 0 else "+"
    _OFFSETS[f"{_sign}{abs(_minutes) // 60:02d}:{abs(_minutes) % 60:02d}"] = timedelta(
        minutes=_minutes
    )
_OFFSETS["-00:00"] = timedelta(0)


def _utc(moment: datetime) -> datetime:
    """An aware time as naive UTC; a naive one is taken as local time."""
    return moment.astimezone(_UTC).replace(tzinfo=None)


def _parse_at(at: Any) -> tuple[datetime, str]:
    """Any ISO `at` the fast path in `add` does not take: naive UTC and ISO text."""
    moment = _fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return _utc(moment), moment.isoformat(timespec="seconds")


def _trend_days(period: Period, week_start: int, now: datetime, trend_weeks: int) -> list[date]:
    """First days of the trend's weeks, oldest first, plus the first day after them."""
    anchor = now if period.end is None else period.end - timedelta(microseconds=1)
    last = week_first_day(anchor.astimezone().date(), week_start)
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

    Over a whole journal, copying every next step and improvement into those lists
    costs a third of `add`, though few of them make the cut. A reader can then pass
    each entry's raw line as `ref`: `add` counts as usual but only notes the refs
    that may hold listed items, and the reader parses those again for `add_lists`.
    """

    def __init__(
        self, period: Period, *, week_start: int = 0, now: datetime, trend_weeks: int = 8
    ) -> None:
        self.period = period
        self._settings = (week_start, now, trend_weeks)
        self.previous = period.previous()
        self.skipped = 0  # entries whose `at` does not parse
        self.count = 0
        self._start = _NEVER_BEFORE if period.start is None else _utc(period.start)
        self._end = _NEVER_AFTER if period.end is None else _utc(period.end)
        previous = self.previous
        # An unbounded period has no previous one: an empty span that nothing falls in.
        self._prev_start = _NEVER_AFTER
        self._prev_end = _NEVER_BEFORE
        if previous is not None and previous.start is not None and previous.end is not None:
            self._prev_start, self._prev_end = _utc(previous.start), _utc(previous.end)
        days = _trend_days(period, week_start, now, trend_weeks) if trend_weeks > 0 else []
        self._week_days = days[:-1]
        self._week_bounds = [_utc(local_midnight(day)) for day in days]
        self._weeks_lo = self._week_bounds[0] if days else _NEVER_AFTER
        self._weeks_hi = self._week_bounds[-1] if days else _NEVER_BEFORE
        # Outside these an entry counts for nothing: a cheap test for the common case.
        self._floor = min(self._start, self._prev_start, self._weeks_lo)
        self._ceiling = max(self._end, self._prev_end, self._weeks_hi)
        weeks = len(self._week_days)
        self._week_count = [0] * weeks
        self._week_goal = [0.0] * weeks
        self._week_goal_n = [0] * weeks
        self._week_worth = [0.0] * weeks
        self._week_worth_n = [0] * weeks

        self._questions: dict[str, _Question] = {}
        # A key answered with another kind (the questions file changed): kept apart.
        self._other_kinds: dict[tuple[str, str], _Question] = {}
        self._meetings: dict[str, _Meeting] = {}  # by folded title
        self._meeting_of_title: dict[str, _Meeting] = {}  # by title as written, a cache
        self._prev_meetings: dict[str, list[float]] = {}
        self._prev_scales: dict[str, list[float]] = {}
        self._improvements = _Recent(THEME_WINDOW, 4)  # entry id, text, title, at
        self._improvements_total = 0
        # id, text, owner, due, done_at, entry id, title, at
        self._actions = _Recent(LIST_LIMIT, 8)
        self._actions_total = 0
        # With refs: (arrival number, ref) of entries that may hold listed items, one
        # record per entry. Each such entry holds at least one item, so the last
        # THEME_WINDOW (LIST_LIMIT) of them hold every improvement (next step) the
        # lists keep.
        self._later_improvements = _Recent(THEME_WINDOW, 2)
        self._later_actions = _Recent(LIST_LIMIT, 2)

    def add(self, entry: dict[str, Any], ref: Any = None) -> None:
        """Count one entry; with `ref`, leave its listed items for `deferred`/`add_lists`.

        Give a ref for every entry or for none: items added now and items added
        later by `add_lists` would otherwise meet out of their arrival order.
        """
        try:
            at = entry["at"]
            offset = _OFFSETS.get(at[19:])
            if offset is None:
                when, at = _parse_at(at)
            else:
                when = _fromisoformat(at[:19])
                if when.tzinfo is None:
                    when -= offset
                else:
                    when, at = _parse_at(at)
        except (KeyError, TypeError, ValueError):
            self.skipped += 1
            return
        if not self._start <= when < self._end:
            if self._floor <= when < self._ceiling:
                self._add_outside(entry, when)
            return
        # The hot path: everything for an entry of the period, inline.
        self.count += 1
        title = entry.get("title")
        if type(title) is not str:
            title = ""
        meeting = self._meeting_of_title.get(title)
        if meeting is None:
            meeting = self._meeting(title)
        meeting.count += 1
        meeting.title = title
        goal = worth = None
        improved = listed = False
        items = entry.get("answers")
        if type(items) is list:
            questions = self._questions
            for item in items:
                if type(item) is not dict:
                    continue
                key: Any = item.get("key")
                kind = item.get("kind")
                try:
                    question = questions[key]
                except (KeyError, TypeError):
                    question = None
                if question is None or question.kind != kind:
                    question = self._question(key, kind)
                    if question is None:
                        continue
                if "question" in item:
                    question.last = item
                value = item.get("value")
                if value is None:
                    continue
                if kind == "choice":
                    if type(value) is str and value:
                        question.n += 1
                        counts = question.counts
                        counts[value] = counts.get(value, 0) + 1
                        if key == GOAL_KEY:
                            goal = goal_score(value)
                elif kind == "scale":
                    if type(value) is int or (type(value) is float and isfinite(value)):
                        question.n += 1
                        question.total += value
                        if key == WORTH_KEY:
                            worth = value
                elif kind == "text":
                    if type(value) is str and value and not value.isspace():
                        question.n += 1
                        if key == IMPROVE_KEY:
                            self._improvements_total += 1
                            if ref is None:
                                self._improvements.add4(when, entry.get("id"), value, title, at)
                            else:
                                improved = True
                elif type(value) is list:
                    added = 0
                    for action in value:
                        if type(action) is dict:
                            text = action.get("text")
                            if type(text) is str and text and not text.isspace():
                                added += 1
                                if ref is not None:
                                    listed = True
                                    continue
                                self._actions.add8(
                                    when,
                                    action.get("id"),
                                    text,
                                    action.get("owner"),
                                    action.get("due"),
                                    action.get("done_at"),
                                    entry.get("id"),
                                    title,
                                    at,
                                )
                    if added:
                        question.n += 1
                        question.items += added
                        self._actions_total += added
        if goal is not None:
            meeting.goal_sum += goal
            meeting.goal_n += 1
        if worth is not None:
            meeting.worth_sum += worth
            meeting.worth_n += 1
        if self._weeks_lo <= when < self._weeks_hi:
            self._add_week(when, goal, worth)
        if improved:
            self._later_improvements.add2(when, self.count, ref)
        if listed:
            self._later_actions.add2(when, self.count, ref)

    def deferred(self) -> list[Any]:
        """The refs given to `add` whose entries may hold listed items, in arrival order."""
        found = dict(self._later_improvements.records())
        found.update(self._later_actions.records())
        return [found[number] for number in sorted(found)]

    def add_lists(self, entries: Iterable[dict[str, Any]]) -> None:
        """The listed items of the `deferred` entries, parsed again, in the same order.

        They go through a summarizer of their own, so they are chosen exactly as
        `add` without refs would have chosen them; only its lists are taken.
        """
        week_start, now, trend_weeks = self._settings
        lists = Summarizer(self.period, week_start=week_start, now=now, trend_weeks=trend_weeks)
        for entry in entries:
            lists.add(entry)
        self._improvements = lists._improvements
        self._actions = lists._actions

    def slots(self, zone: bytes) -> tuple[list[bytes], list[tuple[int, int]]] | None:
        """What an entry counts for, read off the text of its `at` in this UTC offset.

        For an `at` written as `YYYY-MM-DDTHH:MM:SS` and `zone` (`+01:00`), that is
        `slots[bisect_right(bounds, at_text)]`: the summary's bounds, moved into the
        offset and written the same way, so comparing text compares the times
        without making a datetime per line. A slot is (NOTHING, TREND, PREVIOUS or
        PERIOD, the trend week or -1). None for an offset `add` does not know at once.
        """
        offset = _OFFSETS.get(zone.decode("ascii", "replace"))
        if offset is None:
            return None
        bounds = sorted(
            {self._start, self._end, self._prev_start, self._prev_end, *self._week_bounds}
            - {_NEVER_BEFORE, _NEVER_AFTER}
        )
        try:
            texts = [(bound + offset).isoformat().encode("ascii") for bound in bounds]
        except OverflowError:
            return None
        found = [(NOTHING, -1)]  # before the first bound
        for bound in bounds:
            week = -1
            if self._weeks_lo <= bound < self._weeks_hi:
                week = bisect_right(self._week_bounds, bound) - 1
            if self._start <= bound < self._end:
                found.append((PERIOD, week))
            elif self._prev_start <= bound < self._prev_end:
                found.append((PREVIOUS, week))
            else:
                found.append((NOTHING, -1) if week < 0 else (TREND, week))
        return texts, found

    def add_trend(self, week: int, goal: float | None, worth: float | None) -> None:
        """An entry that counts only in trend week `week`, with what the trend takes."""
        self._week_count[week] += 1
        if goal is not None:
            self._week_goal[week] += goal
            self._week_goal_n[week] += 1
        if worth is not None:
            self._week_worth[week] += worth
            self._week_worth_n[week] += 1

    def add_previous(
        self, week: int, title: str, scales: list[tuple[str, float]], goal: float | None
    ) -> None:
        """An entry of the previous period, as `line_values.previous_values` reads its line: what
        `_add_previous` takes from it, then trend week `week` unless that is -1."""
        worth = None
        for key, number in scales:
            if key == WORTH_KEY:
                worth = number
            self._previous_scale(key, number)
        self._previous_meeting(meeting_key(title), goal, worth)
        if week >= 0:
            self.add_trend(week, goal, worth)

    def _add_outside(self, entry: dict[str, Any], when: datetime) -> None:
        """An entry outside the period: it may still count before it, or in the trend."""
        if self._prev_start <= when < self._prev_end:
            goal, worth = self._add_previous(entry)
        elif self._weeks_lo <= when < self._weeks_hi:
            goal, worth = _goal_and_worth(entry)
        else:
            return
        if self._weeks_lo <= when < self._weeks_hi:
            self._add_week(when, goal, worth)

    def _add_week(self, when: datetime, goal: float | None, worth: float | None) -> None:
        self.add_trend(bisect_right(self._week_bounds, when) - 1, goal, worth)

    def _meeting(self, title: str) -> _Meeting:
        key = meeting_key(title)
        meeting = self._meetings.get(key)
        if meeting is None:
            meeting = self._meetings[key] = _Meeting(title)
        if len(self._meeting_of_title) < _TITLE_CACHE:
            self._meeting_of_title[title] = meeting
        return meeting

    def _question(self, key: Any, kind: Any) -> _Question | None:
        if type(key) is not str or type(kind) is not str or kind not in _KINDS:
            return None
        question = self._questions.get(key)
        if question is None:
            question = self._questions[key] = _Question(kind)
            return question
        other = self._other_kinds.get((key, kind))
        if other is None:
            other = self._other_kinds[(key, kind)] = _Question(kind)
        return other

    def _add_previous(self, entry: dict[str, Any]) -> tuple[float | None, float | None]:
        goal = worth = None
        items = entry.get("answers")
        if type(items) is list:
            for item in items:
                if type(item) is not dict:
                    continue
                kind = item.get("kind")
                if kind == "scale":
                    key = item.get("key")
                    number = _number(item.get("value"))
                    if type(key) is not str or number is None:
                        continue
                    if key == WORTH_KEY:
                        worth = number
                    self._previous_scale(key, number)
                elif kind == "choice" and item.get("key") == GOAL_KEY:
                    value = item.get("value")
                    if type(value) is str:
                        goal = goal_score(value)
        title = entry.get("title")
        self._previous_meeting(meeting_key(title if type(title) is str else ""), goal, worth)
        return goal, worth

    def _previous_scale(self, key: str, number: float) -> None:
        """Running total and count of one scale question in the previous period."""
        total = self._prev_scales.get(key)
        if total is None:
            self._prev_scales[key] = [number, 1]
        else:
            total[0] += number
            total[1] += 1

    def _previous_meeting(self, title_key: str, goal: float | None, worth: float | None) -> None:
        """Goal and worth totals per meeting in the previous period, for the trend arrows."""
        stats = self._prev_meetings.get(title_key)
        if stats is None:
            stats = self._prev_meetings[title_key] = [0.0, 0, 0.0, 0]
        if goal is not None:
            stats[0] += goal
            stats[1] += 1
        if worth is not None:
            stats[2] += worth
            stats[3] += 1

    def result(self) -> dict[str, Any]:
        period = self.period
        bounded = self.previous is not None
        improvements = self._improvements.records()
        themes: Counter[str] = Counter()
        for _, text, _, _ in improvements:
            themes.update(theme_terms(text))
        return {
            "period": {
                "start": None if period.start is None else _iso(period.start),
                "end": None if period.end is None else _iso(period.end),
                "label": period.label,
            },
            "count": self.count,
            "questions": self._questions_result(bounded),
            "meetings": self._meetings_result(bounded),
            "themes": select_themes(themes),
            "improvements": [
                {"id": entry_id, "at": at, "title": title, "text": text.strip()}
                for entry_id, text, title, at in improvements[-LIST_LIMIT:]
            ],
            "improvements_total": self._improvements_total,
            "actions": self._actions_result(),
            "actions_total": self._actions_total,
            "weeks": [
                {
                    "start": day.isoformat(),
                    "count": self._week_count[index],
                    "goal_rate": _mean(self._week_goal[index], self._week_goal_n[index]),
                    "mean_worth": _mean(self._week_worth[index], self._week_worth_n[index]),
                }
                for index, day in enumerate(self._week_days)
            ],
        }

    def _actions_result(self) -> list[dict[str, Any]]:
        fields = ("id", "text", "owner", "due", "done_at", "entry_id", "title", "at")
        return [dict(zip(fields, record, strict=True)) for record in self._actions.records()]

    def _questions_result(self, bounded: bool) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, first in self._questions.items():
            question = first  # of two kinds for one key, the one answered more often
            for (other_key, _), other in self._other_kinds.items():
                if other_key == key and other.n > question.n:
                    question = other
            out: dict[str, Any] = {"kind": question.kind, "text": question.text, "n": question.n}
            if question.kind == "choice":
                counts = dict.fromkeys(GOAL_SCORES, 0) if key == GOAL_KEY else {}
                counts.update(question.counts)
                out["counts"] = counts
                out["shares"] = {
                    name: round(count / question.n, 4) if question.n else 0.0
                    for name, count in counts.items()
                }
            elif question.kind == "scale":
                mean = _mean(question.total, question.n)
                previous_mean = None
                if bounded:
                    before = self._prev_scales.get(key)
                    if before is not None:
                        previous_mean = _mean(before[0], int(before[1]))
                out["mean"] = mean
                out["previous_mean"] = previous_mean
                out["change"] = _change(mean, previous_mean)
            elif question.kind == "actions":
                out["items"] = question.items
            found[key] = out
        return found

    def _meetings_result(self, bounded: bool) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for key, meeting in self._meetings.items():
            goal_rate = _mean(meeting.goal_sum, meeting.goal_n)
            mean_worth = _mean(meeting.worth_sum, meeting.worth_n)
            before = self._prev_meetings.get(key) if bounded else None
            previous_worth = None if before is None else _mean(before[2], int(before[3]))
            if not bounded:
                trend = "flat"
            elif before is None:
                trend = "new"
            else:
                change = _change(mean_worth, previous_worth)
                if change is None:
                    change = _change(goal_rate, _mean(before[0], int(before[1])))
                trend = "flat" if not change else ("up" if change > 0 else "down")
            rows.append(
                {
                    "title": meeting.title,
                    "count": meeting.count,
                    "goal_rate": goal_rate,
                    "mean_worth": mean_worth,
                    "previous_mean_worth": previous_worth,
                    "trend": trend,
                }
            )
        rows.sort(key=lambda row: (-row["count"], meeting_key(row["title"])))
        return rows


def summarize(
    entries: Iterable[dict[str, Any]], period: Period, *, week_start: int = 0, now: datetime
) -> dict[str, Any]:
    summarizer = Summarizer(period, week_start=week_start, now=now)
    add = summarizer.add
    for entry in entries:
        add(entry)
    return summarizer.result()


def goal_score(value: str) -> float | None:
    score = GOAL_SCORES.get(value)
    if score is None:
        score = GOAL_SCORES.get(value.strip().lower())
    return score


def _number(value: Any) -> float | None:
    if type(value) is int:
        return float(value)
    if type(value) is float and isfinite(value):
        return value
    return None


def _goal_and_worth(entry: dict[str, Any]) -> tuple[float | None, float | None]:
    goal = worth = None
    items = entry.get("answers")
    if type(items) is list:
        for item in items:
            if type(item) is not dict:
                continue
            key = item.get("key")
            if key == GOAL_KEY:
                value = item.get("value")
                if type(value) is str and item.get("kind") == "choice":
                    goal = goal_score(value)
            elif key == WORTH_KEY and item.get("kind") == "scale":
                worth = _number(item.get("value"))
    return goal, worth


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _change(mean: float | None, previous: float | None) -> float | None:
    if mean is None or previous is None:
        return None
    return round(mean - previous, 2)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
