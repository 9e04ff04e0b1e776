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
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from checkout_cli.model.entry import meeting_key
from checkout_cli.model.questions import DEFAULT_SET, MEANING_SCORES, Question, QuestionSet
from checkout_cli.report import numbers
from checkout_cli.report.data import (
    ActionsSummary,
    ChoiceSummary,
    Improvement,
    MeetingRow,
    QuestionSummary,
    ReportAction,
    ScaleSummary,
    TextAnswer,
    TextSummary,
    Trend,
    Week,
)

GOAL_KEY = "goals"
WORTH_KEY = "worth"
IMPROVE_KEY = "improve"
GOAL_SCORES = {"yes": 1.0, "partly": 0.5, "no": 0.0}  # older lines: no "meaning" stored
_ENGLISH_MEANINGS = {"yes": "achieved", "partly": "partly", "no": "missed"}
_TITLE_CACHE = 10_000
LIST_LIMIT = 500  # most next steps / improvements a report lists; the totals count them all
TEXT_LIMIT = 50  # most answers a report lists per text question; its `n` counts them all

R = TypeVar("R")


def goal_score(value: str) -> float | None:
    score = GOAL_SCORES.get(value)
    if score is None:
        score = GOAL_SCORES.get(value.strip().lower())
    return score


def set_name(entry: dict[str, Any]) -> str:
    """The question set an entry was made with; the default set when it names none."""
    name = entry.get("set")
    return name if type(name) is str and name else DEFAULT_SET


def answer_goal(item: dict[str, Any], value: str) -> float | None:
    """A choice answer's goal score: its stored meaning, else (an older line) the English
    yes / partly / no of the goals question; None when it says nothing about goals."""
    meaning = item.get("meaning")
    if type(meaning) is str:
        return MEANING_SCORES.get(meaning)
    if item.get("key") == GOAL_KEY:
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
    meanings: dict[str, str] = field(default_factory=dict)  # as stored with the answers

    def summary(self, key: str, question: Question | None, before: Mean | None) -> ChoiceSummary:
        """The set's own choices in its order (none made up), then any others answered."""
        counts = dict.fromkeys(question.choices, 0) if question is not None else {}
        counts.update(self.counts)
        shares = {name: numbers.share(count, self.n) for name, count in counts.items()}
        if question is not None and question.meanings:
            meanings = dict(question.meanings)
        elif self.meanings:
            meanings = dict(self.meanings)
        elif key == GOAL_KEY:
            meanings = {c: _ENGLISH_MEANINGS[c] for c in counts if c in _ENGLISH_MEANINGS}
        else:
            meanings = {}
        return {
            "key": key,
            "label": _label(key, question, self.last),
            "kind": "choice",
            "text": _text(self.last, question),
            "n": self.n,
            "counts": counts,
            "shares": shares,
            "meanings": meanings,
        }


@dataclass(slots=True)
class ScaleTally:
    kind: ClassVar[str] = "scale"
    last: dict[str, Any] = field(default_factory=dict)
    n: int = 0
    total: float = 0.0

    def summary(self, key: str, question: Question | None, before: Mean | None) -> ScaleSummary:
        mean = numbers.mean(self.total, self.n)
        previous = None if before is None else before.mean()
        return {
            "key": key,
            "label": _label(key, question, self.last),
            "kind": "scale",
            "text": _text(self.last, question),
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
    skipped: int = 0  # answered with nothing (an optional question left empty)
    recent: Recent[ImprovementSeen] = field(default_factory=lambda: _recent(LIST_LIMIT))

    def summary(self, key: str, question: Question | None, before: Mean | None) -> TextSummary:
        return {
            "key": key,
            "label": _label(key, question, self.last),
            "kind": "text",
            "text": _text(self.last, question),
            "n": self.n,
            "skipped": self.skipped,
            "answers": [text_answer(seen) for seen in self.recent.latest(TEXT_LIMIT)],
        }


@dataclass(slots=True)
class ActionsTally:
    kind: ClassVar[str] = "actions"
    last: dict[str, Any] = field(default_factory=dict)
    n: int = 0  # answers with at least one next step
    items: int = 0  # next steps in all

    def summary(self, key: str, question: Question | None, before: Mean | None) -> ActionsSummary:
        return {
            "key": key,
            "label": _label(key, question, self.last),
            "kind": "actions",
            "text": _text(self.last, question),
            "n": self.n,
            "items": self.items,
        }


QuestionTally = ChoiceTally | ScaleTally | TextTally | ActionsTally
_BY_KIND: dict[str, Callable[[], QuestionTally]] = {
    "choice": ChoiceTally,
    "scale": ScaleTally,
    "text": TextTally,
    "actions": ActionsTally,
}


def _text(answer: dict[str, Any], question: Question | None = None) -> str:
    """The question as last asked (stored with the answer), else as the file asks it."""
    text = answer.get("question")
    if isinstance(text, str) and text:
        return text
    return "" if question is None else question.text


def _label(key: str, question: Question | None, answer: dict[str, Any]) -> str:
    """The questions file's short label when the set is known there, else the stored text."""
    if question is not None:
        return question.short
    return _text(answer) or key


class Questions:
    """One set's tally per answer key, in first-seen order; a key answered with another
    kind (the questions file changed) gets a tally of its own, and the report shows the
    kind answered more often."""

    __slots__ = ("by_key", "other_kinds", "theme_window")

    def __init__(self, theme_window: int = 0) -> None:
        self.by_key: dict[str, QuestionTally] = {}
        self.other_kinds: dict[tuple[str, str], QuestionTally] = {}
        self.theme_window = theme_window  # how many "could be better" answers to keep

    def tally(self, key: Any, kind: Any) -> QuestionTally | None:
        """The tally for `key` answered as `kind`; None when either is not what it should be."""
        if type(key) is not str or type(kind) is not str:
            return None
        make = _BY_KIND.get(kind)
        if make is None:
            return None
        found = self.by_key.get(key)
        if found is None:
            found = self.by_key[key] = self._make(make, key)
        elif found.kind != kind:
            found = self.other_kinds.get((key, kind))
            if found is None:
                found = self.other_kinds[(key, kind)] = self._make(make, key)
        return found

    def _make(self, make: Callable[[], QuestionTally], key: str) -> QuestionTally:
        made = make()
        if type(made) is TextTally and key == IMPROVE_KEY and self.theme_window > LIST_LIMIT:
            made.recent = _recent(self.theme_window)  # the themes read more of these
        return made

    def chosen(self) -> dict[str, QuestionTally]:
        """Per key the tally of the kind answered more often."""
        found: dict[str, QuestionTally] = {}
        for key, first in self.by_key.items():
            tally = first
            for (other_key, _), other in self.other_kinds.items():
                if other_key == key and other.n > tally.n:
                    tally = other
            found[key] = tally
        return found

    def summaries(
        self, qset: QuestionSet | None, previous: dict[str, Mean] | None
    ) -> list[QuestionSummary]:
        """In the set's order when the questions file knows it, then keys it does not."""
        chosen = self.chosen()
        order = [q.key for q in qset.questions if q.key in chosen] if qset is not None else []
        order += [key for key in chosen if key not in order]
        found: list[QuestionSummary] = []
        for key in order:
            tally = chosen[key]
            question = None if qset is None else qset.get(key)
            if question is not None and question.kind != tally.kind:
                question = None  # the file changed the question: go by what was stored
            before = None if previous is None else previous.get(key)
            found.append(tally.summary(key, question, before))
        return found


# --- meetings -----------------------------------------------------------------------------


@dataclass(slots=True)
class MeetingTally:
    title: str  # the spelling seen last
    count: int = 0
    goal: Mean = field(default_factory=Mean)
    worth: Mean = field(default_factory=Mean)
    last: datetime = datetime.min  # its latest check-out of the period, as naive UTC


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
        self.scales: dict[str, dict[str, Mean]] = {}  # by set, then by key
        self.meetings: dict[str, GoalAndWorth] = {}  # by folded title

    def add(self, entry: dict[str, Any]) -> tuple[float | None, float | None]:
        """Count one entry of the period before; its goal score and worth, for the trend."""
        goal = worth = None
        items = entry.get("answers")
        if type(items) is list:
            name = entry.get("set")
            if type(name) is not str or not name:
                name = DEFAULT_SET
            scales = self.scales.get(name)
            if scales is None:
                scales = self.scales[name] = {}
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
                elif kind == "choice" and goal is None:
                    value = item.get("value")
                    if type(value) is str:
                        goal = answer_goal(item, value)
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
            if key == WORTH_KEY:
                if item.get("kind") == "scale":
                    worth = numbers.number(item.get("value"))
            elif goal is None:
                meaning = item.get("meaning")  # stored with a choice whose set says what it means
                if type(meaning) is str:
                    if item.get("kind") == "choice":
                        goal = MEANING_SCORES.get(meaning)
                elif key == GOAL_KEY:
                    value = item.get("value")
                    if type(value) is str and item.get("kind") == "choice":
                        goal = GOAL_SCORES.get(value)
                        if goal is None:
                            goal = goal_score(value)
    return goal, worth


@dataclass(slots=True)
class WeekTally:
    count: int = 0
    goal: Mean = field(default_factory=Mean)
    worth: Mean = field(default_factory=Mean)


class WeeklyTrend:
    """Check-outs, goal rate and worth per week, for the weeks given by their first days."""

    __slots__ = ("bounds", "days", "scope", "weeks")

    def __init__(self, days: list[date], bounds: list[datetime]) -> None:
        """`days`: first days of the weeks; `bounds`: their starts and the end of the last,
        as the summarizer compares times."""
        self.days = days
        self.bounds = bounds
        self.weeks = [WeekTally() for _ in days]
        # Which check-outs the weeks count, in their names (`keys`): "" for all, else
        # the sets left out, so totals of one scope never stand in for another's.
        self.scope = ""

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
        bounds, scope = self.bounds, self.scope
        return [
            f"{scope}{bounds[i].isoformat()}/{bounds[i + 1].isoformat()}"
            for i in range(len(self.days))
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
    set: str
    moved_to: Any = None  # the step it became, for a step moved into a later check-out


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

    def latest(self, count: int) -> list[R]:
        """The `count` most recent records kept, oldest first."""
        self.trim()
        return [self.make(fields) for fields in self.kept[-count:]] if count > 0 else []


_first = itemgetter(0)


def _recent(limit: int) -> Recent[ImprovementSeen]:
    return Recent(limit, ImprovementSeen._make)


def _action_seen(kept: Iterable[Any]) -> ActionSeen:
    """A next step as `PeriodTally.add` keeps it, (when, its dict, its check-out's id,
    title, at and set), as a record: its own fields are read only for those kept."""
    when, action, entry_id, title, at, name = kept
    get = action.get
    return ActionSeen(
        when,
        get("id"),
        get("text"),
        get("owner"),
        get("due"),
        get("done_at"),
        entry_id,
        title,
        at,
        name,
        get("moved_to"),
    )


def improvement(seen: ImprovementSeen, name: str) -> Improvement:
    """A "could be better" answer of set `name`, as the report lists it."""
    return {
        "id": _str(seen.entry_id),
        "at": seen.at,
        "title": seen.title,
        "text": seen.text.strip(),
        "set": name,
    }


def text_answer(seen: ImprovementSeen) -> TextAnswer:
    return {
        "id": _str(seen.entry_id),
        "at": seen.at,
        "title": seen.title,
        "text": seen.text.strip(),
    }


def report_action(seen: ActionSeen, today: date | None = None) -> ReportAction:
    """A listed next step as the report shows it. A field of another JSON type than the
    schema's becomes text (a due date only from text; a done mark keeps its truth).
    Overdue: open, with a due date before `today`."""
    done_at = seen.done_at
    due = seen.due if type(seen.due) is str else None
    done = _str(done_at) if type(done_at) is str or done_at else None
    return {
        "id": _str(seen.id),
        "text": seen.text,
        "owner": None if seen.owner is None else _str(seen.owner),
        "due": due,
        "done_at": done,
        "entry_id": _str(seen.entry_id),
        "title": seen.title,
        "at": seen.at,
        "set": seen.set,
        "overdue": done is None and today is not None and _before(due, today),
    }


def _before(due: str | None, today: date) -> bool:
    if due is None:
        return False
    try:
        return date.fromisoformat(due) < today
    except ValueError:
        return False


def _str(value: Any) -> str:
    if type(value) is str:
        return value
    return "" if value is None else str(value)


# --- the period ---------------------------------------------------------------------------


@dataclass(slots=True)
class SetTally:
    """One question set's check-outs of the period: its questions, its goal answers."""

    questions: Questions
    count: int = 0
    goals: list[int] = field(default_factory=lambda: [0, 0, 0])  # missed, partly, achieved


class PeriodTally:
    """Everything an entry of the period counts for: its answers (within its question
    set), its meeting, and its next steps.

    `add` is the report's hot path (every entry of an all-time report goes through
    it), so it counts into the tallies' fields itself rather than calling a method
    per answer, and does `Recent.add`'s work inline: a record older than the list's
    floor is never built, the others are appended, and the lists are trimmed once
    the entry is counted. An entry's set costs one dict lookup; everything per set
    is worked out once, at the end.
    """

    __slots__ = (
        "actions",
        "actions_total",
        "count",
        "meetings",
        "sets",
        "theme_window",
    )

    def __init__(self, list_limit: int, theme_window: int) -> None:
        self.count = 0
        self.sets: dict[str, SetTally] = {}
        self.theme_window = theme_window
        self.meetings = Meetings()
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
        if when > meeting.last:
            meeting.last = when
        name = entry.get("set")
        if type(name) is not str or not name:
            name = DEFAULT_SET
        group = self.sets.get(name)
        if group is None:
            group = self.sets[name] = SetTally(Questions(self.theme_window))
        group.count += 1
        goal: float | None = None
        worth: float | None = None
        items = entry.get("answers")
        if type(items) is not list:
            return goal, worth
        questions = group.questions
        by_key = questions.by_key
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
                tally = questions.tally(key, kind)
                if tally is None:
                    continue
            if "question" in item:
                tally.last = item
            value = item.get("value")
            if value is None:
                if type(tally) is TextTally:
                    tally.skipped += 1
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
                    recent = tally.recent
                    if when >= recent.floor:
                        kept = recent.kept
                        kept.append((when, entry.get("id"), value, title, at))
                        if len(kept) >= recent.cap:
                            recent.trim()
                elif type(value) is str:
                    tally.skipped += 1
            elif type(tally) is ChoiceTally:
                if type(value) is str and value:
                    tally.n += 1
                    counts = tally.counts
                    counts[value] = counts.get(value, 0) + 1
                    meaning = item.get("meaning")
                    if type(meaning) is str:
                        if value not in tally.meanings:
                            tally.meanings[value] = meaning
                        if goal is None:
                            goal = MEANING_SCORES.get(meaning)
                    elif goal is None and key == GOAL_KEY:
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
                                kept.append((when, action, entry.get("id"), title, at, name))
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
            group.goals[int(goal * 2)] += 1
        if worth is not None:
            mean = meeting.worth
            mean.total += worth
            mean.n += 1
        return goal, worth
