"""`checkout meeting` in scripted use, `log`, `show`, `paths`, and their bad input."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import QUICK

Cli = Callable[..., Result]


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_scripted_checkout_is_stored_as_designed(cli: Cli, journal_file: Path) -> None:
    result = cli(
        "meeting",
        "Weekly sync",
        "--with",
        "Ana",
        "--with",
        "Raj",
        "--tag",
        "team",
        "--no-input",
        "-A",
        "goals=p",
        "-A",
        "goals.note=budget still open",
        "-A",
        "improve=Start on time.",
        "-A",
        "next=Send the notes @Ana due:2026-12-01",
        "-A",
        "next=Book a room",
        "-A",
        "worth=4",
        "--at",
        "2026-11-20T15:00:00+01:00",
    )
    assert result.exit_code == 0, result.output
    [entry] = lines(journal_file)
    assert entry["v"] == 1 and entry["title"] == "Weekly sync"
    assert (
        entry["with"] == ["Ana", "Raj"] and entry["tags"] == ["team"] and entry["set"] == "meeting"
    )
    at = datetime.fromisoformat(entry["at"])
    assert at == datetime.fromisoformat("2026-11-20T15:00:00+01:00") and at.utcoffset() is not None
    assert at <= datetime.fromisoformat(entry["recorded_at"])
    answers = {a["key"]: a for a in entry["answers"]}
    assert answers["goals"]["value"] == "partly" and answers["goals"]["note"] == "budget still open"
    assert answers["goals"]["question"].startswith("Did you achieve")
    assert answers["improve"]["value"] == "Start on time."
    steps = answers["next"]["value"]
    assert [s["text"] for s in steps] == ["Send the notes", "Book a room"]
    assert steps[0] == {
        "id": f"{entry['id']}-1",
        "text": "Send the notes",
        "owner": "Ana",
        "due": "2026-12-01",
        "done_at": None,
    }
    assert answers["worth"]["value"] == 4
    assert entry["id"] in result.stdout and "Weekly sync" in result.stdout
    assert stat.S_IMODE(journal_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal_file.parent.stat().st_mode) == 0o700


def test_none_records_no_next_steps_on_purpose(cli: Cli, journal_file: Path) -> None:
    result = cli(
        "meeting", "Sync", "--no-input", "-A", "goals=y", "-A", "improve=x", "-A", "next=none"
    )
    assert result.exit_code == 0, result.output
    steps = next(a for a in lines(journal_file)[0]["answers"] if a["key"] == "next")
    assert steps["value"] == []
    blank = cli(
        "meeting", "Call", "--set", "customer-call", "--no-input",
        "-A", "goals=y", "-A", "customer=", "-A", "next=-",
    )  # fmt: skip
    assert blank.exit_code == 2 and "customer" in blank.stderr
    nothing = cli(
        "meeting", "Sync", "--no-input", "-A", "goals=y", "-A", "improve=", "-A", "next=-"
    )
    assert nothing.exit_code == 0, nothing.output
    improve = next(a for a in lines(journal_file)[-1]["answers"] if a["key"] == "improve")
    assert improve["value"] is None


def test_optional_question_may_be_left_out(cli: Cli, journal_file: Path) -> None:
    result = cli(
        "meeting", "Sync", "--no-input", "-A", "goals=n", "-A", "improve=x", "-A", "next=y"
    )
    assert result.exit_code == 0, result.output
    worth = next(a for a in lines(journal_file)[0]["answers"] if a["key"] == "worth")
    assert worth["value"] is None


def test_json_prints_the_stored_entry(cli: Cli, journal_file: Path) -> None:
    result = cli("meeting", "Sync", *QUICK, "--json")
    assert json.loads(result.stdout) == lines(journal_file)[0]


def test_me_means_the_configured_name(cli: Cli, checkout_once: Callable[..., Any]) -> None:
    cli("config", "set", "name", "Ana Lima")
    entry = checkout_once("Sync", "-A", "next=Write it up @me")
    steps = next(a for a in entry["answers"] if a["key"] == "next")["value"]
    assert steps[-1]["owner"] == "Ana Lima"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("-A", "worth=9"), "not a whole number from 1 to 5", 1),
        (("-A", "goals=maybe"), "is not one of yes, partly, no", 1),
        (("-A", "colour=blue"), "has no question 'colour'", 2),
        (("-A", "nonsense"), "KEY=VALUE", 2),
        (("--at", "next tuesday-ish"), "--at", 2),
        (("--at", "2999-01-01"), "future", 2),
        (("-A", "next=Do it due:someday"), "someday", 1),
        (("-A", "goals=yes", "-A", "goals=no"), "twice", 2),
    ],
)
def test_bad_scripted_input_writes_nothing(
    cli: Cli, journal_file: Path, args: tuple[str, ...], message: str, code: int
) -> None:
    result = cli("meeting", "Sync", *QUICK, *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    assert not journal_file.exists()


def test_missing_answers_without_terminal_fail_at_once(cli: Cli, journal_file: Path) -> None:
    result = cli("meeting", "Sync", input="yes\n")
    assert result.exit_code == 1
    assert "not a terminal" in result.stderr and "--answer goals=" in result.stderr
    no_input = cli("meeting", "--no-input", "-A", "goals=yes")
    assert "TITLE" in no_input.stderr and "--answer next=" in no_input.stderr
    assert not journal_file.exists()


def test_unwritable_journal_folder_is_a_clean_error(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = cli("meeting", "Sync", *QUICK, "--journal", str(blocker / "journal.jsonl"))
    assert result.exit_code == 1
    assert "not a folder" in result.stderr and "Traceback" not in result.output


def test_journal_flag_and_environment(cli: Cli, tmp_path: Path, journal_file: Path) -> None:
    other = tmp_path / "other.jsonl"
    assert cli("meeting", "A", *QUICK, "--journal", str(other)).exit_code == 0
    env_file = tmp_path / "env.jsonl"
    assert cli("meeting", "B", *QUICK, env={"CHECKOUT_JOURNAL": str(env_file)}).exit_code == 0
    assert [e["title"] for e in lines(other)] == ["A"]
    assert [e["title"] for e in lines(env_file)] == ["B"]
    assert not journal_file.exists()


def test_log_newest_first_with_limit_and_json(cli: Cli, checkout_once: Callable[..., Any]) -> None:
    for n, day in enumerate(["2026-11-02", "2026-11-03", "2026-11-01"]):
        checkout_once(f"Meeting {n}", "--at", f"{day}T10:00")
    table = cli("log")
    assert table.exit_code == 0
    order = [table.stdout.index(f"Meeting {n}") for n in (1, 0, 2)]
    assert order == sorted(order)
    # The last two recorded, newest meeting first.
    data = json.loads(cli("log", "--json", "--limit", "2").stdout)
    assert [e["title"] for e in data] == ["Meeting 1", "Meeting 2"]


def test_log_empty_journal_says_so(cli: Cli) -> None:
    result = cli("log")
    assert result.exit_code == 0 and "No check-outs" in result.stderr
    assert json.loads(cli("log", "--json").stdout) == []


def test_show_by_prefix_and_json(cli: Cli, checkout_once: Callable[..., Any]) -> None:
    entry = checkout_once("Weekly sync")
    shown = cli("show", entry["id"][:4])
    assert shown.exit_code == 0
    assert "Send the notes" in shown.stdout and "Start on time" in shown.stdout
    assert json.loads(cli("show", entry["id"], "--json").stdout) == entry
    missing = cli("show", "zzzzzzzz")
    assert missing.exit_code == 1 and "no check-out" in missing.stderr


def test_user_text_is_printed_literally(cli: Cli, checkout_once: Callable[..., Any]) -> None:
    title = "[red]x[/red] \x1b[31mred\x1b]8;;http://e.x\x07link"
    entry = checkout_once(title, "-A", "goals.note=[bold]b")
    for args in (("log",), ("show", entry["id"])):
        out = cli(*args).stdout
        assert "[red]x[/red]" in out
        assert "\x1b" not in out and "\x07" not in out
    assert "[bold]b" in cli("show", entry["id"]).stdout


def test_corrupt_line_is_skipped_with_its_line_number(
    cli: Cli, checkout_once: Callable[..., Any], journal_file: Path
) -> None:
    checkout_once("First")
    with journal_file.open("a") as handle:
        handle.write("{oops\n")
    checkout_once("Third")
    result = cli("log", "--all")
    assert result.exit_code == 0
    assert "First" in result.stdout and "Third" in result.stdout
    assert "line 2" in result.stderr
    assert "{oops" in journal_file.read_text()


def test_paths_lists_every_location(cli: Cli, checkout_home: Path) -> None:
    data = json.loads(cli("paths", "--json").stdout)
    assert data["journal"] == str(checkout_home / "journal.jsonl")
    assert data["config"] == str(checkout_home / "config.toml")
    assert "journal" in cli("paths").stdout


def test_version_and_module_entry_point(cli: Cli) -> None:
    import subprocess
    import sys

    from checkout_cli import __version__

    assert cli("--version").stdout.strip() == f"checkout {__version__}"
    run = subprocess.run(
        [sys.executable, "-m", "checkout_cli", "--version"], capture_output=True, text=True
    )
    assert run.stdout.strip() == f"checkout {__version__}"


def test_checkout_home_pointing_at_a_file(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "plain-file"
    target.write_text("")
    result = cli("meeting", "Sync", *QUICK, env={"CHECKOUT_HOME": str(target)})
    assert result.exit_code == 1 and "not a folder" in result.stderr


def test_json_output_is_strict_even_for_odd_numbers(
    cli: Cli, checkout_once: Callable[..., Any], journal_file: Path
) -> None:
    entry = checkout_once("Sync")
    odd = {**entry, "id": "odd00001", "extra": 1e400}
    with journal_file.open("a") as handle:
        handle.write(json.dumps(odd) + "\n")  # writes Infinity, as a hand edit might

    def strict(text: str) -> Any:
        def refuse(name: str) -> None:
            raise AssertionError(f"non-standard JSON constant {name}")

        return json.loads(text, parse_constant=refuse)

    assert strict(cli("show", "odd00001", "--json").stdout)["extra"] is None
    assert any(e.get("extra", 0) is None for e in strict(cli("log", "--json").stdout))
    assert strict(cli("export", "--format", "json", "--all").stdout)
