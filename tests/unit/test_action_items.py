"""ActionItem: a journal next step read into typed fields, whatever a hand edit left there."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import Result

from checkout_cli.flows.follow import items_of, select, set_done
from checkout_cli.model.actions import ActionItem
from tests.cli.test_odd_entries import ENTRY, JSON

TODAY = date(2026, 11, 20)
ENTRY_OF = {"id": "k3m9qzab", "title": "Weekly sync", "at": "2026-11-16T10:00:00+01:00"}


def test_a_well_formed_step_as_json_is_what_actions_json_always_printed() -> None:
    action = {
        "id": "k3m9qzab-1",
        "text": "Send the notes",
        "owner": "Ana",
        "due": "2026-11-25",
        "done_at": None,
    }
    item = ActionItem.of(action, ENTRY_OF)
    before = {**action, "entry_id": "k3m9qzab", "title": "Weekly sync", "at": ENTRY_OF["at"]}
    assert json.dumps(item.as_json()) == json.dumps(before)
    assert (item.id, item.text, item.owner, item.due, item.done_at) == (
        "k3m9qzab-1",
        "Send the notes",
        "Ana",
        "2026-11-25",
        None,
    )
    assert item.due_date == date(2026, 11, 25) and item.is_open and not item.is_overdue(TODAY)
    labelled = ActionItem.of(action, {**ENTRY_OF, "source": "ana"})
    assert labelled.source == "ana" and labelled.as_json()["source"] == "ana"


def test_fields_of_a_later_version_ride_along_in_json() -> None:
    action = {"id": "a-1", "text": "x", "priority": "high", "title": "not the meeting's"}
    found = ActionItem.of(action, ENTRY_OF).as_json()
    assert found["priority"] == "high"
    assert found["title"] == "Weekly sync"  # the meeting's fields win, as before
    assert list(found)[:6] == ["id", "text", "owner", "due", "done_at", "priority"]


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        # owner a number, due a number, done_at garbage
        ({"id": 5, "text": 7, "owner": 42, "due": 20261201, "done_at": 0}, ("5", "7", "42")),
        ({"id": None, "text": None, "owner": True, "due": [], "done_at": False}, ("", "", None)),
        ({"id": ["a"], "text": {"b": 1}, "owner": {}, "due": {}, "done_at": ""}, ("", "", None)),
        ({"owner": "", "due": "", "done_at": None}, ("", "", None)),
        ({}, ("", "", None)),
    ],
)
def test_odd_values_become_no_value_or_text(action: dict[str, Any], expected: tuple[Any]) -> None:
    item = ActionItem.of(action, {"id": 3, "title": None, "at": 17})
    assert (item.id, item.text, item.owner) == expected
    assert item.is_open  # null, false, "" and 0 leave a step open
    assert (item.entry_id, item.title, item.at) == ("3", "", "17")
    assert not item.is_overdue(TODAY)
    json.dumps(item.as_json())


@pytest.mark.parametrize(
    ("due", "due_date", "overdue"),
    [
        ("2026-11-19", date(2026, 11, 19), True),
        ("2026-11-20", date(2026, 11, 20), False),
        ("2026-11-18T10:00:00+01:00", date(2026, 11, 18), True),
        ("20261101", date(2026, 11, 1), True),
        ("friday", None, False),
        ("1999", None, False),
        ("2026-02-30", None, False),
        ("\x1b[31m", None, False),
    ],
)
def test_due_not_a_date_is_kept_as_text_and_never_overdue(
    due: str, due_date: date | None, overdue: bool
) -> None:
    item = ActionItem.of({"id": "a-1", "text": "x", "due": due}, ENTRY_OF)
    assert item.due == due and item.due_date == due_date
    assert item.is_overdue(TODAY) is overdue
    closed = ActionItem.of({"id": "a-1", "due": due, "done_at": "2026-11-19T10:00:00Z"})
    assert not closed.is_open and not closed.is_overdue(TODAY)


@pytest.mark.parametrize("done_at", ["yesterday", True, 1, ["x"], {"a": 1}, "2026-13-99"])
def test_any_other_done_at_means_done(done_at: Any) -> None:
    item = ActionItem.of({"id": "a-1", "text": "x", "done_at": done_at})
    assert not item.is_open and isinstance(item.done_at, str)


def test_items_are_frozen() -> None:
    item = ActionItem.of({"id": "a-1"})
    with pytest.raises(AttributeError):
        item.text = "y"  # type: ignore[misc]


@given(
    action=st.one_of(
        st.dictionaries(st.sampled_from(["id", "text", "owner", "due", "done_at", "x"]), JSON),
        st.dictionaries(st.text(max_size=4), JSON),
    ),
    entry=JSON,
)
def test_any_json_never_raises(action: dict[str, Any], entry: Any) -> None:
    item = ActionItem.of(action, entry if isinstance(entry, dict) else None)
    item.is_overdue(TODAY)
    assert item.due_date is None or isinstance(item.due_date, date)
    json.dumps(item.as_json())


@given(entries=st.lists(ENTRY, max_size=4))
def test_odd_entries_list_and_sort_without_raising(entries: list[dict[str, Any]]) -> None:
    found = select(items_of(entries), today=TODAY, include_done=True, owners=["@ana"], title="s")
    assert all(isinstance(item, ActionItem) for item in found)


def test_items_of_is_lazy() -> None:
    def entries() -> Iterator[dict[str, Any]]:
        yield {**ENTRY_OF, "answers": [{"kind": "actions", "value": [{"id": "a-1"}]}]}
        raise AssertionError("read past the first entry")

    assert next(items_of(entries())).id == "a-1"


def test_done_finds_a_step_whose_id_was_hand_edited_into_a_number(
    cli: Callable[..., Result], journal_file: Path
) -> None:
    journal_file.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "v": 1,
        **ENTRY_OF,
        "recorded_at": ENTRY_OF["at"],
        "answers": [
            {"key": "next", "kind": "actions", "value": [{"id": 5, "text": "x", "owner": 42}]}
        ],
    }
    journal_file.write_text(json.dumps(entry) + "\n")
    listed = json.loads(cli("actions", "--json", "--owner", "42").stdout)
    assert [(i["id"], i["owner"]) for i in listed] == [("5", "42")]
    marked = set_done(journal_file, ["5"], done=True, now=_now())
    assert [(m.item.id, m.changed, m.item.is_open) for m in marked] == [("5", True, False)]
    stored = json.loads(journal_file.read_text())["answers"][0]["value"][0]
    assert stored["id"] == 5 and stored["done_at"] == "2026-11-20T17:00:00+01:00"
    again = set_done(journal_file, ["5"], done=True, now=_now())
    assert [m.changed for m in again] == [False]


def _now() -> Any:
    from datetime import datetime

    return datetime.fromisoformat("2026-11-20T17:00:00+01:00")
