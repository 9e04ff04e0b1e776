"""A scripted check-out remembers the meeting: set, tags and people of its latest check-out,
flags that override them, `--again`, a typed title adopting the calendar meeting that just
ended, and the receipt that shows all of it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.unit.test_calendar_files import _set_tz
from tests.unit.test_calendar_flow import ME, work_calendar

Cli = Callable[..., Result]
# Thursday 26 November 2026, the day after the first Acme call.
NOW = "2026-11-26T16:00:00+01:00"
ACME = ("--no-input", "-A", "goals=partly", "-A", "customer=Price", "-A", "next=none")
PLAIN = ("--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "next=none")


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    yield
    _set_tz(before)


def saved(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def first_acme_call(cli: Cli) -> dict[str, Any]:
    return saved(
        cli(
            "meeting",
            "Acme weekly call",
            *ACME,
            "--set",
            "customer-call",
            "--with",
            "Ana",
            "--with",
            "Raj",
            "--tag",
            "client",
            "--at",
            "2026-11-25 10:00",
            "--json",
        )
    )


def test_a_title_seen_before_takes_its_set_tags_and_people(cli: Cli) -> None:
    first_acme_call(cli)
    result = cli("meeting", "acme WEEKLY call", *ACME, "--json")
    entry = saved(result)
    assert entry["set"] == "customer-call"
    assert entry["with"] == ["Ana", "Raj"] and entry["tags"] == ["client"]
    assert "Remembered from 25 Nov: customer call, tags client, with Ana, Raj" in result.stderr


def test_flags_override_what_is_remembered(cli: Cli) -> None:
    first_acme_call(cli)
    result = cli(
        "meeting", "Acme weekly call", *PLAIN, "--set", "meeting", "--with", "Mei", "--tag", "x"
    )
    assert result.exit_code == 0, result.output
    entry = json.loads(cli("show", "--json", _latest_id(cli)).stdout)
    assert (entry["set"], entry["with"], entry["tags"]) == ("meeting", ["Mei"], ["x"])
    assert "Remembered" not in result.stderr


def test_one_flag_overrides_only_its_own_part(cli: Cli) -> None:
    first_acme_call(cli)
    result = cli("meeting", "Acme weekly call", *ACME, "--with", "Mei", "--json")
    entry = saved(result)
    assert (entry["set"], entry["with"], entry["tags"]) == ("customer-call", ["Mei"], ["client"])
    assert "Remembered from 25 Nov: customer call, tags client\n" in result.stderr


def test_a_title_never_seen_starts_fresh(cli: Cli) -> None:
    first_acme_call(cli)
    result = cli("meeting", "Board meeting", *PLAIN, "--json")
    entry = saved(result)
    assert entry["set"] == "meeting" and entry["with"] == [] and entry["tags"] == []
    assert "Remembered" not in result.stderr


def test_the_answers_are_checked_against_the_remembered_set(cli: Cli) -> None:
    """A script written for another set learns which set it met, and why."""
    first_acme_call(cli)
    result = cli("meeting", "Acme weekly call", *PLAIN)
    assert result.exit_code == 1
    assert "answers are missing; pass --answer customer=" in result.stderr
    result = cli("meeting", "Acme weekly call", *ACME, "-A", "agenda=x")
    assert result.exit_code != 0
    assert "set 'customer-call' has no question 'agenda'" in result.stderr
    assert "is the one this meeting used on 25 Nov" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_only_the_last_thousand_check_outs_are_remembered(cli: Cli, journal_file: Path) -> None:
    first_acme_call(cli)
    lines = journal_file.read_text()
    filler = [
        json.dumps({**json.loads(lines), "id": f"f{n:07d}", "title": f"Sync {n}"})
        for n in range(1000)
    ]
    journal_file.write_text(lines + "\n".join(filler) + "\n")
    entry = saved(cli("meeting", "Acme weekly call", *PLAIN, "--json"))
    assert entry["set"] == "meeting" and entry["with"] == []
    # With one filler fewer, the Acme call is within the last thousand again.
    journal_file.write_text(lines + "\n".join(filler[1:]) + "\n")
    entry = saved(cli("meeting", "Acme weekly call", *ACME, "--json"))
    assert entry["set"] == "customer-call" and entry["with"] == ["Ana", "Raj"]


def test_a_remembered_set_that_is_gone_gives_way_to_the_default(
    cli: Cli, journal_file: Path
) -> None:
    first_acme_call(cli)
    journal_file.write_text(journal_file.read_text().replace('"customer-call"', '"retired-set"'))
    result = cli("meeting", "Acme weekly call", *PLAIN, "--json")
    entry = saved(result)
    assert entry["set"] == "meeting" and entry["with"] == ["Ana", "Raj"]
    assert "'retired-set' of the earlier check-outs is no longer" in result.stderr


def test_again_checks_out_the_latest_meeting_again(cli: Cli) -> None:
    first_acme_call(cli)
    result = cli("meeting", "--again", *ACME, "--json")
    entry = saved(result)
    assert entry["title"] == "Acme weekly call"
    assert (entry["set"], entry["with"], entry["tags"]) == (
        "customer-call",
        ["Ana", "Raj"],
        ["client"],
    )
    assert "Again: Acme weekly call, last checked out 25 Nov" in result.stderr
    overridden = saved(cli("meeting", "--again", *PLAIN, "--set", "meeting", "--json"))
    assert overridden["set"] == "meeting" and overridden["title"] == "Acme weekly call"


def test_again_needs_a_check_out_and_takes_no_title(cli: Cli) -> None:
    result = cli("meeting", "--again", *PLAIN)
    assert result.exit_code == 1
    assert "no check-out yet to do again" in result.stderr
    result = cli("meeting", "--again", "Sync", *PLAIN)
    assert result.exit_code == 2 and "leave out TITLE" in result.stderr
    result = cli("meeting", "--again", "--event", "latest", *PLAIN)
    assert result.exit_code == 2 and "--again cannot be combined with --event" in result.stderr


def test_the_receipt_shows_labels_scales_lines_people_tags_and_set(cli: Cli) -> None:
    first_acme_call(cli)
    result = cli(
        "meeting",
        "Acme weekly call",
        "--no-input",
        "-A",
        "goals=partly",
        "-A",
        "goals.note=budget still open",
        "-A",
        "customer=Price\nand the timing",
        "-A",
        "next=Send the quote @Ana due:2099-01-01",
        "-A",
        "worth=4",
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Acme weekly call · 2026-11-26")
    assert lines[1] == "  customer call · with Ana, Raj · tags client"
    assert "  Outcome reached: partly — budget still open" in lines
    assert "  Customer cared about: Price" in lines
    assert lines[lines.index("  Customer cared about: Price") + 1] == "    and the timing"
    assert "  Could be better: —" in lines
    assert "  Owed each way:" in lines and "    • Send the quote  @Ana  due 2099-01-01" in lines
    assert "  Worth it: 4/5" in lines
    for key in ("goals:", "customer:", "worth:", "next:", "improve:"):
        assert key not in result.stdout


# --- a typed title and the calendar ----------------------------------------------------------

CALENDAR_NOW = "2026-01-20T17:30:00+01:00"  # Weekly sync (moved) ended at 15:00 that day


@pytest.fixture
def added(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHECKOUT_NOW", CALENDAR_NOW)
    calendar = work_calendar(tmp_path / "cal")
    assert cli("config", "set", "email", ME).exit_code == 0
    assert cli("calendar", "add", str(calendar)).exit_code == 0
    return calendar


def test_a_typed_title_adopts_the_calendar_meeting_that_just_ended(cli: Cli, added: Path) -> None:
    result = cli("meeting", "weekly SYNC", *PLAIN, "--json")
    entry = saved(result)
    assert entry["with"] == ["Ana", "Raj"]
    assert entry["at"] == "2026-01-20T14:00:00+01:00"
    assert entry["event"]["uid"] == "sync@example.org"
    assert entry["event"]["occurrence"] == "2026-01-19T10:00:00+01:00"
    assert (
        "From your calendar: Weekly sync 14:00–15:00, with Ana, Raj "
        "(its start, people and event link)"
    ) in result.stderr
    # It is checked out now: the same title typed again adopts nothing.
    again = cli("meeting", "Weekly sync", *PLAIN, "--json")
    assert "event" not in saved(again)
    assert "From your calendar" not in again.stderr


def test_flags_beat_the_calendar_and_a_title_not_in_it_adopts_nothing(
    cli: Cli, added: Path
) -> None:
    result = cli("meeting", "Weekly sync", *PLAIN, "--with", "Mei", "--at", "today 14:05")
    assert result.exit_code == 0, result.output
    assert "From your calendar: Weekly sync 14:00–15:00 (its event link)" in result.stderr
    entry = json.loads(cli("show", "--json", _latest_id(cli)).stdout)
    assert entry["with"] == ["Mei"] and entry["at"] == "2026-01-20T14:05:00+01:00"
    other = saved(cli("meeting", "Lunch", *PLAIN, "--json"))
    assert "event" not in other and other["with"] == []


def test_a_calendar_series_check_out_beats_a_title_one(
    cli: Cli, added: Path, journal_file: Path
) -> None:
    """The series was checked out as a one-on-one under another title; a later
    check-out by title used the customer-call set. The series wins."""
    series = saved(cli("meeting", "--event", "sync@example.org@2026-01-05T10:00:00+01:00", *PLAIN,
                       "--set", "one-on-one", "--json"))  # fmt: skip
    lines = journal_file.read_text().replace('"Weekly sync"', '"Team sync (old name)"')
    journal_file.write_text(lines)
    saved(
        cli(
            "meeting",
            "Weekly sync",
            *ACME,
            "--set",
            "customer-call",
            "--at",
            "2026-01-13",
            "--json",
        )
    )
    result = cli("meeting", "Weekly sync", "--no-input", "--json", *_one_on_one_answers(cli))
    entry = saved(result)
    assert entry["event"]["uid"] == "sync@example.org"
    assert entry["set"] == series["set"] == "one-on-one"


def _one_on_one_answers(cli: Cli) -> list[str]:
    shown = json.loads(cli("questions", "show", "--json").stdout)
    sets = shown if isinstance(shown, list) else shown.get("sets", [])
    one = next(s for s in sets if s["name"] == "one-on-one")
    answers = []
    for question in one["questions"]:
        if question.get("optional"):
            continue
        value = {"choice": question.get("choices", ["yes"])[0], "scale": "3"}.get(
            question["kind"], "none" if question["kind"] == "actions" else "x"
        )
        answers += ["-A", f"{question['key']}={value}"]
    return answers


def _latest_id(cli: Cli) -> str:
    logged = json.loads(cli("log", "--json", "--limit", "1").stdout)
    return str(logged[0]["id"])
