"""`checkout rename OLD NEW`: one meeting's title across its check-outs, in a safe rewrite."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]


@pytest.fixture
def three(checkout_once: Callable[..., dict[str, Any]]) -> list[dict[str, Any]]:
    return [checkout_once("weekly sync"), checkout_once("Weekly  Sync"), checkout_once("Retro")]


def titles(journal_file: Path) -> list[str]:
    return [json.loads(line)["title"] for line in journal_file.read_text().splitlines()]


def test_rename_every_spelling_of_the_meeting(
    cli: Cli, journal_file: Path, three: list[dict[str, Any]]
) -> None:
    result = cli("rename", "WEEKLY SYNC", "Team sync", "--yes")
    assert result.exit_code == 0, result.output
    assert "2 check-outs titled 'WEEKLY SYNC' will be titled 'Team sync'" in result.stderr
    assert "Renamed 2 check-outs to 'Team sync'" in result.stderr
    assert titles(journal_file) == ["Team sync", "Team sync", "Retro"]
    assert titles(journal_file.with_name("journal.jsonl.bak")) == [
        "weekly sync",
        "Weekly  Sync",
        "Retro",
    ]
    # Everything else about the check-outs is as it was, and the carry-over follows.
    after = json.loads(cli("log", "--all", "--json").stdout)
    assert {e["id"] for e in after} == {e["id"] for e in three}
    assert [i["title"] for i in json.loads(cli("actions", "--json").stdout)].count("Team sync") == 2


def test_a_change_of_case_only_renames_the_others(
    cli: Cli, journal_file: Path, three: list[dict[str, Any]]
) -> None:
    result = cli("rename", "weekly sync", "Weekly sync", "--yes")
    assert result.exit_code == 0
    assert "Renamed 2 check-outs" in result.stderr
    assert titles(journal_file)[:2] == ["Weekly sync", "Weekly sync"]
    again = cli("rename", "weekly sync", "Weekly sync", "--yes")
    assert again.exit_code == 1 and "no check-out is titled" in again.stderr


def test_without_a_terminal_it_asks_for_yes(
    cli: Cli, journal_file: Path, three: list[dict[str, Any]]
) -> None:
    before = journal_file.read_bytes()
    result = cli("rename", "Retro", "Retrospective")
    assert result.exit_code == 2
    assert "pass --yes" in result.stderr
    assert journal_file.read_bytes() == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Retro", "  ", "the new title is empty"),
        ("Retro", "Retro", "the new title is the same as the old one"),
        ("Standup", "Daily", "no check-out is titled 'Standup'"),
        ("Retro", "x" * 201, "keep it to 200 or fewer"),
    ],
)
def test_refused(
    cli: Cli,
    journal_file: Path,
    three: list[dict[str, Any]],
    old: str,
    new: str,
    message: str,
) -> None:
    before = journal_file.read_bytes()
    result = cli("rename", old, new, "--yes")
    assert result.exit_code == 1
    assert message in result.stderr
    assert journal_file.read_bytes() == before


@pytest.mark.parametrize(("typed", "renamed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_in_a_terminal_it_asks_first(
    cli: Cli,
    journal_file: Path,
    three: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    renamed: bool,
) -> None:
    from checkout_cli.views import editor

    monkeypatch.setattr(editor, "stdin_is_terminal", lambda: True)
    result = cli("rename", "Retro", "Retrospective", input=typed)
    assert result.exit_code == 0
    assert "Rename it? [y/N]" in result.stderr
    assert titles(journal_file)[2] == ("Retrospective" if renamed else "Retro")
    assert ("Nothing renamed." in result.stderr) is not renamed
