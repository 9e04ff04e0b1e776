"""`checkout search`: where text appears, in any case, newest first, user text never markup."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from checkout_cli.flows import search
from checkout_cli.model.errors import UsageProblem
from checkout_cli.store import journal

Cli = Callable[..., Result]


def entry(n: int, at: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "v": 1,
        "id": f"entry{n:03d}",
        "at": at,
        "recorded_at": at,
        "title": f"Meeting {n}",
        "with": [],
        "tags": [],
        "answers": [],
    }
    return {**base, **fields}


RICH = entry(
    1,
    "2026-11-20T15:00:00+01:00",
    title="Weekly sync",
    tags=["planning"],
    answers=[
        {"key": "goals", "question": "Q", "kind": "choice", "value": "partly", "note": "Budget!"},
        {"key": "improve", "question": "Q", "kind": "text", "value": "Start on [red]time[/red]."},
        {
            "key": "next",
            "question": "Q",
            "kind": "actions",
            "value": [
                {
                    "id": "e-1",
                    "text": "Send the notes",
                    "owner": "Ana",
                    "due": None,
                    "done_at": None,
                }
            ],
        },
        {"key": "worth", "question": "Q", "kind": "scale", "value": 4},
        {"key": "skipped", "question": "Q", "kind": "text", "value": None},
    ],
)
RICH["with"] = ["Raj", "Straße Team"]


@pytest.mark.parametrize(
    ("needle", "found"),
    [
        ("weekly", [("title", "Weekly sync")]),
        ("raj", [("with", "Raj")]),
        ("PLAN", [("tags", "planning")]),
        ("partly", [("goals", "partly")]),
        ("budget", [("goals.note", "Budget!")]),
        ("[red]", [("improve", "Start on [red]time[/red].")]),
        ("4", [("worth", "4")]),
        ("the notes", [("next", "Send the notes")]),
        ("ana", [("next.owner", "Ana")]),
        ("STRASSE", [("with", "Straße Team")]),
        ("s", None),
        ("nowhere", []),
    ],
)
def test_every_field_is_searched(needle: str, found: list[tuple[str, str]] | None) -> None:
    got = [tuple(m) for m in search.matches(RICH, needle)]
    if found is None:
        assert {field for field, _ in got} >= {"title", "with", "improve", "next"}
    else:
        assert got == found


def test_odd_entries_do_not_crash() -> None:
    odd: dict[str, Any] = {
        "title": 5,
        "with": "Ana",
        "tags": [None, "x"],
        "answers": [None, {"kind": "actions", "value": "oops"}, {"value": True}, {"value": 2.5}],
    }
    assert [tuple(m) for m in search.matches(odd, "x")] == [("tags", "x")]
    assert [tuple(m) for m in search.matches(odd, "2.5")] == [("?", "2.5")]
    assert search.matches({}, "x") == []


def test_spans_follow_case_folding() -> None:
    assert search.spans("Große Straße", "SS") == [(3, 4), (10, 11)]
    assert search.spans("aAa", "a") == [(0, 1), (1, 2), (2, 3)]
    assert search.spans("abc", "") == []


def test_highlight_styles_the_match_and_keeps_markup_as_text() -> None:
    text = search.highlighted("say [bold]Hi[/bold]\x1b[31m hi", "hi")
    assert text.plain == "say [bold]Hi[/bold][31m hi"  # the escape byte is gone
    styled = [text.plain[s.start : s.end] for s in text.spans]
    assert styled == ["Hi", "hi"]


def test_long_text_is_cut_around_the_match() -> None:
    long = "x" * 200 + " needle " + "y" * 200
    text = search.highlighted(long, "NEEDLE", width=60)
    assert text.plain.startswith("…") and text.plain.endswith("…")
    assert len(text.plain) <= 62
    [span] = text.spans
    assert text.plain[span.start : span.end] == "needle"


def test_search_needs_text() -> None:
    with pytest.raises(UsageProblem):
        search.search(iter([]), "  ")


def test_search_keeps_only_the_hits_of_a_stream() -> None:
    def many() -> Iterator[dict[str, Any]]:
        for n in range(2000):
            yield entry(n, "2026-01-01T00:00:00+00:00", title="match" if n % 500 == 0 else "x")

    hits = search.search(many(), "MATCH")
    assert [h.entry["id"] for h in hits] == ["entry1500", "entry1000", "entry500", "entry000"]


def write(path: Path, *items: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for item in items:
        journal.Journal(path, warn=print).append(item)


def test_json_lists_entries_newest_first_with_their_matches(cli: Cli, journal_file: Path) -> None:
    old = entry(2, "2026-11-01T09:00:00+01:00", title="Budget review")
    new = entry(3, "2026-11-27T09:00:00+01:00", title="Retro", tags=["budget"])
    write(journal_file, old, RICH, new, entry(4, "2026-11-28T09:00:00+01:00"))
    result = cli("search", "BUDGET", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["entry"]["id"] for d in data] == ["entry003", "entry001", "entry002"]
    assert data[0] == {"entry": new, "matches": [{"field": "tags", "text": "budget"}]}
    assert data[1]["matches"] == [{"field": "goals.note", "text": "Budget!"}]


def test_table_shows_id_when_title_and_field(cli: Cli, journal_file: Path) -> None:
    write(journal_file, RICH)
    result = cli("search", "[red]")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["entry001", "2026-11-20", "15:00", "Weekly", "sync"]
    assert lines[1].strip() == "improve: Start on [red]time[/red]."


def test_no_hits_is_not_an_error(cli: Cli, journal_file: Path) -> None:
    write(journal_file, RICH)
    result = cli("search", "nothing like it")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No check-outs mention" in result.stderr
    assert json.loads(cli("search", "nothing", "--json").stdout) == []


def test_several_journals_are_merged_and_labelled(cli: Cli, tmp_path: Path) -> None:
    mine, team = tmp_path / "mine.jsonl", tmp_path / "team" / "team.jsonl"
    write(mine, entry(1, "2026-11-20T10:00:00+01:00", title="Budget A"))
    write(team, entry(2, "2026-11-21T10:00:00+01:00", title="Budget B"))
    result = cli("search", "budget", "--json", "-j", str(mine), "-j", str(team))
    data = json.loads(result.stdout)
    assert [(d["entry"]["id"], d["entry"]["source"]) for d in data] == [
        ("entry002", "team.jsonl"),
        ("entry001", "mine.jsonl"),
    ]
    shown = cli("search", "budget", "-j", str(mine), "-j", str(team)).stdout
    assert "(team.jsonl)" in shown and "(mine.jsonl)" in shown


def test_a_missing_named_journal_is_an_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("search", "x", "-j", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 1 and "does not exist" in result.stderr
