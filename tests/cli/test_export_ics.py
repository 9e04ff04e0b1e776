"""`checkout export --format ics`: your own to-dos by default, each with a reminder at
the configured time on its due day, events only with --events; read back with
icalendar, with vobject, and with a strict line reader of RFC 5545's rules."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar
from typer.testing import Result

Cli = Callable[..., Result]
NOW = {"CHECKOUT_NOW": "2026-11-20T17:00:00+01:00"}
# Longer than a content line, with characters of 2 and 3 octets: folding must not split them.
ANA_STEP = "Book the room, then; tell everyone about the Zürich–Köln–Malmö offsite (€ 1 200)"


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is Europe/Berlin (UTC+1 in winter), so reminders have a known UTC time."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def steps(cli: Cli) -> None:
    """Steps of mine (`@me` and my name), Ana's, and one without an owner."""
    assert cli("config", "set", "name", "Sam").exit_code == 0
    result = cli(
        "meeting",
        "Weekly sync",
        "--no-input",
        "-A",
        "goals=yes",
        "-A",
        "next=Write the release notes @me due:2099-12-01",
        "-A",
        f"next={ANA_STEP} @Ana due:2099-12-02",
        "-A",
        "next=Review the budget @Sam due:2099-12-03",
        "-A",
        "next=Think about the offsite due:2099-12-04",
        "-A",
        "worth=4",
        env=NOW,
    )
    assert result.exit_code == 0, result.output


def ics(cli: Cli, tmp_path: Path, *args: str) -> tuple[str, str]:
    """The file written and what was said on stderr."""
    target = tmp_path / "todo.ics"
    result = cli("export", "-o", str(target), *args, env=NOW)
    assert result.exit_code == 0, result.output
    return target.read_bytes().decode("utf-8"), result.stderr


def summaries(text: str) -> list[str]:
    return [str(t["SUMMARY"]) for t in Calendar.from_ical(text).walk("VTODO")]


def test_by_default_only_my_to_dos_with_a_note_of_the_others(
    cli: Cli, tmp_path: Path, steps: None
) -> None:
    text, said = ics(cli, tmp_path)
    assert summaries(text) == ["Write the release notes", "Review the budget"]
    assert "Left out 2 to-dos of other people" in said and "--owner all" in said
    assert not Calendar.from_ical(text).walk("VEVENT")


def test_owner_picks_someone_else_or_everyone(cli: Cli, tmp_path: Path, steps: None) -> None:
    assert summaries(ics(cli, tmp_path, "--owner", "ana")[0]) == [ANA_STEP]
    assert summaries(ics(cli, tmp_path, "--owner", "@me")[0]) == [
        "Write the release notes",
        "Review the budget",
    ]
    text, said = ics(cli, tmp_path, "--owner", "all")
    assert len(summaries(text)) == 4 and said == ""


def test_each_to_do_rings_at_the_reminder_time_on_its_due_day(
    cli: Cli, tmp_path: Path, steps: None
) -> None:
    text, _ = ics(cli, tmp_path)
    for todo, due in zip(Calendar.from_ical(text).walk("VTODO"), (1, 3), strict=True):
        assert todo.decoded("DUE") == date(2099, 12, due)
        (alarm,) = todo.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"]) == str(todo["SUMMARY"])
        assert alarm.decoded("TRIGGER") == datetime(2099, 12, due, 8, 0, tzinfo=UTC)  # 09:00
    assert cli("config", "set", "reminder", "7:45").exit_code == 0
    shown = cli("config", "show").stdout
    assert 'reminder = "07:45"' in shown
    text, _ = ics(cli, tmp_path)
    first = Calendar.from_ical(text).walk("VTODO")[0]
    assert first.walk("VALARM")[0].decoded("TRIGGER") == datetime(2099, 12, 1, 6, 45, tzinfo=UTC)


def test_a_bad_reminder_is_refused_when_set_and_when_read(
    cli: Cli, checkout_home: Path, tmp_path: Path
) -> None:
    bad = cli("config", "set", "reminder", "25:00")
    assert bad.exit_code != 0 and "reminder" in bad.output and "08:30" in bad.output
    checkout_home.mkdir(parents=True, exist_ok=True)
    (checkout_home / "config.toml").write_text('reminder = "soon"\n', encoding="utf-8")
    broken = cli("export", "-f", "ics", env=NOW)
    assert broken.exit_code != 0 and "reminder must be a time of day" in broken.output
    assert "Traceback" not in broken.output


def test_events_only_when_asked(cli: Cli, tmp_path: Path, steps: None) -> None:
    text, _ = ics(cli, tmp_path, "--events")
    (event,) = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Check-out: Weekly sync"
    wrong = cli("export", "-f", "md", "--events", env=NOW)
    assert wrong.exit_code != 0 and "--events" in wrong.output
    wrong = cli("export", "-f", "csv", "--owner", "all", env=NOW)
    assert wrong.exit_code != 0 and "--owner" in wrong.output


def test_vobject_reads_the_same_to_dos(cli: Cli, tmp_path: Path, steps: None) -> None:
    text, _ = ics(cli, tmp_path, "--owner", "all", "--events")
    calendar = vobject.readOne(text, validate=True)
    todos = calendar.vtodo_list
    assert [t.summary.value for t in todos] == [
        "Write the release notes",
        ANA_STEP,
        "Review the budget",
        "Think about the offsite",
    ]
    assert todos[1].due.value == date(2099, 12, 2)
    trigger = todos[1].valarm.trigger.value
    assert trigger == datetime(2099, 12, 2, 8, 0, tzinfo=trigger.tzinfo)
    assert trigger.utcoffset().total_seconds() == 0
    assert len(calendar.vevent_list) == 1


def unfold(raw: bytes) -> list[str]:
    """RFC 5545 content lines, strictly: CRLF ends every line, none longer than 75
    octets, a continuation starts with one space, and each line is NAME[;PARAMS]:VALUE."""
    assert raw.endswith(b"\r\n")
    physical = raw[:-2].split(b"\r\n")
    assert all(b"\n" not in p and b"\r" not in p for p in physical)
    assert all(len(p) <= 75 for p in physical), max(physical, key=len)
    lines: list[str] = []
    for piece in physical:
        text = piece.decode("utf-8")  # a character split by folding would not decode
        if text.startswith(" "):
            assert lines, "a continuation line first"
            lines[-1] += text[1:]
        else:
            lines.append(text)
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0]
        assert name and name.replace("-", "").isalnum() and name.isupper(), line
    return lines


def test_a_strict_line_reader_finds_every_rule_kept(cli: Cli, tmp_path: Path, steps: None) -> None:
    ics(cli, tmp_path, "--owner", "all")
    raw = (tmp_path / "todo.ics").read_bytes()
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # something was folded
    lines = unfold(raw)
    stack: list[str] = []
    for line in lines:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert stack == []
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "SUMMARY:" + ANA_STEP.replace(",", "\\,").replace(";", "\\;") in lines
    assert lines.count("BEGIN:VALARM") == 4
    triggers = [line for line in lines if line.startswith("TRIGGER")]
    assert triggers[0] == "TRIGGER;VALUE=DATE-TIME:20991201T080000Z"
