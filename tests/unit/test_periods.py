"""Periods: exact local boundaries, across DST changes, week starts and month ends."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.model.periods import (
    Period,
    parse_date,
    parse_week_start,
    parse_when,
    resolve_period,
    week_bounds,
)

Zone = Callable[[str], None]


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Zone]:
    """Switch the process's local time zone; the original comes back afterwards."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def berlin(zone: Zone) -> None:
    zone("Europe/Berlin")


def local(text: str) -> datetime:
    """A naive ISO time read as local time."""
    return datetime.fromisoformat(text).astimezone()


NOW = "2026-11-18T10:00:00"  # a Wednesday in ISO week 47


def period(now: str = NOW, /, **flags: Any) -> Period:
    return resolve_period(now=local(now), **flags)


# --- weeks -------------------------------------------------------------------------


def test_this_week_runs_monday_to_monday() -> None:
    found = period(week="this")
    assert found.start == local("2026-11-16T00:00:00")
    assert found.end == local("2026-11-23T00:00:00")
    assert found.label == "2026-W47"


def test_default_is_this_week_and_all_is_unbounded() -> None:
    assert period() == period(week="this")
    everything = period(default="all")
    assert (everything.start, everything.end) == (None, None)
    assert everything.contains(local("1999-01-01T00:00:00"))
    assert period(all_=True) == everything


def test_week_edges_are_exact() -> None:
    week = period(week="2026-W47")
    assert week.contains(local("2026-11-16T00:00:00"))
    assert week.contains(local("2026-11-22T23:59:59"))
    assert not week.contains(local("2026-11-23T00:00:00"))
    assert not week.contains(local("2026-11-15T23:59:59"))


def test_last_week_and_explicit_week_agree() -> None:
    assert period(week="last") == period(week="2026-W46")
    assert period(week="LAST").label == "2026-W46"
    assert period(week="2026w46") == period(week="2026-W46")


def test_sunday_start_uses_the_sunday_before_the_iso_monday() -> None:
    week = period(week="2026-W47", week_start=6)
    assert week.start == local("2026-11-15T00:00:00")
    assert week.end == local("2026-11-22T00:00:00")
    assert week.label == "2026-W47"
    # On a Sunday a Sunday-start week has just begun, and is labelled by its Thursday.
    sunday = period("2026-11-22T09:00:00", week="this", week_start=6)
    assert sunday.start == local("2026-11-22T00:00:00")
    assert sunday.label == "2026-W48"
    # The same Sunday closes a Monday-start week.
    assert period("2026-11-22T09:00:00", week="this").label == "2026-W47"


def test_week_crossing_the_year_is_labelled_by_its_thursday() -> None:
    week = period("2027-01-01T12:00:00", week="this")
    assert week.start == local("2026-12-28T00:00:00")
    assert week.label == "2026-W53"
    assert period(week="2020-W01").start == local("2019-12-30T00:00:00")


def test_bad_weeks_are_usage_problems() -> None:
    for text in ("2025-W53", "2026-W00", "next", "47", ""):
        with pytest.raises(UsageProblem, match="is not a week"):
            period(week=text)


def test_berlin_spring_forward_keeps_entries_in_their_week() -> None:
    # Clocks go from 02:00 to 03:00 on Sunday 2026-03-29.
    week = period(week="2026-W13")
    assert week.start == datetime.fromisoformat("2026-03-23T00:00:00+01:00")
    assert week.end == datetime.fromisoformat("2026-03-30T00:00:00+02:00")
    assert week.contains(datetime.fromisoformat("2026-03-29T23:59:59+02:00"))
    assert not week.contains(datetime.fromisoformat("2026-03-30T00:00:00+02:00"))
    assert not week.contains(datetime.fromisoformat("2026-03-30T00:30:00+02:00"))
    following = period(week="2026-W14")
    assert following.contains(datetime.fromisoformat("2026-03-30T00:30:00+02:00"))
    assert following.previous() == Period(week.start, week.end, "2026-W13")


def test_berlin_fall_back_week() -> None:
    week = period(week="2026-W44")  # clocks go back on Sunday 2026-10-25
    assert week.start == datetime.fromisoformat("2026-10-26T00:00:00+01:00")
    before = period(week="2026-W43")
    assert before.end == week.start
    assert before.end is not None and before.start is not None
    assert before.end - before.start == timedelta(days=7, hours=1)


def test_new_york_fall_back_with_sunday_weeks(zone: Zone) -> None:
    zone("America/New_York")  # clocks go back on Sunday 2026-11-01 at 02:00
    week = period("2026-11-04T12:00:00", week="this", week_start=6)
    assert week.start == datetime.fromisoformat("2026-11-01T00:00:00-04:00")
    assert week.end == datetime.fromisoformat("2026-11-08T00:00:00-05:00")
    assert week.contains(datetime.fromisoformat("2026-11-01T01:30:00-05:00"))
    assert week.contains(datetime.fromisoformat("2026-11-07T23:59:59-05:00"))
    assert not week.contains(datetime.fromisoformat("2026-10-31T23:59:59-04:00"))
    assert not week.contains(datetime.fromisoformat("2026-11-08T00:00:00-05:00"))
    previous = week.previous()
    assert previous is not None
    assert previous.start == datetime.fromisoformat("2026-10-25T00:00:00-04:00")
    assert previous.end == week.start


def test_new_york_spring_forward(zone: Zone) -> None:
    zone("America/New_York")  # clocks go forward on Sunday 2026-03-08
    week = period("2026-03-10T12:00:00", week="this")
    assert week.start == datetime.fromisoformat("2026-03-09T00:00:00-04:00")
    last = period("2026-03-10T12:00:00", week="last")
    assert last.start == datetime.fromisoformat("2026-03-02T00:00:00-05:00")
    assert last.end == week.start


def test_week_bounds_follow_week_start() -> None:
    moment = local("2026-11-18T10:00:00")
    assert week_bounds(moment, 0) == (local("2026-11-16T00:00:00"), local("2026-11-23T00:00:00"))
    assert week_bounds(moment, 6) == (local("2026-11-15T00:00:00"), local("2026-11-22T00:00:00"))
    assert week_bounds(moment, 2)[0] == local("2026-11-18T00:00:00")
    utc_moment = datetime.fromisoformat("2026-11-22T23:30:00+00:00")  # Monday 00:30 in Berlin
    assert week_bounds(utc_moment, 0)[0] == local("2026-11-23T00:00:00")


# --- months ------------------------------------------------------------------------


def test_months_including_leap_february() -> None:
    february = period(month="2028-02")
    assert february.start == local("2028-02-01T00:00:00")
    assert february.end == local("2028-03-01T00:00:00")
    assert february.contains(local("2028-02-29T23:59:59"))
    assert not february.contains(local("2028-03-01T00:00:00"))
    assert period(month="2026-02").end == local("2026-03-01T00:00:00")
    assert period(month="2026-02").label == "2026-02"


def test_this_and_last_month_across_a_year() -> None:
    assert period("2027-01-15T08:00:00", month="this").label == "2027-01"
    december = period("2027-01-15T08:00:00", month="last")
    assert december.label == "2026-12"
    assert december.start == local("2026-12-01T00:00:00")
    assert december.end == local("2027-01-01T00:00:00")


def test_month_across_dst_keeps_local_midnights() -> None:
    march = period(month="2026-03")
    assert march.start == datetime.fromisoformat("2026-03-01T00:00:00+01:00")
    assert march.end == datetime.fromisoformat("2026-04-01T00:00:00+02:00")


def test_previous_month_is_the_whole_calendar_month() -> None:
    previous = period(month="2026-03").previous()
    assert previous == Period(local("2026-02-01T00:00:00"), local("2026-03-01T00:00:00"), "2026-02")
    january = period(month="2026-01").previous()
    assert january is not None and january.label == "2025-12"


def test_bad_months() -> None:
    for text in ("2026-13", "2026-00", "November", "2026/11"):
        with pytest.raises(UsageProblem, match="is not a month"):
            period(month=text)


# --- since / until -----------------------------------------------------------------


def test_until_is_inclusive() -> None:
    span = period(since="2026-11-01", until="2026-11-30")
    assert span.start == local("2026-11-01T00:00:00")
    assert span.end == local("2026-12-01T00:00:00")
    assert span.contains(local("2026-11-30T23:59:59"))
    assert span.label == "2026-11-01 to 2026-11-30"
    one_day = period(since="2026-11-05", until="2026-11-05")
    assert one_day.end == local("2026-11-06T00:00:00")


def test_open_ended_ranges() -> None:
    since = period(since="yesterday")
    assert since.start == local("2026-11-17T00:00:00")
    assert since.end is None
    assert since.label == "since 2026-11-17"
    assert since.previous() is None
    until = period(until="monday")
    assert until.start is None
    assert until.end == local("2026-11-17T00:00:00")
    assert until.label == "until 2026-11-16"


def test_previous_of_a_range_has_the_same_number_of_days() -> None:
    span = period(since="2026-11-10", until="2026-11-19")
    assert span.previous() == Period(
        local("2026-10-31T00:00:00"), local("2026-11-10T00:00:00"), "2026-10-31 to 2026-11-09"
    )


def test_since_after_until_is_refused() -> None:
    with pytest.raises(UsageProblem, match="starts on 2026-11-10, after its end on 2026-11-01"):
        period(since="2026-11-10", until="2026-11-01")


def test_bad_dates_name_the_flag(cli: Any) -> None:
    """The core says what is wrong with the text; the CLI, which flag it came with."""
    with pytest.raises(CheckoutError, match="'someday' is not a date"):
        period(since="someday")
    with pytest.raises(CheckoutError, match="'2026-02-30' is not a real date"):
        period(until="2026-02-30")
    for flag, text in (("--since", "someday"), ("--until", "2026-02-30")):
        result = cli("log", flag, text)
        assert result.exit_code == 2
        assert f"Invalid value for {flag}: {text!r}" in result.stderr


def test_period_flags_are_checked_at_the_command_line(cli: Any) -> None:
    after = cli("report", "--since", "2026-11-10", "--until", "2026-11-01")
    assert after.exit_code == 2
    assert "--since 2026-11-10 is after --until 2026-11-01" in after.stderr
    both = cli("log", "--week", "last", "--all")
    assert both.exit_code == 2 and "--week cannot be combined with --all" in both.stderr


@pytest.mark.parametrize(
    ("flags", "first", "second"),
    [
        ({"week": "this", "since": "2026-11-01"}, "--week", "--since"),
        ({"month": "this", "until": "2026-11-01"}, "--month", "--until"),
        ({"all_": True, "since": "2026-11-01"}, "--all", "--since"),
        ({"week": "this", "month": "this"}, "--week", "--month"),
        ({"month": "last", "all_": True}, "--month", "--all"),
    ],
)
def test_clashing_flags(flags: dict[str, Any], first: str, second: str, cli: Any) -> None:
    with pytest.raises(UsageProblem, match="give one period"):  # the core names no flag
        period(**flags)
    args = [
        part
        for name, value in flags.items()
        for part in (["--all"] if name == "all_" else [f"--{name}", value])
    ]
    result = cli("report", *args)
    assert result.exit_code == 2
    assert f"{first} cannot be combined with {second}" in result.stderr


def test_period_contains_and_previous_for_odd_spans() -> None:
    start = datetime.fromisoformat("2026-11-18T10:00:00+01:00")
    span = Period(start, start + timedelta(hours=2), "two hours")
    previous = span.previous()
    assert previous == Period(start - timedelta(hours=2), start, "before two hours")
    assert Period(None, start, "x").previous() is None
    assert Period(None, None, "all time").contains(start)


# --- parse_date --------------------------------------------------------------------

WEDNESDAY = date(2026, 11, 18)


def test_parse_date_words_and_iso() -> None:
    assert parse_date("2026-02-28", WEDNESDAY) == date(2026, 2, 28)
    assert parse_date(" Today ", WEDNESDAY) == WEDNESDAY
    assert parse_date("yesterday", WEDNESDAY) == date(2026, 11, 17)
    assert parse_date("TOMORROW", WEDNESDAY) == date(2026, 11, 19)


def test_weekday_names_past_and_future() -> None:
    assert parse_date("monday", WEDNESDAY) == date(2026, 11, 16)
    assert parse_date("Wed", WEDNESDAY) == WEDNESDAY
    assert parse_date("thu", WEDNESDAY) == date(2026, 11, 12)
    assert parse_date("thursday", WEDNESDAY, prefer="future") == date(2026, 11, 19)
    assert parse_date("wednesday", WEDNESDAY, prefer="future") == WEDNESDAY
    assert parse_date("tue", WEDNESDAY, prefer="future") == date(2026, 11, 24)


@pytest.mark.parametrize("text", ["someday", "2026-2-3", "2026-02-30", "", "next friday"])
def test_parse_date_refuses_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(CheckoutError) as problem:
        parse_date(text, WEDNESDAY)
    assert repr(text) in str(problem.value)
    assert "YYYY-MM-DD" in str(problem.value)
    assert "yesterday" in str(problem.value)


# --- parse_when --------------------------------------------------------------------

AT_NOW = "2026-11-18T16:45:30.250000"


def when(text: str) -> datetime:
    return parse_when(text, local(AT_NOW))


def test_parse_when_times_of_day() -> None:
    assert when("15:00") == local("2026-11-18T15:00:00")
    assert when("today 9:05") == local("2026-11-18T09:05:00")
    assert when("yesterday 9:30") == local("2026-11-17T09:30:00")
    assert when("mon 23:59") == local("2026-11-16T23:59:00")
    assert when("2026-11-01 08:15") == local("2026-11-01T08:15:00")


def test_parse_when_days_without_a_time() -> None:
    assert when("today") == local("2026-11-18T16:45:30")
    assert when("yesterday") == local("2026-11-17T12:00:00")
    assert when("friday") == local("2026-11-13T12:00:00")
    assert when("2026-10-01") == local("2026-10-01T12:00:00")


def test_parse_when_iso_date_times() -> None:
    assert when("2026-11-18T10:00") == local("2026-11-18T10:00:00")
    found = when("2026-11-18T10:00:00+00:00")
    assert found == datetime.fromisoformat("2026-11-18T11:00:00+01:00")
    assert found.utcoffset() == timedelta(hours=1)
    assert when("2026-11-18T09:00:00.999Z").microsecond == 0


def test_parse_when_is_local_and_to_the_second() -> None:
    found = when("today")
    assert found.microsecond == 0
    assert found.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("text", ["17:00", "tomorrow", "tomorrow 08:00", "2026-11-19"])
def test_parse_when_refuses_the_future(text: str) -> None:
    with pytest.raises(CheckoutError, match="is in the future"):
        when(text)


@pytest.mark.parametrize("text", ["25:00", "12:61", "lunchtime", "yesterday noon", "2026-13-01"])
def test_parse_when_refuses_nonsense(text: str) -> None:
    with pytest.raises(CheckoutError) as problem:
        when(text)
    assert repr(text) in str(problem.value)


def test_parse_when_on_the_dst_change_day() -> None:
    found = parse_when("today 01:30", local("2026-03-29T12:00:00"))
    assert found == datetime.fromisoformat("2026-03-29T01:30:00+01:00")
    after = parse_when("today 04:00", local("2026-03-29T12:00:00"))
    assert after == datetime.fromisoformat("2026-03-29T04:00:00+02:00")


# --- week start --------------------------------------------------------------------


def test_parse_week_start() -> None:
    assert parse_week_start("monday") == 0
    assert parse_week_start("Sun") == 6
    assert parse_week_start(" saturday ") == 5
    with pytest.raises(CheckoutError, match="'someday' is not a weekday"):
        parse_week_start("someday")
