"""The interactive check-out in a real pseudo-terminal, as a person types it."""

from __future__ import annotations

import signal
from pathlib import Path

import pexpect
import pytest

from tests import harness

BIN = harness.BIN


def spawn(*args: str, home: Path, now: str | None = None) -> pexpect.spawn:
    return harness.terminal(*args, home=home, **({"CHECKOUT_NOW": now} if now else {}))


entries = harness.journal_entries


def answer_all(child: pexpect.spawn) -> None:
    child.expect("achieve what you were hoping")
    child.expect("> ")
    child.sendline("maybe")
    child.expect("not one of yes, partly, no")
    child.sendline("p")
    child.expect("Anything to add")
    child.sendline("budget still open")
    child.expect("better or more productive")
    child.expect("> ")
    child.sendline("Start on time.")
    child.expect("> ")
    child.sendline("Shorter agenda.")
    child.expect("> ")
    child.sendline("")
    child.expect("ensure the success")
    child.expect(r"1\. ")
    child.sendline("Send the notes @Ana due:2099-12-01")
    child.expect(r"2\. ")
    child.sendline("Book a room due:never")
    child.expect("never")
    # The refused step comes back to be corrected: Ctrl-W takes its last word away.
    child.expect(r"2\. Book a room due:never")
    child.sendline("\x17@me")
    child.expect(r"3\. ")
    child.sendline("")
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline("7")
    child.expect("from 1 to 5")
    child.sendline("4")
    # No name is set yet, so the step's @me asks for it, once (and saves it).
    child.expect("Your name")
    child.sendline("Sam")


def test_every_kind_of_question_in_a_terminal(checkout_home: Path) -> None:
    child = spawn("meeting", home=checkout_home)
    child.expect("Which meeting")
    child.sendline("Weekly sync")
    answer_all(child)
    child.expect("saved as (\\w+)")
    saved = child.match.group(1)
    # The parting knows the name just given: the user's own step is named in it.
    child.expect("yours: Book a room")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = entries(checkout_home)
    assert entry["id"] == saved and entry["title"] == "Weekly sync"
    answers = {a["key"]: a for a in entry["answers"]}
    assert answers["goals"]["value"] == "partly"
    assert answers["goals"]["note"] == "budget still open"
    assert answers["improve"]["value"] == "Start on time.\nShorter agenda."
    assert [(s["text"], s["owner"], s["due"]) for s in answers["next"]["value"]] == [
        ("Send the notes", "Ana", "2099-12-01"),
        ("Book a room", "Sam", None),
    ]
    assert answers["worth"]["value"] == 4
    assert 'name = "Sam"' in (checkout_home / "config.toml").read_text()


def test_optional_question_skipped_with_enter(checkout_home: Path) -> None:
    child = spawn(
        "meeting", "Sync", "-A", "goals=yes", "-A", "improve=x", "-A", "next=y", home=checkout_home
    )
    child.expect("How worthwhile")
    child.expect("> ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    worth = next(a for a in entries(checkout_home)[0]["answers"] if a["key"] == "worth")
    assert worth["value"] is None


@pytest.mark.parametrize("at", ["title", "choice", "note", "text", "actions", "scale"])
@pytest.mark.parametrize("how", ["ctrl-c", "eof"])
def test_cancel_at_any_prompt_saves_nothing(checkout_home: Path, at: str, how: str) -> None:
    child = spawn("meeting", home=checkout_home)
    # (name, text of the question, the prompt that follows it, a reply to go on)
    steps = [
        ("title", "Which meeting", r"\? ", "Sync"),
        ("choice", "achieve what", "> ", "yes"),
        ("note", "Anything to add", r"\) ", ""),
        ("text", "productive meeting", "> ", "x"),
        ("actions", "ensure the success", r"1\. ", "y"),
        ("scale", "How worthwhile", "> ", "3"),
    ]
    for name, question, prompt, reply in steps:
        child.expect(question)
        child.expect(prompt)
        if name == at:
            if how == "ctrl-c":
                child.sendintr()
            else:
                child.sendeof()
            break
        child.sendline(reply)
        if name in ("text", "actions"):
            child.expect(r"> |2\. ")
            child.sendline("")
    child.expect("check-out cancelled, nothing saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert entries(checkout_home) == []


def test_carry_over_closes_items_across_two_checkouts(checkout_home: Path) -> None:
    first = spawn(
        "meeting",
        "Weekly Sync",
        "--no-input",
        "-A",
        "goals=yes",
        "-A",
        "improve=x",
        "-A",
        "next=Send the notes @Ana",
        "-A",
        "next=Book a room",
        "-A",
        "next=Call Raj",
        home=checkout_home,
    )
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0
    second = spawn("meeting", "weekly  sync", home=checkout_home)
    second.expect("you agreed to")
    second.expect("Send the notes")
    second.expect(r"done\? ")
    second.sendline("y")
    second.expect("Book a room")
    second.expect(r"done\? ")
    second.sendline("n")
    second.expect("Call Raj")
    second.expect(r"done\? ")
    second.sendline("")
    answer_all(second)
    second.expect("closed from last time")
    second.expect("Send the notes")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0
    old, new = entries(checkout_home)
    steps = {s["text"]: s for a in old["answers"] if a["key"] == "next" for s in a["value"]}
    assert steps["Send the notes"]["done_at"] is not None
    assert steps["Call Raj"]["done_at"] is None
    # "Book a room", left open and typed again (answer_all), is moved, not copied.
    again = next(
        s
        for a in new["answers"]
        if a["key"] == "next"
        for s in a["value"]
        if s["text"] == "Book a room"
    )
    assert steps["Book a room"]["moved_to"] == again["id"]
    assert again["moved_from"] == steps["Book a room"]["id"]
    assert new["title"] == "weekly  sync"


def test_ctrl_c_signal_exit_code(checkout_home: Path) -> None:
    child = spawn("meeting", home=checkout_home)
    child.expect("Which meeting")
    child.kill(signal.SIGINT)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
