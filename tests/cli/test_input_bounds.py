"""What a check-out accepts: texts of sane sizes (at check-out, at the prompt, at edit),
real dates, each answer once, whole numbers in ASCII digits; and what it writes out:
CSV cells that no spreadsheet runs, warnings in good grammar."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from checkout_cli.model import limits
from checkout_cli.model.answers import Draft
from checkout_cli.model.questions import Question
from checkout_cli.report.exporters.csv_export import neutralise
from checkout_cli.views import prompts
from tests.cli.test_edit import script_editor
from tests.conftest import QUICK

Cli = Callable[..., Result]
Record = Callable[..., dict[str, Any]]
BASE = ["--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "next=none"]


def refused(result: Result, code: int, *said: str) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("checkout: "), result.stderr
    for part in said:
        assert part in lines[0], lines[0]
    return lines[0]


# Sizes


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["T" * 201], "the title is 201 characters long; keep it to 200 or fewer"),
        (["Sync", "--with", "N" * 201], "a name is 201 characters"),
        (["Sync", "--tag", "t" * 201], "a tag is 201 characters"),
        (["Sync", "-A", "improve=" + "i" * 10_001], "the answer to improve is 10,001"),
        (["Sync", "-A", "goals.note=" + "n" * 2_001], "the note on goals is 2,001"),
        (["Sync", "-A", "next=" + "s" * 1_001], "a next step is 1,001 characters"),
        (["Sync", "-A", "next=Send @" + "o" * 201], "a next step's owner is 201"),
    ],
)
def test_oversized_text_is_refused_at_check_out(
    cli: Cli, journal_file: Path, args: list[str], said: str
) -> None:
    refused(cli("meeting", *args, *BASE), 1, said)
    assert not journal_file.exists()


def test_text_at_its_bound_is_accepted(cli: Cli, journal_file: Path) -> None:
    args = ["T" * 200, "--with", "N" * 200, "-A", "goals.note=" + "n" * 2_000]
    args += ["-A", "next=" + "s" * 1_000, "--no-input", "-A", "goals=yes"]
    result = cli("meeting", *args, "-A", "improve=" + "i" * 10_000, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "T" * 200


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            "text = text.replace('title = \"Weekly sync\"', 'title = \"' + 'T' * 201 + '\"')",
            "title",
        ),
        ("text = text.replace('Start on time', 'x' * 10_001)", "the answer to improve"),
        ("text = text.replace('Send the notes', 's' * 1_001)", "a next step of next"),
    ],
)
def test_oversized_text_is_refused_at_edit(
    cli: Cli,
    checkout_once: Record,
    journal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
    said: str,
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, change))
    message = refused(cli("edit", entry["id"]), 1, said, "characters long", "nothing was saved")
    assert journal_file.read_bytes() == before
    Path(message.rsplit(" ", 1)[1]).unlink()  # the text kept for the person


class Typist:
    """A console that types the given lines and records what it was told."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.said: list[str] = []

    def input(self, prompt: Any) -> str:
        return self.lines.pop(0)

    def print(self, *parts: Any, **_: Any) -> None:
        self.said.append(" ".join(str(p) for p in parts))


def test_the_prompts_ask_again_for_oversized_text() -> None:
    typist = Typist("T" * 201, "Weekly sync")
    assert prompts.ask_title(typist) == "Weekly sync"  # type: ignore[arg-type]
    assert any("the title is 201 characters" in s for s in typist.said)
    text = Question(key="improve", text="Better?", kind="text")
    draft = Draft({}, {})
    typist = Typist("x" * 6_000, "y" * 6_000, "", "Start on time", "")
    prompts.ask_question(typist, text, draft, today=date(2026, 11, 20), me="me")  # type: ignore[arg-type]
    assert draft.values == {"improve": "Start on time"}
    assert any("12,001 characters long" in s for s in typist.said)
    choice = Question(key="goals", text="Goals?", kind="choice", choices=("yes", "no"), note="Add?")
    typist = Typist("yes", "n" * 2_001, "budget")
    prompts.ask_question(typist, choice, draft, today=date(2026, 11, 20), me="me")  # type: ignore[arg-type]
    assert draft.notes == {"goals": "budget"}


def test_limits_are_the_documented_ones() -> None:
    assert (limits.TITLE, limits.NAME, limits.TEXT, limits.NOTE, limits.STEP) == (
        200,
        200,
        10_000,
        2_000,
        1_000,
    )
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "200 characters" in readme and "10,000" in readme and "2,000" in readme


# Dates, repeated answers, numbers


@pytest.mark.parametrize("at", ["2026-02-30", "2026-02-30 15:00", "2026-02-30T15:00", "2026-13-01"])
def test_an_impossible_date_is_not_a_real_date(cli: Cli, at: str) -> None:
    refused(cli("meeting", "Sync", *BASE, "--at", at), 2, "is not a real date")


def test_a_time_of_no_known_form_is_still_not_understood(cli: Cli) -> None:
    refused(cli("meeting", "Sync", *BASE, "--at", "last tuesday"), 2, "not a time I understand")


def test_a_repeated_note_is_refused_like_any_repeated_answer(cli: Cli, journal_file: Path) -> None:
    result = cli("meeting", "Sync", *BASE, "-A", "goals.note=a", "-A", "goals.note=b")
    refused(result, 2, "goals.note= is given twice")
    refused(cli("meeting", "Sync", *BASE, "-A", "goals=no"), 2, "goals= is given twice")
    assert not journal_file.exists()


@pytest.mark.parametrize("worth", ["0_4", "٣", "４", "4.0", "1e0", " ", "+-3"])
def test_a_scale_takes_ascii_digits_only(cli: Cli, journal_file: Path, worth: str) -> None:
    refused(cli("meeting", "Sync", *BASE, "-A", f"worth={worth}"), 1, "not a whole number")
    assert not journal_file.exists()


def test_a_scale_answer_in_ascii_digits_is_fine(cli: Cli) -> None:
    result = cli("meeting", "Sync", *BASE, "-A", "worth= 4 ", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"][3]["value"] == 4


# What is written out


@pytest.mark.parametrize("sign", ["=", "＝", "＋", "－", "＠", "﹦"])
def test_csv_neutralises_formula_signs_that_fold_to_one(sign: str) -> None:
    assert neutralise(f"{sign}1+1") == f"'{sign}1+1"
    assert neutralise("1+1") == "1+1" and neutralise("") == ""


def test_csv_export_of_a_fullwidth_formula(cli: Cli) -> None:
    assert cli("meeting", "＝HYPERLINK(1)", *QUICK).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("export", "--all", "-f", "csv").stdout)))
    assert rows[0]["title"] == "'＝HYPERLINK(1)"


@pytest.mark.parametrize(
    ("broken", "said"),
    [(1, "line 2 cannot be read; it goes to"), (2, "lines 2, 3 cannot be read; they go to")],
)
def test_repair_speaks_of_one_line_or_several(
    cli: Cli, checkout_once: Record, journal_file: Path, broken: int, said: str
) -> None:
    checkout_once()
    with journal_file.open("ab") as handle:
        handle.write(b"{not json\n" * broken)
    result = cli("check", "--repair", "--yes")
    assert said in result.stderr, result.stderr


def test_a_calendar_title_too_long_is_refused_before_any_question(
    cli: Cli, journal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKOUT_NOW", "2026-11-18T11:05:00+00:00")
    calendar = tmp_path / "work.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:long@example.invalid\r\nDTSTAMP:20261118T090000Z\r\n"
        "DTSTART:20261118T100000Z\r\nDTEND:20261118T110000Z\r\n"
        f"SUMMARY:{'S' * 300}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    refused(cli("meeting", "--event", "latest", *BASE), 1, "the title is 300 characters")
    assert not journal_file.exists()
