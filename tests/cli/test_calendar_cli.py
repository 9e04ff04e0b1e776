"""`checkout calendar add/list/remove`, `checkout pending`, and `checkout meeting --event`."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import QUICK
from tests.unit.test_calendar_files import _set_tz
from tests.unit.test_calendar_flow import ME, work_calendar

Cli = Callable[..., Result]
NOW = "2026-01-20T17:30:00+01:00"
SYNC_MOVED = "sync@example.org@2026-01-19T10:00:00+01:00"


@pytest.fixture(autouse=True)
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Berlin time, and the tool's clock pinned to Tuesday 20 January 2026, 17:30."""
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    yield
    _set_tz(before)


@pytest.fixture
def calendar(tmp_path: Path) -> Path:
    return work_calendar(tmp_path / "cal")


@pytest.fixture
def added(cli: Cli, calendar: Path) -> Path:
    assert cli("config", "set", "email", ME).exit_code == 0
    result = cli("calendar", "add", str(calendar))
    assert result.exit_code == 0, result.output
    return calendar


def stored_calendars(home: Path) -> list[str]:
    path = home / "config.toml"
    if not path.exists():
        return []
    return list(tomllib.loads(path.read_text()).get("calendars", []))


def pending_json(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("pending", "--json", *args)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def journal_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- calendar add / list / remove ---------------------------------------------------------


def test_add_stores_the_absolute_path_and_counts_the_week(
    cli: Cli, calendar: Path, checkout_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(calendar.parent)
    result = cli("calendar", "add", "work.ics")
    assert result.exit_code == 0, result.output
    # 14:00 sync, 16:00 design review, and the vendor pitch (no own address set yet).
    assert f"Added {calendar}; it has 3 meetings in the last 7 days." in result.stderr
    assert stored_calendars(checkout_home) == [str(calendar)]
    again = cli("calendar", "add", str(calendar))
    assert again.exit_code == 0 and "already added" in again.stderr
    assert stored_calendars(checkout_home) == [str(calendar)]


def test_add_keeps_other_settings(cli: Cli, calendar: Path, checkout_home: Path) -> None:
    assert cli("config", "set", "name", "Mia").exit_code == 0
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    data = tomllib.loads((checkout_home / "config.toml").read_text())
    assert data["name"] == "Mia" and data["calendars"] == [str(calendar)]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.ics", None, "no such file or folder"),
        ("notes.txt", "hello", "not an .ics file"),
        ("broken.ics", "BEGIN:VCALENDAR\nnope", "not valid iCalendar"),
    ],
)
def test_add_refuses_bad_paths_and_leaves_the_config_alone(
    cli: Cli,
    calendar: Path,
    checkout_home: Path,
    tmp_path: Path,
    name: str,
    content: str | None,
    reason: str,
) -> None:
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    before = (checkout_home / "config.toml").read_bytes()
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content)
    result = cli("calendar", "add", str(bad))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert reason in line and str(bad) in line
    assert (checkout_home / "config.toml").read_bytes() == before


def test_list_marks_a_missing_calendar(cli: Cli, tmp_path: Path) -> None:
    empty = cli("calendar", "list")
    assert empty.exit_code == 0 and "checkout calendar add" in empty.stderr
    assert json.loads(cli("calendar", "list", "--json").stdout) == []
    gone = work_calendar(tmp_path / "gone")
    kept = work_calendar(tmp_path / "kept")
    folder = tmp_path / "kept"
    for path in (gone, kept, folder):
        assert cli("calendar", "add", str(path)).exit_code == 0
    gone.unlink()
    result = cli("calendar", "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{gone}  (missing)", str(kept), str(folder)]
    listed = json.loads(cli("calendar", "list", "--json").stdout)
    assert listed == [
        {"path": str(gone), "exists": False},
        {"path": str(kept), "exists": True},
        {"path": str(folder), "exists": True},
    ]


def test_remove_by_given_or_stored_path(
    cli: Cli, calendar: Path, checkout_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = work_calendar(calendar.parent / "other")
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    assert cli("calendar", "add", str(other)).exit_code == 0
    monkeypatch.chdir(calendar.parent)
    result = cli("calendar", "remove", "./other/../work.ics")
    assert result.exit_code == 0 and f"Removed {calendar}." in result.stderr
    assert stored_calendars(checkout_home) == [str(other)]
    # A calendar whose file is gone can still be removed as stored.
    other.unlink()
    assert cli("calendar", "remove", str(other)).exit_code == 0
    assert stored_calendars(checkout_home) == []


def test_remove_unknown_lists_the_configured_ones(cli: Cli, calendar: Path) -> None:
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    result = cli("calendar", "remove", "/nowhere/else.ics")
    assert result.exit_code == 1
    assert "/nowhere/else.ics" in result.stderr and str(calendar) in result.stderr


# --- pending ------------------------------------------------------------------------------


def test_pending_json_shape_and_what_is_left_out(cli: Cli, added: Path) -> None:
    found = pending_json(cli, "--since", "2026-01-05")
    # 12 Jan is an exception date; the cancelled, declined and all-day events never wait.
    assert [(m["title"], m["start"]) for m in found] == [
        ("Weekly sync", "2026-01-05T10:00:00+01:00"),
        ("Weekly sync", "2026-01-20T14:00:00+01:00"),
        ("Design review", "2026-01-20T16:00:00+01:00"),
    ]
    moved = found[1]
    assert moved == {
        "title": "Weekly sync",
        "start": "2026-01-20T14:00:00+01:00",
        "end": "2026-01-20T15:00:00+01:00",
        "attendees": ["Ana", "Raj"],
        "uid": "sync@example.org",
        "occurrence": "2026-01-19T10:00:00+01:00",
        "calendar": str(added),
    }


def test_pending_table_default_is_today(cli: Cli, added: Path) -> None:
    result = cli("pending")
    assert result.exit_code == 0, result.output
    rows = [line.split("  ") for line in result.stdout.splitlines()[1:]]
    cells = [[cell.strip() for cell in row if cell.strip()] for row in rows]
    assert cells == [
        ["2026-01-20 14:00–15:00", "Weekly sync", "Ana, Raj"],
        ["2026-01-20 16:00–17:00", "Design review", "Ana"],
    ]
    assert f"checkout meeting --event {SYNC_MOVED}" in result.stderr


def test_pending_nothing_waiting(cli: Cli, added: Path) -> None:
    result = cli("pending", "--since", "2026-01-20T17:00:01")
    assert result.exit_code == 0 and result.stdout == ""
    assert "Nothing waiting — every meeting since 2026-01-20 17:00 is checked out." in result.stderr
    yesterday = cli("pending", "--since", "2026-01-15", env={"CHECKOUT_NOW": "2026-01-19T12:00"})
    assert "since 2026-01-15 is checked out" in yesterday.stderr


def test_pending_without_calendars(cli: Cli) -> None:
    result = cli("pending")
    assert result.exit_code == 0 and result.stdout == ""
    assert "checkout calendar add PATH" in result.stderr
    assert json.loads(cli("pending", "--json").stdout) == []


def test_pending_bad_since(cli: Cli, added: Path) -> None:
    result = cli("pending", "--since", "someday")
    assert result.exit_code == 2 and "--since: 'someday'" in result.stderr


def test_pending_warns_about_a_vanished_calendar(cli: Cli, added: Path, tmp_path: Path) -> None:
    other = work_calendar(tmp_path / "other")
    assert cli("calendar", "add", str(other)).exit_code == 0
    other.unlink()
    result = cli("pending", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2
    assert "warning" in result.stderr and str(other) in result.stderr


# --- meeting --event, and what it does to pending -----------------------------------------


def test_event_uid_at_start_fills_the_entry_and_leaves_pending(
    cli: Cli, added: Path, journal_file: Path
) -> None:
    result = cli("meeting", *QUICK, "--event", SYNC_MOVED, "--json")
    assert result.exit_code == 0, result.output
    [entry] = journal_lines(journal_file)
    assert entry["title"] == "Weekly sync" and entry["with"] == ["Ana", "Raj"]
    assert datetime.fromisoformat(entry["at"]) == datetime.fromisoformat(
        "2026-01-20T14:00:00+01:00"
    )
    assert entry["event"] == {
        "uid": "sync@example.org",
        "occurrence": "2026-01-19T10:00:00+01:00",
        "calendar": str(added),
    }
    assert [m["title"] for m in pending_json(cli)] == ["Design review"]


def test_event_latest_then_the_one_before(cli: Cli, added: Path, journal_file: Path) -> None:
    assert cli("meeting", *QUICK, "--event", "latest").exit_code == 0
    assert cli("meeting", *QUICK, "--event", "latest").exit_code == 0
    first, second = journal_lines(journal_file)
    assert first["title"] == "Design review" and first["with"] == ["Ana"]
    assert first["event"]["uid"] == "design-1"
    assert second["event"]["occurrence"] == "2026-01-19T10:00:00+01:00"
    assert pending_json(cli) == []
    none_left = cli("meeting", *QUICK, "--event", "latest")
    assert none_left.exit_code == 1 and "no meeting that ended" in none_left.stderr


def test_event_keeps_what_the_command_line_says(cli: Cli, added: Path, journal_file: Path) -> None:
    result = cli(
        "meeting", "Sync (short)", *QUICK, "--event", SYNC_MOVED, "--with", "Lee", "--at", "14:10"
    )
    assert result.exit_code == 0, result.output
    [entry] = journal_lines(journal_file)
    assert (entry["title"], entry["with"]) == ("Sync (short)", ["Lee"])
    assert entry["at"] == "2026-01-20T14:10:00+01:00"
    assert entry["event"]["uid"] == "sync@example.org"


def test_event_in_the_future_is_recorded_at_now(cli: Cli, added: Path, journal_file: Path) -> None:
    result = cli("meeting", *QUICK, "--event", "sync@example.org@2026-01-26T10:00:00+01:00")
    assert result.exit_code == 0, result.output
    [entry] = journal_lines(journal_file)
    assert datetime.fromisoformat(entry["at"]) == datetime.fromisoformat(NOW)


def test_event_that_matches_nothing(cli: Cli, added: Path, journal_file: Path) -> None:
    result = cli("meeting", *QUICK, "--event", "standup@example.org")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "'standup@example.org'" in line and "checkout pending" in line
    assert not journal_file.exists()


def test_event_without_calendars(cli: Cli, journal_file: Path) -> None:
    result = cli("meeting", *QUICK, "--event", "latest")
    assert result.exit_code == 1 and "checkout calendar add PATH" in result.stderr
    assert not journal_file.exists()


def test_checkout_by_title_leaves_pending(cli: Cli, added: Path) -> None:
    assert cli("meeting", "design   REVIEW", *QUICK).exit_code == 0
    assert [m["title"] for m in pending_json(cli)] == ["Weekly sync"]
    # A check-out of the same title hours before the meeting does not count for it.
    early = cli("meeting", "Weekly sync", *QUICK, "--at", "2026-01-20T11:00")
    assert early.exit_code == 0
    assert [m["start"] for m in pending_json(cli)] == ["2026-01-20T14:00:00+01:00"]
