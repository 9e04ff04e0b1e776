"""The years a time may fall in, and conversions that stay inside them.

Python's datetimes end at years 1 and 9999. A time near either end can be written
down (`0001-01-01T00:00:00+14:00`) and still fail the moment it is moved to UTC or
to local time, or a day is added to it. Everything that turns a time from a person
or a file into another zone goes through here, so such a time is refused where it
comes in (with the reason) or passed over where it is read, and never raises.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

FIRST_YEAR = 1
LAST_YEAR = 9999
RANGE = f"years {FIRST_YEAR:04d} to {LAST_YEAR}"


def local(moment: datetime) -> datetime | None:
    """`moment` in local time (a naive one taken as local); None when that is outside
    the years a datetime holds."""
    try:
        return moment.astimezone()
    except (OverflowError, ValueError, OSError):
        return None


def utc(moment: datetime) -> datetime | None:
    """`moment` in UTC (a naive one taken as local); None when out of range."""
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        return None


def usable(moment: datetime) -> datetime | None:
    """An aware `moment` (a naive one taken as local) that can be shown in local time and
    in UTC; None when either is outside the years a datetime holds."""
    if utc(moment) is None:
        return None
    shown = local(moment)
    if shown is None or utc(shown) is None:
        return None
    return moment if moment.tzinfo is not None else shown


def parse_stored(value: object) -> datetime | None:
    """A time as an entry stores it (ISO, with or without an offset), aware and usable;
    None when it is not text, not ISO, or outside the years a datetime holds."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return usable(moment)


def stored_day(value: object) -> date | None:
    """The day of a time as an entry stores it, in its own offset; None when it is none."""
    moment = parse_stored(value)
    return None if moment is None else moment.date()


def local_midnight(day: date) -> datetime | None:
    """The first moment of `day` in local time; None at the very ends of the calendar,
    where it cannot be told (a period bound there is then open)."""
    return local(datetime(day.year, day.month, day.day))


def shift(day: date, days: int) -> date | None:
    """`day` plus `days`; None past either end of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
