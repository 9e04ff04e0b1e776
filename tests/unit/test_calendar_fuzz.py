"""Any repeat rule the iCalendar grammar allows is read quickly and never raises.

Hypothesis writes RRULEs from RFC 5545's grammar (every FREQ, INTERVAL from 0, COUNT,
UNTIL before or long after the start, every BYxxx part with odd and out-of-range values,
WKST) on DTSTARTs from the year 1 to 9999, as UTC, floating or all-day times. Each
calendar is read for the week before now, within two seconds of CPU time (not wall-clock
time, which a busy shared machine stretches), and the other series in the file still count.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checkout_cli.store import calendars as calendar_files
from tests.system.test_calendar_bounds import NOW, STANDUP, calendar_text, within

LIMIT = 2.0  # seconds for one calendar

FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def numbers(low: int, high: int, *, signed: bool = False) -> st.SearchStrategy[str]:
    """A comma list of values in [low, high] (and their negatives when `signed`)."""
    one = st.integers(low, high)
    if signed:
        one = st.one_of(one, st.integers(-high, -low))
    return st.lists(one, min_size=1, max_size=8).map(lambda xs: ",".join(map(str, xs)))


def stamp(year: int, month: int, day: int, hour: int, minute: int, kind: str) -> str:
    date_part = f"{year:04d}{month:02d}{day:02d}"
    if kind == "date":
        return date_part
    return f"{date_part}T{hour:02d}{minute:02d}00" + ("Z" if kind == "utc" else "")


YEARS = st.one_of(
    st.sampled_from([1, 1600, 1900, 1970, 2000, 2024, 2026, 2027, 2100, 9998, 9999]),
    st.integers(1, 9999),
)
MOMENTS = st.tuples(
    YEARS,
    st.integers(1, 12),
    st.integers(1, 28) | st.just(29) | st.just(31),
    st.integers(0, 23),
    st.integers(0, 59),
)

PARTS = {
    "BYSECOND": numbers(0, 60),
    "BYMINUTE": numbers(0, 59),
    "BYHOUR": numbers(0, 23),
    "BYDAY": st.lists(
        st.tuples(
            st.sampled_from(["", "1", "-1", "2", "5", "+3", "-53", "53"]), st.sampled_from(DAYS)
        ),
        min_size=1,
        max_size=7,
    ).map(lambda xs: ",".join(n + d for n, d in xs)),
    "BYMONTHDAY": numbers(1, 31, signed=True),
    "BYYEARDAY": numbers(1, 366, signed=True),
    "BYWEEKNO": numbers(1, 53, signed=True),
    "BYMONTH": numbers(1, 12),
    "BYSETPOS": numbers(1, 366, signed=True),
    "WKST": st.sampled_from(DAYS),
}


@st.composite
def rules(draw: st.DrawFn, kind: str) -> str:
    parts = [f"FREQ={draw(st.sampled_from(FREQS))}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.sampled_from([0, 1, 2, 3, 7, 52, 1000, 10**6]))}")
    end = draw(st.sampled_from(["none", "count", "until"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.sampled_from([1, 2, 10, 1000, 10**6]))}")
    elif end == "until":
        until_kind = "date" if kind == "date" else "utc" if kind == "utc" else "floating"
        parts.append(f"UNTIL={stamp(*draw(MOMENTS), until_kind)}")
    for name in draw(st.lists(st.sampled_from(sorted(PARTS)), unique=True, max_size=4)):
        parts.append(f"{name}={draw(PARTS[name])}")
    order = draw(st.permutations(parts))
    return ";".join(order)


@st.composite
def series(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["utc", "floating", "date"]))
    start = stamp(*draw(MOMENTS), kind)
    value = ";VALUE=DATE" if kind == "date" else ""
    lines = ["BEGIN:VEVENT", "UID:fuzz@x", "SUMMARY:Fuzz", f"DTSTART{value}:{start}"]
    if kind != "date" and draw(st.booleans()):
        lines.append("DURATION:PT30M")
    lines += [f"RRULE:{rule}" for rule in draw(st.lists(rules(kind), min_size=1, max_size=2))]
    return "\r\n".join([*lines, "END:VEVENT"])


def read_in_time(event: str) -> None:
    now = datetime.fromisoformat(NOW)
    warnings: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz.ics")
        path.write_text(calendar_text(event, STANDUP))
        with within(LIMIT, cpu=True):
            found = calendar_files.meetings_between(
                [path], now - timedelta(days=7), now, warn=warnings.append
            )
    assert sum(m.title == "Standup" for m in found) == 7, (found, warnings)
    assert all(w.startswith("calendar ") and "\n" not in w for w in warnings), warnings


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20000103T090000Z\r\nRRULE:FREQ=DAILY;INTERVAL=0\r\nEND:VEVENT"
)
@example("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20000103T090000Z\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT")
@example(
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20000103T090000Z\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO\r\nEND:VEVENT"
)
@example(
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:19001216\r\nRRULE:UNTIL=19000331;BYMINUTE=13;"
    "BYDAY=-53FR,2TH;BYMONTHDAY=13,31,6;INTERVAL=2;FREQ=MONTHLY\r\nEND:VEVENT"
)
@given(series())
def test_any_rule_is_read_in_time_and_never_raises(event: str) -> None:
    read_in_time(event)
