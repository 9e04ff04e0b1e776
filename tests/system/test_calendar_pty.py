"""`checkout meeting` without a title, in a real pseudo-terminal, with a calendar added."""

from __future__ import annotations

import json
from pathlib import Path

import pexpect
import pytest

from checkout_cli.model.settings import Settings
from checkout_cli.store import config
from tests import harness
from tests.unit.test_calendar_flow import ME, work_calendar

NOW = "2026-01-20T17:30:00+01:00"


@pytest.fixture
def with_calendar(checkout_home: Path, tmp_path: Path) -> Path:
    calendar = work_calendar(tmp_path / "cal")
    config.save(Settings(email=(ME,), calendars=(str(calendar),)))
    return calendar


def spawn(*args: str, home: Path) -> pexpect.spawn:
    return harness.terminal(*args, home=home, CHECKOUT_NOW=NOW, TZ="Europe/Berlin")


entries = harness.journal_entries


def test_the_meeting_that_just_ended_is_offered_and_enter_takes_it(
    checkout_home: Path, with_calendar: Path
) -> None:
    child = spawn("meeting", home=checkout_home)
    child.expect("Meetings without a check-out")
    child.expect(r"1\. Design review  16:00–17:00  with Ana")
    child.expect(r"2\. Weekly sync  14:00–15:00  with Ana, Raj")
    child.expect(r"Which meeting\? \[Enter = 1, a number, or type a new title\] ")
    child.sendline("")
    child.expect("achieve what you were hoping")
    child.expect("> ")
    child.sendline("yes")
    child.expect("Anything to add")
    child.sendline("")
    child.expect("better or more productive")
    child.expect("> ")
    child.sendline("Fewer slides.")
    child.expect("> ")
    child.sendline("")
    child.expect("ensure the success")
    child.expect(r"1\. ")
    child.sendline("Share the mock-ups @Ana")
    child.expect(r"2\. ")
    child.sendline("")
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline("5")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = entries(checkout_home)
    assert entry["title"] == "Design review"
    assert entry["with"] == ["Ana"]
    assert entry["at"] == "2026-01-20T16:00:00+01:00"
    assert entry["event"] == {
        "uid": "design-1",
        "occurrence": "2026-01-20T16:00:00+01:00",
        "calendar": str(with_calendar),
    }
    # Checked out: the next run offers only the sync.
    again = spawn("meeting", home=checkout_home)
    again.expect(r"1\. Weekly sync")
    again.expect(r"Which meeting\? ")
    again.sendintr()
    again.expect("check-out cancelled, nothing saved")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 130
    assert len(entries(checkout_home)) == 1


def test_pending_offers_to_check_one_out_at_once(checkout_home: Path, with_calendar: Path) -> None:
    child = spawn("pending", home=checkout_home)
    child.expect("Meetings waiting for a check-out")
    child.expect(r"1\. Design review  16:00–17:00  with Ana")
    child.expect(r"2\. Weekly sync  14:00–15:00  with Ana, Raj")
    child.expect(r"Check one out now\? \[a number, or Enter for not now\] ")
    child.sendline("3")
    child.expect("type a number from 1 to 2")
    child.sendline("2")
    child.expect("Weekly sync · ")
    child.expect("achieve what you were hoping")
    child.expect("> ")
    child.sendline("partly")
    child.expect("Anything to add")
    child.sendline("")
    child.expect("better or more productive")
    child.expect("> ")
    child.sendline("")
    child.expect("ensure the success")
    child.expect(r"1\. ")
    child.sendline("none")
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline("2")
    child.expect("saved as")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = entries(checkout_home)
    assert (entry["title"], entry["with"]) == ("Weekly sync", ["Ana", "Raj"])
    assert entry["at"] == "2026-01-20T14:00:00+01:00"
    assert entry["event"] == {
        "uid": "sync@example.org",
        "occurrence": "2026-01-19T10:00:00+01:00",
        "calendar": str(with_calendar),
    }
    # Enter says "not now": nothing saved, and the way to do it later.
    again = spawn("pending", home=checkout_home)
    again.expect(r"1\. Design review")
    again.expect(r"Check one out now\? ")
    again.sendline("")
    again.expect(r"Later: checkout meeting --event design-1@2026-01-20T16:00:00\+01:00")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
    assert len(entries(checkout_home)) == 1


def test_link_asks_first_in_a_terminal(checkout_home: Path, with_calendar: Path) -> None:
    path = checkout_home / "journal.jsonl"
    path.write_text(
        json.dumps(
            {
                "v": 1,
                "id": "late0001",
                "at": "2026-01-20T17:20:00+01:00",
                "recorded_at": "2026-01-20T17:20:00+01:00",
                "title": "Design chat",
                "answers": [],
            }
        )
        + "\n"
    )
    child = spawn("link", "late", "design-1", home=checkout_home)
    child.expect(r"late0001  2026-01-20 17:20  Design chat")
    child.expect(r"-> Design review  2026-01-20 16:00–17:00")
    child.expect(r"Link this check-out to that meeting\? \[y/N\] ")
    child.sendline("n")
    child.expect("Nothing changed.")
    child.expect(pexpect.EOF)
    child.close()
    assert entries(checkout_home)[0].get("event") is None
    child = spawn("link", "late", "design-1", home=checkout_home)
    child.expect(r"\[y/N\] ")
    child.sendline("y")
    child.expect("Linked late0001")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = entries(checkout_home)
    assert entry["event"]["uid"] == "design-1"
    assert entry["at"] == "2026-01-20T16:00:00+01:00"
