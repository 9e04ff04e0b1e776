"""People and names through the CLI: `@me`, the alias table, `people`, `tags`, `titles`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import Result

Cli = Callable[..., Result]
QUICK = ("--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "worth=4")


def record(cli: Cli, title: str, *extra: str, at: str | None = None) -> dict[str, Any]:
    when = ("--at", at) if at else ()
    result = cli("meeting", title, *QUICK, *when, *extra, "--json")
    assert result.exit_code == 0, result.output
    entry: dict[str, Any] = json.loads(result.stdout)
    return entry


def owners(entry: dict[str, Any]) -> list[str | None]:
    return [s["owner"] for a in entry["answers"] if a["key"] == "next" for s in a["value"]]


def test_at_me_without_a_name_stays_me_and_says_how_once(cli: Cli) -> None:
    result = cli("meeting", "Sync", *QUICK, "-A", "next=Send @me", "-A", "next=Call @me")
    assert result.exit_code == 0
    assert result.stderr.count("checkout config set name NAME") == 1
    [entry] = json.loads(cli("log", "--json").stdout)
    assert owners(entry) == ["me", "me"]


def test_at_me_is_the_configured_name(cli: Cli) -> None:
    assert cli("config", "set", "name", "Sam").exit_code == 0
    result = cli("meeting", "Sync", *QUICK, "-A", "next=Send @me", "--json")
    assert owners(json.loads(result.stdout)) == ["Sam"]
    assert "config set name" not in result.stderr


def test_old_me_counts_as_the_configured_name(cli: Cli) -> None:
    record(cli, "Sync", "-A", "next=Early step @me")  # stored as `me`: no name yet
    assert cli("config", "set", "name", "Sam").exit_code == 0
    record(cli, "Sync", "-A", "next=Later step @me")
    for owner in ("Sam", "@me", "me", "sam"):
        found = json.loads(cli("actions", "--owner", owner, "--json").stdout)
        assert [item["text"] for item in found] == ["Early step", "Later step"], owner
        assert {item["owner"] for item in found} == {"Sam"}


def test_another_journals_me_is_theirs(cli: Cli, tmp_path: Path, journal_file: Path) -> None:
    theirs = tmp_path / "raj.jsonl"
    result = cli("meeting", "Sync", *QUICK, "-A", "next=Raj's step @me", "--journal", str(theirs))
    assert result.exit_code == 0
    cli("config", "set", "name", "Sam")
    record(cli, "Sync", "-A", "next=My step @me")
    both = ["--journal", str(journal_file), "--journal", str(theirs)]
    found = json.loads(cli("actions", *both, "--json").stdout)
    assert {item["text"]: item["owner"] for item in found} == {
        "Raj's step": "me (raj.jsonl)",
        "My step": "Sam",
    }
    mine = json.loads(cli("actions", *both, "--owner", "@me", "--json").stdout)
    assert [item["text"] for item in mine] == ["My step"]
    alone = json.loads(cli("actions", "--journal", str(theirs), "--json").stdout)
    assert alone[0]["owner"] == "me (raj.jsonl)"


def test_alias_set_shown_and_removed(cli: Cli, checkout_home: Path) -> None:
    result = cli("config", "set", "alias.Ana", "Ana Lima, ana@example.com")
    assert result.exit_code == 0
    assert "alias.Ana = Ana Lima, ana@example.com" in result.stderr
    text = (checkout_home / "config.toml").read_text()
    assert "[alias]" in text and '"Ana Lima"' in text
    assert "[alias]" in cli("config", "show").stdout
    assert json.loads(cli("config", "show", "--json").stdout) == {
        "alias": {"Ana": ["Ana Lima", "ana@example.com"]}
    }
    clash = cli("config", "set", "alias.Anna", "ana lima")
    assert clash.exit_code == 1 and "names both 'Ana' and 'Anna'" in clash.stderr
    removed = cli("config", "set", "alias.Ana", "")
    assert removed.exit_code == 0 and "alias.Ana removed" in removed.stderr
    assert "alias" not in (checkout_home / "config.toml").read_text()


def test_a_hand_broken_alias_table_is_one_line(cli: Cli, checkout_home: Path) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    (checkout_home / "config.toml").write_text("[alias]\nAna = 3\n")
    result = cli("people")
    assert result.exit_code == 1
    assert "alias 'Ana' must be a list of strings" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_one_person_in_every_listing(cli: Cli) -> None:
    record(cli, "Weekly sync", "--with", "Ana Lima", "--with", "Raj", "-A", "next=Notes @Ana")
    record(cli, "Weekly sync", "--with", "Ana", "-A", "next=Room @ana@example.com")
    record(cli, "1:1", "--with", "ana@example.com", "-A", "next=none")
    cli("config", "set", "alias.Ana", "Ana Lima, ana@example.com")
    assert len(json.loads(cli("log", "--with", "Ana", "--json").stdout)) == 3
    assert len(json.loads(cli("log", "--with", "ana lima", "--json").stdout)) == 3
    table = cli("log", "--with", "ana@example.com").stdout
    assert "Ana Lima" not in table and "ana@example.com" not in table
    found = json.loads(cli("actions", "--owner", "Ana Lima", "--json").stdout)
    assert [(i["text"], i["owner"]) for i in found] == [("Notes", "Ana"), ("Room", "Ana")]
    report = json.loads(cli("report", "--all", "--with", "Ana", "--json").stdout)
    assert report["count"] == 3
    assert {a["owner"] for a in report["actions"]} == {"Ana"}


def test_people_lists_everyone_with_what_is_owed_each_way(cli: Cli) -> None:
    cli("config", "set", "name", "Sam")
    cli("config", "set", "alias.Ana", "Ana Lima")
    record(cli, "Weekly", "--with", "Ana Lima", "--with", "Raj", "-A", "next=Mine @me")
    record(cli, "Weekly", "--with", "Ana", "-A", "next=Hers @Ana", "-A", "next=Theirs @Kim")
    result = cli("people", "--json")
    assert result.exit_code == 0
    people = {p["name"]: p for p in json.loads(result.stdout)}
    assert set(people) == {"Ana", "Raj", "Sam", "Kim"}
    ana = people["Ana"]
    assert (ana["checkouts"], ana["open_owed_by_them"], ana["open_owed_by_me"]) == (2, 1, 1)
    assert ana["spellings"] == ["Ana Lima", "Ana"]
    assert (people["Raj"]["open_owed_by_them"], people["Raj"]["open_owed_by_me"]) == (0, 1)
    assert people["Sam"]["you"] and people["Sam"]["open_owed_by_them"] == 1
    assert people["Kim"]["checkouts"] == 1 and people["Kim"]["open_owed_by_them"] == 1
    assert next(iter(people)) == "Ana"  # most check-outs first
    shown = cli("people").stdout
    assert "Sam (you)" in shown and "Ana Lima" in shown


def test_no_people_yet(cli: Cli) -> None:
    result = cli("people")
    assert result.exit_code == 0 and "No people yet" in result.stderr
    assert json.loads(cli("people", "--json").stdout) == []


def test_tags_and_titles_with_counts_newest_first(cli: Cli) -> None:
    record(cli, "Retro", "-t", "team", "-A", "next=none", at="2026-01-05T10:00")
    record(
        cli, "weekly sync", "-t", "Team", "-t", "planning", "-A", "next=x", at="2026-01-06T10:00"
    )
    record(cli, "Weekly  Sync", "-t", "customer", "-A", "next=y", at="2026-01-07T10:00")
    titles = json.loads(cli("titles", "--json").stdout)
    assert [(t["name"], t["count"]) for t in titles] == [("Weekly  Sync", 2), ("Retro", 1)]
    assert titles[0]["last"].startswith("2026-01-07T10:00")
    assert titles[1]["last"].startswith("2026-01-05T10:00")
    tags = json.loads(cli("tags", "--json").stdout)
    assert [(t["name"], t["count"]) for t in tags] == [
        ("customer", 1),
        ("Team", 2),
        ("planning", 1),
    ]
    shown = cli("tags").stdout
    assert "customer" in shown and "2026-01-06" in shown


def test_no_tags_or_titles_yet(cli: Cli) -> None:
    for command in ("tags", "titles"):
        result = cli(command)
        assert result.exit_code == 0 and f"No {command} yet" in result.stderr
