"""Remembering the meeting, in a real pseudo-terminal: the set named in the opening line,
a remembered set and people, `--again`, and a typed title adopting the calendar meeting
that just ended; the receipt panel that shows it all."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from checkout_cli.model.settings import Settings
from checkout_cli.store import config
from tests import harness
from tests.unit.test_calendar_flow import ME, work_calendar

NOW = "2026-11-26T16:00:00+01:00"
CALENDAR_NOW = "2026-01-20T17:30:00+01:00"  # Weekly sync (moved) ended at 15:00 that day


def spawn(*args: str, home: Path, now: str = NOW) -> pexpect.spawn:
    return harness.terminal(*args, home=home, CHECKOUT_NOW=now, TZ="Europe/Berlin")


entries = harness.journal_entries


def finish(child: pexpect.spawn) -> None:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def answer_customer_call(child: pexpect.spawn) -> None:
    child.expect("reach the outcome")
    child.expect("> ")
    child.sendline("partly")
    child.expect("What is still open")
    child.sendline("the price")
    child.expect("care about most")
    child.expect("> ")
    child.sendline("Delivery dates")
    child.expect("> ")
    child.sendline("and support")
    child.expect("> ")
    child.sendline("")
    child.expect("made this call better")
    child.expect("> ")
    child.sendline("")
    child.expect("What do we owe")
    child.expect(r"1\. ")
    child.sendline("none")
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline("4")


def acme_call_before(home: Path) -> None:
    """A first Acme call, scripted, the day before."""
    child = spawn(
        "meeting",
        "Acme weekly call",
        "--no-input",
        "--set",
        "customer-call",
        "--with",
        "Ana",
        "--with",
        "Raj",
        "--tag",
        "client",
        "--at",
        "2026-11-25 10:00",
        "-A",
        "goals=yes",
        "-A",
        "customer=Price",
        "-A",
        "next=none",
        home=home,
    )
    finish(child)


def test_the_opening_line_names_the_set_and_the_panel_shows_everything(
    checkout_home: Path,
) -> None:
    child = spawn(
        "meeting", "Acme weekly call", "--set", "customer-call", "--with", "Ana", home=checkout_home
    )
    child.expect(r"Acme weekly call · customer call · 5 questions · Ctrl-C cancels")
    answer_customer_call(child)
    child.expect(r"customer call · with Ana")
    child.expect(r"Outcome reached: partly — the price")
    child.expect(r"Customer cared about: Delivery dates")
    child.expect(r"\n[│ ]*  and support")
    child.expect(r"Worth it: 4/5")
    finish(child)
    [entry] = entries(checkout_home)
    assert entry["set"] == "customer-call" and entry["with"] == ["Ana"]


def test_a_title_seen_before_asks_its_set_with_the_same_people(checkout_home: Path) -> None:
    acme_call_before(checkout_home)
    child = spawn("meeting", "acme weekly call", home=checkout_home)
    child.expect(r"Remembered from 25 Nov: customer call, tags client, with Ana, Raj")
    child.expect(r"acme weekly call · customer call · 5 questions")
    answer_customer_call(child)
    child.expect(r"customer call · with Ana, Raj · tags client")
    finish(child)
    latest = entries(checkout_home)[-1]
    assert latest["set"] == "customer-call"
    assert latest["with"] == ["Ana", "Raj"] and latest["tags"] == ["client"]


def test_again_checks_out_the_latest_meeting_again(checkout_home: Path) -> None:
    acme_call_before(checkout_home)
    child = spawn("meeting", "--again", home=checkout_home)
    child.expect(r"Again: Acme weekly call, last checked out 25 Nov")
    child.expect(r"Acme weekly call · customer call · 5 questions")
    answer_customer_call(child)
    finish(child)
    first, again = entries(checkout_home)
    assert again["title"] == first["title"] == "Acme weekly call"
    assert (again["set"], again["with"], again["tags"]) == (
        "customer-call",
        ["Ana", "Raj"],
        ["client"],
    )


@pytest.fixture
def with_calendar(checkout_home: Path, tmp_path: Path) -> Path:
    calendar = work_calendar(tmp_path / "cal")
    config.save(Settings(email=(ME,), calendars=(str(calendar),)))
    return calendar


def test_a_typed_title_adopts_the_calendar_meeting_that_just_ended(
    checkout_home: Path, with_calendar: Path
) -> None:
    child = spawn("meeting", "weekly sync", home=checkout_home, now=CALENDAR_NOW)
    child.expect(
        r"From your calendar: Weekly sync 14:00–15:00, with Ana, Raj "
        r"\(its start, people and event link\)"
    )
    child.expect(r"weekly sync · meeting · 4 questions")
    child.expect("achieve what you were hoping")
    child.expect("> ")
    child.sendline("yes")
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
    child.sendline("5")
    child.expect(r"meeting · with Ana, Raj")
    finish(child)
    [entry] = entries(checkout_home)
    assert entry["with"] == ["Ana", "Raj"]
    assert entry["at"] == "2026-01-20T14:00:00+01:00"
    assert entry["event"]["uid"] == "sync@example.org"
