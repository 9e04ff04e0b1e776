"""What a Tab offers, asked the way the shells' scripts ask (the environment variables),
and the calendar's attendees under the alias table's names. The real shells are in
tests/system/test_shell_completion.py."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import QUICK
from tests.unit.test_calendar_files import _set_tz
from tests.unit.test_calendar_flow import ME, work_calendar

Cli = Callable[..., Result]
NOW = "2026-01-20T17:30:00+01:00"


@pytest.fixture(autouse=True)
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    yield
    _set_tz(before)


def bash(cli: Cli, *words: str) -> list[str]:
    """The lines bash's completion function gets for the last word of `words`."""
    env = {
        "_CHECKOUT_COMPLETE": "complete_bash",
        "COMP_WORDS": "\n".join(("checkout", *words)),
        "COMP_CWORD": str(len(words)),
    }
    return [line for line in cli(env=env).stdout.splitlines() if line]


def zsh(cli: Cli, line: str) -> str:
    env = {"_CHECKOUT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"checkout {line}"}
    return cli(env=env).stdout


def record(cli: Cli, title: str, *steps: str, at: str) -> dict[str, Any]:
    answers = [a for step in steps for a in ("-A", f"next={step}")] or ["-A", "next=none"]
    quick = ("--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "worth=4")
    result = cli("meeting", title, *quick, *answers, "--at", at, "--json")
    assert result.exit_code == 0, result.output
    entry: dict[str, Any] = json.loads(result.stdout)
    return entry


def test_titles_newest_first_and_quoted_for_bash(cli: Cli) -> None:
    record(cli, "Weekly review", at="2026-01-19T10:00")
    record(cli, "Weekly sync", at="2026-01-20T10:00")
    record(cli, "Retro", at="2026-01-20T11:00")
    assert bash(cli, "meeting", "W") == ["'Weekly sync'", "'Weekly review'"]
    assert bash(cli, "meeting", "") == ["Retro", "'Weekly sync'", "'Weekly review'"]
    # Inside a quote the person opened, bash closes it: the value goes in as it is.
    assert bash(cli, "meeting", "'Weekly s") == ["Weekly sync"]
    assert bash(cli, "report", "--title", "W") == ["'Weekly sync'", "'Weekly review'"]
    # zsh quotes for itself; its list keeps the order given.
    out = zsh(cli, "meeting W")
    assert "_describe -V" in out
    assert out.index("'Weekly sync'") < out.index("'Weekly review'")


def test_bash_quotes_what_the_shell_would_read() -> None:
    from checkout_cli.cli.completion import bash_word

    assert bash_word("k3m9qzab-1", "") == "k3m9qzab-1"
    assert bash_word("Ana's 1:1", "") == "'Ana'\"'\"'s 1:1'"
    assert bash_word("uid@2026-01-20T14:00:00+01:00", "") == "'uid@2026-01-20T14:00:00+01:00'"
    assert bash_word("Ana's", "'An") == "Ana'\\''s"
    assert bash_word('Say "$x"', '"Sa') == 'Say \\"\\$x\\"'


def test_done_offers_open_ids_and_reopen_done_ones_with_their_text(cli: Cli) -> None:
    old = record(cli, "Retro", "Fix CI", at="2026-01-19T10:00")
    new = record(cli, "Weekly sync", "Send the notes", "Book a room", at="2026-01-20T10:00")
    closed = old["answers"][2]["value"][0]["id"]
    assert cli("done", closed).exit_code == 0
    ids = [step["id"] for step in new["answers"][2]["value"]]
    assert bash(cli, "done", "") == ids
    assert bash(cli, "reopen", "") == [closed]
    out = zsh(cli, "done ")
    assert f"'{ids[0]}:Send the notes'" in out and f"'{ids[1]}:Book a room'" in out
    assert closed not in out
    assert f"'{closed}:Fix CI'" in zsh(cli, "reopen ")


def test_event_offers_the_meetings_that_just_ended(cli: Cli, tmp_path: Path) -> None:
    assert cli("config", "set", "email", ME).exit_code == 0
    assert cli("calendar", "add", str(work_calendar(tmp_path / "cal"))).exit_code == 0
    offered = bash(cli, "meeting", "--event", "")
    assert offered[0] == "latest"
    assert offered[1:] == [  # newest first, quoted for bash (`:` splits its words)
        "'design-1@2026-01-20T16:00:00+01:00'",
        "'sync@example.org@2026-01-19T10:00:00+01:00'",
    ]
    out = zsh(cli, "meeting --event ")
    assert "Design review" in out and "Weekly sync" in out


def test_event_offers_nothing_without_a_calendar(cli: Cli) -> None:
    assert bash(cli, "meeting", "--event", "") == []


def test_calendar_attendees_take_the_alias_names(cli: Cli, tmp_path: Path) -> None:
    assert cli("config", "set", "email", ME).exit_code == 0
    assert cli("calendar", "add", str(work_calendar(tmp_path / "cal"))).exit_code == 0
    assert cli("config", "set", "alias.Ana Lima", "ana@example.org").exit_code == 0
    waiting = json.loads(cli("pending", "--json").stdout)
    design = next(m for m in waiting if m["title"] == "Design review")
    assert design["attendees"] == ["Ana Lima"]
    assert cli("meeting", *QUICK, "--event", "latest").exit_code == 0
    [entry] = json.loads(cli("log", "--json").stdout)
    assert entry["with"] == ["Ana Lima"]


def test_with_offers_each_person_once_under_the_alias_name(cli: Cli) -> None:
    quick = ("--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "worth=4", "-A", "next=x")
    for name in ("Ana Lima", "Ana", "Raj Patel"):
        assert cli("meeting", "Sync", "--with", name, *quick).exit_code == 0
    assert cli("config", "set", "alias.Ana", "Ana Lima").exit_code == 0
    assert bash(cli, "log", "--with", "") == ["'Raj Patel'", "Ana"]


def test_any_case_finds_the_title(cli: Cli) -> None:
    record(cli, "Weekly sync", at="2026-01-20T10:00")
    assert bash(cli, "meeting", "w") == ["'Weekly sync'"]
    assert bash(cli, "meeting", "WEEK") == ["'Weekly sync'"]
    assert bash(cli, "meeting", "x") == []
    assert "--title" in bash(cli, "log", "--ti")  # option names complete as before
