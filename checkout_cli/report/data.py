"""The report as data: the typed JSON that `report --json` prints and every view reads.

One TypedDict per object of `exporters/export.schema.json` ("summary" and what it
holds), so the terminal view and the exporters read fields the summarizer promises
instead of guessing at them. Plain dicts at run time: `json.dumps` takes them as they are.
Cheap to import (only `typing`), so the exporters' registry stays light.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

Trend = Literal["up", "down", "flat", "new"]


class PeriodData(TypedDict):
    """Half-open [start, end) as ISO date-times; None means unbounded."""

    start: str | None
    end: str | None
    label: str


class TextAnswer(TypedDict):
    """One answer to a text question, with the check-out it came from."""

    id: str
    at: str
    title: str
    text: str


class ChoiceSummary(TypedDict):
    key: str
    label: str  # the questions file's short label, else the stored question text
    kind: Literal["choice"]
    text: str
    n: int
    counts: dict[str, int]
    shares: dict[str, float]
    meanings: dict[str, str]  # choice -> achieved / partly / missed, where known


class ScaleSummary(TypedDict):
    key: str
    label: str
    kind: Literal["scale"]
    text: str
    n: int
    mean: float | None
    previous_mean: float | None
    change: float | None


class TextSummary(TypedDict):
    key: str
    label: str
    kind: Literal["text"]
    text: str
    n: int
    skipped: int  # left empty: for an optional "could be better", nothing to improve
    answers: list[TextAnswer]  # the 50 most recent, oldest first; `n` counts them all


class ActionsSummary(TypedDict):
    key: str
    label: str
    kind: Literal["actions"]
    text: str
    n: int
    items: int


QuestionSummary = ChoiceSummary | ScaleSummary | TextSummary | ActionsSummary


class SetSummary(TypedDict):
    """One question set's check-outs of the period, each figure within the set."""

    title: str
    language: str
    private: bool
    check_outs: int
    goal_rate: float | None
    mean_worth: float | None
    questions: list[QuestionSummary]


class Goals(TypedDict):
    """The goal rate across sets: each answer counted by what its choice means."""

    n: int
    achieved: int
    partly: int
    missed: int
    rate: float | None


class Worth(TypedDict):
    """Worth across sets, and its change against the period before."""

    n: int
    mean: float | None
    previous_mean: float | None
    change: float | None


class MeetingRow(TypedDict):
    title: str
    count: int
    goal_rate: float | None
    mean_worth: float | None
    previous_mean_worth: float | None
    trend: Trend
    # From `time` (report/time.py), when meeting lengths are known; None for this meeting
    # when its length is not.
    hours: NotRequired[float | None]
    hours_not_worth: NotRequired[float | None]


class Theme(TypedDict):
    phrase: str
    count: int


class Improvement(TypedDict):
    id: str
    at: str
    title: str
    text: str
    set: str


class ReportAction(TypedDict):
    """A next step agreed in the period, with the check-out it came from."""

    id: str
    text: str
    owner: str | None
    due: str | None
    done_at: str | None
    entry_id: str
    title: str
    at: str
    set: str
    overdue: bool  # open and due before today


class OwnerSteps(TypedDict):
    """One owner's next steps of the period; owner None for steps nobody took."""

    owner: str | None
    open: int
    overdue: int
    actions: list[int]  # positions in the report's `actions`, oldest first


class Fix(TypedDict):
    """Did the fix work: a recurring theme of a recurring meeting, the next step agreed
    about it (at or after the check-out that first raised it), and whether it came back."""

    theme: str
    title: str
    raised: int  # check-outs of the meeting that raised it
    first_raised_at: str
    step: ReportAction | None
    done: bool | None  # None without a step
    came_back: bool | None  # None without a step, or with no check-out after it
    came_back_at: str | None


class Week(TypedDict):
    start: str
    count: int
    goal_rate: float | None
    mean_worth: float | None


class MissedMeeting(TypedDict):
    title: str
    start: str
    end: str | None
    attendees: list[str]
    uid: str


class CalendarCoverage(TypedDict):
    """Calendar meetings of the period and which of them got a check-out."""

    total: int
    checked_out: int
    missed: list[MissedMeeting]


class TimeSeries(TypedDict):
    """The hours of one recurring meeting (one title) in the period."""

    title: str
    count: int
    hours: float
    attendee_hours: float
    hours_rated: float
    hours_not_worth: float
    previous_hours_not_worth: float | None


class TimeSummary(TypedDict):
    """How long the period's meetings took, and how much of it was judged not worth it.

    `source` says where the lengths came from: "calendar" (with `--minutes` where given) or
    "minutes" (given at check-out only). `untimed` counts the period's check-outs whose
    length is unknown; `lengths` gives, by entry id, the minutes of each check-out whose
    length came from the calendar. The previous figures are None for an unbounded period.
    """

    source: Literal["calendar", "minutes"]
    hours: float
    attendee_hours: float
    hours_rated: float
    hours_not_worth: float
    previous_hours: float | None
    previous_hours_not_worth: float | None
    untimed: int
    series: list[TimeSeries]
    lengths: dict[str, float]


class Summary(TypedDict):
    period: PeriodData
    count: int
    goals: Goals
    worth: Worth
    sets: dict[str, SetSummary]
    meetings: list[MeetingRow]
    themes: list[Theme]
    improvements: list[Improvement]
    improvements_total: int
    actions: list[ReportAction]
    actions_total: int
    owners: list[OwnerSteps]
    fixes: list[Fix]
    weeks: list[Week]
    calendar: NotRequired[CalendarCoverage]
    time: NotRequired[TimeSummary]
