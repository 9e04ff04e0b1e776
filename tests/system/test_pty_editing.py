"""Prompts that edit like a shell's, in a real pseudo-terminal: arrows, Home/End, Ctrl-W,
Up for this meeting's earlier answers, the echoed owner and due date, a refused step
offered again to correct, and several lines pasted in one write."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pexpect
from typer.testing import Result

from checkout_cli.model.due import parse_due
from tests import harness
from tests.system.test_pty import entries
from tests.system.test_startup import probe

BIN = harness.BIN
NOW = "2026-12-02T10:00:00+00:00"  # a Wednesday
TODAY = date(2026, 12, 2)
LEFT, HOME, END, UP = "\x1b[D", "\x1b[H", "\x1b[F", "\x1b[A"
CTRL_W, CTRL_U = "\x17", "\x15"
Cli = Callable[..., Result]


def spawn(*args: str, home: Path, now: str = NOW, **env: str) -> pexpect.spawn:
    return harness.terminal(*args, home=home, **{"CHECKOUT_NOW": now, **env})


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "Traceback" not in (child.before or "")
    return str(child.before)


def answer(entry: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in entry["answers"] if a["key"] == key)
    return found


def day(text: str) -> str:
    due = parse_due(text, TODAY)
    return f"{due:%a} {due.day} {due:%b}"


def scripted(cli: Cli, title: str, *answers: str) -> None:
    args = [a for pair in (("-A", item) for item in answers) for a in pair]
    result = cli("meeting", title, "--no-input", *args, env={"CHECKOUT_NOW": NOW})
    assert result.exit_code == 0, result.output


def test_arrows_home_end_and_word_delete_edit_an_answer(checkout_home: Path) -> None:
    child = spawn("meeting", "Weekly sync", "-A", "worth=4", home=checkout_home)
    child.expect("achieve what")
    child.expect("> ")
    child.sendline("partly")
    child.expect(r"Anything to add\? \(Enter to skip\) ")
    child.send("agreed with Ana Raj" + LEFT * 3 + "and \r")
    child.expect("productive meeting")
    child.expect("> ")
    child.send("on time" + HOME + "Start " + END + ".")
    # Home redraws the line after the whole prompt: readline knows the prompt's width.
    child.expect(r"\r  > Start on time")
    child.send("\r")
    child.expect("> ")
    child.send("Shorter agenda please" + CTRL_W + "\r")
    child.expect("> ")
    child.sendline("")
    child.expect(r"1\. ")
    child.send("Send the notes @Raj" + CTRL_W + "@Ana\r")
    child.expect("→ Ana · no due date")
    child.expect(r"2\. ")
    child.sendline("")
    finish(child)
    [entry] = entries(checkout_home)
    assert answer(entry, "goals")["note"] == "agreed with Ana and Raj"
    assert answer(entry, "improve")["value"] == "Start on time.\nShorter agenda"
    [step] = answer(entry, "next")["value"]
    assert (step["text"], step["owner"]) == ("Send the notes", "Ana")


def test_up_recalls_this_meetings_earlier_answers_to_the_same_question(
    checkout_home: Path, cli: Cli
) -> None:
    scripted(
        cli,
        "Weekly sync",
        "goals=no",
        "goals.note=ran late",
        "improve=Book a bigger room",
        "next=none",
        "worth=2",
    )
    scripted(
        cli,
        "Weekly sync",
        "goals=partly",
        "improve=Start on time",
        "next=Send the notes @Ana due:2099-12-01",
        "worth=4",
    )
    # The newest check-out of all is another meeting's: Up never offers its answers.
    scripted(cli, "Acme call", "goals=yes", "improve=Bring the contract", "next=none")
    child = spawn("meeting", "WEEKLY sync", "-A", "worth=3", home=checkout_home)
    child.expect("you agreed to")
    child.expect(r"done\? \[y/n/x/m\] ")
    child.sendline("n")
    child.expect("achieve what")
    child.expect("> ")
    child.send(UP + "\r")  # the newest first
    child.expect(r"Anything to add\? \(Enter to skip\) ")
    child.send(UP + "\r")
    child.expect("productive meeting")
    child.expect("> ")
    child.send(UP + "\r")
    child.expect("> ")
    child.send(UP * 3 + "\r")  # past the oldest of this meeting, Up stays there
    child.expect("> ")
    child.sendline("")
    child.expect(r"1\. ")
    child.send(UP + "\r")
    child.expect(r"→ Ana · due Tue 1 Dec 2099")
    child.expect(r"2\. ")
    child.sendline("")
    finish(child)
    entry = entries(checkout_home)[-1]
    assert entry["title"] == "WEEKLY sync"
    assert answer(entry, "goals")["value"] == "partly"
    assert answer(entry, "goals")["note"] == "ran late"
    assert answer(entry, "improve")["value"] == "Start on time\nBook a bigger room"
    [step] = answer(entry, "next")["value"]
    assert (step["text"], step["owner"], step["due"]) == ("Send the notes", "Ana", "2099-12-01")


def test_history_never_leaks_to_another_question_or_meeting(checkout_home: Path, cli: Cli) -> None:
    scripted(cli, "Retro", "goals=yes", "improve=More snacks", "next=none")
    child = spawn("meeting", "Retro", "-A", "worth=3", "-A", "next=none", home=checkout_home)
    child.expect("achieve what")
    child.expect("> ")
    child.send(UP + "\r")
    # The note has no history of its own: the goal's "yes" must not come up here.
    child.expect(r"Anything to add\? \(Enter to skip\) ")
    child.send(UP + "\r")
    child.expect("productive meeting")
    child.expect("> ")
    child.send(UP + CTRL_U + "Fewer slides\r")
    child.expect("> ")
    child.sendline("")
    finish(child)
    other = spawn("meeting", "Board", "-A", "worth=3", "-A", "next=none", home=checkout_home)
    other.expect("achieve what")
    other.expect("> ")
    other.sendline("yes")
    other.expect(r"Anything to add\? \(Enter to skip\) ")
    other.sendline("")
    other.expect("productive meeting")
    other.expect("> ")
    other.send(UP + "first time\r")
    other.expect("> ")
    other.sendline("")
    finish(other)
    retro, board = entries(checkout_home)[1:]
    assert answer(retro, "goals")["value"] == "yes"
    assert "note" not in answer(retro, "goals")
    assert answer(retro, "improve")["value"] == "Fewer slides"
    assert answer(board, "improve")["value"] == "first time"


def test_the_resolved_owner_and_due_date_are_echoed(checkout_home: Path) -> None:
    child = spawn(
        "meeting", "Sync", "-A", "goals=yes", "-A", "improve=x", "-A", "worth=4", home=checkout_home
    )
    child.expect(r"1\. ")
    child.sendline("Send the notes @Ana due:friday")
    child.expect(f"→ Ana · due {day('friday')}")
    child.expect(r"2\. ")
    child.sendline("Plan the offsite due:next friday")
    child.expect(f"→ no owner · due {day('next friday')}")
    child.expect(r"3\. ")
    child.sendline("Book a room")
    child.expect("→ no owner · no due date")
    child.expect(r"4\. ")
    child.sendline("")
    finish(child)
    [entry] = entries(checkout_home)
    dues = [s["due"] for s in answer(entry, "next")["value"]]
    assert dues == [parse_due("friday", TODAY).isoformat(), "2026-12-11", None]


def test_a_refused_due_date_comes_back_to_be_corrected(checkout_home: Path) -> None:
    child = spawn(
        "meeting", "Sync", "-A", "goals=yes", "-A", "improve=x", "-A", "worth=4", home=checkout_home
    )
    child.expect(r"1\. ")
    child.sendline("Book a room @Raj due:2026-11-30")
    child.expect(r"due date '2026-11-30' \(Mon 30 Nov 2026\) is in the past")
    child.expect(r"give today\s+\(2026-12-02\)\s+or a later date")
    # Still step 1, with the typed text there to edit: only the date is typed again.
    child.expect(r"1\. Book a room @Raj due:2026-11-30")
    child.send(CTRL_W + "due:tomorrow\r")
    child.expect("→ Raj · due tomorrow, Thu 3 Dec")
    child.expect(r"2\. ")
    child.sendline("Call Ana due:someday")
    child.expect("is not a date")
    child.expect(r"2\. Call Ana due:someday")
    child.send(CTRL_W + "\r")
    child.expect("→ no owner · no due date")
    child.expect(r"3\. ")
    child.sendline("Order lunch due:2020-01-01")
    child.expect("in the past")
    child.expect(r"3\. Order lunch due:2020-01-01")
    child.send(CTRL_U + "\r")  # an emptied line leaves the refused step out
    child.expect(r"3\. ")
    child.sendline("")
    finish(child)
    [entry] = entries(checkout_home)
    steps = [(s["text"], s["owner"], s["due"]) for s in answer(entry, "next")["value"]]
    assert steps == [("Book a room", "Raj", "2026-12-03"), ("Call Ana", None, None)]


def test_ctrl_c_at_an_offered_step_saves_nothing(checkout_home: Path) -> None:
    child = spawn("meeting", "Sync", "-A", "goals=yes", "-A", "improve=x", home=checkout_home)
    child.expect(r"1\. ")
    child.sendline("Book a room due:yesterday")
    child.expect(r"1\. Book a room due:yesterday")
    child.sendintr()
    child.expect("check-out cancelled, nothing saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert entries(checkout_home) == []


def test_three_lines_pasted_at_once(checkout_home: Path) -> None:
    child = spawn("meeting", "Sync", "-A", "goals=yes", "-A", "worth=4", home=checkout_home)
    child.expect("productive meeting")
    child.expect("  > ")
    child.send("Start on time\nShorter agenda\nNotes before\n")  # one write, as a paste is
    child.expect("Notes before\r\n  > ")
    # Each pasted line is shown after its own prompt, none of them piled up.
    assert child.before == "Start on time\r\n  > Shorter agenda\r\n  > "
    child.sendline("")
    child.expect(r"1\. ")
    child.send("Send the notes @Ana\nBook a room due:2020-01-01\nCall Raj\n")
    child.expect("→ Ana · no due date")
    child.expect("in the past")
    # The refused step waits until the pasted lines are read, then comes back to edit.
    child.expect(r"2\. Call Raj\r\n")
    child.expect("→ no owner · no due date")
    child.expect(r"3\. Book a room due:2020-01-01")
    child.send(CTRL_W + "due:eow\r")
    child.expect(f"→ no owner · due {day('eow')}")
    child.expect(r"4\. ")
    child.sendline("")
    finish(child)
    [entry] = entries(checkout_home)
    assert answer(entry, "improve")["value"] == "Start on time\nShorter agenda\nNotes before"
    steps = [(s["text"], s["due"]) for s in answer(entry, "next")["value"]]
    assert steps == [
        ("Send the notes", None),
        ("Call Raj", None),
        ("Book a room", parse_due("eow", TODAY).isoformat()),
    ]


def test_editing_with_the_entry_sent_to_a_file(checkout_home: Path, tmp_path: Path) -> None:
    """`--json > file`: the prompts are drawn on the terminal, and the file holds the JSON alone."""
    out = tmp_path / "entry.json"
    command = " ".join(
        [
            str(BIN) if BIN.exists() else f"{sys.executable} -m checkout_cli",
            "meeting Sync --json -A goals=yes -A next=none -A worth=4",
            f"> {out}",
        ]
    )
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        env={**os.environ, "CHECKOUT_HOME": str(checkout_home), "NO_COLOR": "1", "TERM": "dumb"},
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )
    child.expect("productive meeting")
    child.expect("  > ")
    child.send("Start time" + LEFT * 4 + "on \r")
    child.expect("  > ")
    child.sendline("")
    finish(child)
    printed = json.loads(out.read_text())
    assert answer(printed, "improve")["value"] == "Start on time"
    assert printed == entries(checkout_home)[0]


def test_without_readline_plain_input_still_works(checkout_home: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "no-readline"
    blocker.mkdir()
    (blocker / "readline.py").write_text('raise ImportError("no readline on this platform")\n')
    child = spawn(
        "meeting",
        "Sync",
        "-A",
        "goals=yes",
        "-A",
        "worth=4",
        home=checkout_home,
        PYTHONPATH=str(blocker),
    )
    child.expect("productive meeting")
    child.expect("> ")
    child.sendline("Start on time")
    child.expect("> ")
    child.sendline("")
    child.expect(r"1\. ")
    child.sendline("Book a room due:2020-01-01")
    child.expect("in the past")
    child.expect(r"1\. ")  # nothing to edit without readline: the step is typed again
    child.sendline("Book a room due:tomorrow")
    child.expect("→ no owner · due tomorrow, Thu 3 Dec")
    child.expect(r"2\. ")
    child.sendline("")
    finish(child)
    [entry] = entries(checkout_home)
    assert answer(entry, "improve")["value"] == "Start on time"
    [step] = answer(entry, "next")["value"]
    assert (step["text"], step["due"]) == ("Book a room", "2026-12-03")


def test_readline_loads_only_when_a_prompt_is_shown(checkout_home: Path) -> None:
    assert "readline" not in probe(["--version"], checkout_home)["modules"]
    scripted_run = ["meeting", "Sync", "--no-input", "-A", "goals=yes", "-A", "next=none"]
    assert "readline" not in probe(scripted_run, checkout_home)["modules"]
