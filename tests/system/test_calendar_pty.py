"""`checkout meeting` without a title, in a real pseudo-terminal, with a calendar added."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from checkout_cli.model.settings import Settings
from checkout_cli.store import config
from tests.unit.test_calendar_flow import ME, work_calendar

BIN = Path(sys.executable).with_name("checkout")
NOW = "2026-01-20T17:30:00+01:00"


@pytest.fixture
def with_calendar(checkout_home: Path, tmp_path: Path) -> Path:
    calendar = work_calendar(tmp_path / "cal")
    config.save(Settings(email=(ME,), calendars=(str(calendar),)))
    return calendar


def spawn(*args: str, home: Path) -> pexpect.spawn:
    command = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "checkout_cli"]
    env = {
        **os.environ,
        "CHECKOUT_HOME": str(home),
        "CHECKOUT_NOW": NOW,
        "TZ": "Europe/Berlin",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    return pexpect.spawn(
        command[0],
        [*command[1:], *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )


def entries(home: Path) -> list[dict[str, Any]]:
    path = home / "journal.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


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
