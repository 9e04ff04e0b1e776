"""Moving steps into a check-out: moved at the carry-over, or typed again while open."""

from __future__ import annotations

from datetime import UTC, datetime

from checkout_cli.flows.follow import carry_into, record_moves
from checkout_cli.model.actions import ActionItem, Change
from checkout_cli.model.answers import Draft, Step, build_entry
from checkout_cli.model.questions import QuestionSet
from checkout_cli.store import question_files

EARLIER = {"id": "aaaaaaaa", "title": "Weekly sync", "at": "2026-11-27T10:00:00+01:00"}
NOW = datetime(2026, 12, 2, 10, tzinfo=UTC)


def old(n: int, text: str, **fields: object) -> ActionItem:
    step = {"id": f"aaaaaaaa-{n}", "text": text, "owner": None, "due": None, "done_at": None}
    return ActionItem.of({**step, **fields}, EARLIER)


def meeting_set() -> QuestionSet:
    sets, _ = question_files.load()
    return sets["meeting"]


def draft(*steps: Step) -> Draft:
    return Draft({"goals": "yes", "next": list(steps)}, {})


def test_moved_steps_come_first_and_point_back() -> None:
    carried = [old(1, "Book a room", owner="Ana", due="2026-12-01"), old(2, "Call Raj")]
    decisions = {"aaaaaaaa-1": Change(to="moved", due="2026-12-04"), "aaaaaaaa-2": Change()}
    answers = draft(Step("Print the badges"))
    placed = carry_into(meeting_set(), answers, carried, decisions)
    assert [s.text for s in answers.values["next"]] == ["Book a room", "Print the badges"]
    assert answers.values["next"][0] == Step("Book a room", "Ana", "2026-12-04")
    entry = build_entry(
        meeting_set(),
        answers,
        title="Weekly sync",
        people=[],
        tags=[],
        at=NOW,
        now=NOW,
        entry_id="bbbbbbbb",
    )
    record_moves(entry, placed, decisions)
    steps = next(a for a in entry["answers"] if a["key"] == "next")["value"]
    assert steps[0]["moved_from"] == "aaaaaaaa-1" and "moved_from" not in steps[1]
    assert decisions["aaaaaaaa-1"] == Change(to="moved", moved_to="bbbbbbbb-1")
    assert decisions["aaaaaaaa-2"] == Change()


def test_typed_again_while_open_is_a_move_not_a_copy() -> None:
    carried = [old(1, "Draft the agenda", owner="Raj", due="2026-12-01"), old(2, "Call Raj")]
    decisions = {"aaaaaaaa-1": Change(to="moved"), "aaaaaaaa-2": Change(to="dropped")}
    answers = draft(Step("draft the  agenda", None, "2026-12-11"), Step("Call Raj"))
    placed = carry_into(meeting_set(), answers, carried, decisions)
    # moved and typed again: one step, where it was typed, with what was typed
    assert answers.values["next"] == [
        Step("draft the  agenda", "Raj", "2026-12-11"),
        Step("Call Raj"),  # dropped just now: typed again, it is a new step
    ]
    assert [(c.item.id, c.index) for c in placed] == [("aaaaaaaa-1", 0)]


def test_nothing_moves_without_a_next_steps_question() -> None:
    qset = QuestionSet(
        name="quick",
        title="",
        questions=tuple(q for q in meeting_set().questions if q.kind != "actions"),
    )
    answers = Draft({"goals": "yes"}, {})
    assert carry_into(qset, answers, [old(1, "x")], {"aaaaaaaa-1": Change(to="moved")}) == []
    assert "next" not in answers.values
