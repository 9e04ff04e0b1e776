"""The journal merge git's merge driver runs: entries by id, sorted by `recorded_at`."""

from __future__ import annotations

from typing import Any

from checkout_cli.store.codec import decode, encode
from checkout_cli.store.journal_merge import merge


def line(entry_id: str, minute: int, title: str = "Weekly sync") -> bytes:
    entry: dict[str, Any] = {
        "v": 1,
        "id": entry_id,
        "at": f"2026-11-20T15:{minute:02d}:00+01:00",
        "recorded_at": f"2026-11-20T16:{minute:02d}:00+01:00",
        "title": title,
        "answers": [],
    }
    return encode(entry)


def ids(data: list[bytes]) -> list[str]:
    found = []
    for raw in data:
        entry = decode(raw)
        found.append(entry["id"] if isinstance(entry, dict) else raw.decode().strip())
    return found


def test_appends_on_both_sides_are_kept_once_each_in_recorded_order() -> None:
    base = line("a", 1)
    ours = base + line("c", 3)
    theirs = base + line("b", 2) + line("d", 4)
    merged = merge(base, ours, theirs)
    assert ids(merged.lines) == ["a", "b", "c", "d"]
    assert merged.conflicts == 0


def test_the_same_line_merged_before_is_not_doubled() -> None:
    shared = line("a", 1) + line("b", 2)
    merged = merge(line("a", 1), shared, shared)
    assert ids(merged.lines) == ["a", "b"]


def test_a_deletion_on_one_side_stays_deleted() -> None:
    base = line("a", 1) + line("b", 2)
    merged = merge(base, line("b", 2), base + line("c", 3))
    assert ids(merged.lines) == ["b", "c"]


def test_a_change_on_one_side_wins_over_the_unchanged_other() -> None:
    base = line("a", 1)
    renamed = line("a", 1, title="Renamed")
    for ours, theirs in ((renamed, base), (base, renamed)):
        merged = merge(base, ours, theirs)
        assert merged.lines == [renamed]


def test_a_change_survives_a_deletion_on_the_other_side() -> None:
    base = line("a", 1)
    renamed = line("a", 1, title="Renamed")
    assert merge(base, b"", renamed).lines == [renamed]


def test_two_different_changes_are_a_conflict_that_keeps_both() -> None:
    base = line("a", 1)
    mine, yours = line("a", 1, title="Mine"), line("a", 1, title="Yours")
    merged = merge(base, mine, yours)
    assert merged.conflicts == 1
    assert mine in merged.lines and yours in merged.lines
    assert merged.lines[0].startswith(b"<<<<<<<")


def test_lines_that_hold_no_entry_are_kept_unless_a_side_moved_them_out() -> None:
    garbage = b"{not json\n"
    base = line("a", 1) + garbage
    repaired = line("a", 1)
    merged = merge(base, repaired, base + b"also broken\n")
    assert ids(merged.lines) == ["a", "also broken"]
    merged = merge(b"", garbage, garbage)
    assert merged.lines == [garbage]


def test_a_journal_out_of_order_comes_out_sorted() -> None:
    late_synced = line("old", 0)
    merged = merge(b"", line("b", 2) + line("c", 3), line("b", 2) + line("c", 3) + late_synced)
    assert ids(merged.lines) == ["old", "b", "c"]
