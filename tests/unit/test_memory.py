"""What a check-out remembers of a meeting: the rules of `model.memory`, on plain entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checkout_cli.model import memory
from checkout_cli.model.memory import Remembered, choose, latest, recall, settled


def entry(
    title: str,
    *,
    set_name: str | None = "meeting",
    tags: list[str] | None = None,
    people: list[str] | None = None,
    uid: str | None = None,
    at: str = "2026-11-25T10:00:00+01:00",
    entry_id: str = "e",
) -> dict[str, Any]:
    found: dict[str, Any] = {"v": 1, "id": entry_id, "at": at, "title": title, "answers": []}
    if set_name is not None:
        found["set"] = set_name
    if tags is not None:
        found["tags"] = tags
    if people is not None:
        found["with"] = people
    if uid is not None:
        found["event"] = {"uid": uid, "occurrence": at, "calendar": "work.ics"}
    return found


def test_a_title_seen_before_gives_its_latest_set_tags_and_people() -> None:
    entries = [
        entry("Acme weekly call", set_name="meeting", people=["Old"], entry_id="a"),
        entry("Weekly sync", set_name="meeting", entry_id="b"),
        entry(
            "Acme weekly call",
            set_name="customer-call",
            tags=["client"],
            people=["Ana", "Raj"],
            entry_id="c",
        ),
        entry("Design review", set_name="meeting", entry_id="d"),
    ]
    found = recall(entries, title="Acme weekly call")
    assert found == Remembered(
        title="Acme weekly call",
        at="2026-11-25T10:00:00+01:00",
        set_name="customer-call",
        tags=("client",),
        people=("Ana", "Raj"),
        entry_id="c",
        how="title",
    )


def test_titles_match_whatever_their_case_and_spacing() -> None:
    entries = [entry("Acme Weekly Call", set_name="customer-call", entry_id="a")]
    for typed in ("acme weekly call", "ACME  weekly\tcall", "  Acme Weekly Call "):
        found = recall(entries, title=typed)
        assert found is not None and found.entry_id == "a"
    assert recall(entries, title="Acme weekly") is None


def test_a_title_never_seen_remembers_nothing() -> None:
    assert recall([entry("Weekly sync")], title="Board meeting") is None
    assert recall([], title="Board meeting") is None
    assert recall([entry("Weekly sync")], title=None) is None


def test_only_the_last_span_of_check_outs_is_looked_at() -> None:
    old = entry("Quarterly review", set_name="customer-call", entry_id="old")
    filler = [entry(f"Sync {n}", entry_id=f"f{n}") for n in range(memory.SPAN)]
    assert memory.SPAN == 1000
    assert recall([old, *filler], title="Quarterly review") is None
    # One entry fewer in between, and it is within the span again.
    found = recall([old, *filler[1:]], title="Quarterly review")
    assert found is not None and found.entry_id == "old"


def test_a_calendar_series_match_beats_a_later_title_match() -> None:
    entries = [
        entry("Weekly sync (renamed since)", set_name="one-on-one", uid="sync@x", entry_id="a"),
        entry("Weekly sync", set_name="customer-call", entry_id="b"),
    ]
    found = recall(entries, title="Weekly sync", uid="sync@x")
    assert found is not None and (found.entry_id, found.how) == ("a", "event")
    # Without a check-out of the series, the title still counts.
    found = recall(entries, title="Weekly sync", uid="other@x")
    assert found is not None and (found.entry_id, found.how) == ("b", "title")


def test_settled_says_when_a_longer_read_could_not_change_the_answer() -> None:
    entries = [entry("Weekly sync", entry_id="a")]
    assert settled(entries, title="Weekly sync")
    assert not settled(entries, title="Board meeting")
    # A title match is not the last word while a series may have been checked out earlier.
    assert not settled(entries, title="Weekly sync", uid="sync@x")
    assert settled([entry("X", uid="sync@x")], title="Weekly sync", uid="sync@x")


def test_odd_entries_are_passed_over_not_trusted() -> None:
    odd: list[dict[str, Any]] = [
        {"title": 42, "set": "customer-call"},
        {"title": "Weekly sync", "set": ["not", "a", "name"], "tags": "x", "with": None},
        {"title": "Other", "event": "not a table"},
    ]
    found = recall(odd, title="Weekly sync")
    assert found is not None
    assert (found.set_name, found.tags, found.people, found.at) == (None, (), (), "")
    assert recall(odd, title="Other", uid="u") is not None


def test_latest_is_the_last_check_out_with_a_title() -> None:
    entries = [entry("Weekly sync", entry_id="a"), entry("Design review", entry_id="b")]
    found = latest(entries)
    assert found is not None and (found.title, found.how) == ("Design review", "latest")
    assert latest([]) is None
    assert latest([{"title": "  "}]) is None


def test_what_was_given_wins_and_memory_fills_the_rest() -> None:
    remembered = recall(
        [entry("Acme", set_name="customer-call", tags=["client"], people=["Ana"])], title="Acme"
    )
    nothing_given = choose(remembered, set_name=None, tags=(), people=())
    assert (nothing_given.set_name, nothing_given.tags, nothing_given.people) == (
        "customer-call",
        ("client",),
        ("Ana",),
    )
    assert nothing_given.from_memory == {"set", "tags", "people"}
    all_given = choose(remembered, set_name="meeting", tags=["x"], people=["Raj"])
    assert (all_given.set_name, all_given.tags, all_given.people) == ("meeting", ("x",), ("Raj",))
    assert all_given.from_memory == frozenset()
    people_given = choose(remembered, set_name=None, tags=(), people=["Raj"])
    assert people_given.from_memory == {"set", "tags"} and people_given.people == ("Raj",)
    fresh = choose(None, set_name=None, tags=(), people=())
    assert (fresh.set_name, fresh.tags, fresh.people, fresh.from_memory) == (
        None,
        (),
        (),
        frozenset(),
    )


def test_memory_without_tags_or_people_supplies_only_the_set() -> None:
    remembered = recall([entry("Acme", set_name="customer-call")], title="Acme")
    chosen = choose(remembered, set_name=None, tags=(), people=())
    assert chosen.from_memory == {"set"} and chosen.tags == () and chosen.people == ()


def test_the_journal_heads_hold_what_memory_reads_and_bad_lines_stay_reported(
    tmp_path: Path,
) -> None:
    """`Journal.tail(heads=True)` reads a line's meeting fields only; what it keeps equals
    the full read's, and a line that is no entry is reported just the same."""
    from checkout_cli.store.journal import Journal

    lines = [
        entry("Acme", set_name="customer-call", tags=["client"], people=["Ana"], uid="u1"),
        entry("Sync", entry_id="s"),
    ]
    lines[0]["answers"] = [{"key": "goals", "kind": "choice", "value": "yes"}]
    path = tmp_path / "journal.jsonl"
    path.write_text(
        json.dumps(lines[0])
        + "\n[1, 2]\nnot json\n"
        + json.dumps(lines[1], ensure_ascii=False)
        + "\n"
    )
    heard: list[str] = []
    heads = Journal(path, warn=heard.append).tail(10, heads=True)
    full = Journal(path, warn=lambda message: None).tail(10)
    assert [{k: e[k] for k in head} for e, head in zip(full, heads, strict=True)] == heads
    assert heads[0]["with"] == ["Ana"] and heads[0]["event"]["uid"] == "u1"
    assert len(heard) == 2 and all("line" in message for message in heard)
    assert recall(heads, title="acme", uid="u1") == recall(full, title="acme", uid="u1")
