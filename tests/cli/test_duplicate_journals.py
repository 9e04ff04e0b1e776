"""One journal named twice (the same spelling, another spelling, a link, a hard link) is
read once: read commands count each entry of a real file once."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import QUICK

Cli = Callable[..., Result]


@pytest.fixture
def team(cli: Cli, tmp_path: Path) -> Path:
    journal = tmp_path / "team" / "team.jsonl"
    for title in ("Weekly sync", "Planning"):
        assert cli("meeting", title, *QUICK, "--journal", str(journal)).exit_code == 0
    return journal


def spellings(journal: Path, tmp_path: Path) -> dict[str, list[str]]:
    link = tmp_path / "link.jsonl"
    link.symlink_to(journal)
    hard = tmp_path / "hard.jsonl"
    os.link(journal, hard)
    return {
        "twice": [str(journal), str(journal)],
        "dot": [str(journal), f"{journal.parent}/./{journal.name}"],
        "dotdot": [str(journal), f"{journal.parent}/../team/{journal.name}"],
        "link": [str(journal), str(link)],
        "hard link": [str(hard), str(journal)],
    }


def flags(names: list[str]) -> list[str]:
    return [arg for name in names for arg in ("--journal", name)]


def as_json(cli: Cli, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def test_each_read_command_reads_a_journal_once(cli: Cli, team: Path, tmp_path: Path) -> None:
    for how, names in spellings(team, tmp_path).items():
        given = flags(names)
        logged = as_json(cli, "log", "--json", *given)
        assert len(logged) == 2 and all("source" not in e for e in logged), how
        assert as_json(cli, "report", "--all", "--json", *given)["count"] == 2, how
        exported = as_json(cli, "export", "--all", "--format", "json", *given)
        assert len(exported["entries"]) == 2 and exported["summary"]["count"] == 2, how
        assert len(as_json(cli, "actions", "--all", "--json", *given)) == 2, how
        assert len(as_json(cli, "search", "notes", "--json", *given)) == 2, how


def test_the_first_spelling_is_kept_and_other_journals_still_merge(
    cli: Cli, team: Path, tmp_path: Path
) -> None:
    from checkout_cli.flows.selection import journal_paths

    other = tmp_path / "other" / "team.jsonl"
    assert cli("meeting", "Retro", *QUICK, "--journal", str(other)).exit_code == 0
    link = tmp_path / "link.jsonl"
    link.symlink_to(team)
    assert journal_paths([str(link), str(team), str(other), str(other)]) == [link, other]
    logged = as_json(cli, "log", "--json", *flags([str(link), str(team), str(other)]))
    assert sorted(e["source"] for e in logged) == ["link.jsonl", "link.jsonl", "team.jsonl"]
