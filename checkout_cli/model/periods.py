"""Turn --week, --month, --since, --until and --at into exact local times.

Every boundary is a local midnight built from a calendar date and only then given
the local UTC offset, so a daylight-saving change never moves a check-out from one
week or month into another.

Weeks: the week number and label follow ISO 8601 (`2026-W47`), but a week's first
day follows `week_start` (0 = Monday … 6 = Sunday). A week is labelled with the ISO
week of its Thursday, ISO's own rule, so with a Sunday start `2026-W47` is the week
from the Sunday before ISO week 47's Monday up to the Saturday before its Sunday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from checkout_cli.model.errors import CheckoutError, UsageProblem

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_DATE_FORMS = "YYYY-MM-DD, today, yesterday, tomorrow or a weekday name (monday or mon …)"
_WHEN_FORMS = (
    "YYYY-MM-DD, YYYY-MM-DDTHH:MM, today, yesterday or a weekday name, "
    "optionally followed by HH:MM (as in 'yesterday 9:30'), or just HH:MM"
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_TIME_ONLY = re.compile(_CLOCK)
_DAY_AND_TIME = re.compile(r"(\S+)[ T]+" + _CLOCK)


@dataclass(frozen=True)
class Period:
    """A half-open span [start, end) of aware local times; None means unbounded."""

    start: datetime | None
    end: datetime | None
    label: str

    def contains(self, moment: datetime) -> bool:
        if self.start is not None and moment < self.start:
            return False
        return self.end is None or moment < self.end

    def previous(self) -> Period | None:
        """The span of the same length just before, for "compared with last time".

        Calendar months step back by whole months (November's previous is all of
        October); spans between local midnights step back by whole days; anything
        else by the same absolute duration.
        """
        if self.start is None or self.end is None:
            return None
        start = self.start.astimezone()
        end = self.end.astimezone()
        if _is_midnight(start) and _is_midnight(end):
            first, last = start.date(), end.date()
            if first.day == 1 and last.day == 1:
                months = (last.year - first.year) * 12 + last.month - first.month
                prev_first = _add_months(first, -months)
                label = (
                    f"{prev_first:%Y-%m}"
                    if months == 1
                    else _range_label(prev_first, first - timedelta(days=1))
                )
                return Period(local_midnight(prev_first), start, label)
            days = (last - first).days
            prev_first = first - timedelta(days=days)
            if days == 7 and _WEEK.fullmatch(self.label):
                label = week_label(prev_first)
            else:
                label = _range_label(prev_first, first - timedelta(days=1))
            return Period(local_midnight(prev_first), start, label)
        length = self.end - self.start
        return Period(self.start - length, self.start, f"before {self.label}")


def local_midnight(day: date) -> datetime:
    """The first moment of `day` in local time, with the offset in force then."""
    return datetime(day.year, day.month, day.day).astimezone()


def week_first_day(day: date, week_start: int) -> date:
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_label(first_day: date) -> str:
    """ISO year and week of the week's Thursday: `2026-W47`."""
    thursday = first_day + timedelta(days=(3 - first_day.weekday()) % 7)
    year, week, _ = thursday.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(moment: datetime, week_start: int) -> tuple[datetime, datetime]:
    """Local midnights that start the week holding `moment` and the week after it."""
    first = week_first_day(moment.astimezone().date(), week_start)
    return local_midnight(first), local_midnight(first + timedelta(days=7))


def resolve_period(
    *,
    week: str | None = None,
    month: str | None = None,
    since: str | None = None,
    until: str | None = None,
    all_: bool = False,
    now: datetime,
    week_start: int = 0,
    default: str = "week",
) -> Period:
    """The period the flags ask for; with none given, this week or all time (`default`)."""
    given = [
        flag
        for flag, used in (
            ("--week", week is not None),
            ("--month", month is not None),
            ("--all", all_),
            ("--since", since is not None),
            ("--until", until is not None),
        )
        if used
    ]
    exclusive = [flag for flag in given if flag in ("--week", "--month", "--all")]
    if len(exclusive) > 1 or (exclusive and len(given) > 1):
        first, second = (exclusive + [f for f in given if f not in exclusive])[:2]
        raise UsageProblem(
            f"{first} cannot be combined with {second}; give one period "
            "(--since and --until may be used together)"
        )
    today = now.astimezone().date()
    if week is not None:
        return _week_period(week, today, week_start)
    if month is not None:
        return _month_period(month, today)
    if all_:
        return Period(None, None, "all time")
    if since is not None or until is not None:
        return _range_period(since, until, today)
    if default == "week":
        return _week_period("this", today, week_start)
    if default == "month":
        return _month_period("this", today)
    if default == "all":
        return Period(None, None, "all time")
    raise ValueError(f"unknown default period {default!r}")


def _week_period(text: str, today: date, week_start: int) -> Period:
    word = text.strip().lower()
    if word == "this":
        first = week_first_day(today, week_start)
    elif word == "last":
        first = week_first_day(today, week_start) - timedelta(days=7)
    else:
        match = _WEEK.fullmatch(word)
        try:
            if match is None:
                raise ValueError
            thursday = date.fromisocalendar(int(match[1]), int(match[2]), 4)
        except ValueError:
            raise UsageProblem(
                f"--week {text!r} is not a week; use this, last or an ISO week such as 2026-W47"
            ) from None
        first = thursday - timedelta(days=(3 - week_start) % 7)
    return Period(
        local_midnight(first), local_midnight(first + timedelta(days=7)), week_label(first)
    )


def _month_period(text: str, today: date) -> Period:
    word = text.strip().lower()
    if word == "this":
        first = today.replace(day=1)
    elif word == "last":
        first = _add_months(today.replace(day=1), -1)
    else:
        match = _MONTH.fullmatch(word)
        try:
            if match is None:
                raise ValueError
            first = date(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise UsageProblem(
                f"--month {text!r} is not a month; use this, last or YYYY-MM such as 2026-11"
            ) from None
    return Period(local_midnight(first), local_midnight(_add_months(first, 1)), f"{first:%Y-%m}")


def _range_period(since: str | None, until: str | None, today: date) -> Period:
    first = last = None
    if since is not None:
        first = _flag_date("--since", since, today)
    if until is not None:
        last = _flag_date("--until", until, today)
    if first is not None and last is not None:
        if first > last:
            raise UsageProblem(
                f"--since {first.isoformat()} is after --until {last.isoformat()}; "
                "swap them or pick other dates"
            )
        label = _range_label(first, last)
    elif first is not None:
        label = f"since {first.isoformat()}"
    else:
        assert last is not None
        label = f"until {last.isoformat()}"
    return Period(
        None if first is None else local_midnight(first),
        None if last is None else local_midnight(last + timedelta(days=1)),
        label,
    )


def _flag_date(flag: str, text: str, today: date) -> date:
    try:
        return parse_date(text, today)
    except CheckoutError as problem:
        raise UsageProblem(f"{flag}: {problem}") from None


def parse_date(text: str, today: date, *, prefer: str = "past") -> date:
    """A calendar date from a person: ISO, a relative word or a weekday.

    A weekday means the latest such day up to today (`prefer="past"`, for reports)
    or the next one from today on (`prefer="future"`, for due dates).
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    weekday = WEEKDAYS.get(word)
    if weekday is not None:
        if prefer == "past":
            return today - timedelta(days=(today.weekday() - weekday) % 7)
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    if _ISO_DAY.fullmatch(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise CheckoutError(f"{text!r} is not a real date; use {_DATE_FORMS}") from None
    raise CheckoutError(f"{text!r} is not a date; use {_DATE_FORMS}")


def parse_when(text: str, now: datetime) -> datetime:
    """When a meeting happened (`--at`), as an aware local time to the second.

    A day without a time means now when it is today, else noon that day.
    """
    raw = text.strip()
    local_now = now.astimezone()
    today = local_now.date()
    clock = _TIME_ONLY.fullmatch(raw)
    day_and_time = _DAY_AND_TIME.fullmatch(raw)
    if clock is not None:
        result = _at_clock(today, clock, text)
    elif day_and_time is not None and _is_day(day_and_time[1]):
        day = _when_date(day_and_time[1], today, text)
        result = _at_clock(day, day_and_time, text, offset=1)
    elif _is_day(raw):
        day = _when_date(raw, today, text)
        result = local_now if day == today else datetime.combine(day, time(12)).astimezone()
    else:
        result = _iso_moment(raw, text)
    result = result.replace(microsecond=0)
    if result > now:
        raise CheckoutError(
            f"--at {text!r} is in the future (it is now {local_now:%Y-%m-%d %H:%M}); "
            "give a time that has passed"
        )
    return result


def _is_day(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in ("today", "yesterday", "tomorrow")
        or lowered in WEEKDAYS
        or _ISO_DAY.fullmatch(word) is not None
    )


def _when_date(word: str, today: date, text: str) -> date:
    try:
        return parse_date(word, today, prefer="past")
    except CheckoutError:
        raise _not_understood(text, word) from None


def _at_clock(day: date, match: re.Match[str], text: str, offset: int = 0) -> datetime:
    hour, minute, second = match[1 + offset], match[2 + offset], match[3 + offset]
    try:
        moment = time(int(hour), int(minute), int(second or 0))
    except ValueError:
        raise CheckoutError(
            f"--at {text!r} has no such time of day; use HH:MM from 00:00 to 23:59"
        ) from None
    return datetime.combine(day, moment).astimezone()


def _iso_moment(raw: str, text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _not_understood(text, raw[:10]) from None
    return moment.astimezone()


def _not_understood(text: str, day: str) -> CheckoutError:
    """Why `--at` was refused: a day shaped like a date that no calendar has (2026-02-30)
    is "not a real date"; anything else is not a form it knows."""
    if _ISO_DAY.fullmatch(day):
        try:
            date.fromisoformat(day)
        except ValueError:
            return CheckoutError(f"--at {text!r} is not a real date; check the day and month")
    return CheckoutError(f"--at {text!r} is not a time I understand; use {_WHEN_FORMS}")


def parse_week_start(text: str) -> int:
    """0 for Monday … 6 for Sunday, from a weekday name such as `sunday` or `sun`."""
    found = WEEKDAYS.get(text.strip().lower())
    if found is None:
        raise CheckoutError(
            f"{text!r} is not a weekday; the week can start on monday … sunday (or mon … sun)"
        )
    return found


def _is_midnight(moment: datetime) -> bool:
    return moment.hour == 0 and moment.minute == 0 and moment.second == 0 and not moment.microsecond


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _range_label(first: date, last: date) -> str:
    return f"{first.isoformat()} to {last.isoformat()}"


def period_phrase(label: str) -> str:
    """A period's label as it reads after "check-outs": "in 2026-W47", "since 2026-11-02"."""
    if label.startswith(("since ", "until ", "before ")):
        return label
    if label == "all time":
        return "in the whole journal"
    if " to " in label:
        return f"from {label}"
    return f"in {label}"
