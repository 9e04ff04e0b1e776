"""Late check-outs have a way in: `pending` looks at the evening before, and `link ID EVENT`
attaches a check-out to a calendar meeting afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.test_calendar_time import SYNC, check_out, google_calendar, local_zone, with_calendar

__all__ = ["local_zone", "with_calendar"]  # the fixtures, shared with the time tests

Cli = Callable[..., Result]


def pending(cli: Cli, now: str) -> list[dict[str, Any]]:
    result = cli("pending", "--json", env={"CHECKOUT_NOW": now})
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- pending: today and the evening before ------------------------------------------------


def test_pending_next_morning_still_lists_last_nights_meeting(
    cli: Cli, with_calendar: Path
) -> None:
    # Tuesday 24 November, 8:30: Monday's 19:00 ops review is listed, Monday's 10:00 sync
    # is not (it ended before the evening).
    found = pending(cli, "2026-11-24T08:30:00+01:00")
    assert [(m["title"], m["start"]) for m in found] == [
        ("Ops review", "2026-11-23T19:00:00+01:00")
    ]
    text = cli("pending", env={"CHECKOUT_NOW": "2026-11-24T08:30:00+01:00"})
    assert "Ops review" in text.stdout
    assert "checkout meeting --event ops-23@google.com@2026-11-23T19:00:00+01:00" in text.stderr


def test_pending_on_monday_morning_looks_back_to_friday_evening(
    cli: Cli, with_calendar: Path
) -> None:
    # Monday 16 November, 9:00: Friday 13's demo ended at 17:00, so it is still waiting.
    assert [m["title"] for m in pending(cli, "2026-11-16T09:00:00+01:00")] == ["Demo"]
    assert pending(cli, "2026-11-17T09:00:00+01:00") == []
    nothing = cli("pending", env={"CHECKOUT_NOW": "2026-11-17T09:00:00+01:00"})
    assert "every meeting since 2026-11-16 17:00 is checked out" in nothing.stderr


def test_a_late_check_out_by_title_leaves_pending(cli: Cli, with_calendar: Path) -> None:
    check_out(cli, "2026-11-24T08:40:00+01:00", "ops review")
    assert pending(cli, "2026-11-24T08:45:00+01:00") == []


# --- link ---------------------------------------------------------------------------------


def test_link_attaches_a_check_out_to_a_meeting(
    cli: Cli, with_calendar: Path, journal_file: Path
) -> None:
    late = check_out(cli, "2026-11-24T08:40:00+01:00", "Ops")  # a title that matches nothing
    assert [m["title"] for m in pending(cli, "2026-11-24T08:45:00+01:00")] == ["Ops review"]
    spec = "ops-23@google.com@2026-11-23T19:00:00+01:00"
    result = cli("link", late["id"][:4], spec, "--yes", env={"CHECKOUT_NOW": "2026-11-24T09:00"})
    assert result.exit_code == 0, result.output
    assert "Ops review  2026-11-23 19:00–20:00" in result.stderr
    assert f"Linked {late['id']}" in result.stderr and "journal.jsonl.bak" in result.stderr
    [entry] = lines(journal_file)
    assert entry["event"] == {
        "uid": "ops-23@google.com",
        "occurrence": "2026-11-23T19:00:00+01:00",
        "calendar": str(with_calendar),
    }
    # It now happened when the meeting did; title, answers and the rest are as they were.
    assert entry["at"] == "2026-11-23T19:00:00+01:00"
    assert {k: v for k, v in entry.items() if k not in ("event", "at")} == {
        k: v for k, v in late.items() if k != "at"
    }
    assert journal_file.with_name("journal.jsonl.bak").exists()
    assert pending(cli, "2026-11-24T09:00:00+01:00") == []
    again = cli("link", late["id"], spec, "--yes", env={"CHECKOUT_NOW": "2026-11-24T09:00"})
    assert again.exit_code == 0 and "already linked to that meeting" in again.stderr


def test_link_by_uid_takes_the_latest_occurrence_and_counts_in_the_report(
    cli: Cli, with_calendar: Path
) -> None:
    made = check_out(cli, "2026-11-17T09:00:00+01:00", "Team catch-up", worth=2)
    missed = cli("report", "--week", "2026-W47", "--json").stdout
    assert "2026-11-16T10:00:00+01:00" in missed
    result = cli("link", made["id"], SYNC, "--yes", env={"CHECKOUT_NOW": "2026-11-17T09:05"})
    assert result.exit_code == 0, result.output
    found = json.loads(cli("report", "--week", "2026-W47", "--json").stdout)
    assert "2026-11-16T10:00:00+01:00" not in [m["start"] for m in found["calendar"]["missed"]]
    series = {row["title"]: row for row in found["time"]["series"]}
    assert series["Team catch-up"]["hours"] == 1.0
    assert series["Team catch-up"]["hours_not_worth"] == 1.0


def test_link_asks_first_and_needs_yes_without_a_terminal(
    cli: Cli, with_calendar: Path, journal_file: Path
) -> None:
    made = check_out(cli, "2026-11-24T08:40:00+01:00", "Ops")
    before = journal_file.read_bytes()
    spec = "ops-23@google.com@2026-11-23T19:00:00+01:00"
    result = cli("link", made["id"], spec, env={"CHECKOUT_NOW": "2026-11-24T08:45"})
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert journal_file.read_bytes() == before


@pytest.mark.parametrize(
    ("entry_id", "event", "message"),
    [
        ("zzzz", "latest", "zzzz"),
        ("MINE", "nope@example.org", "'nope@example.org'"),
        ("MINE", f"{SYNC}@2026-11-30T10:00:00+01:00", "recorded before 'Weekly sync' began"),
        ("MINE", f"{SYNC}@2026-13-40T10:00", "ISO"),
    ],
)
def test_link_refuses_what_it_cannot_do(
    cli: Cli,
    with_calendar: Path,
    journal_file: Path,
    entry_id: str,
    event: str,
    message: str,
) -> None:
    made = check_out(cli, "2026-11-24T08:40:00+01:00", "Ops")
    before = journal_file.read_bytes()
    wanted = made["id"] if entry_id == "MINE" else entry_id
    result = cli("link", wanted, event, "--yes", env={"CHECKOUT_NOW": "2026-12-01T09:00"})
    assert result.exit_code in (1, 2)
    [line] = result.stderr.splitlines()
    assert message in line
    assert journal_file.read_bytes() == before


def test_link_without_a_calendar(cli: Cli, journal_file: Path, tmp_path: Path) -> None:
    google_calendar(tmp_path / "unused.ics")
    made = check_out(cli, "2026-11-24T08:40:00+01:00", "Ops")
    result = cli("link", made["id"], "latest", "--yes")
    assert result.exit_code == 1 and "checkout calendar add PATH" in result.stderr
    assert lines(journal_file) == [made]
