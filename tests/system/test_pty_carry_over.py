"""The carry-over and `checkout done`'s pick list in a real pseudo-terminal."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pexpect

from tests import harness
from tests.system.test_pty import BIN, entries, spawn

NOW = "2026-12-02T10:00:00+01:00"  # a Wednesday


def seed(home: Path, title: str, now: str, *steps: str) -> dict[str, Any]:
    """A scripted check-out made at `now`."""
    args = ["meeting", title, "--no-input", "-A", "goals=yes", "-A", "improve=x", "--json"]
    for step in steps:
        args += ["-A", f"next={step}"]
    env = {"CHECKOUT_HOME": str(home), "CHECKOUT_NOW": now, "PATH": "/usr/bin:/bin"}
    command = harness.command(*args)
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    entry: dict[str, Any] = json.loads(run.stdout)
    return entry


def steps_of(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["text"]: s for a in entry["answers"] if a["kind"] == "actions" for s in a["value"]}


def finish(child: pexpect.spawn, *steps: str) -> None:
    """Answer the default questions after the carry-over."""
    child.expect("achieve what you were hoping")
    child.expect("> ")
    child.sendline("y")
    child.expect("Anything to add")
    child.sendline("")
    child.expect("productive meeting")
    child.expect("> ")
    child.sendline("")
    child.expect("ensure the success")
    for n, step in enumerate(steps, start=1):
        child.expect(rf"{n}\. ")
        child.sendline(step)
    child.expect(rf"{len(steps) + 1}\. ")
    child.sendline("" if steps else "none")
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline("4")


def test_done_open_drop_replan_and_move_at_the_carry_over(checkout_home: Path) -> None:
    seed(
        checkout_home,
        "Weekly sync",
        "2026-11-27T10:00:00+01:00",
        "Send the notes @Ana due:2026-11-30",
        "Book a room",
        "Call Raj",
        "Draft offsite agenda",
        "Order pizza",
    )
    child = spawn("meeting", "weekly sync", home=checkout_home, now=NOW)
    child.expect(r"Last time \(Fri 27 Nov\) you agreed to")
    child.expect("Send the notes")
    child.expect("overdue since Mon 30 Nov")
    child.expect(r"done\? ")
    child.sendline("y")
    child.expect("Book a room")
    child.expect(r"done\? ")
    child.sendline("")
    child.expect("Call Raj")
    child.expect(r"done\? ")
    child.sendline("maybe")
    child.expect("type y")
    child.expect(r"done\? ")
    child.sendline("x not needed any more")
    child.expect("Draft offsite agenda")
    child.expect(r"done\? ")
    child.sendline("due:friday @Raj")
    child.expect("Order pizza")
    child.expect(r"done\? ")
    child.sendline("m")
    # Typed again while still open: the same step moved in, not a second copy.
    finish(child, "draft offsite  agenda", "Print the badges")
    child.expect("closed from last time")
    child.expect("saved as")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    old, new = entries(checkout_home)
    before, after = steps_of(old), steps_of(new)
    assert before["Send the notes"]["done_at"] is not None
    assert before["Book a room"]["done_at"] is None
    assert before["Call Raj"]["dropped"] is True
    assert before["Call Raj"]["reason"] == "not needed any more"
    pizza, agenda = after["Order pizza"], after["draft offsite agenda"]
    assert list(after) == ["Order pizza", "draft offsite agenda", "Print the badges"]
    assert before["Order pizza"]["moved_to"] == pizza["id"]
    assert pizza["moved_from"] == before["Order pizza"]["id"]
    assert before["Draft offsite agenda"]["moved_to"] == agenda["id"]
    assert agenda["moved_from"] == before["Draft offsite agenda"]["id"]
    # the typed copy takes the owner and date said at the carry-over
    assert (agenda["owner"], agenda["due"]) == ("Raj", "2026-12-04")
    assert "moved_from" not in after["Print the badges"]
    # `actions` lists each step once
    listing = subprocess.run(
        [str(BIN), "actions", "--all", "--json"],
        env={"CHECKOUT_HOME": str(checkout_home), "CHECKOUT_NOW": NOW, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    texts = [item["text"].casefold() for item in json.loads(listing.stdout)]
    assert texts.count("order pizza") == 1 and len([t for t in texts if "offsite" in t]) == 1


def test_old_steps_are_summed_up_with_one_question(checkout_home: Path) -> None:
    seed(
        checkout_home,
        "Weekly sync",
        "2026-10-01T10:00:00+02:00",
        "Old one",
        "Old two due:2026-10-05",
    )
    seed(checkout_home, "Weekly sync", "2026-11-30T10:00:00+01:00", "Recent one")
    child = spawn("meeting", "Weekly sync", home=checkout_home, now=NOW)
    child.expect(r"Last time \(Mon 30 Nov\) you agreed to")
    child.expect("Recent one")
    child.expect(r"done\? ")
    child.sendline("")
    child.expect("2 older next steps, agreed Thu 1 Oct, 1 overdue: Old one; Old two")
    child.expect(r"drop them all\? ")
    child.sendline("d")
    finish(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    oldest, recent, _ = entries(checkout_home)
    assert all(step["dropped"] is True for step in steps_of(oldest).values())
    assert steps_of(recent)["Recent one"]["done_at"] is None


def test_old_steps_one_by_one(checkout_home: Path) -> None:
    seed(checkout_home, "Weekly sync", "2026-10-01T10:00:00+02:00", "Old one", "Old two")
    child = spawn("meeting", "Weekly sync", home=checkout_home, now=NOW)
    child.expect("2 older next steps")
    child.expect(r"drop them all\? ")
    child.sendline("l")
    child.expect(r"Old one  \(agreed Thu 1 Oct\)")
    child.expect(r"done\? ")
    child.sendline("y")
    child.expect("Old two")
    child.expect(r"done\? ")
    child.sendline("")
    finish(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    old = steps_of(entries(checkout_home)[0])
    assert old["Old one"]["done_at"] is not None and old["Old two"]["done_at"] is None


def test_done_without_an_id_picks_from_the_open_steps(checkout_home: Path) -> None:
    seed(checkout_home, "Weekly sync", "2026-11-27T10:00:00+01:00", "First", "Second", "Third")
    child = spawn("done", home=checkout_home, now=NOW)
    child.expect(r"1\. First")
    child.expect(r"3\. Third")
    child.expect(r"Which to mark done\? ")
    child.sendline("7")
    child.expect("from 1 to 3")
    child.sendline("1,3")
    child.expect("✓")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    found = steps_of(entries(checkout_home)[0])
    assert found["First"]["done_at"] and found["Third"]["done_at"]
    assert found["Second"]["done_at"] is None
    # reopen without an id offers the closed ones
    child = spawn("reopen", home=checkout_home, now=NOW)
    child.expect(r"Which to reopen\? ")
    child.sendline("")
    child.expect("Nothing changed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
