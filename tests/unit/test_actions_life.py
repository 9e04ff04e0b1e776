"""A next step's life as the model sees it: its status, changes, the carry-over's answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checkout_cli.model.actions import (
    KEEP,
    ActionItem,
    Change,
    apply_change,
    due_limit,
    owner_name,
    parse_carry_answer,
    same_step,
    split_old,
)
from checkout_cli.model.errors import CheckoutError
from checkout_cli.model.refs import Back, StepRef, entry_ref, step_ref

TODAY = date(2026, 12, 2)  # a Wednesday
STAMP = "2026-12-02T10:00:00+01:00"


def step(**fields: Any) -> dict[str, Any]:
    return {
        "id": "k3m9qzab-1",
        "text": "Send the notes",
        "owner": None,
        "due": None,
        "done_at": None,
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, "open"),
        ({"done_at": STAMP}, "done"),
        ({"done_at": STAMP, "dropped": True, "reason": "not needed"}, "dropped"),
        ({"done_at": STAMP, "moved_to": "abcdefgh-2"}, "moved"),
        # marks without a closing time: open, as every older reader sees it
        ({"dropped": True}, "open"),
        ({"moved_to": "abcdefgh-2"}, "open"),
        # two marks left by a hand edit: moved wins, so it still reads one way
        ({"done_at": STAMP, "dropped": True, "moved_to": "x-1"}, "moved"),
    ],
)
def test_status_follows_done_at_then_the_closing_marks(fields: dict[str, Any], status: str) -> None:
    item = ActionItem.of(step(**fields))
    assert item.status == status
    assert item.is_open == (status == "open")


def test_a_dropped_or_moved_step_keeps_its_fields_in_json() -> None:
    dropped = ActionItem.of(step(done_at=STAMP, dropped=True, reason="not needed"))
    assert dropped.as_json()["dropped"] is True and dropped.as_json()["reason"] == "not needed"
    moved = ActionItem.of(step(moved_from="abcdefgh-3"))
    assert moved.as_json()["moved_from"] == "abcdefgh-3" and "dropped" not in moved.as_json()


def test_drop_then_done_then_reopen_leave_one_set_of_marks() -> None:
    action = step(priority="high")  # a later version's field rides along
    assert apply_change(action, Change(to="dropped", reason="not needed"), STAMP)
    assert action["done_at"] == STAMP and action["dropped"] is True
    assert action["reason"] == "not needed"
    # dropped again without a reason keeps the reason: nothing changes
    assert not apply_change(action, Change(to="dropped"), "2026-12-03T10:00:00+01:00")
    assert apply_change(action, Change(to="done"), "2026-12-03T10:00:00+01:00")
    assert "dropped" not in action and "reason" not in action
    assert action["done_at"] == "2026-12-03T10:00:00+01:00"
    assert apply_change(action, Change(to="open"), STAMP)
    assert action["done_at"] is None and action["priority"] == "high"
    assert not apply_change(action, Change(to="open"), STAMP)


def test_a_new_due_date_or_owner_changes_only_that() -> None:
    action = step(owner="Ana", due="2026-12-01")
    assert apply_change(action, Change(due="2026-12-04"), STAMP)
    assert (action["owner"], action["due"], action["done_at"]) == ("Ana", "2026-12-04", None)
    assert apply_change(action, Change(owner=None), STAMP)
    assert action["owner"] is None
    assert not apply_change(action, Change(due="2026-12-04", owner=KEEP), STAMP)


def test_moved_points_at_the_new_step() -> None:
    action = step()
    assert apply_change(action, Change(to="moved", moved_to="newentry-1"), STAMP)
    assert ActionItem.of(action).status == "moved" and action["moved_to"] == "newentry-1"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", Change()),
        ("n", Change()),
        ("open", Change()),
        ("  Y ", Change(to="done")),
        ("done", Change(to="done")),
        ("x", Change(to="dropped")),
        ("x not needed any more", Change(to="dropped", reason="not needed any more")),
        ("drop", Change(to="dropped")),
        ("m", Change(to="moved")),
        ("move due:friday", Change(to="moved", due="2026-12-04")),
        ("due:friday @Raj", Change(due="2026-12-04", owner="Raj")),
        ("@Raj", Change(owner="Raj")),
        ("@me", Change(owner="Sam")),
        ("due:next friday", Change(due="2026-12-11")),
    ],
)
def test_carry_over_answers(typed: str, expected: Change) -> None:
    assert parse_carry_answer(typed, today=TODAY, me="Sam") == expected


@pytest.mark.parametrize(
    "typed",
    ["maybe", "y please", "due:yesterday", "due:2026-11-01", "@Ana @Raj", "due:friday more"],
)
def test_carry_over_answers_refused_with_the_reason(typed: str) -> None:
    with pytest.raises(CheckoutError):
        parse_carry_answer(typed, today=TODAY, me="Sam")


def test_no_move_where_the_meeting_takes_no_next_steps() -> None:
    with pytest.raises(CheckoutError, match="nothing moves in"):
        parse_carry_answer("m", today=TODAY, me="Sam", can_move=False)


def test_split_old_by_the_day_agreed() -> None:
    def agreed(at: str) -> ActionItem:
        return ActionItem.of(step(), {"id": "e", "title": "t", "at": at})

    recent_one = agreed("2026-11-27T10:00:00+01:00")
    edge = agreed("2026-11-04T10:00:00+01:00")  # exactly four weeks ago: still recent
    old_one = agreed("2026-11-03T10:00:00+01:00")
    unknown = agreed("not a time")
    recent, old = split_old([old_one, recent_one, edge, unknown], today=TODAY, weeks=4)
    assert recent == [recent_one, edge, unknown] and old == [old_one]
    assert split_old([old_one], today=TODAY, weeks=0) == ([old_one], [])


def test_same_step_ignores_case_and_spacing() -> None:
    assert same_step("Draft  offsite agenda", "draft offsite Agenda")
    assert not same_step("Draft offsite agenda", "Draft the offsite agenda")


def test_due_limit_takes_past_dates_and_words_ahead() -> None:
    assert due_limit("2026-11-01", TODAY) == date(2026, 11, 1)
    assert due_limit("friday", TODAY) == date(2026, 12, 4)
    assert due_limit("+2w", TODAY) == date(2026, 12, 16)
    with pytest.raises(CheckoutError):
        due_limit("someday", TODAY)


def test_owner_name() -> None:
    assert owner_name("@Raj", me="Sam") == "Raj"
    assert owner_name(" Ana   Lima ", me="Sam") == "Ana Lima"
    assert owner_name("@me", me="Sam") == "Sam"
    assert owner_name("none", me="Sam") is None
    with pytest.raises(CheckoutError):
        owner_name("@", me="Sam")
    with pytest.raises(CheckoutError):
        owner_name("x" * 201, me="Sam")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last", Back(0)),
        ("LAST", Back(0)),
        ("last~1", Back(1)),
        (" last~12 ", Back(12)),
        ("k3m9", None),
        ("last~", None),
        ("last~x", None),
        ("lastly", None),
    ],
)
def test_entry_refs(text: str, expected: Back | None) -> None:
    assert entry_ref(text) == expected


def test_step_refs() -> None:
    assert step_ref("last:2") == StepRef("last", 2)
    assert step_ref("last~1:3") == StepRef("last~1", 3)
    assert step_ref("k3m9qzab:1") == StepRef("k3m9qzab", 1)
    assert step_ref("k3m9qzab-1") is None
    with pytest.raises(CheckoutError, match="count from 1"):
        step_ref("last:0")
