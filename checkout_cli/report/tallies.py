"""The running totals a report is made of: small, typed, each with one job.

The summarizer sorts entries by time and hands each to these: an entry of the period
to `PeriodTally` (a tally per question, one class per kind; a tally per meeting; the
`Recent` lists of improvements and next steps), one of the period before to
`PreviousTally`, and one of the trend's weeks to `WeeklyTrend`. Each turns itself
into its piece of the report (`report/data.py`).

Values come from hand-editable JSON, so every `add` takes any value and counts only
what makes sense (a number that fits a float, a non-blank text, …) and never raises.
They are cheap on purpose: a report over a whole journal calls them for every entry.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from math import isfinite
from operator import itemgetter
from typing import Any, ClassVar, Generic, NamedTuple, Protocol, TypeVar

from checkout_cli.model.entry import meeting_key
from checkout_cli.model.questions import MEANING_SCORES
from checkout_cli.report import numbers
from checkout_cli.report.data import (
    ActionsSummary,
    ChoiceSummary,
    Improvement,
    MeetingRow,
    QuestionSummary,
    ReportAction,
    ScaleSummary,
    TextSummary,
    Trend,
    Week,
)

GOAL_KEY = "goals"
WORTH_KEY = "worth"
IMPROVE_KEY = "improve"
GOAL_SCORES = {"yes": 1.0, "partly": 0.5, "no": 0.0}
_TITLE_CACHE = 10_000

R = TypeVar("R")


class BriefAnswer(Protocol):
    """An answer as a brief read gives it (`store.codec.BriefAnswer`; the report does not
    import the store)."""

    key: Any
    kind: Any
    meaning: Any

    def decoded(self) -> Any:
        """The answer's value."""


def goal_score(value: str) -> float | None:
    score = GOAL_SCORES.get(value)
    if score is None:
        score = GOAL_SCORES.get(value.strip().lower())
    return score


def answer_goal(key: object, kind: object, value: object, meaning: object) -> float | None:
    """An answer's part in the goal rate: the meaning its question gave its choice
    (achieved, partly, missed), or, for lines from before meanings were kept, the
    English yes / partly / no of the `goals` question."""
    if meaning is not None:
        return MEANING_SCORES.get(meaning) if type(meaning) is str else None
    if key == GOAL_KEY and kind == "choice" and type(value) is str:
        return goal_score(value)
    return None


@dataclass(slots=True)
class Mean:
    """A running total and how many numbers went into it."""

    total: float = 0.0
    n: int = 0

    def add(self, value: float) -> None:
        self.total += value
        self.n += 1

    def mean(self) -> float | None:
        return numbers.mean(self.total, self.n)


# --- questions, one tally per kind ------------------------------------------------------
# `PeriodTally.add` counts into them; each turns itself into its part of the report.


@dataclass(slots=True)
class ChoiceTally:
    kind: ClassVar[str] = "choice"
    last: dict[str, Any] = field(default_factory=dict)  # the last answer that had its wording
    n: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self, key: str, before: Mean | None) -> ChoiceSummary:
        counts = dict.fromkeys(GOAL_SCORES, 0) if key == GOAL_KEY else {}
        counts.update(self.counts)
        shares = {name: numbers.share(count, self.n) for name, count in counts.items()}
        return {
            "kind": "choice",
            "text": _text(self.last),
            "n": self.n,
            "counts": counts,
            "shares": shares,
        }


@dataclass(slots=True)
class ScaleTally:
    kind: ClassVar[str] = "scale"
    last: dict[str, Any] = field(default_factory=dict)
    n: int = 0
    total: float = 0.0

    def summary(self, key: str, before: Mean | None) -> ScaleSummary:
        mean = numbers.mean(self.total, self.n)
        previous = None if before is None else before.mean()
        return {
            "kind": "scale",
            "text": _text(self.last),
            "n": self.n,
            "mean": mean,
            "previous_mean": previous,
            "change": numbers.change(mean, previous),
        }


@dataclass(slots=True)
class TextTally:
    kind: ClassVar[str] = "text"
    last: dict[str, Any] = field(default_factory=dict)
    n: int = 0

    def summary(self, key: str, before: Mean | None) -> TextSummary:
        return {"kind": "text", "text": _text(self.last), "n": self.n}


@dataclass(slots=True)
class ActionsTally:
    kind: ClassVar[str] = "actions"
    last: dict[str, Any] = field(default_factory=dict)
    n: int = 0  # answers with at least one next step
    items: int = 0  # next steps in all

    def summary(self, key: str, before: Mean | None) -> ActionsSummary:
        return {"kind": "actions", "text": _text(self.last), "n": self.n, "items": self.items}


QuestionTally = ChoiceTally | ScaleTally | TextTally | ActionsTally
_BY_KIND: dict[str, Callable[[], QuestionTally]] = {
    "choice": ChoiceTally,
    "scale": ScaleTally,
    "text": TextTally,
    "actions": ActionsTally,
}


def _text(answer: dict[str, Any]) -> str:
    text = answer.get("question")
    return text if isinstance(text, str) else ""


class Questions:
    """A tally per answer key, in first-seen order; a key answered with another kind
    (the questions file changed) gets a tally of its own, and the report shows the
    kind answered more often."""

    __slots__ = ("by_key", "other_kinds")

    def __init__(self) -> None:
        self.by_key: dict[str, QuestionTally] = {}
        self.other_kinds: dict[tuple[str, str], QuestionTally] = {}

    def tally(self, key: Any, kind: Any) -> QuestionTally | None:
        """The tally for `key` answered as `kind`; None when either is not what it should be."""
        if type(key) is not str or type(kind) is not str:
            return None
        make = _BY_KIND.get(kind)
        if make is None:
            return None
        found = self.by_key.get(key)
        if found is None:
            found = self.by_key[key] = make()
        elif found.kind != kind:
            found = self.other_kinds.get((key, kind))
            if found is None:
                found = self.other_kinds[(key, kind)] = make()
        return found

    def summaries(self, previous: dict[str, Mean] | None) -> dict[str, QuestionSummary]:
        found: dict[str, QuestionSummary] = {}
        for key, first in self.by_key.items():
            tally = first
            for (other_key, _), other in self.other_kinds.items():
                if other_key == key and other.n > tally.n:
                    tally = other
            before = None if previous is None else previous.get(key)
            found[key] = tally.summary(key, before)
        return found


# --- meetings -----------------------------------------------------------------------------


@dataclass(slots=True)
class MeetingTally:
    title: str  # the spelling seen last
    count: int = 0
    goal: Mean = field(default_factory=Mean)
    worth: Mean = field(default_factory=Mean)


@dataclass(slots=True)
class GoalAndWorth:
    """Goal rate and worth of one meeting in the period before, for the trend arrows."""

    goal: Mean = field(default_factory=Mean)
    worth: Mean = field(default_factory=Mean)


class Meetings:
    """A tally per meeting: titles name the same meeting in any case and spacing."""

    __slots__ = ("by_key", "of_title")

    def __init__(self) -> None:
        self.by_key: dict[str, MeetingTally] = {}
        self.of_title: dict[str, MeetingTally] = {}  # by title as written: a cache

    def get(self, title: str) -> MeetingTally:
        meeting = self.of_title.get(title)
        if meeting is None:
            key = meeting_key(title)
            meeting = self.by_key.get(key)
            if meeting is None:
                meeting = self.by_key[key] = MeetingTally(title)
            if len(self.of_title) < _TITLE_CACHE:
                self.of_title[title] = meeting
        meeting.title = title
        return meeting

    def rows(self, previous: dict[str, GoalAndWorth] | None) -> list[MeetingRow]:
        """Most check-outs first; `previous` None for a period with no period before it."""
        rows: list[MeetingRow] = []
        for key, meeting in self.by_key.items():
            goal_rate = meeting.goal.mean()
            mean_worth = meeting.worth.mean()
            before = None if previous is None else previous.get(key)
            previous_worth = None if before is None else before.worth.mean()
            trend: Trend
            if previous is None:
                trend = "flat"
            elif before is None:
                trend = "new"
            else:
                moved = numbers.change(mean_worth, previous_worth)
                if moved is None:
                    moved = numbers.change(goal_rate, before.goal.mean())
                trend = "flat" if not moved else ("up" if moved > 0 else "down")
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


# --- the period before, and the weeks -----------------------------------------------------


class PreviousTally:
    """What the period before needs for comparison: scale means, and per meeting its goal
    rate and worth."""

    __slots__ = ("meetings", "scales")

    def __init__(self) -> None:
        self.scales: dict[str, Mean] = {}
        self.meetings: dict[str, GoalAndWorth] = {}  # by folded title

    def add(self, entry: dict[str, Any]) -> tuple[float | None, float | None]:
        """Count one entry of the period before; its goal score and worth, for the trend."""
        goal = worth = None
        items = entry.get("answers")
        if type(items) is list:
            scales = self.scales
            for item in items:
                if type(item) is not dict:
                    continue
                kind = item.get("kind")
                if kind == "scale":
                    key = item.get("key")
                    found = numbers.number(item.get("value"))
                    if type(key) is not str or found is None:
                        continue
                    if key == WORTH_KEY:
                        worth = found
                    scale = scales.get(key)
                    if scale is None:
                        scale = scales[key] = Mean()
                    scale.add(found)
                elif kind == "choice" and item.get("key") == GOAL_KEY:
                    value = item.get("value")
                    if type(value) is str:
                        goal = goal_score(value)
        title = entry.get("title")
        key = meeting_key(title if type(title) is str else "")
        meeting = self.meetings.get(key)
        if meeting is None:
            meeting = self.meetings[key] = GoalAndWorth()
        if goal is not None:
            meeting.goal.add(goal)
        if worth is not None:
            meeting.worth.add(worth)
        return goal, worth


def goal_and_worth(entry: dict[str, Any]) -> tuple[float | None, float | None]:
    """An entry's goal score and worth, all the trend takes from an entry it only counts."""
    goal = worth = None
    items = entry.get("answers")
    if type(items) is list:
        for item in items:
            if type(item) is not dict:
                continue
            key = item.get("key")
            if key == WORTH_KEY and item.get("kind") == "scale":
                worth = numbers.number(item.get("value"))
            elif goal is None:
                goal = answer_goal(key, item.get("kind"), item.get("value"), item.get("meaning"))
    return goal, worth


def brief_goal_and_worth(answers: Iterable[BriefAnswer]) -> tuple[float | None, float | None]:
    """`goal_and_worth` of an entry read briefly (`store.codec.Brief`'s answers)."""
    goal = worth = None
    for item in answers:
        key = item.key
        if key == WORTH_KEY:
            if item.kind == "scale":
                worth = numbers.number(item.decoded())
        elif goal is None:
            meaning = item.meaning
            if meaning is not None:
                goal = MEANING_SCORES.get(meaning) if type(meaning) is str else None
            elif key == GOAL_KEY and item.kind == "choice":
                value = item.decoded()
                if type(value) is str:
                    goal = goal_score(value)
    return goal, worth


@dataclass(slots=True)
class WeekTally:
    count: int = 0
    goal: Mean = field(default_factory=Mean)
    worth: Mean = field(default_factory=Mean)


class WeeklyTrend:
    """Check-outs, goal rate and worth per week, for the weeks given by their first days."""

    __slots__ = ("bounds", "days", "weeks")

    def __init__(self, days: list[date], bounds: list[datetime]) -> None:
        """`days`: first days of the weeks; `bounds`: their starts and the end of the last,
        as the summarizer compares times."""
        self.days = days
        self.bounds = bounds
        self.weeks = [WeekTally() for _ in days]

    def add(self, when: datetime, goal: float | None, worth: float | None) -> None:
        week = self.weeks[bisect_right(self.bounds, when) - 1]
        week.count += 1
        if goal is not None:
            mean = week.goal
            mean.total += goal
            mean.n += 1
        if worth is not None:
            mean = week.worth
            mean.total += worth
            mean.n += 1

    def keys(self) -> list[str]:
        """Each week's name in a trend marker: its bounds as naive UTC, so a change of
        time zone or first weekday names other weeks."""
        bounds = self.bounds
        return [
            f"{bounds[i].isoformat()}/{bounds[i + 1].isoformat()}" for i in range(len(self.days))
        ]

    def totals(self) -> dict[str, list[float]]:
        """Each week's running totals: count, goal total and n, worth total and n."""
        return {
            key: [week.count, week.goal.total, week.goal.n, week.worth.total, week.worth.n]
            for key, week in zip(self.keys(), self.weeks, strict=True)
        }

    def seed(self, totals: Mapping[str, Sequence[float]]) -> None:
        """Add totals that `totals` gave, for the weeks of this trend they name."""
        for key, week in zip(self.keys(), self.weeks, strict=True):
            found = totals.get(key)
            if found is not None and len(found) == 5:
                count, goal_total, goal_n, worth_total, worth_n = found
                week.count += int(count)
                week.goal.total += goal_total
                week.goal.n += int(goal_n)
                week.worth.total += worth_total
                week.worth.n += int(worth_n)

    def result(self) -> list[Week]:
        return [
            {
                "start": day.isoformat(),
                "count": week.count,
                "goal_rate": week.goal.mean(),
                "mean_worth": week.worth.mean(),
            }
            for day, week in zip(self.days, self.weeks, strict=True)
        ]


# --- the lists ----------------------------------------------------------------------------


class ImprovementSeen(NamedTuple):
    """A "could be better" answer, as `Recent` keeps it."""

    when: datetime  # `at` as naive UTC
    entry_id: Any
    text: str
    title: str
    at: str  # as ISO text with its offset


class ActionSeen(NamedTuple):
    """A next step, as `Recent` keeps it: its own fields as found, and its check-out's."""

    when: datetime
    id: Any
    text: str
    owner: Any
    due: Any
    done_at: Any
    entry_id: Any
    title: str
    at: str


class Recent(Generic[R]):
    """The `limit` most recent records by time (their first field), arrival order
    breaking ties.

    `add` takes a record as a plain tuple, which `make` turns into its named record
    in `records` (a tuple costs a fraction of a named one to build, and most never
    make the cut). Records wait in arrival order and are sorted and cut down to
    `limit` only when twice as many have come; anything older than the oldest kept
    after a cut can no longer make it and is not kept at all (`floor`).
    """

    __slots__ = ("cap", "floor", "kept", "limit", "make")

    def __init__(self, limit: int, make: Callable[[Iterable[Any]], R]) -> None:
        self.limit = limit
        self.cap = 2 * limit
        self.make = make
        self.floor = datetime.min
        self.kept: list[tuple[Any, ...]] = []

    def add(self, record: tuple[Any, ...]) -> None:
        if record[0] >= self.floor:
            kept = self.kept
            kept.append(record)
            if len(kept) >= self.cap:
                self.trim()

    def trim(self) -> None:
        """Down to the `limit` most recent; the rest could never make it."""
        kept = self.kept
        kept.sort(key=_first)  # stable: ties keep their arrival order
        cut = len(kept) - self.limit
        if cut > 0:
            del kept[:cut]
            self.floor = kept[0][0]

    def records(self) -> list[R]:
        """The records kept, oldest first."""
        self.trim()
        return [self.make(fields) for fields in self.kept]


_first = itemgetter(0)


def _action_seen(kept: Iterable[Any]) -> ActionSeen:
    """A next step as `PeriodTally.add` keeps it, (when, its dict, its check-out's id,
    title and at), as a record: its own fields are read only for those kept."""
    when, action, entry_id, title, at = kept
    get = action.get
    return ActionSeen(
        when, get("id"), get("text"), get("owner"), get("due"), get("done_at"), entry_id, title, at
    )


def improvement(seen: ImprovementSeen) -> Improvement:
    return {
        "id": _str(seen.entry_id),
        "at": seen.at,
        "title": seen.title,
        "text": seen.text.strip(),
    }


def report_action(seen: ActionSeen) -> ReportAction:
    """A listed next step as the report shows it. A field of another JSON type than the
    schema's becomes text (a due date only from text; a done mark keeps its truth)."""
    done_at = seen.done_at
    return {
        "id": _str(seen.id),
        "text": seen.text,
        "owner": None if seen.owner is None else _str(seen.owner),
        "due": seen.due if type(seen.due) is str else None,
        "done_at": _str(done_at) if type(done_at) is str or done_at else None,
        "entry_id": _str(seen.entry_id),
        "title": seen.title,
        "at": seen.at,
    }


def _str(value: Any) -> str:
    if type(value) is str:
        return value
    return "" if value is None else str(value)


# --- the period ---------------------------------------------------------------------------


class PeriodTally:
    """Everything an entry of the period counts for: its answers, its meeting, its
    improvements and next steps.

    `add` is the report's hot path (every entry of an all-time report goes through
    it), so it counts into the tallies' fields itself rather than calling a method
    per answer, and does `Recent.add`'s work inline: a record older than the list's
    floor is never built, the others are appended, and the lists are trimmed once
    the entry is counted.
    """

    __slots__ = (
        "actions",
        "actions_total",
        "count",
        "improvements",
        "improvements_total",
        "meetings",
        "questions",
    )

    def __init__(self, list_limit: int, theme_window: int) -> None:
        self.count = 0
        self.questions = Questions()
        self.meetings = Meetings()
        self.improvements = Recent(theme_window, ImprovementSeen._make)
        self.improvements_total = 0
        self.actions = Recent(list_limit, _action_seen)
        self.actions_total = 0

    def add(
        self, entry: dict[str, Any], when: datetime, at: str
    ) -> tuple[float | None, float | None]:
        """Count one entry of the period; its goal score and worth, for the trend."""
        self.count += 1
        title = entry.get("title")
        if type(title) is not str:
            title = ""
        meeting = self.meetings.of_title.get(title)
        if meeting is None:
            meeting = self.meetings.get(title)
        meeting.count += 1
        meeting.title = title
        goal: float | None = None
        worth: float | None = None
        items = entry.get("answers")
        if type(items) is not list:
            return goal, worth
        by_key = self.questions.by_key
        for item in items:
            if type(item) is not dict:
                continue
            key: Any = item.get("key")
            kind = item.get("kind")
            try:
                tally = by_key.get(key)
            except TypeError:  # a key of a JSON type that is no dict key
                continue
            if tally is None or tally.kind != kind:
                tally = self.questions.tally(key, kind)
                if tally is None:
                    continue
            if "question" in item:
                tally.last = item
            value = item.get("value")
            if value is None:
                continue
            if type(tally) is ScaleTally:
                if type(value) is int or (type(value) is float and isfinite(value)):
                    try:
                        tally.total += value
                    except OverflowError:  # an integer too large for a float
                        continue
                    tally.n += 1
                    if key == WORTH_KEY:
                        worth = value
            elif type(tally) is TextTally:
                if type(value) is str and value and not value.isspace():
                    tally.n += 1
                    if key == IMPROVE_KEY:
                        self.improvements_total += 1
                        improvements = self.improvements
                        if when >= improvements.floor:
                            kept = improvements.kept
                            kept.append((when, entry.get("id"), value, title, at))
                            if len(kept) >= improvements.cap:
                                improvements.trim()
            elif type(tally) is ChoiceTally:
                if type(value) is str and value:
                    tally.n += 1
                    counts = tally.counts
                    counts[value] = counts.get(value, 0) + 1
                    if key == GOAL_KEY:
                        goal = GOAL_SCORES.get(value)
                        if goal is None:
                            goal = goal_score(value)
            elif type(value) is list and type(tally) is ActionsTally:
                added = 0
                actions = self.actions
                for action in value:
                    if type(action) is dict:
                        text = action.get("text")
                        if type(text) is str and text and not text.isspace():
                            added += 1
                            if when >= actions.floor:
                                # The action's own fields are read from its dict only
                                # for those kept (`_action_seen`).
                                kept = actions.kept
                                kept.append((when, action, entry.get("id"), title, at))
                                if len(kept) >= actions.cap:
                                    actions.trim()
                if added:
                    tally.n += 1
                    tally.items += added
                    self.actions_total += added
        if goal is not None:
            mean = meeting.goal
            mean.total += goal
            mean.n += 1
        if worth is not None:
            mean = meeting.worth
            mean.total += worth
            mean.n += 1
        return goal, worth
