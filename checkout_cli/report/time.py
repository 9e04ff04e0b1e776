"""Time and worth: how many hours the period's meetings took, and how many of them were
judged not worth it, per recurring meeting and in total.

Pure, like the rest of `report/`: a flow hands the tally what it knows. Without a
calendar it feeds the entries that give their own `minutes` (`add`), and the tally sorts
them by their `at` into the period and the one before. With a calendar the flow pairs each
calendar meeting with the check-out that covers it and hands over the pairs (`sit`); a
check-out that covers none and gives its `minutes` is a sitting of its own.

- hours: a meeting's length × the user's presence (1 for a meeting the user checked out
  of or attended, 0 otherwise; the flow leaves the others out);
- attendee-hours: the length × the people there, the user included;
- hours not worth it: the hours of check-outs whose worth answer is at or below the lower
  third of its scale (≤ min + (max − min) / 3), so 1 and 2 on the usual 1–5.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from checkout_cli.model.entry import meeting_key, minutes
from checkout_cli.model.periods import Period
from checkout_cli.report.data import MeetingRow, Summary, TimeSeries, TimeSummary

WORTH_KEY = "worth"
DEFAULT_SCALE = (1.0, 5.0)  # the shipped sets' worth scale, for a set no longer known
NO_LENGTHS = "No meeting lengths: add a calendar or give --minutes at check-out."

Scales = Mapping[tuple[str, str], tuple[float, float]]


def low_worth(value: float, scale: tuple[float, float]) -> bool:
    """At or below the lower third of the scale."""
    low, high = scale
    return value <= low + (high - low) / 3 + 1e-9


def worth_of(entry: Mapping[str, Any]) -> float | None:
    """The entry's worth answer as a number, None when it has none."""
    answers = entry.get("answers")
    if not isinstance(answers, list):
        return None
    for answer in answers:
        if (
            isinstance(answer, dict)
            and answer.get("key") == WORTH_KEY
            and answer.get("kind") == "scale"
        ):
            value = answer.get("value")
            if (type(value) is int or type(value) is float) and abs(value) < 1e12:
                return float(value)  # NaN and the infinities fail the bound
            return None
    return None


def people_of(entry: Mapping[str, Any]) -> int:
    """The people an entry says were there: its `with`, and the user."""
    found = entry.get("with")
    if not isinstance(found, list):
        return 1
    return 1 + sum(1 for person in found if isinstance(person, str) and person.strip())


@dataclass(slots=True)
class _Hours:
    title: str
    count: int = 0
    hours: float = 0.0
    attendee_hours: float = 0.0
    rated: float = 0.0
    not_worth: float = 0.0

    def add(self, hours: float, people: int, worth: bool | None) -> None:
        self.count += 1
        self.hours += hours
        self.attendee_hours += hours * people
        if worth is not None:
            self.rated += hours
            if worth:
                self.not_worth += hours


@dataclass
class TimeTally:
    """Running totals of the period's sittings and the period before's, per title.

    `scales` gives a set's worth scale as (min, max) by (set name, key); it is called once,
    when the first rated sitting needs it.
    """

    period: Period
    scales: Callable[[], Scales] = dict
    calendar: bool = False
    _now: dict[str, _Hours] = field(default_factory=dict)
    _before: dict[str, _Hours] = field(default_factory=dict)
    _timed: int = 0
    _lengths: dict[str, float] = field(default_factory=dict)
    _known_scales: Scales | None = None
    _bounds: tuple[datetime, datetime, datetime, datetime] | None = None

    def __post_init__(self) -> None:
        low, high = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
        start = low if self.period.start is None else self.period.start
        end = high if self.period.end is None else self.period.end
        before = self.period.previous()
        if before is not None and before.start is not None and before.end is not None:
            self._bounds = (start, end, before.start, before.end)
        else:
            self._bounds = (start, end, high, low)

    @property
    def bounded(self) -> bool:
        """Whether there is a period before to compare with."""
        previous = self.period.previous()
        return previous is not None and previous.start is not None

    def add(self, entry: Mapping[str, Any]) -> None:
        """An entry that gives its own length (a journal without a calendar); any other is
        passed over."""
        length = minutes(entry)
        if length is None:
            return
        when = _moment(entry.get("at"))
        if when is None or self._bounds is None:
            return
        start, end, before_start, before_end = self._bounds
        title = entry.get("title")
        named = title if isinstance(title, str) else ""
        try:
            inside = start <= when < end
            before = not inside and before_start <= when < before_end
        except OverflowError:  # at the ends of the calendar
            return
        if inside or before:
            self.sit(named, length, people_of(entry), entry, previous=before)

    def sit(
        self,
        title: str,
        length: float,
        people: int,
        entry: Mapping[str, Any] | None,
        *,
        previous: bool = False,
        from_calendar: bool = False,
    ) -> None:
        """One meeting the user was at: `length` minutes with `people` there (the user
        included), rated by `entry`'s worth when there is a check-out."""
        if not length > 0:
            return
        key = meeting_key(title)
        table = self._before if previous else self._now
        tally = table.get(key)
        if tally is None:
            tally = table[key] = _Hours(title)
        elif entry is not None:
            tally.title = title  # the spelling of the check-outs wins over the calendar's
        worth = None if entry is None else self._rating(entry)
        tally.add(length / 60, max(1, people), worth)
        if entry is not None and self._of_period(entry):
            # Counted by the check-out's own time, as the report counts it: a late one
            # of last week's meeting is this week's check-out, and it has a length.
            self._timed += 1
            entry_id = entry.get("id")
            if from_calendar and isinstance(entry_id, str) and entry_id:
                self._lengths[entry_id] = round(length, 2)

    def _of_period(self, entry: Mapping[str, Any]) -> bool:
        when = _moment(entry.get("at"))
        if when is None or self._bounds is None:
            return False
        try:
            return self._bounds[0] <= when < self._bounds[1]
        except OverflowError:  # at the ends of the calendar
            return False

    def _rating(self, entry: Mapping[str, Any]) -> bool | None:
        value = worth_of(entry)
        if value is None:
            return None
        if self._known_scales is None:
            self._known_scales = self.scales()
        name = entry.get("set")
        scale = self._known_scales.get((name if isinstance(name, str) else "meeting", WORTH_KEY))
        return low_worth(value, scale or DEFAULT_SCALE)

    def result(self, checkouts: int) -> TimeSummary | None:
        """The figures, given how many check-outs the period has; None when no length is
        known and there is no calendar to say the period had no meetings."""
        if not self._now and not self._before and not self.calendar:
            return None
        bounded = self.bounded
        now = list(self._now.values())
        before = list(self._before.values())
        series: list[TimeSeries] = []
        for key, tally in self._now.items():
            earlier = self._before.get(key)
            series.append(
                {
                    "title": tally.title,
                    "count": tally.count,
                    "hours": _hours(tally.hours),
                    "attendee_hours": _hours(tally.attendee_hours),
                    "hours_rated": _hours(tally.rated),
                    "hours_not_worth": _hours(tally.not_worth),
                    "previous_hours_not_worth": (
                        None if not bounded else _hours(earlier.not_worth if earlier else 0.0)
                    ),
                }
            )
        series.sort(key=lambda row: (-row["hours"], meeting_key(row["title"])))
        return {
            "source": "calendar" if self.calendar else "minutes",
            "hours": _hours(sum(t.hours for t in now)),
            "attendee_hours": _hours(sum(t.attendee_hours for t in now)),
            "hours_rated": _hours(sum(t.rated for t in now)),
            "hours_not_worth": _hours(sum(t.not_worth for t in now)),
            "previous_hours": _hours(sum(t.hours for t in before)) if bounded else None,
            "previous_hours_not_worth": (
                _hours(sum(t.not_worth for t in before)) if bounded else None
            ),
            "untimed": max(0, checkouts - self._timed),
            "series": series,
            "lengths": dict(self._lengths),
        }


def attach(summary: Summary, found: TimeSummary | None) -> None:
    """Put the figures in the report: `time`, and `hours` / `hours_not_worth` on each
    meeting row (None for a meeting whose length is not known)."""
    if found is None:
        return
    summary["time"] = found
    by_title = {meeting_key(row["title"]): row for row in found["series"]}
    rows: list[MeetingRow] = summary["meetings"]
    for row in rows:
        seen = by_title.get(meeting_key(row["title"]))
        row["hours"] = None if seen is None else seen["hours"]
        row["hours_not_worth"] = None if seen is None else seen["hours_not_worth"]


def _hours(value: float) -> float:
    return round(value, 2)


def _moment(value: object) -> datetime | None:
    """An ISO `at` as an aware time (a naive one read as local time); None if it is none."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo is not None else moment.astimezone()
    except (ValueError, OverflowError):
        return None
