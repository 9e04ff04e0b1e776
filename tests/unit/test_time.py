"""report/time.py: hours, attendee-hours and hours not worth it, per meeting and in total."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from checkout_cli.model.entry import parse_minutes
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.periods import Period
from checkout_cli.report import data
from checkout_cli.report.exporters import schema
from checkout_cli.report.summary import summarize
from checkout_cli.report.time import NO_LENGTHS, TimeTally, attach, low_worth, worth_of

BERLIN = ZoneInfo("Europe/Berlin")
# The week of Monday 16 November 2026; the week before it is the previous period.
WEEK = Period(datetime(2026, 11, 16, tzinfo=BERLIN), datetime(2026, 11, 23, tzinfo=BERLIN), "W47")
NOW = datetime(2026, 11, 22, 12, tzinfo=BERLIN)


def entry(
    title: str,
    at: str,
    *,
    minutes: Any = None,
    worth: Any = None,
    people: list[str] | None = None,
    set_name: str = "meeting",
    entry_id: str = "e1",
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "v": 1,
        "id": entry_id,
        "at": at,
        "recorded_at": at,
        "title": title,
        "with": people or [],
        "set": set_name,
        "answers": [{"key": "goals", "kind": "choice", "value": "yes"}],
    }
    if worth is not None:
        found["answers"].append({"key": "worth", "kind": "scale", "value": worth})
    if minutes is not None:
        found["minutes"] = minutes
    return found


@pytest.mark.parametrize(
    ("value", "scale", "low"),
    [
        (1, (1, 5), True),
        (2, (1, 5), True),  # 2 <= 1 + 4/3
        (3, (1, 5), False),
        (3, (0, 9), True),  # exactly the third
        (4, (0, 9), False),
        (4, (1, 10), True),
        (5, (1, 10), False),
        (-1, (-1, 1), True),
    ],
)
def test_the_lower_third_of_a_scale(value: int, scale: tuple[float, float], low: bool) -> None:
    assert low_worth(value, scale) is low


def test_worth_of_reads_only_a_usable_worth_scale() -> None:
    assert worth_of(entry("A", "2026-11-16T10:00:00+01:00", worth=2)) == 2.0
    assert worth_of(entry("A", "2026-11-16T10:00:00+01:00")) is None
    for odd in ("2", True, None, float("nan"), float("inf"), 10**400):
        found = entry("A", "2026-11-16T10:00:00+01:00")
        found["answers"].append({"key": "worth", "kind": "scale", "value": odd})
        assert worth_of(found) is None, odd
    assert worth_of({"answers": "none"}) is None


def test_minutes_as_given_at_check_out() -> None:
    assert parse_minutes(" 45 ") == 45
    assert parse_minutes("1440") == 1440
    for bad in ("0", "1441", "-5", "1h", "4.5", "٤٥", ""):
        with pytest.raises(CheckoutError, match="whole minutes from 1 to 1440"):
            parse_minutes(bad)


def test_entries_with_minutes_sort_into_the_period_and_the_one_before() -> None:
    timer = TimeTally(WEEK)
    timer.add(entry("Weekly sync", "2026-11-16T10:00:00+01:00", minutes=60, worth=2, people=["A"]))
    timer.add(entry("Weekly sync", "2026-11-09T10:00:00+01:00", minutes=90, worth=1))
    timer.add(entry("weekly  SYNC", "2026-11-18T10:00:00+01:00", minutes=30, worth=4))
    timer.add(entry("Retro", "2026-11-20T16:00:00+01:00", minutes=45, people=["A", "B"]))
    timer.add(entry("Retro", "2026-11-23T16:00:00+01:00", minutes=45))  # after the period
    timer.add(entry("Retro", "2026-11-20T16:00:00+01:00"))  # no length: passed over
    for odd in (0, -10, 2000, "60", True, float("nan")):
        timer.add(entry("Odd", "2026-11-20T16:00:00+01:00", minutes=odd))
    timer.add(entry("Odd", "not a time", minutes=30))
    found = timer.result(checkouts=6)
    assert found is not None
    assert found["source"] == "minutes"
    assert found["hours"] == 2.25
    # 1 h with two people, 0.5 h alone, 0.75 h with three.
    assert found["attendee_hours"] == 2 + 0.5 + 2.25
    assert found["hours_rated"] == 1.5
    assert found["hours_not_worth"] == 1.0
    assert (found["previous_hours"], found["previous_hours_not_worth"]) == (1.5, 1.5)
    assert found["untimed"] == 3
    assert found["lengths"] == {}
    assert [(row["title"], row["count"], row["hours"]) for row in found["series"]] == [
        ("weekly  SYNC", 2, 1.5),
        ("Retro", 1, 0.75),
    ]
    sync = found["series"][0]
    assert (sync["hours_not_worth"], sync["previous_hours_not_worth"]) == (1.0, 1.5)
    assert found["series"][1]["previous_hours_not_worth"] == 0.0


def test_nothing_known_is_none_unless_a_calendar_says_there_was_nothing() -> None:
    timer = TimeTally(WEEK)
    timer.add(entry("A", "2026-11-16T10:00:00+01:00"))
    assert timer.result(checkouts=1) is None
    empty = TimeTally(WEEK, calendar=True).result(checkouts=0)
    assert empty is not None and empty["source"] == "calendar"
    assert (empty["hours"], empty["hours_not_worth"], empty["series"]) == (0.0, 0.0, [])


def test_an_unbounded_period_has_nothing_to_compare_with() -> None:
    timer = TimeTally(Period(None, None, "all"))
    timer.add(entry("A", "1999-01-01T10:00:00+01:00", minutes=60, worth=1))
    found = timer.result(checkouts=1)
    assert found is not None
    assert found["hours_not_worth"] == 1.0
    assert found["previous_hours"] is None and found["previous_hours_not_worth"] is None
    assert found["series"][0]["previous_hours_not_worth"] is None


def test_calendar_sittings_count_presence_and_keep_the_calendar_lengths() -> None:
    timer = TimeTally(WEEK, calendar=True)
    checked = entry("Weekly sync", "2026-11-17T09:10:00+01:00", worth=1, entry_id="late1")
    timer.sit("Weekly sync", 60, 3, checked, from_calendar=True)
    timer.sit("All hands", 60, 40, None)  # attended, nobody checked out: hours, no rating
    timer.sit("Planning", 0, 3, None)  # no length: nothing
    found = timer.result(checkouts=1)
    assert found is not None
    assert (found["hours"], found["attendee_hours"]) == (2.0, 43.0)
    assert (found["hours_rated"], found["hours_not_worth"]) == (1.0, 1.0)
    assert found["untimed"] == 0
    assert found["lengths"] == {"late1": 60}


def test_each_set_judges_worth_on_its_own_scale() -> None:
    asked: list[int] = []

    def scales() -> dict[tuple[str, str], tuple[float, float]]:
        asked.append(1)
        return {("ten", "worth"): (0.0, 10.0)}

    timer = TimeTally(WEEK, scales=scales)
    timer.add(entry("A", "2026-11-16T10:00:00+01:00", minutes=60, worth=3, set_name="ten"))
    timer.add(entry("B", "2026-11-16T12:00:00+01:00", minutes=60, worth=4, set_name="ten"))
    # A set no longer in the questions file is judged on the usual 1-5.
    timer.add(entry("C", "2026-11-16T14:00:00+01:00", minutes=60, worth=2, set_name="gone"))
    found = timer.result(checkouts=3)
    assert found is not None
    assert {row["title"]: row["hours_not_worth"] for row in found["series"]} == {
        "A": 1.0,
        "B": 0.0,
        "C": 1.0,
    }
    assert asked == [1]  # the questions are read once, when the first rating needs them


def test_attach_puts_hours_on_the_meeting_rows() -> None:
    entries = [
        entry("Weekly sync", "2026-11-16T10:00:00+01:00", minutes=60, worth=2),
        entry("Retro", "2026-11-17T10:00:00+01:00", worth=2, entry_id="e2"),
    ]
    summary = summarize(entries, WEEK, now=NOW)
    timer = TimeTally(WEEK)
    for item in entries:
        timer.add(item)
    attach(summary, timer.result(summary["count"]))
    rows = {row["title"]: row for row in summary["meetings"]}
    assert (rows["Weekly sync"]["hours"], rows["Weekly sync"]["hours_not_worth"]) == (1.0, 1.0)
    assert (rows["Retro"]["hours"], rows["Retro"]["hours_not_worth"]) == (None, None)
    assert summary["time"]["untimed"] == 1
    plain = summarize(entries[1:], WEEK, now=NOW)
    attach(plain, None)
    assert "time" not in plain and "hours" not in plain["meetings"][0]


def test_the_time_types_are_the_schemas_objects() -> None:
    defs = schema()["$defs"]
    assert set(data.TimeSummary.__annotations__) == set(defs["time"]["properties"])
    assert set(defs["time"]["required"]) == set(defs["time"]["properties"])
    series = defs["time"]["properties"]["series"]["items"]
    assert set(data.TimeSeries.__annotations__) == set(series["properties"])
    assert set(series["required"]) == set(series["properties"])


def test_the_reason_names_both_ways_in() -> None:
    assert "calendar" in NO_LENGTHS and "--minutes" in NO_LENGTHS


def test_a_late_check_out_of_last_weeks_meeting_has_a_length_this_week() -> None:
    timer = TimeTally(WEEK, calendar=True)
    late = entry("Demo", "2026-11-16T09:00:00+01:00", worth=2, entry_id="late")
    timer.sit("Demo", 60, 2, late, previous=True, from_calendar=True)
    found = timer.result(checkouts=1)
    assert found is not None
    assert (found["hours"], found["previous_hours"], found["previous_hours_not_worth"]) == (
        0.0,
        1.0,
        1.0,
    )
    assert found["untimed"] == 0 and found["lengths"] == {"late": 60}
    assert found["series"] == []
