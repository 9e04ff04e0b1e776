"""Time and worth in `report` and `export`, from a real .ics file or from `--minutes`; and
late check-outs, which count for their meeting once and are never also listed as missed."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from checkout_cli.report.exporters import schema
from tests.unit.test_calendar_files import _set_tz

Cli = Callable[..., Result]
ME = "sam@example.com"
# Friday 20 November 2026, 17:00 in Berlin: the end of week 2026-W47.
NOW = "2026-11-20T17:00:00+01:00"

# As Google Calendar exports it: a weekly sync (Ana organizes; Lee declined; a room), a
# weekly 1:1 the user organizes, a customer call one evening, an all-hands the user never
# answered, and a Friday demo.
CALENDAR = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261102T100000
DTEND;TZID=Europe/Berlin:20261102T110000
RRULE:FREQ=WEEKLY;BYDAY=MO
DTSTAMP:20261101T000000Z
ORGANIZER;CN=Ana Lima:mailto:ana@example.com
UID:weekly-sync-123@google.com
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Ana Lima:mailto:ana@example.com
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Raj:mailto:raj@example.com
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=DECLINED;CN=Lee:mailto:lee@example.com
ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Sam:mailto:sam@example.com
ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED;CN=Room 4:mailto:room4@resource.example.com
SUMMARY:Weekly sync
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261105T150000
DTEND;TZID=Europe/Berlin:20261105T153000
RRULE:FREQ=WEEKLY;BYDAY=TH
DTSTAMP:20261101T000000Z
ORGANIZER;CN=Sam:mailto:sam@example.com
UID:one-on-one-raj@google.com
ATTENDEE;PARTSTAT=ACCEPTED;CN=Raj:mailto:raj@example.com
ATTENDEE;PARTSTAT=ACCEPTED;CN=Sam:mailto:sam@example.com
SUMMARY:1:1 Raj
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261118T180000
DTEND;TZID=Europe/Berlin:20261118T190000
DTSTAMP:20261101T000000Z
UID:customer-acme@google.com
ORGANIZER;CN=Kim:mailto:kim@acme.example
ATTENDEE;PARTSTAT=ACCEPTED;CN=Kim:mailto:kim@acme.example
ATTENDEE;PARTSTAT=ACCEPTED;CN=Jo:mailto:jo@acme.example
ATTENDEE;PARTSTAT=ACCEPTED;CN=Sam:mailto:sam@example.com
SUMMARY:ACME call
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261117T130000
DTEND;TZID=Europe/Berlin:20261117T140000
DTSTAMP:20261101T000000Z
UID:allhands@google.com
ORGANIZER;CN=CEO:mailto:ceo@example.com
ATTENDEE;PARTSTAT=NEEDS-ACTION;CN=Sam:mailto:sam@example.com
SUMMARY:All hands
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261113T160000
DTEND;TZID=Europe/Berlin:20261113T170000
DTSTAMP:20261101T000000Z
UID:demo-13@google.com
ORGANIZER;CN=Sam:mailto:sam@example.com
SUMMARY:Demo
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Berlin:20261123T190000
DTEND;TZID=Europe/Berlin:20261123T200000
DTSTAMP:20261101T000000Z
UID:ops-23@google.com
ORGANIZER;CN=Sam:mailto:sam@example.com
SUMMARY:Ops review
END:VEVENT
END:VCALENDAR
"""
SYNC = "weekly-sync-123@google.com"


def google_calendar(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CALENDAR.replace("\n", "\r\n"), encoding="utf-8", newline="")
    return path


@pytest.fixture(autouse=True)
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    yield
    _set_tz(before)


@pytest.fixture
def with_calendar(cli: Cli, tmp_path: Path) -> Path:
    calendar = google_calendar(tmp_path / "cal" / "work.ics")
    assert cli("config", "set", "email", ME).exit_code == 0
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    return calendar


def check_out(cli: Cli, when: str, *args: str, worth: int | None = None) -> dict[str, Any]:
    """A scripted check-out made at `when` (the tool's clock)."""
    answers = ["-A", "goals=yes", "-A", "next=none"]
    if worth is not None:
        answers += ["-A", f"worth={worth}"]
    if "customer-call" in args:
        answers += ["-A", "customer=Pricing"]
    result = cli("meeting", *args, "--no-input", *answers, "--json", env={"CHECKOUT_NOW": when})
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def report_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("report", "--week", "2026-W47", "--json", *args)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def a_week(cli: Cli) -> dict[str, dict[str, Any]]:
    """Week 46's sync (worth 2) and week 47: the sync checked out by title the next
    morning (worth 1), the 1:1 by its event (worth 4), the customer call the next morning
    with its own length (worth 4), and a hallway chat of 20 minutes (worth 2)."""
    return {
        "sync46": check_out(cli, "2026-11-09T11:05:00+01:00", "--event", "latest", worth=2),
        "sync47": check_out(cli, "2026-11-17T09:10:00+01:00", "Weekly sync", worth=1),
        "one": check_out(
            cli, "2026-11-19T15:35:00+01:00", "--event", "latest", "--set", "one-on-one", worth=4
        ),
        "acme": check_out(
            cli,
            "2026-11-19T09:00:00+01:00",
            "ACME call",
            "--minutes",
            "75",
            "--set",
            "customer-call",
            worth=4,
        ),
        "chat": check_out(
            cli,
            "2026-11-20T12:00:00+01:00",
            "Hallway chat",
            "--minutes",
            "20",
            "--with",
            "Bo",
            worth=2,
        ),
    }


# --- from the calendar --------------------------------------------------------------------


def test_report_json_gives_hours_attendee_hours_and_hours_not_worth(
    cli: Cli, with_calendar: Path
) -> None:
    made = a_week(cli)
    found = report_json(cli)
    time = found["time"]
    # Sync 1 h with Ana, Raj and me (Lee declined, the room is no one); the 1:1 0.5 h for
    # two; the call 75 min (as given) for three; the chat 20 min for two. The all-hands was
    # never answered nor checked out: no hours.
    assert time["source"] == "calendar"
    assert time["hours"] == round(1 + 0.5 + 1.25 + 20 / 60, 2)
    assert time["attendee_hours"] == round(3 + 1 + 3.75 + 40 / 60, 2)
    # Worth 1 and 2 are not worth it on 1-5: the sync and the chat.
    assert time["hours_not_worth"] == round(1 + 20 / 60, 2)
    assert time["previous_hours_not_worth"] == 1.0  # last week's sync, worth 2
    # Last week: the sync, and the 1:1 and Friday's demo, which nobody checked out of.
    assert time["previous_hours"] == 1.0 + 0.5 + 1.0
    assert time["untimed"] == 0
    assert time["lengths"] == {made["sync47"]["id"]: 60, made["one"]["id"]: 30}
    rows = {row["title"]: row for row in found["meetings"]}
    assert (rows["Weekly sync"]["hours"], rows["Weekly sync"]["hours_not_worth"]) == (1.0, 1.0)
    assert (rows["ACME call"]["hours"], rows["ACME call"]["hours_not_worth"]) == (1.25, 0.0)
    series = {row["title"]: row for row in time["series"]}
    assert series["Weekly sync"]["previous_hours_not_worth"] == 1.0
    assert time["series"][0]["title"] == "ACME call"  # most hours first
    # The late check-outs count for their meetings, and nothing is missed twice.
    calendar = found["calendar"]
    assert (calendar["total"], calendar["checked_out"]) == (4, 3)
    assert [m["title"] for m in calendar["missed"]] == ["All hands"]
    only_time = {"$defs": schema()["$defs"], "$ref": "#/$defs/time"}
    jsonschema.Draft202012Validator(only_time).validate(time)


def test_a_filter_keeps_to_its_meetings(cli: Cli, with_calendar: Path) -> None:
    a_week(cli)
    time = report_json(cli, "--title", "sync")["time"]
    assert [row["title"] for row in time["series"]] == ["Weekly sync"]
    assert (time["hours"], time["hours_not_worth"]) == (1.0, 1.0)
    tagged = report_json(cli, "--set", "customer-call")["time"]
    assert [row["title"] for row in tagged["series"]] == ["ACME call"]


def test_the_terminal_report_shows_the_time_section(cli: Cli, with_calendar: Path) -> None:
    a_week(cli)
    result = cli("report", "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Time in meetings  3.08 h · 8.42 attendee-hours" in out
    assert "Not worth it      1.33 h (was 1.0 h ▲) · of 3.08 h rated" in out
    table = out[out.index("Time per meeting") :]
    row = next(line for line in table.splitlines() if "Weekly sync" in line)
    assert row.split() == ["Weekly", "sync", "1", "1.00", "3.00", "1.00", "1.00"]
    assert "No meeting lengths" not in out


def test_late_check_outs_count_once_up_to_the_end_of_the_next_working_day(
    cli: Cli, with_calendar: Path
) -> None:
    def missed(week: str) -> list[str]:
        result = cli("report", "--week", week, "--json", env={"CHECKOUT_NOW": NOW})
        return [m["start"][:10] for m in json.loads(result.stdout)["calendar"]["missed"]]

    assert "2026-11-13" in missed("2026-W46")
    # Friday's demo checked out on Monday evening counts for Friday: Monday is the next
    # working day.
    check_out(cli, "2026-11-16T21:00:00+01:00", "demo")
    assert "2026-11-13" not in missed("2026-W46")
    # Monday 16's sync checked out on Wednesday is too late to be Monday's.
    check_out(cli, "2026-11-18T08:00:00+01:00", "Weekly sync")
    assert "2026-11-16" in missed("2026-W47")
    check_out(cli, "2026-11-17T23:30:00+01:00", "weekly sync")
    assert "2026-11-16" not in missed("2026-W47")


# --- without a calendar -------------------------------------------------------------------


def test_minutes_given_at_check_out_make_the_hours(cli: Cli, journal_file: Path) -> None:
    saved = check_out(cli, "2026-11-16T11:00:00+01:00", "Sync", "--minutes", "45", worth=2)
    assert saved["minutes"] == 45
    assert json.loads(journal_file.read_text().splitlines()[0])["minutes"] == 45
    check_out(cli, "2026-11-17T11:00:00+01:00", "Planning", worth=5)
    time = report_json(cli)["time"]
    assert time["source"] == "minutes"
    assert (time["hours"], time["hours_not_worth"], time["untimed"]) == (0.75, 0.75, 1)
    assert time["previous_hours_not_worth"] == 0.0
    out = cli("report", "--week", "2026-W47").stdout
    assert "Time in meetings  0.75 h" in out and "1 check-out without a meeting length" in out


def test_without_any_length_the_section_is_one_line(cli: Cli) -> None:
    check_out(cli, "2026-11-16T11:00:00+01:00", "Sync", worth=2)
    assert "time" not in report_json(cli)
    reason = "No meeting lengths: add a calendar or give --minutes at check-out."
    assert reason in cli("report", "--week", "2026-W47").stdout
    markdown = cli("export", "--week", "2026-W47").stdout
    assert reason in markdown and "## Time" not in markdown
    assert reason in cli("export", "--week", "2026-W47", "-f", "html").stdout
    # An empty period says nothing about lengths.
    assert reason not in cli("report", "--week", "2026-W40").stdout


def test_a_bad_length_is_a_usage_error_naming_the_flag(cli: Cli, journal_file: Path) -> None:
    for bad in ("0", "90m", "3000"):
        result = cli("meeting", "Sync", "--minutes", bad, "--no-input", "-A", "goals=yes")
        assert result.exit_code == 2
        assert "--minutes" in result.stderr and "whole minutes from 1 to 1440" in result.stderr
    assert not journal_file.exists()


# --- exports ------------------------------------------------------------------------------


def test_every_export_gives_the_time(cli: Cli, with_calendar: Path) -> None:
    made = a_week(cli)
    week = ("export", "--week", "2026-W47")
    markdown = cli(*week, "--include-private").stdout
    section = markdown[markdown.index("## Time") :]
    assert "- In meetings: 3.08 h (8.42 attendee-hours)" in section
    assert "- Not worth it: 1.33 h of 3.08 h rated (was 1.0 h)" in section
    assert "| Weekly sync | 1 | 1.00 | 3.00 | 1.00 | 1.00 |" in section
    text = cli(*week, "-f", "text").stdout  # shared: without the one-on-one's half hour
    section = text[text.index("Time\n----") :]
    assert "In meetings: 2.58 h (7.42 attendee-hours)" in section
    assert "- Weekly sync: 1.00 h in 1 meeting, 1.00 h not worth it" in section
    page = cli(*week, "-f", "html").stdout
    assert "<h2>Time</h2>" in page and "<td>Hallway chat</td><td class='num'>1</td>" in page
    # With the one-on-one, which a shared export leaves out.
    sheet = cli(*week, "-f", "csv", "--include-private").stdout
    rows = list(csv.DictReader(io.StringIO(sheet, newline="")))
    assert {row["id"]: row["minutes"] for row in rows} == {
        made["sync47"]["id"]: "60",
        made["one"]["id"]: "30",
        made["acme"]["id"]: "75",
        made["chat"]["id"]: "20",
    }
    document = json.loads(cli(*week, "-f", "json").stdout)
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert document["summary"]["time"]["hours_not_worth"] == 1.33


def test_a_shared_export_leaves_out_the_meetings_of_private_check_outs(
    cli: Cli, with_calendar: Path
) -> None:
    """The 1:1 checked out in the private one-on-one set is neither counted, nor listed,
    nor in the hours of an export to share: its title and length stay yours."""
    a_week(cli)
    week = ("export", "--week", "2026-W47")
    shared = cli(*week)
    assert shared.exit_code == 0, shared.output
    assert "1:1 Raj" not in shared.stdout
    section = shared.stdout[shared.stdout.index("## Time") :]
    assert "- In meetings: 2.58 h (7.42 attendee-hours)" in section
    assert "Checked out 2 of 3 meetings." in shared.stdout
    page = cli(*week, "-f", "html").stdout
    assert "1:1 Raj" not in page
    document = json.loads(cli(*week, "-f", "json").stdout)["summary"]
    titles = [row["title"] for row in document["time"]["series"]]
    assert titles == ["ACME call", "Weekly sync", "Hallway chat"]
    assert document["calendar"]["total"] == 3 and document["time"]["hours"] == 2.58
    kept = cli(*week, "--include-private").stdout
    assert "| 1:1 Raj | 1 | 0.50 |" in kept and "Checked out 3 of 4 meetings." in kept
    # Your own report in the terminal keeps it.
    assert report_json(cli)["time"]["hours"] == 3.08


def test_merged_journals_take_their_lengths_from_minutes(
    cli: Cli, with_calendar: Path, journal_file: Path, tmp_path: Path
) -> None:
    check_out(cli, "2026-11-17T09:10:00+01:00", "Weekly sync", "--minutes", "50", worth=1)
    team = tmp_path / "team.jsonl"
    result = cli(
        "meeting", "Weekly sync", "--journal", str(team), "--minutes", "40", "--no-input",
        "-A", "goals=yes", "-A", "next=none", "-A", "worth=5",
        env={"CHECKOUT_NOW": "2026-11-17T09:20:00+01:00"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    both = report_json(cli, "--journal", str(journal_file), "--journal", str(team))
    assert "calendar" not in both
    time = both["time"]
    assert (time["source"], time["hours"], time["hours_not_worth"]) == ("minutes", 1.5, 0.83)
    assert time["series"][0]["count"] == 2
