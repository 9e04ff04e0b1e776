"""The progress bar on stderr for reads of a whole journal: shown in a terminal only."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import Result

from tests import harness
from tests.conftest import QUICK


@pytest.fixture
def steps(cli: Callable[..., Result], checkout_home: Path) -> list[dict[str, Any]]:
    """A few check-outs, each with one next step."""
    found = []
    for n in range(3):
        result = cli("meeting", f"Sync {n}", *QUICK, "--json")
        assert result.exit_code == 0, result.output
        found.append(json.loads(result.stdout))
    return found


def in_terminal(home: Path, *args: str, **extra: str) -> tuple[str, int]:
    """Run checkout in a pseudo-terminal; everything it wrote, and its exit status."""
    command = harness.command(*args)
    env = {**os.environ, "CHECKOUT_HOME": str(home), "NO_COLOR": "1", "TERM": "xterm", **extra}
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "check": (("check",), "Checking the journal"),
    "report --all": (("report", "--all"), "Reading the journal"),
    "actions": (("actions",), "Reading the journal"),
    "search": (("search", "notes", "--no-pager"), "Searching"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_whole_journal_read_shows_a_bar_in_a_terminal_only(
    name: str, steps: list[dict[str, Any]], checkout_home: Path, cli: Callable[..., Result]
) -> None:
    args, label = COMMANDS[name]
    shown, status = in_terminal(checkout_home, *args)
    assert label in shown, shown
    assert status == 0
    piped = cli(*args)
    assert piped.exit_code == 0 and label not in piped.stderr


def test_done_and_delete_show_a_bar_while_they_rewrite(
    steps: list[dict[str, Any]], checkout_home: Path, journal_file: Path
) -> None:
    shown, status = in_terminal(checkout_home, "done", f"{steps[0]['id']}-1")
    assert "Updating the journal" in shown and status == 0
    shown, status = in_terminal(checkout_home, "delete", steps[1]["id"], "--yes")
    assert "Finding the check-out" in shown and "Deleting" in shown and status == 0
    ids = [json.loads(line)["id"] for line in journal_file.read_text().splitlines()]
    assert ids == [steps[0]["id"], steps[2]["id"]]


def test_edit_shows_a_bar_to_find_and_to_save_but_not_while_editing(
    steps: list[dict[str, Any]], checkout_home: Path, journal_file: Path
) -> None:
    rename = "sed -i -e 's/^title = .*/title = \"Renamed\"/'"
    shown, status = in_terminal(checkout_home, "edit", steps[2]["id"], EDITOR=rename)
    assert status == 0, shown
    assert "Finding the check-out" in shown and "Saving" in shown
    titles = [json.loads(line)["title"] for line in journal_file.read_text().splitlines()]
    assert titles == ["Sync 0", "Sync 1", "Renamed"]
