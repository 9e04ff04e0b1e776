"""The parting after an interactive check-out, in a real pseudo-terminal: after a good and
after a poor meeting, with a calendar (the next occurrence) and without one (the rhythm
of earlier check-outs)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from checkout_cli.model.settings import Settings
from checkout_cli.store import config
from tests.unit.test_calendar_flow import ME, work_calendar

BIN = Path(sys.executable).with_name("checkout")
COMMAND = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "checkout_cli"]
BEFORE = "2026-12-02T11:00:00+01:00"  # a Wednesday, a week after the last Weekly sync
AFTER_SYNC = "2026-01-20T17:30:00+01:00"  # the calendar's moved Weekly sync ended at 15:00
POOR_STARTS = (
    "Not the meeting you hoped for, and it helps that you said so.",
    "A hard one. What you wrote down is where the next meeting starts.",
)


def environment(home: Path, now: str) -> dict[str, str]:
    return {
        **os.environ,
        "CHECKOUT_HOME": str(home),
        "CHECKOUT_NOW": now,
        "TZ": "Europe/Berlin",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }


def spawn(*args: str, home: Path, now: str) -> pexpect.spawn:
    return pexpect.spawn(
        COMMAND[0],
        [*COMMAND[1:], *args],
        env=environment(home, now),
        encoding="utf-8",
        timeout=20,
        dimensions=(60, 400),  # wide enough that the parting stays on one line
    )


def run(*args: str, home: Path, now: str) -> None:
    subprocess.run([*COMMAND, *args], env=environment(home, now), check=True, capture_output=True)


def answer(child: pexpect.spawn, *, goals: str, steps: list[str], worth: str) -> str:
    """Answer the default set's questions; returns what was printed after the last answer."""
    child.expect("achieve what you were hoping")
    child.expect("> ")
    child.sendline(goals)
    child.expect("Anything to add")
    child.sendline("")
    child.expect("better or more productive")
    child.expect("> ")
    child.sendline("")
    child.expect("ensure the success")
    # `none` answers at once; otherwise an empty line ends the steps.
    for number, step in enumerate(steps if steps == ["none"] else [*steps, ""], start=1):
        child.expect(rf"{number}\. ")
        child.sendline(step)
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline(worth)
    child.expect("saved as \\w+")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return " ".join(str(child.before).split())


@pytest.fixture
def weekly(checkout_home: Path) -> Path:
    """Pat's journal with three Wednesdays of Weekly sync."""
    run("config", "set", "name", "Pat", home=checkout_home, now=BEFORE)
    for day in ("2026-11-11", "2026-11-18", "2026-11-25"):
        run(
            "meeting", "Weekly sync", "--at", day, "--no-input",
            "-A", "goals=yes", "-A", "next=none",
            home=checkout_home, now=BEFORE,
        )  # fmt: skip
    return checkout_home


@pytest.fixture
def with_calendar(checkout_home: Path, tmp_path: Path) -> Path:
    calendar = work_calendar(tmp_path / "cal")
    config.save(Settings(name="Pat", email=(ME,), calendars=(str(calendar),)))
    return calendar


def test_a_good_meeting_without_a_calendar_names_people_rhythm_and_steps(weekly: Path) -> None:
    child = spawn(
        "meeting", "Weekly sync", "--with", "Ana", "--with", "Raj", home=weekly, now=BEFORE
    )
    said = answer(
        child, goals="y", steps=["Send the notes @me due:friday", "Book the room @Ana"], worth="5"
    )
    assert "See you, Ana and Raj, next week, as usual." in said
    assert (
        "2 next steps agreed; yours: Send the notes (due Fri 4 Dec). "
        "The next check-out of Weekly sync will ask about them." in said
    )
    assert not any(start in said for start in POOR_STARTS)
    assert "Send them a note: checkout followup" in said
    # The promise holds: the next check-out of the meeting asks about the steps.
    again = spawn("meeting", "weekly sync", home=weekly, now=BEFORE)
    again.expect("Send the notes")
    again.sendintr()
    again.expect(pexpect.EOF)
    again.close()


def test_a_poor_meeting_without_a_calendar_gets_an_honest_line(weekly: Path) -> None:
    child = spawn("meeting", "Retro", home=weekly, now=BEFORE)
    said = answer(child, goals="n", steps=["none"], worth="1")
    assert any(f"{start} " in said for start in POOR_STARTS), said
    assert "See you next time." in said
    assert not re.search(r"Nicely|Thanks for checking out|next steps? agreed", said)
    assert "Send them a note" not in said  # nobody to send it to


def test_a_good_meeting_with_a_calendar_names_its_next_occurrence(with_calendar: Path) -> None:
    home = with_calendar.parent.parent / "checkout-home"
    child = spawn("meeting", home=home, now=AFTER_SYNC)
    child.expect(r"2\. Weekly sync")
    child.expect(r"Which meeting\? ")
    child.sendline("2")
    said = answer(child, goals="yes", steps=["Share the mock-ups @Ana due:friday"], worth="4")
    assert "See you, Ana and Raj, on Mon 26 Jan at 10:00." in said
    assert "One next step agreed. The next check-out of Weekly sync will ask about it." in said
    assert not any(start in said for start in POOR_STARTS)
    assert "Send them a note: checkout followup" in said


def test_a_poor_meeting_with_a_calendar_is_honest_and_names_the_next_one(
    with_calendar: Path,
) -> None:
    home = with_calendar.parent.parent / "checkout-home"
    child = spawn(
        "meeting", "Weekly sync", "--with", "Ana", "--with", "Raj", home=home, now=AFTER_SYNC
    )
    said = answer(child, goals="partly", steps=["Fix the agenda @me due:2026-01-23"], worth="2")
    assert any(f"{start} " in said for start in POOR_STARTS), said
    assert "See you, Ana and Raj, on Mon 26 Jan at 10:00." in said
    assert "One next step agreed; yours: Fix the agenda (due Fri 23 Jan)." in said
    assert not re.search(r"Nicely|Thanks for checking out", said)
