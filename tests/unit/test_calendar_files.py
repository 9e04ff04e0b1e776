"""Reading .ics files and folders into meetings: recurrences, time zones, what is left out."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.store import calendars as calendar_files
from checkout_cli.store.calendars import (
    UNTITLED,
    Meeting,
    check_calendar_path,
    find_occurrence,
    meetings_between,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
STAMP = datetime(2026, 1, 1, tzinfo=UTC)
ME = "me@example.org"


@pytest.fixture(autouse=True)
def local_zone() -> Iterator[None]:
    """Pin the machine's zone, since floating times and `.astimezone()` depend on it."""
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    yield
    _set_tz(before)


def _set_tz(name: str | None) -> None:
    if name is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = name
    time.tzset()


def event(
    summary: str, start: date | datetime, end: date | datetime | None = None, **props: Any
) -> Event:
    """A VEVENT; `props` become further properties (lists add the property several times)."""
    uid = props.pop("uid", summary.lower().replace(" ", "-"))
    ev = Event.new(summary=summary, uid=uid, start=start, end=end, stamp=STAMP)
    for name, value in props.items():
        for one in value if isinstance(value, list) else [value]:
            ev.add(name.replace("_", "-"), one)
    return ev


def attendee(address: str, **params: str) -> Any:
    from icalendar import vCalAddress

    prop = vCalAddress(f"mailto:{address}")
    for key, value in params.items():
        prop.params[key.upper()] = value
    return prop


def write(path: Path, *events: Event) -> Path:
    cal = Calendar.new(prodid="-//checkout tests//EN", subcomponents=events)
    # Zone rules for the test years only: smaller files, faster tests.
    cal.add_missing_timezones(first_date=date(2025, 1, 1), last_date=date(2027, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cal.to_ical())
    return path


def between(
    paths: list[Path], start: datetime, end: datetime, own: tuple[str, ...] = ()
) -> tuple[list[Meeting], list[str]]:
    warnings: list[str] = []
    found = meetings_between(paths, start, end, own_emails=own, warn=warnings.append)
    return found, warnings


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def weekly_sync(folder: Path) -> Path:
    """Mondays 10:00 Berlin from 5 Jan 2026, six times; 12 Jan dropped, 19 Jan moved to the
    Tuesday 14:00, and an extra Thursday 8 Jan 16:00 from RDATE."""
    series = event(
        "Weekly sync",
        berlin(2026, 1, 5, 10),
        berlin(2026, 1, 5, 11),
        rrule={"freq": "weekly", "count": 6},
        exdate=berlin(2026, 1, 12, 10),
        rdate=berlin(2026, 1, 8, 16),
        uid="sync",
    )
    moved = Event.new(
        summary="Weekly sync (moved)",
        uid="sync",
        recurrence_id=berlin(2026, 1, 19, 10),
        start=berlin(2026, 1, 20, 14),
        end=berlin(2026, 1, 20, 15),
        stamp=STAMP,
    )
    return write(folder / "sync.ics", series, moved)


# --- recurrence ---------------------------------------------------------------------------


def test_weekly_series_with_exdate_rdate_and_moved_occurrence(tmp_path: Path) -> None:
    path = weekly_sync(tmp_path)
    found, warnings = between([path], berlin(2026, 1, 1), berlin(2026, 2, 1))
    assert warnings == []
    assert [(m.start, m.end) for m in found] == [
        (berlin(2026, 1, 5, 10), berlin(2026, 1, 5, 11)),
        (berlin(2026, 1, 8, 16), berlin(2026, 1, 8, 17)),
        (berlin(2026, 1, 20, 14), berlin(2026, 1, 20, 15)),
        (berlin(2026, 1, 26, 10), berlin(2026, 1, 26, 11)),
    ]
    assert [m.title for m in found] == ["Weekly sync"] * 2 + ["Weekly sync (moved)", "Weekly sync"]
    assert {m.uid for m in found} == {"sync"}
    assert {m.calendar for m in found} == {str(path)}
    # The moved occurrence keeps the key of the slot it came from.
    assert [m.occurrence for m in found] == [
        "2026-01-05T10:00:00+01:00",
        "2026-01-08T16:00:00+01:00",
        "2026-01-19T10:00:00+01:00",
        "2026-01-26T10:00:00+01:00",
    ]


def test_times_are_local_and_aware(tmp_path: Path) -> None:
    found, _ = between([weekly_sync(tmp_path)], berlin(2026, 1, 1), berlin(2026, 1, 6))
    [meeting] = found
    assert meeting.start.utcoffset() == timedelta(hours=1)
    assert meeting.start.hour == 10


def test_window_is_about_the_end_half_open(tmp_path: Path) -> None:
    path = weekly_sync(tmp_path)
    # Ends 11:00: a window starting at 11:00 has it, one ending at 11:00 does not.
    found, _ = between([path], berlin(2026, 1, 5, 11), berlin(2026, 1, 5, 12))
    assert [m.occurrence for m in found] == ["2026-01-05T10:00:00+01:00"]
    found, _ = between([path], berlin(2026, 1, 5, 10, 30), berlin(2026, 1, 5, 11))
    assert found == []


def test_sorted_by_end_then_start(tmp_path: Path) -> None:
    path = write(
        tmp_path / "day.ics",
        event("Long", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 12)),
        event("Short", berlin(2026, 2, 2, 11), berlin(2026, 2, 2, 12)),
        event("Early", berlin(2026, 2, 2, 8), berlin(2026, 2, 2, 9)),
    )
    found, _ = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert [m.title for m in found] == ["Early", "Long", "Short"]


def test_duration_and_no_end(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.ics",
        event("With duration", berlin(2026, 2, 2, 9), duration=timedelta(minutes=45)),
        event("Instant", berlin(2026, 2, 2, 13)),
    )
    found, _ = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert [(m.title, m.start, m.end) for m in found] == [
        ("With duration", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 9, 45)),
        ("Instant", berlin(2026, 2, 2, 13), berlin(2026, 2, 2, 13)),
    ]


# --- time zones ---------------------------------------------------------------------------


def test_other_zone_across_both_dst_changes(tmp_path: Path) -> None:
    """New York moves its clocks on 8 March 2026, Berlin on 29 March: 9:00 there is 15:00,
    then 14:00, then 15:00 again here."""
    path = write(
        tmp_path / "ny.ics",
        event(
            "NY standup",
            datetime(2026, 3, 2, 9, tzinfo=NEW_YORK),
            datetime(2026, 3, 2, 9, 30, tzinfo=NEW_YORK),
            rrule={"freq": "weekly", "count": 5},
        ),
    )
    assert b"BEGIN:VTIMEZONE" in path.read_bytes()
    assert b"TZID=America/New_York" in path.read_bytes()
    found, _ = between([path], berlin(2026, 3, 1), berlin(2026, 4, 1))
    utc_starts = [m.start.astimezone(UTC) for m in found]
    assert utc_starts == [
        datetime(2026, 3, 2, 14, tzinfo=UTC),
        datetime(2026, 3, 9, 13, tzinfo=UTC),
        datetime(2026, 3, 16, 13, tzinfo=UTC),
        datetime(2026, 3, 23, 13, tzinfo=UTC),
        datetime(2026, 3, 30, 13, tzinfo=UTC),
    ]
    assert [m.start.hour for m in found] == [15, 14, 14, 14, 15]
    assert [datetime.fromisoformat(m.occurrence) for m in found] == utc_starts


def test_custom_vtimezone_name_is_used(tmp_path: Path) -> None:
    """Exchange-style calendars name their zones freely; the VTIMEZONE rules decide."""
    path = write(
        tmp_path / "ny.ics",
        event(
            "Call",
            datetime(2026, 3, 9, 9, tzinfo=NEW_YORK),
            datetime(2026, 3, 9, 10, tzinfo=NEW_YORK),
        ),
    )
    path.write_bytes(path.read_bytes().replace(b"America/New_York", b"Eastern Time (custom)"))
    found, _ = between([path], berlin(2026, 3, 9), berlin(2026, 3, 10))
    assert [m.start.astimezone(UTC) for m in found] == [datetime(2026, 3, 9, 13, tzinfo=UTC)]


def test_utc_event(tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.ics",
        event("UTC call", datetime(2026, 7, 1, 8, tzinfo=UTC), datetime(2026, 7, 1, 9, tzinfo=UTC)),
    )
    assert b"DTSTART:20260701T080000Z" in path.read_bytes()
    found, _ = between([path], berlin(2026, 7, 1), berlin(2026, 7, 2))
    [meeting] = found
    assert meeting.start == berlin(2026, 7, 1, 10)
    assert meeting.start.utcoffset() == timedelta(hours=2)
    assert meeting.occurrence == "2026-07-01T10:00:00+02:00"


def test_floating_event_is_local_time(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.ics", event("Lunch", datetime(2026, 7, 1, 12), datetime(2026, 7, 1, 13))
    )
    assert b"DTSTART:20260701T120000\r\n" in path.read_bytes()
    found, _ = between([path], berlin(2026, 7, 1), berlin(2026, 7, 2))
    assert [m.start for m in found] == [berlin(2026, 7, 1, 12)]

    _set_tz("America/New_York")
    new_york = datetime(2026, 7, 1, tzinfo=NEW_YORK)
    found, _ = between([path], new_york, new_york + timedelta(days=1))
    assert [m.start for m in found] == [datetime(2026, 7, 1, 12, tzinfo=NEW_YORK)]
    assert found[0].start.utcoffset() == timedelta(hours=-4)


def test_floating_event_near_window_edge(tmp_path: Path) -> None:
    """Floating 00:30 local is 22:30 UTC the day before; it must still land in its local day."""
    path = write(
        tmp_path / "f.ics", event("Late", datetime(2026, 7, 2, 0, 15), datetime(2026, 7, 2, 0, 30))
    )
    found, _ = between([path], berlin(2026, 7, 2), berlin(2026, 7, 3))
    assert [m.title for m in found] == ["Late"]
    found, _ = between([path], berlin(2026, 7, 1), berlin(2026, 7, 2))
    assert found == []


# --- left out -----------------------------------------------------------------------------


def test_all_day_cancelled_and_declined_are_left_out(tmp_path: Path) -> None:
    path = write(
        tmp_path / "mixed.ics",
        event("Holiday", date(2026, 2, 2), date(2026, 2, 3)),
        event("Called off", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 10), status="CANCELLED"),
        event(
            "Declined",
            berlin(2026, 2, 2, 11),
            berlin(2026, 2, 2, 12),
            attendee=[attendee("ME@Example.org", PARTSTAT="DECLINED"), attendee("ana@x.org")],
        ),
        event(
            "Accepted",
            berlin(2026, 2, 2, 13),
            berlin(2026, 2, 2, 14),
            attendee=[
                attendee(ME, PARTSTAT="ACCEPTED"),
                attendee("raj@x.org", PARTSTAT="DECLINED"),
            ],
        ),
    )
    found, warnings = between([path], berlin(2026, 2, 1), berlin(2026, 2, 4), own=(ME,))
    assert warnings == []
    assert [m.title for m in found] == ["Accepted"]
    # Without knowing the user's addresses, a declined event is still a meeting.
    found, _ = between([path], berlin(2026, 2, 1), berlin(2026, 2, 4))
    assert [m.title for m in found] == ["Declined", "Accepted"]


def test_cancelled_single_occurrence(tmp_path: Path) -> None:
    series = event(
        "Standup",
        berlin(2026, 2, 2, 9),
        berlin(2026, 2, 2, 9, 15),
        rrule={"freq": "daily", "count": 3},
    )
    cancelled = event(
        "Standup",
        berlin(2026, 2, 3, 9),
        berlin(2026, 2, 3, 9, 15),
        recurrence_id=berlin(2026, 2, 3, 9),
        status="CANCELLED",
    )
    path = write(tmp_path / "s.ics", series, cancelled)
    found, _ = between([path], berlin(2026, 2, 1), berlin(2026, 2, 10))
    assert [m.start.day for m in found] == [2, 4]


def test_declined_single_occurrence(tmp_path: Path) -> None:
    series = event(
        "1:1",
        berlin(2026, 2, 2, 9),
        berlin(2026, 2, 2, 9, 30),
        rrule={"freq": "weekly", "count": 2},
        attendee=[attendee(ME, PARTSTAT="ACCEPTED")],
    )
    declined = event(
        "1:1",
        berlin(2026, 2, 9, 9),
        berlin(2026, 2, 9, 9, 30),
        recurrence_id=berlin(2026, 2, 9, 9),
        attendee=[attendee(ME, PARTSTAT="DECLINED")],
    )
    path = write(tmp_path / "o.ics", series, declined)
    found, _ = between([path], berlin(2026, 2, 1), berlin(2026, 3, 1), own=(ME,))
    assert [m.start.day for m in found] == [2]


def test_cancelled_series_todos_and_events_without_start(tmp_path: Path) -> None:
    from icalendar import Todo

    cal = Calendar.new(prodid="-//checkout tests//EN")
    cal.add_component(
        event(
            "Gone",
            berlin(2026, 2, 2, 9),
            berlin(2026, 2, 2, 10),
            rrule={"freq": "daily", "count": 5},
            status="CANCELLED",
        )
    )
    cal.add_component(Todo.new(summary="Task", start=berlin(2026, 2, 2, 9), stamp=STAMP))
    no_start = Event.new(summary="No start", uid="no-start", stamp=STAMP)
    no_start.add("dtend", berlin(2026, 2, 2, 10))
    cal.add_component(no_start)
    cal.add_component(event("Kept", berlin(2026, 2, 2, 11), berlin(2026, 2, 2, 12)))
    cal.add_missing_timezones(first_date=date(2025, 1, 1), last_date=date(2027, 1, 1))
    path = tmp_path / "c.ics"
    path.write_bytes(cal.to_ical())
    found, warnings = between([path], berlin(2026, 2, 1), berlin(2026, 2, 10))
    assert [m.title for m in found] == ["Kept"]
    assert warnings == []


# --- attendees ----------------------------------------------------------------------------


def test_attendee_names(tmp_path: Path) -> None:
    ev = event(
        "Planning",
        berlin(2026, 2, 2, 9),
        berlin(2026, 2, 2, 10),
        organizer=attendee("ana@x.org"),
        attendee=[
            attendee("ana@x.org", CN="Ana Lima", PARTSTAT="ACCEPTED"),
            attendee("raj.k@x.org"),
            attendee("Me@Example.org", CN="Me Myself"),
            attendee("room4@x.org", CN="Room 4", CUTYPE="ROOM"),
            attendee("bo@y.org", CN="Bo"),
            attendee("BO@y.org"),
        ],
    )
    path = write(tmp_path / "p.ics", ev)
    found, _ = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3), own=(ME,))
    assert found[0].attendees == ("Ana Lima", "raj.k", "Bo")
    found, _ = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert found[0].attendees == ("Ana Lima", "raj.k", "Me Myself", "Bo")


def test_organizer_who_is_the_user_is_left_out(tmp_path: Path) -> None:
    ev = event(
        "",
        berlin(2026, 2, 2, 9),
        berlin(2026, 2, 2, 10),
        uid="u1",
        organizer=attendee(ME, CN="Me"),
        attendee=[attendee("zoe@x.org", CN="Zoë")],
    )
    del ev["SUMMARY"]
    path = write(tmp_path / "p.ics", ev)
    found, _ = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3), own=("mailto:" + ME,))
    assert found[0].attendees == ("Zoë",)
    assert found[0].title == UNTITLED


# --- files and folders --------------------------------------------------------------------


def test_broken_file_is_reported_and_the_good_one_still_used(tmp_path: Path) -> None:
    good = weekly_sync(tmp_path)
    broken = tmp_path / "broken.ics"
    broken.write_text("this is not a calendar\n")
    empty = tmp_path / "empty.ics"
    empty.write_text("")
    found, warnings = between([broken, good, empty], berlin(2026, 1, 1), berlin(2026, 1, 9))
    assert [m.title for m in found] == ["Weekly sync", "Weekly sync"]
    assert len(warnings) == 2
    assert warnings[0].startswith(f"calendar {broken}: ")
    assert warnings[0].endswith("; skipped")
    assert warnings[1] == f"calendar {empty}: empty file; skipped"


def test_truncated_file_is_reported(tmp_path: Path) -> None:
    path = weekly_sync(tmp_path)
    path.write_bytes(path.read_bytes()[:200])
    found, warnings = between([path], berlin(2026, 1, 1), berlin(2026, 1, 7))
    assert found == []
    assert len(warnings) == 1
    assert warnings[0].startswith(f"calendar {path}: ")


def test_event_with_unreadable_time_is_reported_and_others_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.ics",
        event("Bad", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 10)),
        event("Good", berlin(2026, 2, 2, 11), berlin(2026, 2, 2, 12)),
    )
    text = path.read_bytes().replace(b"DTSTART;TZID=Europe/Berlin:20260202T090000", b"DTSTART:soon")
    path.write_bytes(text)
    found, warnings = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert [m.title for m in found] == ["Good"]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"calendar {path}: event 'Bad'")
    assert "DTSTART" in warnings[0]


def test_bad_recurrence_rule_is_reported_and_others_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.ics",
        event("Bad rule", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 10), rrule={"freq": "daily"}),
        event("Good", berlin(2026, 2, 2, 11), berlin(2026, 2, 2, 12)),
    )
    path.write_bytes(path.read_bytes().replace(b"RRULE:FREQ=DAILY", b"RRULE:FREQ=WEEKLY;BYDAY=XX"))
    found, warnings = between([path], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert [m.title for m in found] == ["Good"]
    assert len(warnings) == 1 and warnings[0].startswith(f"calendar {path}: ")


def test_folder_of_files_with_nesting(tmp_path: Path) -> None:
    root = tmp_path / "calendars"
    write(root / "work" / "a.ics", event("Work", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 10)))
    write(
        root / "home" / "deep" / "b.ICS",
        event("Home", berlin(2026, 2, 2, 18), berlin(2026, 2, 2, 19)),
    )
    write(root / ".hidden" / "c.ics", event("Hidden", berlin(2026, 2, 2, 8), berlin(2026, 2, 2, 9)))
    (root / "home" / "notes.txt").write_text("not a calendar")
    (root / "empty").mkdir()
    found, warnings = between([root], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert warnings == []
    assert [(m.title, Path(m.calendar).relative_to(root).as_posix()) for m in found] == [
        ("Work", "work/a.ics"),
        ("Home", "home/deep/b.ICS"),
    ]


def test_empty_folder_is_fine_and_missing_path_warns(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "nowhere"
    found, warnings = between([empty, missing], berlin(2026, 2, 2), berlin(2026, 2, 3))
    assert found == []
    assert warnings == [f"calendar {missing}: not found; skipped"]


def test_same_occurrence_from_two_paths_counts_once(tmp_path: Path) -> None:
    """A folder and a file in it, or one invitation in two calendars: listed once, first path."""
    path = weekly_sync(tmp_path / "cal")
    copy = tmp_path / "other" / "sync-copy.ics"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    found, _ = between([tmp_path / "cal", path, copy], berlin(2026, 1, 1), berlin(2026, 1, 9))
    assert [(m.occurrence, m.calendar) for m in found] == [
        ("2026-01-05T10:00:00+01:00", str(path)),
        ("2026-01-08T16:00:00+01:00", str(path)),
    ]


def test_unreadable_file_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = weekly_sync(tmp_path / "locked")
    good = write(
        tmp_path / "good.ics", event("Good", berlin(2026, 1, 5, 9), berlin(2026, 1, 5, 9, 30))
    )
    real_read = calendar_files.read_calendar_file

    def read_bytes(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(calendar_files, "read_calendar_file", read_bytes)
    found, warnings = between([locked, good], berlin(2026, 1, 1), berlin(2026, 1, 7))
    assert [m.title for m in found] == ["Good"]
    assert warnings == [f"calendar {locked}: cannot be read (permission denied); skipped"]
    with pytest.raises(CheckoutError, match=r"sync\.ics: cannot be read \(permission denied\)"):
        check_calendar_path(locked)


# --- the quick look before parsing --------------------------------------------------------


def test_far_away_one_off_files_are_not_parsed(tmp_path: Path) -> None:
    old = write(tmp_path / "old.ics", event("Old", berlin(2025, 5, 5, 9), berlin(2025, 5, 5, 10)))
    near = write(
        tmp_path / "near.ics", event("Near", berlin(2026, 2, 2, 9), berlin(2026, 2, 2, 10))
    )
    recurring = weekly_sync(tmp_path)
    start, end = berlin(2026, 2, 2), berlin(2026, 2, 3)
    assert not calendar_files._may_end_between(old.read_bytes(), start, end)
    assert calendar_files._may_end_between(near.read_bytes(), start, end)
    assert calendar_files._may_end_between(recurring.read_bytes(), start, end)
    # A long event that started long ago but ends in the window.
    long = write(
        tmp_path / "long.ics", event("Long", berlin(2026, 1, 1, 9), berlin(2026, 2, 2, 10))
    )
    assert calendar_files._may_end_between(long.read_bytes(), start, end)


def test_quick_look_reads_folded_lines_and_ignores_zone_rules(tmp_path: Path) -> None:
    # The generated VTIMEZONE holds RRULE/RDATE lines; they say nothing about the event.
    ny = write(
        tmp_path / "ny.ics",
        event(
            "NY",
            datetime(2025, 3, 2, 9, tzinfo=NEW_YORK),
            datetime(2025, 3, 2, 10, tzinfo=NEW_YORK),
        ),
    )
    assert b"RDATE" in ny.read_bytes()
    start, end = berlin(2026, 2, 2), berlin(2026, 2, 3)
    assert not calendar_files._may_end_between(ny.read_bytes(), start, end)
    folded = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:f\r\nDTSTART;TZID=Europe/Berlin:2026\r\n"
        b" 0202T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert calendar_files._may_end_between(folded, start, end)
    assert not calendar_files._may_end_between(folded, berlin(2027, 1, 1), berlin(2027, 1, 2))


def test_quick_look_changes_no_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weekly_sync(tmp_path)
    for day in (2, 5, 8):
        start = berlin(2026, 2, day, 23, 30)
        write(tmp_path / f"one-{day}.ics", event(f"One {day}", start, start + timedelta(hours=1)))
        write(tmp_path / f"float-{day}.ics", event(f"Float {day}", start.replace(tzinfo=None)))
    # Ends on 6 Feb in Tokyo, which is still 5 Feb here.
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 2, 6, 6, tzinfo=tokyo)
    write(tmp_path / "tokyo.ics", event("Tokyo", start, start + timedelta(minutes=30)))
    # Occurrences far from DTSTART: an extra date, and a long duration.
    write(
        tmp_path / "rdate.ics",
        event("Extra", berlin(2025, 6, 2, 9), berlin(2025, 6, 2, 10), rdate=berlin(2026, 2, 3, 9)),
    )
    write(tmp_path / "long.ics", event("Long", berlin(2026, 1, 10, 9), duration=timedelta(days=24)))
    windows = [(berlin(2026, 2, d), berlin(2026, 2, d + 1)) for d in range(1, 11)]
    windows.append((berlin(2026, 1, 1), berlin(2026, 3, 1)))
    quick = [between([tmp_path], s, e)[0] for s, e in windows]
    monkeypatch.setattr(calendar_files, "_may_end_between", lambda *_: True)
    slow = [between([tmp_path], s, e)[0] for s, e in windows]
    assert quick == slow
    assert [len(found) for found in quick] == [0, 2, 3, 0, 2, 1, 0, 1, 2, 0, 15]


# --- find_occurrence ----------------------------------------------------------------------


def _find(path: Path, uid: str, occurrence: str | None, around: datetime) -> Meeting | None:
    return find_occurrence([path], uid, occurrence, warn=pytest.fail, around=around)


def test_this_and_future_change_gives_each_occurrence_its_own_key(tmp_path: Path) -> None:
    series = event(
        "Review",
        berlin(2026, 2, 2, 9),
        berlin(2026, 2, 2, 10),
        rrule={"freq": "weekly", "count": 4},
        uid="review",
    )
    later = event(
        "Review (later)",
        berlin(2026, 2, 16, 15),
        berlin(2026, 2, 16, 16),
        recurrence_id=berlin(2026, 2, 16, 9),
        uid="review",
    )
    later["RECURRENCE-ID"].params["RANGE"] = "THISANDFUTURE"
    path = write(tmp_path / "r.ics", series, later)
    found, _ = between([path], berlin(2026, 2, 1), berlin(2026, 3, 1))
    assert [m.title for m in found] == ["Review"] * 2 + ["Review (later)"] * 2
    assert [datetime.fromisoformat(m.occurrence) for m in found] == [m.start for m in found]
    assert found[-1].start == berlin(2026, 2, 23, 15)


def test_find_occurrence_by_key(tmp_path: Path) -> None:
    path = weekly_sync(tmp_path)
    around = berlin(2026, 3, 1)
    found = _find(path, "sync", "2026-01-26T10:00:00+01:00", around)
    assert found is not None and found.start == berlin(2026, 1, 26, 10)
    # The same instant written in UTC, and without an offset (local time).
    assert _find(path, "sync", "2026-01-26T09:00:00+00:00", around) == found
    assert _find(path, "sync", "2026-01-26T10:00:00", around) == found
    # A moved occurrence: by the slot it came from, or by its new time.
    moved = _find(path, "sync", "2026-01-19T10:00:00+01:00", around)
    assert moved is not None and moved.start == berlin(2026, 1, 20, 14)
    assert _find(path, "sync", "2026-01-20T14:00:00+01:00", around) == moved
    # The dropped week and a time the series never had.
    assert _find(path, "sync", "2026-01-12T10:00:00+01:00", around) is None
    assert _find(path, "sync", "2026-01-26T10:30:00+01:00", around) is None
    assert _find(path, "other", "2026-01-26T10:00:00+01:00", around) is None


def test_find_occurrence_latest_ended(tmp_path: Path) -> None:
    path = weekly_sync(tmp_path)
    latest = _find(path, "sync", None, berlin(2026, 1, 21, 12))
    assert latest is not None and latest.occurrence == "2026-01-19T10:00:00+01:00"
    # Ending exactly at `around` counts as ended; one still running does not.
    latest = _find(path, "sync", None, berlin(2026, 1, 26, 11))
    assert latest is not None and latest.start == berlin(2026, 1, 26, 10)
    latest = _find(path, "sync", None, berlin(2026, 1, 26, 10, 59))
    assert latest is not None and latest.start == berlin(2026, 1, 20, 14)
    assert _find(path, "sync", None, berlin(2026, 1, 5, 10, 30)) is None
    # Outside the search span.
    assert (
        find_occurrence([path], "sync", None, warn=pytest.fail, around=berlin(2026, 6, 1)) is None
    )


def test_find_occurrence_rejects_a_bad_occurrence(tmp_path: Path) -> None:
    path = weekly_sync(tmp_path)
    with pytest.raises(UsageProblem, match="'last monday'"):
        _find(path, "sync", "last monday", berlin(2026, 3, 1))


# --- check_calendar_path ------------------------------------------------------------------


def test_check_calendar_path_accepts_files_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = weekly_sync(tmp_path / "cals")
    monkeypatch.chdir(tmp_path)
    assert check_calendar_path("cals/sync.ics") == path.resolve()
    assert check_calendar_path(Path("cals")) == (tmp_path / "cals").resolve()
    assert check_calendar_path("cals").is_absolute()


def test_check_calendar_path_errors(tmp_path: Path) -> None:
    with pytest.raises(CheckoutError, match=r"nowhere\.ics: no such file or folder"):
        check_calendar_path(tmp_path / "nowhere.ics")
    notes = tmp_path / "notes.txt"
    notes.write_text("BEGIN:VCALENDAR\n")
    with pytest.raises(CheckoutError, match=r"notes\.txt: not an \.ics file"):
        check_calendar_path(notes)
    broken = tmp_path / "broken.ics"
    broken.write_text("hello\n")
    with pytest.raises(CheckoutError, match=r"broken\.ics: not valid iCalendar"):
        check_calendar_path(broken)
    card = tmp_path / "card.ics"
    card.write_bytes(event("x", berlin(2026, 1, 1, 9)).to_ical())
    with pytest.raises(CheckoutError, match=r"card\.ics: .*VEVENT where VCALENDAR belongs"):
        check_calendar_path(card)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_check_calendar_path_unreadable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        with pytest.raises(CheckoutError, match="locked: cannot be read"):
            check_calendar_path(folder)
    finally:
        folder.chmod(0o700)


def test_headcount_and_whether_the_user_goes(tmp_path: Path) -> None:
    """For the report's hours: who is expected there, and whether the user said they go."""
    ana = attendee("ana@example.org", CN="Ana", PARTSTAT="ACCEPTED")
    lee = attendee("lee@example.org", CN="Lee", PARTSTAT="DECLINED")
    bo = attendee("bo@example.org", CN="Bo", PARTSTAT="TENTATIVE")
    room = attendee("room@example.org", CN="Room", CUTYPE="ROOM")

    def one(answer: str | None, *, organizer: bool = False) -> Any:
        params = {} if answer is None else {"PARTSTAT": answer}
        props: dict[str, Any] = {"attendee": [attendee(ME, **params), ana, lee, bo, room]}
        if organizer:
            props["organizer"] = attendee(ME)
        return props

    path = write(
        tmp_path / "people.ics",
        event("Mine", berlin(2026, 1, 5, 9), berlin(2026, 1, 5, 10), **one(None, organizer=True)),
        event("Accepted", berlin(2026, 1, 5, 10), berlin(2026, 1, 5, 11), **one("ACCEPTED")),
        event("Tentative", berlin(2026, 1, 5, 11), berlin(2026, 1, 5, 12), **one("TENTATIVE")),
        event("Unanswered", berlin(2026, 1, 5, 12), berlin(2026, 1, 5, 13), **one(None)),
        event("Alone", berlin(2026, 1, 5, 13), berlin(2026, 1, 5, 13, 45)),
    )
    found, warnings = between([path], berlin(2026, 1, 5), berlin(2026, 1, 6), own=(ME,))
    assert warnings == []
    assert {m.title: m.attending for m in found} == {
        "Mine": True,
        "Accepted": True,
        "Tentative": False,
        "Unanswered": False,
        "Alone": True,
    }
    # Me, Ana and Bo; Lee declined and the room is no one.
    assert {m.title: m.people for m in found}["Accepted"] == 3
    alone = next(m for m in found if m.title == "Alone")
    assert (alone.people, alone.minutes) == (1, 45.0)
    # Without the user's address there is no answer to read: every meeting is theirs.
    anyone, _ = between([path], berlin(2026, 1, 5), berlin(2026, 1, 6))
    assert all(m.attending for m in anyone)


def test_check_outs_exported_as_events_are_no_meetings(tmp_path: Path) -> None:
    """`export --format ics --events` imported into the calendar came back as meetings
    waiting for a check-out ("Check-out: Weekly sync")."""
    ours = event(
        "Check-out: Weekly sync",
        berlin(2026, 2, 2, 9),
        berlin(2026, 2, 2, 9, 30),
        uid="k3m9qzab@checkout",
    )
    path = write(tmp_path / "mixed.ics", ours, event("Weekly sync", berlin(2026, 2, 2, 9)))
    found, warnings = between([path], berlin(2026, 2, 1), berlin(2026, 2, 10))
    assert [m.title for m in found] == ["Weekly sync"] and warnings == []
