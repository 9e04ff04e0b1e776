"""What Up recalls at a prompt: this meeting's earlier answers, per question, newest first."""

from __future__ import annotations

from typing import Any

from checkout_cli.model.history import answer_history, note_key, step_as_typed


def entry(title: str, *answers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"v": 1, "id": "x", "title": title, "answers": list(answers), **extra}


def goals(value: str | None, note: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"key": "goals", "kind": "choice", "question": "?", "value": value}
    if note is not None:
        found["note"] = note
    return found


def text(value: Any, key: str = "improve") -> dict[str, Any]:
    return {"key": key, "kind": "text", "question": "?", "value": value}


def steps(*items: dict[str, Any]) -> dict[str, Any]:
    return {"key": "next", "kind": "actions", "question": "?", "value": list(items)}


def step(text: str, owner: str | None = None, due: str | None = None) -> dict[str, Any]:
    return {"id": "x-1", "text": text, "owner": owner, "due": due, "done_at": None}


def test_newest_first_and_only_this_meeting() -> None:
    journal = [
        entry("Weekly sync", text("Start on time")),
        entry("Acme call", text("Bring the contract")),
        entry("weekly   SYNC", text("Shorter agenda")),  # case and spacing aside, the same
        entry("Acme call", text("Send slides first")),
    ]
    found = answer_history(journal, "Weekly Sync")
    assert found == {"improve": ("Shorter agenda", "Start on time")}
    assert answer_history(journal, "Acme call")["improve"] == (
        "Send slides first",
        "Bring the contract",
    )
    assert answer_history(journal, "Board meeting") == {}


def test_each_line_once_keeping_its_newest_place() -> None:
    journal = [
        entry("Sync", text("Start on time"), goals("yes")),
        entry("Sync", text("Shorter agenda"), goals("partly")),
        entry("Sync", text("Start on time"), goals("yes")),
    ]
    found = answer_history(journal, "Sync")
    assert found["improve"] == ("Start on time", "Shorter agenda")
    assert found["goals"] == ("yes", "partly")


def test_a_multi_line_answer_gives_its_lines_in_order() -> None:
    journal = [
        entry("Sync", text("Old idea")),
        entry("Sync", text("Start on time.\n\n  Shorter agenda.  \n")),
    ]
    assert answer_history(journal, "Sync")["improve"] == (
        "Start on time.",
        "Shorter agenda.",
        "Old idea",
    )


def test_next_steps_come_back_as_typed() -> None:
    journal = [
        entry(
            "Sync",
            steps(
                step("Send the notes", "Ana", "2026-12-04"),
                step("Book a room"),
                step("Call Raj", "Raj"),
            ),
        )
    ]
    assert answer_history(journal, "Sync")["next"] == (
        "Send the notes @Ana due:2026-12-04",
        "Book a room",
        "Call Raj @Raj",
    )


def test_a_choice_note_has_its_own_history() -> None:
    journal = [
        entry("Sync", goals("partly", "budget still open")),
        entry("Sync", goals("yes")),
        entry("Sync", goals("no", "   ")),
    ]
    found = answer_history(journal, "Sync")
    assert found["goals"] == ("no", "yes", "partly")
    assert found[note_key("goals")] == ("budget still open",)
    assert note_key("goals") == "goals.note"


def test_numbers_are_recalled_as_typed_and_skips_leave_nothing() -> None:
    journal = [
        entry("Sync", {"key": "worth", "kind": "scale", "question": "?", "value": 4}),
        entry("Sync", {"key": "worth", "kind": "scale", "question": "?", "value": None}),
        entry("Sync", goals(None), text(None)),
    ]
    assert answer_history(journal, "Sync") == {"worth": ("4",)}


def test_odd_entries_from_a_hand_edit_are_passed_over() -> None:
    journal: list[dict[str, Any]] = [
        {"title": 5, "answers": [text("wrong title type")]},
        {"answers": [text("no title")]},
        entry("Sync"),
        {"title": "Sync", "answers": "not a list"},
        {"title": "Sync", "answers": ["not a dict", {"kind": "text", "value": "no key"}]},
        entry("Sync", {"key": "worth", "kind": "scale", "value": True}),
        entry("Sync", {"key": "worth", "kind": "scale", "value": 2.5}),
        entry("Sync", {"key": "next", "kind": "actions", "value": "not a list"}),
        entry(
            "Sync", steps(step("  "), {"text": 3}, step("Ok", owner="two words", due="soon ish"))
        ),
        entry("Sync", text(["a", "list"])),
    ]
    assert answer_history(journal, "Sync") == {"next": ("Ok",)}


def test_step_as_typed_joins_what_was_stored() -> None:
    assert step_as_typed(step("Send  the\tnotes", "Ana", "2099-01-01")) == (
        "Send the notes @Ana due:2099-01-01"
    )
    assert step_as_typed(step("")) == ""


def test_empty_journal() -> None:
    assert answer_history([], "Sync") == {}
