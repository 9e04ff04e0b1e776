"""Follow-through from the command line: `actions`, `done`, `reopen`, and id prefixes."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from typer.testing import Result

from checkout_cli.flows.follow import find_items
from checkout_cli.model.actions import ActionItem
from checkout_cli.model.errors import CheckoutError

NOW = {"CHECKOUT_NOW": "2026-11-20T17:00:00+01:00"}


def record(cli: Callable[..., Result], title: str, *steps: str, at: str) -> dict[str, Any]:
    answers = [f"next={step}" for step in steps] or ["next=none"]
    args = ["meeting", title, "--no-input", "--at", at, "-A", "goals=yes", "-A", "improve=-"]
    for answer in [*answers, "worth=4"]:
        args += ["-A", answer]
    result = cli(*args, "--json", env=NOW)
    assert result.exit_code == 0, result.output
    entry: dict[str, Any] = json.loads(result.stdout)
    return entry


def listed(cli: Callable[..., Result], *args: str) -> list[dict[str, Any]]:
    result = cli("actions", "--json", *args, env=NOW)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@pytest.fixture
def three(cli: Callable[..., Result]) -> list[dict[str, Any]]:
    """Three meetings: an overdue step, a step due later, an undated one and Raj's."""
    return [
        record(cli, "Weekly sync", "Book the room due:2026-11-30", at="2026-11-16 10:00"),
        record(
            cli,
            "Budget review",
            "Send the numbers @Ana due:2026-11-18",
            "Ask finance @Raj",
            at="2026-11-17 14:00",
        ),
        record(cli, "Weekly sync", "Write the agenda", at="2026-11-19 10:00"),
    ]


def test_actions_lists_overdue_first_then_by_due_date_then_oldest(
    cli: Callable[..., Result], three: list[dict[str, Any]]
) -> None:
    texts = [item["text"] for item in listed(cli)]
    assert texts == [
        "Send the numbers",  # overdue
        "Book the room",  # due later
        "Ask finance",  # undated: the older meeting first
        "Write the agenda",
    ]
    first = listed(cli)[0]
    assert first["owner"] == "Ana" and first["title"] == "Budget review"
    assert first["entry_id"] == three[1]["id"] and first["id"].startswith(three[1]["id"])


def test_actions_filters_by_owner_and_title(
    cli: Callable[..., Result], three: list[dict[str, Any]]
) -> None:
    assert [i["text"] for i in listed(cli, "--owner", "raj")] == ["Ask finance"]
    assert [i["text"] for i in listed(cli, "--title", "SYNC")] == [
        "Book the room",
        "Write the agenda",
    ]
    text = cli("actions", env=NOW)
    assert text.exit_code == 0 and "Send the numbers" in text.stdout


def test_done_by_prefix_then_reopen(
    cli: Callable[..., Result],
    three: list[dict[str, Any]],
    journal_file: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    step = next(i for i in listed(cli) if i["text"] == "Book the room")
    done = cli("done", step["id"][:6], env=NOW)
    assert done.exit_code == 0, done.output
    assert "✓" in done.stderr and "Book the room" in done.stderr
    assert "Book the room" not in [i["text"] for i in listed(cli)]
    closed = next(i for i in listed(cli, "--all") if i["id"] == step["id"])
    assert datetime.fromisoformat(closed["done_at"]) == datetime.fromisoformat(NOW["CHECKOUT_NOW"])

    backup = journal_file.with_name("journal.jsonl.bak")
    files_before = (journal_file.stat().st_ino, backup.read_bytes())

    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:  # nothing is written, so a full disk is no matter
        patched.setattr(tempfile, "mkstemp", disk_full)
        again = cli("done", step["id"], env=NOW)
    assert (
        again.exit_code == 0 and "already done" in again.stderr and "Book the room" in again.stderr
    )
    # Already as asked: no rewrite at all, so the backup still holds the earlier version.
    assert (journal_file.stat().st_ino, backup.read_bytes()) == files_before

    reopened = cli("reopen", step["id"], env=NOW)
    assert reopened.exit_code == 0 and "☐" in reopened.stderr
    assert "Book the room" in [i["text"] for i in listed(cli)]
    # Only that step's line changed; the others are as they were written.
    assert journal_file.read_text().count('"done_at": null') == 4


def test_done_refuses_unknown_and_ambiguous_ids_and_changes_nothing(
    cli: Callable[..., Result], three: list[dict[str, Any]], journal_file: Any
) -> None:
    before = journal_file.read_bytes()
    budget = three[1]["id"]  # two steps: <id>-1 and <id>-2
    ambiguous = cli("done", budget, env=NOW)
    assert ambiguous.exit_code == 1
    assert "ambiguous" in ambiguous.stderr and f"{budget}-1" in ambiguous.stderr
    unknown = cli("done", f"{budget}-1", "zzzz", env=NOW)
    assert unknown.exit_code == 1 and "no action item 'zzzz'" in unknown.stderr
    assert ambiguous.stderr.count("\n") == unknown.stderr.count("\n") == 1
    assert journal_file.read_bytes() == before


def item(action_id: str) -> ActionItem:
    return ActionItem.of({"id": action_id, "text": "x"})


def test_find_items_exact_id_wins_and_prefixes_ignore_case() -> None:
    items = iter([item("abc-1"), item("abc-10"), item("abd-1"), item("abc-1")])
    assert [found.id for found in find_items(items, ["ABC-1", " abd"])] == ["abc-1", "abd-1"]
    with pytest.raises(CheckoutError, match=r"ambiguous \(abc-1, abc-10\)"):
        find_items([item("abc-1"), item("abc-10")], ["abc"])
    with pytest.raises(CheckoutError, match="no action item ''"):
        find_items([item("abc-1")], [""])
