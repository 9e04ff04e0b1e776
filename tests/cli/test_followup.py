"""`checkout followup`: the note for the attendees as text, Markdown and a mailto: URL, with
the calendar's addresses and next meeting; and the parting a check-out prints, in its
set's language."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from typer.testing import Result

from tests.unit.test_calendar_files import _set_tz
from tests.unit.test_calendar_flow import ME, work_calendar

Cli = Callable[..., Result]
NOW = "2026-01-20T17:30:00+01:00"  # Tuesday, after the moved Weekly sync (14:00-15:00)


@pytest.fixture(autouse=True)
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = os.environ.get("TZ")
    _set_tz("Europe/Berlin")
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    yield
    _set_tz(before)


@pytest.fixture
def calendar(cli: Cli, tmp_path: Path) -> Path:
    path = work_calendar(tmp_path / "cal")
    assert cli("config", "set", "email", ME).exit_code == 0
    assert cli("calendar", "add", str(path)).exit_code == 0
    return path


def record(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("meeting", *args, "--no-input", "--json")
    assert result.exit_code == 0, result.output
    entry: dict[str, Any] = json.loads(result.stdout)
    return entry


def sync_from_calendar(cli: Cli) -> dict[str, Any]:
    return record(
        cli,
        "--event",
        "sync@example.org",
        "-A",
        "goals=yes",
        "-A",
        "next=Send the mock-ups @Ana due:friday",
        "-A",
        "next=Book the room @me",
        "-A",
        "worth=4",
    )


def test_text_thanks_lists_what_was_agreed_and_the_next_meeting(cli: Cli, calendar: Path) -> None:
    assert cli("config", "set", "name", "Pat Smith").exit_code == 0
    sync_from_calendar(cli)
    result = cli("followup")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Subject: Weekly sync: follow-up"
    assert lines[1] == ""
    assert "Hi Ana and Raj," in lines
    assert "Thank you for today's Weekly sync. What we agreed:" in lines
    assert "- Send the mock-ups (Ana, by Fri 23 Jan)" in lines
    assert "- Book the room (me)" in lines
    assert "Next meeting: Mon 26 Jan at 10:00." in lines
    assert lines[-2:] == ["Best,", "Pat Smith"]


def test_markdown(cli: Cli, calendar: Path) -> None:
    entry = sync_from_calendar(cli)
    result = cli("followup", entry["id"][:4], "--format", "md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("**Weekly sync: follow-up**\n\nHi Ana and Raj,\n")
    # A blank line before the list, so Markdown sees a list.
    assert (
        "What we agreed:\n\n- Send the mock-ups (Ana, by Fri 23 Jan)\n- Book the room (me)\n"
        in (text)
    )
    assert "Next meeting: Mon 26 Jan at 10:00." in text


def test_markdown_escapes_what_people_typed(cli: Cli) -> None:
    record(cli, "Sync *now*", "--with", "Ana", "-A", "goals=yes", "-A", "next=Fix [the] _bug_")
    text = cli("followup", "-f", "md").stdout
    assert "**Sync \\*now\\*: follow-up**" in text
    assert "- Fix \\[the\\] \\_bug\\_" in text


def test_mailto_goes_to_the_attendees_the_calendar_knows(cli: Cli, calendar: Path) -> None:
    sync_from_calendar(cli)
    result = cli("followup", "--mailto")
    assert result.exit_code == 0, result.output
    [url] = result.stdout.splitlines()
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path).split(",") == ["ana@example.org", "raj@example.org"]
    query = parse_qs(parts.query, strict_parsing=True)
    assert query["subject"] == ["Weekly sync: follow-up"]
    [body] = query["body"]
    assert body.startswith("Hi Ana and Raj,\r\n\r\nThank you for today's Weekly sync.")
    assert "\r\n- Send the mock-ups (Ana, by Fri 23 Jan)\r\n" in body
    assert "Next meeting: Mon 26 Jan at 10:00." in body
    assert " " not in url and "\n" not in url
    assert result.stderr == ""


def test_a_typed_title_finds_its_calendar_meeting_for_the_addresses(
    cli: Cli, calendar: Path
) -> None:
    record(
        cli,
        "design review",
        "--at",
        "today 16:05",
        "--with",
        "Ana",
        "-A",
        "goals=yes",
        "-A",
        "next=none",
    )
    url = cli("followup", "--mailto").stdout.strip()
    assert urlsplit(url).path == "ana@example.org"


def test_mailto_without_a_calendar_says_whose_address_is_missing(cli: Cli) -> None:
    record(cli, "Sync", "--with", "Ana", "--with", "Raj", "-A", "goals=yes", "-A", "next=none")
    result = cli("followup", "--mailto")
    assert result.exit_code == 0
    parts = urlsplit(result.stdout.strip())
    assert (parts.scheme, parts.path) == ("mailto", "")
    assert parse_qs(parts.query)["body"][0].startswith("Hi Ana and Raj,")
    assert "no address for Ana, Raj" in result.stderr


def test_json_has_every_part(cli: Cli, calendar: Path) -> None:
    entry = sync_from_calendar(cli)
    data = json.loads(cli("followup", "--json").stdout)
    assert data["id"] == entry["id"]
    assert data["language"] == "en"
    assert data["to"] == ["ana@example.org", "raj@example.org"]
    assert data["without_address"] == []
    assert data["subject"] == "Weekly sync: follow-up"
    assert "- Book the room (me)" in data["body"]
    assert data["mailto"].startswith("mailto:ana@example.org,raj@example.org?subject=")


def test_without_calendar_the_rhythm_and_without_people_everyone(cli: Cli) -> None:
    for day in ("2025-12-30", "2026-01-06", "2026-01-13"):
        record(cli, "Team", "--at", day, "-A", "goals=yes", "-A", "next=none")
    record(cli, "Team", "-A", "goals=partly", "-A", "next=none")
    text = cli("followup").stdout
    assert "Hi all," in text
    assert "We agreed no next steps this time." in text
    assert "See you next week, as usual." in text
    assert "Best," in text


def test_an_earlier_check_out_is_thanked_for_on_its_day(cli: Cli) -> None:
    first = record(
        cli,
        "Retro",
        "--at",
        "2026-01-15",
        "--with",
        "Li",
        "-A",
        "goals=no",
        "-A",
        "next=Write it down @Li",
    )
    record(cli, "Other", "-A", "goals=yes", "-A", "next=none")
    text = cli("followup", first["id"]).stdout
    assert "Thank you for Retro on Thu 15 Jan. What we agreed:" in text
    assert "- Write it down (Li)" in text
    assert "Next meeting" not in text and "See you" not in text


def test_a_spanish_check_out_gets_a_spanish_parting_and_note(cli: Cli, calendar: Path) -> None:
    result = cli(
        "meeting",
        "Weekly sync",
        "--set",
        "meeting-es",
        "--event",
        "sync@example.org",
        "--no-input",
        "-A",
        "goals=sí",
        "-A",
        "next=Enviar las notas @Ana due:friday",
        "-A",
        "worth=5",
    )
    assert result.exit_code == 0, result.output
    parting = result.stdout.splitlines()[-1]
    assert "Ana y Raj" in parting
    assert "el lun 26 ene a las 10:00" in parting
    assert "Un próximo paso acordado" in parting
    assert "El próximo check-out de Weekly sync preguntará por él." in parting
    note = cli("followup").stdout
    assert note.startswith("Asunto: Weekly sync: seguimiento\n")
    assert "Hola, Ana y Raj:" in note
    assert "- Enviar las notas (Ana, para el vie 23 ene)" in note
    assert "Próxima reunión: lun 26 ene a las 10:00." in note


def test_a_french_note(cli: Cli) -> None:
    record(
        cli,
        "Point",
        "--set",
        "meeting-fr",
        "--with",
        "Ana",
        "--with",
        "Raj",
        "--with",
        "Li",
        "-A",
        "goals=oui",
        "-A",
        "next=Relire @me",
    )
    note = cli("followup").stdout
    assert note.startswith("Objet : Point : suivi\n")
    assert "Bonjour Ana, Raj et Li," in note
    assert "- Relire (moi)" in note


def test_a_poor_meeting_gets_an_honest_parting(cli: Cli) -> None:
    result = cli(
        "meeting", "Retro", "--no-input", "-A", "goals=no", "-A", "next=none", "-A", "worth=2"
    )
    parting = result.stdout.splitlines()[-1]
    assert parting in {
        "Not the meeting you hoped for, and it helps that you said so. The next one can be "
        "better. See you next time.",
        "A hard one. What you wrote down is where the next meeting starts. See you next time.",
    }


def test_errors(cli: Cli) -> None:
    none = cli("followup")
    assert none.exit_code == 1 and "no journal yet" in none.stderr
    record(cli, "Sync", "-A", "goals=yes", "-A", "next=none")
    missing = cli("followup", "zzzz")
    assert missing.exit_code == 1 and "no check-out with id 'zzzz'" in missing.stderr
    bad = cli("followup", "--format", "pdf")
    assert bad.exit_code == 2 and "--format" in bad.stderr
    both = cli("followup", "--format", "md", "--mailto")
    assert both.exit_code == 2 and "--mailto" in both.stderr


def test_the_note_is_in_the_language_of_a_set_no_longer_in_the_file(cli: Cli) -> None:
    from checkout_cli.store import paths

    record(cli, "Sync", "--set", "meeting-fr", "-A", "goals=oui", "-A", "next=none")
    mine = paths.user_questions_file()
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text('[meeting]\n[[meeting.questions]]\nkey = "k"\ntext = "Q?"\nkind = "text"\n')
    assert "meeting-fr" not in cli("questions", "show").stdout
    assert cli("followup").stdout.startswith("Objet : Sync : suivi")
