"""At home in a terminal: help on everything, the README tour, the start screen,
suggestions for typos, completion and the pager."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pexpect
import typer
from typer.main import get_command
from typer.testing import Result

from checkout_cli.cli import completion
from checkout_cli.cli.app import app

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[2]


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command, through list_commands/get_command as the shell and help see them."""
    yield path, command
    if not hasattr(command, "list_commands"):
        return
    ctx = command.context_class(command)
    for name in command.list_commands(ctx):
        yield from walk(command.get_command(ctx, name), (*path, name))


def all_commands() -> list[tuple[tuple[str, ...], Any]]:
    return [(p, c) for p, c in walk(get_command(app)) if p]


def test_every_command_and_option_has_help() -> None:
    missing = []
    for path, command in all_commands():
        if not (command.help or "").strip():
            missing.append(" ".join(path))
        for param in command.params:
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{' '.join(path)} {param.name}")
    assert missing == []


def test_every_leaf_command_shows_examples(cli: Cli) -> None:
    for path, command in all_commands():
        if getattr(command, "commands", None):
            continue
        assert "Examples:" in (command.help or ""), " ".join(path)
        shown = cli(*path, "--help")
        assert shown.exit_code == 0
        assert "checkout " + path[0] in shown.stdout.split("Examples:")[1]


def test_help_groups_commands(cli: Cli) -> None:
    text = cli("--help").stdout
    for panel in ("Record", "Review", "Follow-through", "Set-up"):
        assert panel in text


def test_readme_tour_lists_exactly_the_commands_in_help() -> None:
    readme = (ROOT / "README.md").read_text()
    tour = readme.split("## A tour of the commands")[1].split("\n## ")[0]
    mentioned = set(re.findall(r"`checkout ([a-z][a-z-]*)", tour))
    top_level = {path[0] for path, _ in all_commands()}
    assert mentioned == top_level
    for path, _ in all_commands():
        if len(path) == 2:
            assert path[1] in tour, " ".join(path)


def test_mistyped_command_gets_a_suggestion(cli: Cli) -> None:
    result = cli("meetin")
    assert result.exit_code == 2
    assert "meeting" in result.stderr
    assert result.stderr.count("Did you mean") == 1  # Click 8.4 and Typer both suggest


def test_start_screen_first_run_and_populated(cli: Cli, checkout_once: Any) -> None:
    first = cli()
    assert first.exit_code == 0 and "Welcome" in first.stdout
    assert 'checkout meeting "' in first.stdout
    # A due date in the past is refused, so the overdue step comes from an old check-out.
    checkout_once("Old sync", "--at", "2020-01-01 10:00", "-A", "next=Old thing due:2020-01-02")
    checkout_once("Weekly sync")
    again = cli()
    assert again.exit_code == 0
    assert "1 check-out this week" in again.stdout
    assert "3 open next steps" in again.stdout and "1 overdue" in again.stdout
    assert "last: Weekly sync" in again.stdout
    assert "checkout actions" in again.stdout


def test_completion_callbacks(checkout_once: Any) -> None:
    first = checkout_once("Weekly sync", "--tag", "team", "--with", "Ana")
    checkout_once("Customer call", "--tag", "acme", "--with", "Raj")
    assert completion.entry_ids(None, first["id"][:3]) == [first["id"]]
    # Each id comes with its step's text, which zsh and fish show beside it.
    assert (f"{first['id']}-1", "Send the notes") in completion.action_ids(None, first["id"])
    assert completion.titles(None, "we") == ["Weekly sync"]
    assert completion.tags(None, "") == ["acme", "team"]
    assert completion.people(None, "r") == ["Raj"]
    assert completion.set_names(None, "one") == ["one-on-one"]
    assert completion.formats("c") == ["csv"]
    weeks = completion.weeks("")
    assert weeks[:2] == ["this", "last"] and re.fullmatch(r"\d{4}-W\d\d", weeks[2])


def test_completion_never_raises(checkout_home: Path) -> None:
    checkout_home.mkdir(parents=True)
    (checkout_home / "journal.jsonl").mkdir()  # a journal that cannot be read
    assert completion.entry_ids(None, "") == []
    (checkout_home / "questions.toml").write_text("[broken")
    assert completion.set_names(None, "") == []


def test_completion_through_the_shell_protocol(checkout_once: Any) -> None:
    import subprocess

    entry = checkout_once("Weekly sync")
    env = {
        **os.environ,
        "_CHECKOUT_COMPLETE": "complete_bash",
        "COMP_WORDS": f"checkout show {entry['id'][:2]}",
        "COMP_CWORD": "2",
    }
    found = subprocess.run(
        [sys.executable, "-m", "checkout_cli"], env=env, capture_output=True, text=True
    )
    assert entry["id"] in found.stdout.split()
    assert found.stderr == ""
    env.update({"COMP_WORDS": "checkout export --format ", "COMP_CWORD": "3"})
    formats = subprocess.run(
        [sys.executable, "-m", "checkout_cli"], env=env, capture_output=True, text=True
    )
    assert set(formats.stdout.split()) == {"md", "json", "csv", "html", "ics", "text"}


def test_show_completion_script_for_each_shell(cli: Cli) -> None:
    for shell in ("bash", "zsh", "fish"):
        shown = cli("--show-completion", shell)
        assert shown.exit_code == 0 and "_CHECKOUT_COMPLETE" in shown.stdout


def test_pager_for_long_output_and_no_pager(checkout_home: Path, checkout_once: Any) -> None:
    for n in range(30):
        checkout_once(f"Meeting {n}")
    binary = Path(sys.executable).with_name("checkout")
    command = str(binary) if binary.exists() else sys.executable
    prefix = [] if binary.exists() else ["-m", "checkout_cli"]
    env = {
        **os.environ,
        "CHECKOUT_HOME": str(checkout_home),
        "PAGER": "sed s/^/PAGED:/",
        "TERM": "xterm",
    }
    paged = pexpect.spawn(
        command, [*prefix, "log"], env=env, encoding="utf-8", dimensions=(10, 120), timeout=20
    )
    paged.expect(pexpect.EOF)
    assert "PAGED:" in paged.before and "Meeting 29" in paged.before
    plain = pexpect.spawn(
        command,
        [*prefix, "log", "--no-pager"],
        env=env,
        encoding="utf-8",
        dimensions=(10, 120),
        timeout=20,
    )
    plain.expect(pexpect.EOF)
    assert "PAGED:" not in plain.before and "Meeting 29" in plain.before
    short = pexpect.spawn(
        command,
        [*prefix, "log", "--limit", "2"],
        env=env,
        encoding="utf-8",
        dimensions=(10, 120),
        timeout=20,
    )
    short.expect(pexpect.EOF)
    assert "PAGED:" not in short.before


def test_json_everywhere_a_read_command_is(cli: Cli, checkout_once: Any) -> None:
    entry = checkout_once("Weekly sync")
    for args in (
        ("log",),
        ("show", entry["id"]),
        ("report",),
        ("actions",),
        ("search", "notes"),
        ("check",),
        ("pending",),
        ("paths",),
        ("config", "show"),
        ("questions", "show"),
        ("calendar", "list"),
    ):
        result = cli(*args, "--json")
        assert result.exit_code == 0, (args, result.output)
        json.loads(result.stdout)


def test_typer_app_is_the_entry_point() -> None:
    assert isinstance(app, typer.Typer)
