"""Ctrl-C and end of input at every question the tool asks outside the check-out itself
(those are in test_pty.py): nothing is written, the journal stays byte for byte."""

from __future__ import annotations

import fcntl
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests import harness
from tests.conftest import QUICK

Record = Callable[..., dict[str, Any]]
HOW = ["ctrl-c", "eof"]


def spawn(*args: str, home: Path, **env: str) -> pexpect.spawn:
    command = harness.command(*args)
    child_env = harness.child_env(CHECKOUT_HOME=str(home), TERM="dumb", **env)
    return pexpect.spawn(
        command[0], command[1:], env=child_env, encoding="utf-8", timeout=20, dimensions=(40, 200)
    )


def interrupt(child: pexpect.spawn, how: str) -> None:
    if how == "ctrl-c":
        child.sendintr()
    else:
        child.sendeof()


def finished(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "")
    status: int = child.exitstatus
    return status


@pytest.fixture
def everything(checkout_home: Path) -> Iterator[Callable[[], dict[str, bytes]]]:
    """Every file under the home, to compare before and after."""

    def snapshot() -> dict[str, bytes]:
        return {str(p.relative_to(checkout_home)): p.read_bytes() for p in checkout_home.rglob("*")}

    yield snapshot


@pytest.mark.parametrize("how", HOW)
def test_carry_over_question(
    how: str, checkout_home: Path, checkout_once: Record, everything: Callable[[], Any]
) -> None:
    checkout_once("Weekly sync")
    before = everything()
    child = spawn("meeting", "Weekly sync", home=checkout_home)
    child.expect("you agreed to")
    child.expect(r"done\? ")
    interrupt(child, how)
    child.expect("check-out cancelled, nothing saved")
    assert finished(child) == 130
    assert everything() == before


@pytest.mark.parametrize("how", HOW)
def test_carry_over_second_item_after_answering_the_first(
    how: str, checkout_home: Path, checkout_once: Record, everything: Callable[[], Any]
) -> None:
    """A "yes" already given for the first item is not applied either."""
    checkout_once("Weekly sync", "-A", "next=Book a room")
    before = everything()
    child = spawn("meeting", "Weekly sync", home=checkout_home)
    child.expect(r"done\? ")
    child.sendline("y")
    child.expect("Book a room")
    child.expect(r"done\? ")
    interrupt(child, how)
    assert finished(child) == 130
    assert everything() == before


@pytest.mark.parametrize("how", HOW)
def test_delete_confirmation(
    how: str, checkout_home: Path, checkout_once: Record, everything: Callable[[], Any]
) -> None:
    entry = checkout_once()
    before = everything()
    child = spawn("delete", entry["id"], home=checkout_home)
    child.expect(r"Delete this check-out\? \[y/N\] ")
    interrupt(child, how)
    child.expect("cancelled, nothing changed")
    assert finished(child) == 130
    assert everything() == before


@pytest.mark.parametrize("how", HOW)
def test_repair_confirmation(
    how: str,
    checkout_home: Path,
    checkout_once: Record,
    journal_file: Path,
    everything: Callable[[], Any],
) -> None:
    checkout_once()
    with journal_file.open("ab") as handle:
        handle.write(b"{not json\n")
    checkout_once("Later")
    before = everything()
    child = spawn("check", "--repair", home=checkout_home)
    child.expect(r"Move them out of the journal\? \[y/N\] ")
    interrupt(child, how)
    child.expect("cancelled, nothing changed")
    assert finished(child) == 130
    assert everything() == before
    assert not (checkout_home / "journal.rejected.jsonl").exists()


def script_editor(folder: Path, body: str) -> str:
    script = folder / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text()\n"
        f"{body}\n"
        "path.write_text(text)\n"
    )
    return f"{sys.executable} {script}"


@pytest.mark.parametrize("how", HOW)
def test_edit_pause_after_a_refused_change(
    how: str,
    checkout_home: Path,
    checkout_once: Record,
    tmp_path: Path,
    everything: Callable[[], Any],
) -> None:
    entry = checkout_once()
    before = everything()
    editor = script_editor(tmp_path, "text = text.replace('value = 4', 'value = 99')")
    child = spawn("edit", entry["id"], home=checkout_home, EDITOR=editor)
    child.expect("not from 1 to 5")
    child.expect("Press Enter")
    interrupt(child, how)
    assert finished(child) == 130
    assert everything() == before


def test_ctrl_c_while_the_editor_is_open(
    checkout_home: Path, checkout_once: Record, tmp_path: Path, everything: Callable[[], Any]
) -> None:
    entry = checkout_once()
    before = everything()
    started = tmp_path / "started"
    # `sh -c SCRIPT FILE`: the script sees the file to edit as $0.
    editor = f"sh -c 'printf %s \"$0\" > {started}; exec sleep 30'"
    child = spawn("edit", entry["id"], home=checkout_home, EDITOR=editor)
    deadline = time.monotonic() + 20
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    child.sendintr()
    assert finished(child) == 130
    assert everything() == before
    assert not Path(started.read_text()).exists()  # the private temp copy is gone too


def wait_until_blocked(child: pexpect.spawn, timeout: float = 20) -> None:
    """Until the kernel lists `child` as waiting for a file lock (`->` in /proc/locks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = Path("/proc/locks").read_text().splitlines()
        if any("->" in line and f" {child.pid} " in line for line in waiting):
            return
        assert child.isalive(), child.read_nonblocking(2000, timeout=1)
        time.sleep(0.02)
    raise AssertionError("the command never waited for the lock")


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
@pytest.mark.parametrize(
    "args",
    [
        ("meeting", "Waiting", *QUICK),
        ("done", "ID-1"),
        ("delete", "ID", "--yes"),
        ("check", "--repair", "--yes"),
    ],
    ids=["append", "done", "delete", "repair"],
)
def test_ctrl_c_while_waiting_for_the_journal_lock(
    args: tuple[str, ...],
    checkout_home: Path,
    checkout_once: Record,
    journal_file: Path,
    everything: Callable[[], Any],
) -> None:
    """Another command holds the journal's lock; the person gives up waiting."""
    entry = checkout_once()
    with journal_file.open("ab") as handle:
        handle.write(b"{not json\n")
    before = everything()
    args = tuple(a.replace("ID", entry["id"]) for a in args)
    with journal_file.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        child = spawn(*args, home=checkout_home)
        wait_until_blocked(child)
        child.sendintr()
        child.expect("interrupted")
        assert finished(child) == 130
    assert everything() == before
