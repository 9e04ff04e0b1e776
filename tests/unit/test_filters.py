"""Filters: exact, case-insensitive tags and people; title substring; exact set."""

from __future__ import annotations

from typing import Any

import pytest

from checkout_cli.model.filters import Filters

SYNC: dict[str, Any] = {
    "title": "Weekly  Sync",
    "with": ["Ana", "Raj"],
    "tags": ["Team", "q4"],
    "set": "meeting",
}


def test_no_criteria_matches_everything() -> None:
    assert not Filters().active
    assert Filters().matches(SYNC)
    assert Filters().matches({})
    assert not Filters(title="").active


def test_tags_match_exactly_ignoring_case() -> None:
    assert Filters(tags=("team",)).matches(SYNC)
    assert Filters(tags=("TEAM",)).matches(SYNC)
    assert not Filters(tags=("tea",)).matches(SYNC)
    assert not Filters(tags=("teamwork",)).matches(SYNC)
    assert Filters(tags=("other", "Q4")).matches(SYNC)
    assert Filters(tags=("team",)).active


def test_people_match_any_listed() -> None:
    assert Filters(people=("raj",)).matches(SYNC)
    assert Filters(people=("Lee", "ana")).matches(SYNC)
    assert not Filters(people=("an",)).matches(SYNC)


def test_tags_and_people_must_both_hold() -> None:
    assert Filters(tags=("team",), people=("ana",)).matches(SYNC)
    assert not Filters(tags=("team",), people=("lee",)).matches(SYNC)
    assert not Filters(tags=("ops",), people=("ana",)).matches(SYNC)


def test_title_is_a_substring_ignoring_case_and_spacing() -> None:
    assert Filters(title="weekly sync").matches(SYNC)
    assert Filters(title="SYNC").matches(SYNC)
    assert not Filters(title="daily").matches(SYNC)
    assert not Filters(title="sync").matches({"title": None})


def test_set_is_exact() -> None:
    assert Filters(sets=("meeting",)).matches(SYNC)
    assert Filters(sets=("retro", "meeting")).matches(SYNC)
    assert not Filters(sets=("Meeting",)).matches(SYNC)
    assert not Filters(sets=("meeting",)).matches({"title": "x"})


@pytest.mark.parametrize(
    "entry",
    [
        {},
        {"tags": "team", "with": "ana"},
        {"tags": [None, 3], "with": [{"name": "ana"}]},
        {"tags": None, "with": None, "title": 7, "set": ["meeting"]},
    ],
)
def test_odd_entries_never_crash(entry: dict[str, Any]) -> None:
    every = Filters(tags=("team",), people=("ana",), title="sync", sets=("meeting",))
    assert not every.matches(entry)


def test_filters_compare_and_print_by_their_fields() -> None:
    assert Filters(tags=("a",)) == Filters(tags=("a",))
    assert "_tags" not in repr(Filters(tags=("a",)))
