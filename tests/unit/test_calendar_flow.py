"""Which calendar meetings wait for a check-out: matching rules, the offer, --event, coverage."""

from __future__ import annotations

import builtins
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Event
from rich.console import Console

from checkout_cli.flows import calendar as calendar_flow
from checkout_cli.flows.calendar import (
    checked_out_events,
    coverage,
    offer_recent,
    resolve_event,
    split_event_spec,
    unchecked,
    waiting,
)
from checkout_cli.model.errors import CheckoutError, UsageProblem
from checkout_cli.model.periods import local_midnight, parse_moment
from checkout_cli.model.settings import Settings
from checkout_cli.store.calendars import Meeting
from tests.unit.test_calendar_files import STAMP, _set_tz, attendee, berlin, event, write

ME = "me@example.org"
# Tuesday 20 January 2026, half an hour after "Design review" ended.
NOW = berlin(2026, 1, 20, 17, 30)


@pytest.fixture(autouse=True)
def local_zone() -> Iterator[None]:
    """Pin the machine's zone: calendar times are shown and compared in local time."""
    import os

    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    yield
    _set_tz(before)


def work_calendar(folder: Path) -> Path:
    """A week of meetings around Tuesday 20 January 2026 (Berlin):

    - Weekly sync, Mondays 10:00-11:00 from 5 Jan, six times, with Ana and Raj: 12 Jan is
      dropped (EXDATE) and 19 Jan is moved to Tuesday 20 Jan 14:00-15:00;
    - Budget review 20 Jan 09:00 (cancelled), Vendor pitch 20 Jan 11:00 (declined by me),
      Offsite (all day 20 Jan): none of them is a meeting that waits;
    - Design review 20 Jan 16:00-17:00 with Ana.
    """
    me = attendee(ME, CN="Me")
    ana = attendee("ana@example.org", CN="Ana")
    raj = attendee("raj@example.org", CN="Raj")
    series = event(
        "Weekly sync",
        berlin(2026, 1, 5, 10),
        berlin(2026, 1, 5, 11),
        rrule={"freq": "weekly", "count": 6},
        exdate=berlin(2026, 1, 12, 10),
        organizer=me,
        attendee=[ana, raj, me],
        uid="sync@example.org",
    )
    moved = Event.new(
        summary="Weekly sync",
        uid="sync@example.org",
        recurrence_id=berlin(2026, 1, 19, 10),
        start=berlin(2026, 1, 20, 14),
        end=berlin(2026, 1, 20, 15),
        stamp=STAMP,
    )
    moved.add("organizer", me)
    for person in (ana, raj, me):
        moved.add("attendee", person)
    return write(
        folder / "work.ics",
        series,
        moved,
        event(
            "Budget review", berlin(2026, 1, 20, 9), berlin(2026, 1, 20, 9, 30), status="CANCELLED"
        ),
        event(
            "Vendor pitch",
            berlin(2026, 1, 20, 11),
            berlin(2026, 1, 20, 12),
            attendee=[attendee(ME, PARTSTAT="DECLINED"), attendee("sales@vendor.example")],
        ),
        event("Offsite", date(2026, 1, 20), date(2026, 1, 21)),
        event(
            "Design review",
            berlin(2026, 1, 20, 16),
            berlin(2026, 1, 20, 17),
            attendee=[ana, me],
            uid="design-1",
        ),
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(calendars=(str(work_calendar(tmp_path / "cal")),), email=(ME,))


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.jsonl"


def meeting(title: str, start: datetime, end: datetime, uid: str = "u1") -> Meeting:
    return Meeting(
        title=title,
        start=start,
        end=end,
        attendees=(),
        uid=uid,
        occurrence=start.isoformat(timespec="seconds"),
        calendar="cal.ics",
    )


def record(path: Path, title: str, at: datetime, event: dict[str, Any] | None = None) -> None:
    """Append a minimal entry, as the journal would hold it."""
    entry: dict[str, Any] = {
        "v": 1,
        "id": f"e{len(path.read_text().splitlines()) if path.exists() else 0}",
        "at": at.isoformat(timespec="seconds"),
        "recorded_at": at.isoformat(timespec="seconds"),
        "title": title,
        "answers": [],
    }
    if event is not None:
        entry["event"] = event
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


# --- matching rules -----------------------------------------------------------------------


def test_checked_out_events_reads_event_fields_as_instants() -> None:
    entries: list[dict[str, Any]] = [
        {"event": {"uid": "a", "occurrence": "2026-01-05T10:00:00+01:00", "calendar": "x"}},
        {"event": {"uid": "b", "occurrence": "2026-01-05T09:00:00+00:00"}},
        {"event": {"uid": "", "occurrence": "2026-01-05T10:00:00+01:00"}},
        {"event": {"uid": "c", "occurrence": "not a time"}},
        {"event": "sync"},
        {"event": {"uid": 5, "occurrence": "2026-01-05T10:00:00+01:00"}},
        {"title": "No event"},
    ]
    found = checked_out_events(entries)
    assert found == {
        ("a", datetime.fromisoformat("2026-01-05T09:00:00+00:00")),
        ("b", datetime.fromisoformat("2026-01-05T10:00:00+01:00")),
    }


def test_event_entry_covers_its_occurrence_whatever_the_offset() -> None:
    sync = meeting("Weekly sync", berlin(2026, 1, 5, 10), berlin(2026, 1, 5, 11), uid="s")
    later = meeting("Weekly sync", berlin(2026, 1, 26, 10), berlin(2026, 1, 26, 11), uid="s")
    entries = [
        {
            "title": "Weekly sync",
            "at": "2026-01-26T10:30:00+01:00",
            "event": {"uid": "s", "occurrence": "2026-01-05T09:00:00Z"},
        }
    ]
    # The event names 5 January; its `at` near 26 January does not count as a title match.
    assert unchecked([sync, later], entries) == [later]


def test_title_fallback_window_edges() -> None:
    sync = meeting("Weekly sync", berlin(2026, 1, 5, 10), berlin(2026, 1, 5, 11))

    def covered_at(at: datetime, title: str = "weekly   SYNC") -> bool:
        return unchecked([sync], [{"title": title, "at": at.isoformat()}]) == []

    assert covered_at(berlin(2026, 1, 5, 9, 45))
    assert not covered_at(berlin(2026, 1, 5, 9, 44))
    assert covered_at(berlin(2026, 1, 5, 13, 59))
    # A late check-out counts up to the end of the next working day (Monday -> Tuesday).
    assert covered_at(berlin(2026, 1, 5, 14, 0))
    assert covered_at(berlin(2026, 1, 6, 23, 59))
    assert not covered_at(berlin(2026, 1, 7, 0, 0))
    assert not covered_at(berlin(2026, 1, 5, 11), title="Weekly sync notes")
    # A Friday meeting's next working day is Monday.
    friday = meeting("Weekly sync", berlin(2026, 1, 9, 16), berlin(2026, 1, 9, 17))
    assert unchecked([friday], [{"title": "Weekly sync", "at": "2026-01-12T23:59:00+01:00"}]) == []
    assert unchecked([friday], [{"title": "Weekly sync", "at": "2026-01-13T00:00:00+01:00"}]) == [
        friday
    ]


def test_one_title_entry_covers_one_meeting_the_nearest() -> None:
    first = meeting("Interview", berlin(2026, 1, 5, 10), berlin(2026, 1, 5, 11), uid="a")
    second = meeting("Interview", berlin(2026, 1, 5, 13), berlin(2026, 1, 5, 14), uid="b")
    late = [{"title": "Interview", "at": berlin(2026, 1, 5, 13, 50).isoformat()}]
    assert unchecked([first, second], late) == [first]
    both = [*late, {"title": "Interview", "at": berlin(2026, 1, 5, 11, 5).isoformat()}]
    assert unchecked([first, second], both) == []


def test_odd_entries_do_not_crash_the_matching() -> None:
    sync = meeting("Weekly sync", berlin(2026, 1, 5, 10), berlin(2026, 1, 5, 11))
    odd: list[dict[str, Any]] = [
        {},
        {"title": None, "at": "2026-01-05T10:30:00+01:00"},
        {"title": "Weekly sync", "at": 5},
        {"title": "Weekly sync", "at": "yesterday"},
        {"title": ["Weekly sync"], "at": "2026-01-05T10:30:00+01:00"},
    ]
    assert unchecked([sync], odd) == [sync]
    # A naive `at` is read as local time.
    assert unchecked([sync], [{"title": "Weekly sync", "at": "2026-01-05T11:30:00"}]) == []


# --- waiting ------------------------------------------------------------------------------


def test_waiting_leaves_out_exdate_cancelled_declined_and_all_day(
    settings: Settings, journal_path: Path
) -> None:
    found = waiting(settings, NOW, journal_path, since=berlin(2026, 1, 5))
    assert [(m.title, m.start) for m in found] == [
        ("Weekly sync", berlin(2026, 1, 5, 10)),
        ("Weekly sync", berlin(2026, 1, 20, 14)),
        ("Design review", berlin(2026, 1, 20, 16)),
    ]
    moved = found[1]
    assert moved.occurrence == "2026-01-19T10:00:00+01:00"
    assert moved.attendees == ("Ana", "Raj")


def test_waiting_until_and_now_bound_the_window(settings: Settings, journal_path: Path) -> None:
    since = berlin(2026, 1, 5)
    early = waiting(settings, NOW, journal_path, since=since, until=berlin(2026, 1, 20, 15))
    assert [m.start for m in early] == [berlin(2026, 1, 5, 10)]
    # A meeting still going on (or in the future) is not waiting, whatever `until` says.
    mid_meeting = berlin(2026, 1, 20, 16, 30)
    found = waiting(settings, mid_meeting, journal_path, since=since, until=berlin(2026, 2, 1))
    assert [m.title for m in found][-1] == "Weekly sync"


def test_waiting_reads_only_the_recent_journal(
    settings: Settings, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checkout_cli.store import journal

    asked: list[datetime | None] = []

    def read(self: Any, since: datetime | None = None, **_: Any) -> Any:
        if since is None:
            raise AssertionError("the whole journal was read")
        asked.append(since)
        return iter([])

    monkeypatch.setattr(journal.Journal, "read", read)
    waiting(settings, NOW, journal_path, since=berlin(2026, 1, 20))
    assert asked == [berlin(2026, 1, 19)]


def test_waiting_without_calendars_is_empty(journal_path: Path) -> None:
    assert waiting(Settings(), NOW, journal_path, since=berlin(2026, 1, 1)) == []


def test_unreadable_calendar_warns_on_stderr(
    settings: Settings, journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nthis is not")
    settings = settings.updated(calendars=[*settings.calendars, str(broken)])
    found = waiting(settings, NOW, journal_path, since=berlin(2026, 1, 20))
    assert [m.title for m in found] == ["Weekly sync", "Design review"]
    err = capsys.readouterr().err
    assert "warning" in err and str(broken) in err


# --- coverage -----------------------------------------------------------------------------


def test_coverage_counts_the_period(settings: Settings, journal_path: Path) -> None:
    record(
        journal_path,
        "Weekly sync",
        berlin(2026, 1, 5, 10),
        {"uid": "sync@example.org", "occurrence": "2026-01-05T10:00:00+01:00", "calendar": "x"},
    )
    record(journal_path, "Design Review", berlin(2026, 1, 20, 17, 5))
    start, end = berlin(2026, 1, 5), berlin(2026, 1, 26)
    found = coverage(settings, journal_path, start, end, NOW)
    assert found is not None
    assert (found["total"], found["checked_out"]) == (3, 2)
    [missed] = found["missed"]
    assert missed == {
        "title": "Weekly sync",
        "start": "2026-01-20T14:00:00+01:00",
        "end": "2026-01-20T15:00:00+01:00",
        "attendees": ["Ana", "Raj"],
        "uid": "sync@example.org",
    }
    # The 26 January occurrence is inside a longer period but has not happened by NOW.
    longer = coverage(settings, journal_path, start, berlin(2026, 2, 1), NOW)
    assert longer is not None and longer["total"] == 3
    later = coverage(settings, journal_path, start, berlin(2026, 2, 1), berlin(2026, 1, 31))
    assert later is not None and (later["total"], later["checked_out"]) == (4, 2)


def test_coverage_none_without_calendars_or_start(settings: Settings, journal_path: Path) -> None:
    assert coverage(Settings(), journal_path, berlin(2026, 1, 5), None, NOW) is None
    assert coverage(settings, journal_path, None, berlin(2026, 1, 26), NOW) is None
    empty = coverage(settings, journal_path, berlin(2026, 1, 21), None, NOW)
    assert empty == {"total": 0, "checked_out": 0, "missed": []}


# --- --event ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("latest", ("latest", None)),
        ("sync", ("sync", None)),
        ("abc@google.com", ("abc@google.com", None)),
        (
            "abc@google.com@2026-01-05T10:00:00+01:00",
            ("abc@google.com", "2026-01-05T10:00:00+01:00"),
        ),
        ("sync@2026-01-05", ("sync", "2026-01-05")),
        ("@2026-01-05", ("@2026-01-05", None)),
    ],
)
def test_split_event_spec(spec: str, expected: tuple[str, str | None]) -> None:
    assert split_event_spec(spec) == expected


def test_resolve_latest_is_the_last_waiting_meeting(settings: Settings, journal_path: Path) -> None:
    assert resolve_event("latest", settings, NOW, journal_path).title == "Design review"
    record(journal_path, "Design review", NOW)
    found = resolve_event("latest", settings, NOW, journal_path)
    assert (found.title, found.start) == ("Weekly sync", berlin(2026, 1, 20, 14))
    with pytest.raises(CheckoutError, match="12 hours"):
        resolve_event("latest", settings, berlin(2026, 1, 22, 9), journal_path)


def test_resolve_uid_with_and_without_start(settings: Settings, journal_path: Path) -> None:
    moved = resolve_event("sync@example.org@2026-01-19T10:00:00+01:00", settings, NOW, journal_path)
    assert moved.start == berlin(2026, 1, 20, 14)
    # The same occurrence by its new start, in another offset.
    again = resolve_event("sync@example.org@2026-01-20T13:00:00Z", settings, NOW, journal_path)
    assert again == moved
    # Without a start: the latest occurrence that has ended.
    assert resolve_event("sync@example.org", settings, NOW, journal_path) == moved
    old = resolve_event("sync@example.org@2026-01-05T10:00:00+01:00", settings, NOW, journal_path)
    assert old.start == berlin(2026, 1, 5, 10)


def test_resolve_errors(settings: Settings, journal_path: Path) -> None:
    with pytest.raises(CheckoutError, match=r"'nope'.*checkout pending"):
        resolve_event("nope", settings, NOW, journal_path)
    with pytest.raises(CheckoutError, match="'design-1' at 2026-01-20T09:00"):
        resolve_event("design-1@2026-01-20T09:00", settings, NOW, journal_path)
    with pytest.raises(UsageProblem, match="ISO"):
        resolve_event("design-1@2026-13-45T10:00", settings, NOW, journal_path)
    with pytest.raises(CheckoutError, match="checkout calendar add"):
        resolve_event("latest", Settings(), NOW, journal_path)


# --- --since ------------------------------------------------------------------------------


def test_since_moment() -> None:
    """`pending --since`: the CLI parses it with parse_moment (default: today's midnight)."""
    assert local_midnight(NOW.astimezone().date()) == berlin(2026, 1, 20)
    assert parse_moment("yesterday", NOW) == berlin(2026, 1, 19)
    assert parse_moment("2026-01-05", NOW) == berlin(2026, 1, 5)
    assert parse_moment("monday", NOW) == berlin(2026, 1, 19)
    assert parse_moment("2026-01-19T09:30", NOW) == berlin(2026, 1, 19, 9, 30)
    assert parse_moment("yesterday 9:30", NOW) == berlin(2026, 1, 19, 9, 30)
    with pytest.raises(CheckoutError, match="'soon' is not a time"):
        parse_moment("soon", NOW)
    with pytest.raises(UsageProblem, match="future"):
        parse_moment("tomorrow", NOW)
    with pytest.raises(CheckoutError, match=r"'2026-01-21T09:00' is in the future"):
        parse_moment("2026-01-21T09:00", NOW)


# --- the offer when no title is given -----------------------------------------------------


def offer(
    settings: Settings,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: list[str | BaseException],
    now: datetime = NOW,
) -> tuple[Any, str]:
    replies = iter(typed)

    def fake_input(prompt: str = "") -> str:
        reply = next(replies)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    monkeypatch.setattr(builtins, "input", fake_input)
    out = io.StringIO()
    console = Console(file=out, width=120, color_system=None)
    chosen = offer_recent(console, settings, now, journal_path)
    return chosen, out.getvalue()


def test_offer_lists_most_recent_first_and_enter_takes_it(
    settings: Settings, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen, shown = offer(settings, journal_path, monkeypatch, [""])
    lines = [line.strip() for line in shown.splitlines()]
    assert lines[1] == "1. Design review  16:00–17:00  with Ana"
    assert lines[2] == "2. Weekly sync  14:00–15:00  with Ana, Raj"
    assert "Which meeting? [Enter = 1, a number, or type a new title]" in shown
    assert chosen == (
        "Design review",
        ["Ana"],
        berlin(2026, 1, 20, 16),
        {
            "uid": "design-1",
            "occurrence": "2026-01-20T16:00:00+01:00",
            "calendar": settings.calendars[0],
        },
    )


def test_offer_number_out_of_range_asks_again(
    settings: Settings, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen, shown = offer(settings, journal_path, monkeypatch, ["3", "0", "2"])
    assert shown.count("type a number from 1 to 2") == 2
    assert chosen is not None
    title, people, at, event = chosen
    assert (title, people, at) == ("Weekly sync", ["Ana", "Raj"], berlin(2026, 1, 20, 14))
    assert event["occurrence"] == "2026-01-19T10:00:00+01:00"


def test_offer_other_text_is_a_new_title(
    settings: Settings, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen, _ = offer(settings, journal_path, monkeypatch, ["  Hallway chat  "])
    assert chosen == ("Hallway chat", [], NOW, None)


def test_offer_nothing_waiting(
    settings: Settings, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The day's meetings are offered, not only the last three hours'; not the day before's.
    chosen, shown = offer(settings, journal_path, monkeypatch, ["1"], now=berlin(2026, 1, 20, 21))
    assert chosen is not None and chosen[0] == "Design review"
    chosen, shown = offer(settings, journal_path, monkeypatch, [], now=berlin(2026, 1, 22, 9))
    assert chosen is None and shown == ""
    record(journal_path, "Design review", NOW)
    record(
        journal_path,
        "Weekly sync",
        berlin(2026, 1, 20, 14),
        {"uid": "sync@example.org", "occurrence": "2026-01-19T10:00:00+01:00", "calendar": "x"},
    )
    chosen, shown = offer(settings, journal_path, monkeypatch, [])
    assert chosen is None and shown == ""


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_offer_lets_ctrl_c_and_eof_through(
    settings: Settings,
    journal_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stop: type[BaseException],
) -> None:
    with pytest.raises(stop):
        offer(settings, journal_path, monkeypatch, [stop()])


def test_offer_shows_user_text_as_typed(
    tmp_path: Path, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        tmp_path / "odd.ics",
        event("[red]Sync[/red]\x1b[2J", NOW - timedelta(hours=1), NOW - timedelta(minutes=5)),
    )
    chosen, shown = offer(Settings(calendars=(str(path),)), journal_path, monkeypatch, ["1"])
    assert "[red]Sync[/red]" in shown and "\x1b" not in shown
    assert chosen is not None


@given(st.text(max_size=12), st.text(max_size=12))
def test_title_key_agrees_with_same_meeting(a: str, b: str) -> None:
    from checkout_cli.model.answers import same_meeting

    assert (calendar_flow._fold(a) == calendar_flow._fold(b)) == same_meeting(a, b)


def test_matching_many_meetings_stays_quick() -> None:
    import time

    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    meetings = [
        meeting(
            f"Meeting {n % 50}",
            start + timedelta(hours=n),
            start + timedelta(hours=n, minutes=30),
            uid=f"u{n}",
        )
        for n in range(3000)
    ]
    entries = [{"title": m.title, "at": m.end.isoformat()} for m in meetings[::2]]
    began = time.perf_counter()
    left = unchecked(meetings, entries)
    assert len(left) == 1500
    assert time.perf_counter() - began < 2
