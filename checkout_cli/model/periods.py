"""Turn the words people use for weeks, months, days and times into exact local times.

The CLI parses each option's value with the parsers here (`parse_week`, `parse_month`,
`parse_date`, `parse_when`, `parse_moment`) and names the flag when one fails; the
messages here know nothing of flags.

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

from checkout_cli.model import moments
from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.model.period_names import MonthName as MonthName
from checkout_cli.model.period_names import WeekName as WeekName
from checkout_cli.model.weekdays import WEEKDAY_NAMES as WEEKDAY_NAMES
from checkout_cli.model.weekdays import WEEKDAYS as WEEKDAYS

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


def parse_week(text: str) -> WeekName:
    """`this`, `last` or an ISO week such as `2026-W47`."""
    word = text.strip().lower()
    if word in ("this", "last"):
        return WeekName(back=0 if word == "this" else 1)
    match = _WEEK.fullmatch(word)
    try:
        if match is None:
            raise ValueError
        return WeekName(thursday=date.fromisocalendar(int(match[1]), int(match[2]), 4))
    except ValueError:
        raise UsageProblem(
            f"{text!r} is not a week; use this, last or an ISO week such as 2026-W47"
        ) from None


def parse_month(text: str) -> MonthName:
    """`this`, `last` or `YYYY-MM`."""
    word = text.strip().lower()
    if word in ("this", "last"):
        return MonthName(back=0 if word == "this" else 1)
    match = _MONTH.fullmatch(word)
    try:
        if match is None:
            raise ValueError
        return MonthName(first=date(int(match[1]), int(match[2]), 1))
    except ValueError:
        raise UsageProblem(
            f"{text!r} is not a month; use this, last or YYYY-MM such as 2026-11"
        ) from None


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
        start = moments.local(self.start)
        end = moments.local(self.end)
        if start is None or end is None:
            return None
        if _is_midnight(start) and _is_midnight(end):
            first, last = start.date(), end.date()
            day_before = moments.shift(first, -1)
            if day_before is None:  # nothing comes before the first day of the calendar
                return None
            if first.day == 1 and last.day == 1:
                months = (last.year - first.year) * 12 + last.month - first.month
                prev_first = _add_months(first, -months)
                if prev_first is None:
                    return Period(None, start, f"until {day_before.isoformat()}")
                label = (
                    f"{prev_first:%Y-%m}" if months == 1 else _range_label(prev_first, day_before)
                )
                return Period(_bound(prev_first), start, label)
            days = (last - first).days
            earlier = moments.shift(first, -days)
            if earlier is None:
                return Period(None, start, f"until {day_before.isoformat()}")
            if days == 7 and _WEEK.fullmatch(self.label):
                label = week_label(earlier)
            else:
                label = _range_label(earlier, day_before)
            return Period(_bound(earlier), start, label)
        length = self.end - self.start
        try:
            return Period(self.start - length, self.start, f"before {self.label}")
        except OverflowError:
            return Period(None, self.start, f"before {self.label}")


def local_midnight(day: date) -> datetime:
    """The first moment of `day` in local time, with the offset in force then."""
    return datetime(day.year, day.month, day.day).astimezone()


def _bound(day: date | None) -> datetime | None:
    """A period's bound at the local midnight that starts `day`; None (open) when the day
    is past either end of the calendar, or its midnight cannot be told there."""
    return None if day is None else moments.local_midnight(day)


def week_first_day(day: date, week_start: int) -> date:
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def week_label(first_day: date) -> str:
    """ISO year and week of the week's Thursday: `2026-W47`."""
    thursday = moments.shift(first_day, (3 - first_day.weekday()) % 7) or first_day
    year, week, _ = thursday.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(moment: datetime, week_start: int) -> tuple[datetime, datetime]:
    """Local midnights that start the week holding `moment` and the week after it."""
    first = week_first_day(moment.astimezone().date(), week_start)
    return local_midnight(first), local_midnight(first + timedelta(days=7))


def resolve_period(
    *,
    week: WeekName | str | None = None,
    month: MonthName | str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    all_: bool = False,
    now: datetime,
    week_start: int = 0,
    default: str = "week",
) -> Period:
    """The period asked for; with none given, this week or all time (`default`).

    Takes the parsed values the CLI hands over, or the same words as text.
    """
    today = now.astimezone().date()
    named = [x for x in (week, month, all_ or None) if x is not None]
    if len(named) > 1 or (named and (since is not None or until is not None)):
        raise UsageProblem(
            "give one period: a week, a month, all time, or a range of days from and to"
        )
    if week is not None:
        return _week_period(parse_week(week) if isinstance(week, str) else week, today, week_start)
    if month is not None:
        return _month_period(parse_month(month) if isinstance(month, str) else month, today)
    if all_:
        return Period(None, None, "all time")
    if since is not None or until is not None:
        first = parse_date(since, today) if isinstance(since, str) else since
        last = parse_date(until, today) if isinstance(until, str) else until
        return _range_period(first, last)
    if default == "week":
        return _week_period(WeekName(), today, week_start)
    if default == "month":
        return _month_period(MonthName(), today)
    if default == "all":
        return Period(None, None, "all time")
    raise ValueError(f"unknown default period {default!r}")


def _week_period(week: WeekName, today: date, week_start: int) -> Period:
    """The week asked for; at the ends of the calendar its days past the end are left
    out (its bound there is open)."""
    if week.thursday is None:
        first = moments.shift(today, -((today.weekday() - week_start) % 7) - 7 * week.back)
        label_day = first
    else:
        label_day = week.thursday
        first = moments.shift(week.thursday, -((3 - week_start) % 7))
    after = None if first is None else moments.shift(first, 7)
    end = None if first is not None and after is None else _bound(after)
    label = week_label(first) if first is not None else _thursday_label(label_day)
    return Period(_bound(first), end, label)


def _thursday_label(day: date | None) -> str:
    if day is None:
        return "the first week"
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_period(month: MonthName, today: date) -> Period:
    first = month.first or _add_months(today.replace(day=1), -month.back)
    if first is None:
        raise UsageProblem("that month is before the first year the calendar holds")
    return Period(_bound(first), _bound(_add_months(first, 1)), f"{first:%Y-%m}")


def _range_period(first: date | None, last: date | None) -> Period:
    if first is not None and last is not None:
        if first > last:
            raise UsageProblem(
                f"the range starts on {first.isoformat()}, after its end on "
                f"{last.isoformat()}; swap the dates or pick others"
            )
        label = _range_label(first, last)
    elif first is not None:
        label = f"since {first.isoformat()}"
    else:
        assert last is not None
        label = f"until {last.isoformat()}"
    return Period(
        None if first is None else _bound(first),
        None if last is None else _bound(moments.shift(last, 1)),
        label,
    )


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
    """When a meeting happened, as an aware local time to the second.

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
        result = local_now if day == today else _local(datetime.combine(day, time(12)), text)
    else:
        result = _iso_moment(raw, text)
    result = result.replace(microsecond=0)
    if result > now:
        raise CheckoutError(
            f"{text!r} is in the future (it is now {local_now:%Y-%m-%d %H:%M}); "
            "give a time that has passed"
        )
    return result


def parse_moment(text: str, now: datetime) -> datetime:
    """The start of a look back: a day means its local midnight, a day and time that moment.
    It must have passed."""
    local_now = now.astimezone()
    try:
        day = parse_date(text, local_now.date())
    except CheckoutError:
        moment = parse_when(text, now)
    else:
        midnight = moments.local_midnight(day)
        if midnight is None or moments.usable(midnight) is None:
            raise _out_of_range(text)
        moment = midnight
    if moment > now:
        raise UsageProblem(f"{text!r} is in the future; give a time that has passed")
    return moment


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
            f"{text!r} has no such time of day; use HH:MM from 00:00 to 23:59"
        ) from None
    return _local(datetime.combine(day, moment), text)


def _iso_moment(raw: str, text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise _not_understood(text, raw[:10]) from None
    return _local(moment, text)


def _local(moment: datetime, text: str) -> datetime:
    """`moment` in local time, when it and its UTC form are inside the years a journal
    can hold."""
    usable = moments.usable(moment)
    shown = None if usable is None else moments.local(usable)
    if shown is None:
        raise _out_of_range(text)
    return shown


def _out_of_range(text: str) -> CheckoutError:
    return CheckoutError(
        f"{text!r} is too near the ends of the calendar for a journal to hold; give a "
        f"time in {moments.RANGE}, in UTC and in local time"
    )


def _not_understood(text: str, day: str) -> CheckoutError:
    """Why a time was refused: a day shaped like a date that no calendar has (2026-02-30)
    is "not a real date"; anything else is not a form it knows."""
    if _ISO_DAY.fullmatch(day):
        try:
            date.fromisoformat(day)
        except ValueError:
            return CheckoutError(f"{text!r} is not a real date; check the day and month")
    return CheckoutError(f"{text!r} is not a time I understand; use {_WHEN_FORMS}")


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


def _add_months(first: date, months: int) -> date | None:
    """The first of the month `months` after `first`'s; None past either end of the calendar."""
    index = first.year * 12 + first.month - 1 + months
    if not 1 <= index // 12 <= 9999:
        return None
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
