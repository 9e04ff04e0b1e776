"""A next step's life from the command line: drop, due, assign, reopen, quick references,
the filters of `actions`, and `remind`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

NOW = {"CHECKOUT_NOW": "2026-12-02T17:00:00+01:00"}  # a Wednesday


def record(
    cli: Callable[..., Result], title: str, *steps: str, at: str, extra: tuple[str, ...] = ()
) -> dict[str, Any]:
    args = ["meeting", title, "--no-input", "--at", at, "-A", "goals=yes", "-A", "improve=-"]
    for step in steps or ("none",):
        args += ["-A", f"next={step}"]
    result = cli(*args, *extra, "--json", env=NOW)
    assert result.exit_code == 0, result.output
    entry: dict[str, Any] = json.loads(result.stdout)
    return entry


def listed(cli: Callable[..., Result], *args: str) -> list[dict[str, Any]]:
    result = cli("actions", "--json", *args, env=NOW)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def stored(journal: Path, step_id: str) -> dict[str, Any]:
    for line in journal.read_text().splitlines():
        for answer in json.loads(line)["answers"]:
            for step in answer["value"] if answer["kind"] == "actions" else []:
                if step["id"] == step_id:
                    found: dict[str, Any] = step
                    return found
    raise AssertionError(step_id)


@pytest.fixture
def journal(cli: Callable[..., Result]) -> list[dict[str, Any]]:
    """Three check-outs: the last one (`last`) has three steps."""
    return [
        record(
            cli,
            "Budget review",
            "Send the numbers @Ana due:2026-11-30",
            at="2026-11-16 14:00",
            extra=("--with", "Ana", "--tag", "money"),
        ),
        record(
            cli,
            "Weekly sync",
            "Book the room due:2026-12-01 @me",
            at="2026-11-25 10:00",
            extra=("--with", "Raj"),
        ),
        record(
            cli,
            "Weekly sync",
            "Write the agenda @me due:2026-12-02",
            "Call the venue @Raj due:2026-12-10",
            "Order pizza",
            at="2026-12-02 10:00",
        ),
    ]


def test_show_last_and_last_n(cli: Callable[..., Result], journal: list[dict[str, Any]]) -> None:
    for ref, entry in (("last", journal[2]), ("last~1", journal[1]), ("last~2", journal[0])):
        shown = cli("show", ref, "--json")
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["id"] == entry["id"]
    too_far = cli("show", "last~3")
    assert too_far.exit_code == 1
    assert "last~3" in too_far.stderr and "holds 3 check-outs" in too_far.stderr


def test_edit_and_delete_take_last(
    cli: Callable[..., Result], journal: list[dict[str, Any]], journal_file: Path
) -> None:
    deleted = cli("delete", "last~1", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert journal[1]["id"] not in journal_file.read_text()
    assert journal[2]["id"] in journal_file.read_text()


def test_done_last_n_and_id_n(
    cli: Callable[..., Result], journal: list[dict[str, Any]], journal_file: Path
) -> None:
    last = journal[2]["id"]
    done = cli("done", "last:2", f"{journal[0]['id'][:5]}:1", env=NOW)
    assert done.exit_code == 0, done.output
    assert f"{last}-2" in done.stderr and "Call the venue" in done.stderr
    assert stored(journal_file, f"{last}-2")["done_at"] is not None
    assert stored(journal_file, f"{journal[0]['id']}-1")["done_at"] is not None
    assert stored(journal_file, f"{last}-1")["done_at"] is None
    past = cli("done", "last:4", env=NOW)
    assert past.exit_code == 1 and "has 3 next steps" in past.stderr


def test_drop_with_a_reason_then_reopen(
    cli: Callable[..., Result], journal: list[dict[str, Any]], journal_file: Path
) -> None:
    step_id = f"{journal[2]['id']}-3"
    dropped = cli("drop", "last:3", "--reason", "nobody is hungry", env=NOW)
    assert dropped.exit_code == 0, dropped.output
    assert "✗" in dropped.stderr and "nobody is hungry" in dropped.stderr
    saved = stored(journal_file, step_id)
    assert saved["dropped"] is True and saved["reason"] == "nobody is hungry"
    assert saved["done_at"] is not None  # closed, for every reader of the journal
    assert step_id not in [item["id"] for item in listed(cli)]
    assert [item["id"] for item in listed(cli, "--status", "dropped")] == [step_id]
    again = cli("drop", step_id, env=NOW)
    assert again.exit_code == 0 and "already dropped" in again.stderr
    assert stored(journal_file, step_id)["reason"] == "nobody is hungry"
    reopened = cli("reopen", step_id, env=NOW)
    assert reopened.exit_code == 0 and "☐" in reopened.stderr
    saved = stored(journal_file, step_id)
    assert saved["done_at"] is None and "dropped" not in saved and "reason" not in saved
    assert step_id in [item["id"] for item in listed(cli)]


def test_due_and_assign(
    cli: Callable[..., Result], journal: list[dict[str, Any]], journal_file: Path
) -> None:
    step_id = f"{journal[2]['id']}-3"
    dated = cli("due", "last:3", "friday", env=NOW)
    assert dated.exit_code == 0, dated.output
    assert stored(journal_file, step_id)["due"] == "2026-12-04"
    assigned = cli("assign", step_id, "@Ana Lima", env=NOW)
    assert assigned.exit_code == 0, assigned.output
    assert stored(journal_file, step_id)["owner"] == "Ana Lima"
    cli("config", "set", "name", "Sam")
    assert cli("assign", step_id, "@me", env=NOW).exit_code == 0
    assert stored(journal_file, step_id)["owner"] == "Sam"
    same = cli("assign", step_id, "Sam", env=NOW)
    assert same.exit_code == 0 and "unchanged" in same.stderr
    cleared = cli("due", step_id, "none", env=NOW)
    assert cleared.exit_code == 0 and stored(journal_file, step_id)["due"] is None
    before = journal_file.read_bytes()
    past = cli("due", step_id, "2026-11-01", env=NOW)
    assert past.exit_code == 2 and "in the past" in past.stderr and "DATE" in past.stderr
    assert journal_file.read_bytes() == before


def test_a_moved_step_is_followed_to_the_step_it_became(
    cli: Callable[..., Result], journal_file: Path
) -> None:
    lines = [
        {
            "v": 1,
            "id": "aaaaaaaa",
            "at": "2026-11-20T10:00:00+01:00",
            "recorded_at": "2026-11-20T10:05:00+01:00",
            "title": "Weekly sync",
            "answers": [
                {
                    "key": "next",
                    "question": "q",
                    "kind": "actions",
                    "value": [
                        {
                            "id": "aaaaaaaa-1",
                            "text": "Draft the agenda",
                            "owner": None,
                            "due": None,
                            "done_at": "2026-11-27T10:05:00+01:00",
                            "moved_to": "bbbbbbbb-1",
                        }
                    ],
                }
            ],
        },
        {
            "v": 1,
            "id": "bbbbbbbb",
            "at": "2026-11-27T10:00:00+01:00",
            "recorded_at": "2026-11-27T10:05:00+01:00",
            "title": "Weekly sync",
            "answers": [
                {
                    "key": "next",
                    "question": "q",
                    "kind": "actions",
                    "value": [
                        {
                            "id": "bbbbbbbb-1",
                            "text": "Draft the agenda",
                            "owner": None,
                            "due": None,
                            "done_at": None,
                            "moved_from": "aaaaaaaa-1",
                        }
                    ],
                }
            ],
        },
    ]
    journal_file.parent.mkdir(parents=True, exist_ok=True)
    journal_file.write_text("".join(json.dumps(line) + "\n" for line in lines))
    # listed once: the old step lives on as the new one
    assert [item["id"] for item in listed(cli, "--all")] == ["bbbbbbbb-1"]
    assert [item["id"] for item in listed(cli, "--status", "moved")] == ["aaaaaaaa-1"]
    done = cli("done", "aaaaaaaa-1", env=NOW)
    assert done.exit_code == 0, done.output
    assert "bbbbbbbb-1" in done.stderr and "aaaaaaaa-1 was moved to it" in done.stderr
    assert stored(journal_file, "bbbbbbbb-1")["done_at"] is not None
    assert stored(journal_file, "aaaaaaaa-1")["moved_to"] == "bbbbbbbb-1"


def test_done_without_an_id_and_no_terminal_says_what_to_pass(
    cli: Callable[..., Result], journal: list[dict[str, Any]]
) -> None:
    result = cli("done", env=NOW)
    assert result.exit_code == 2
    assert "pass the ids" in result.stderr and "checkout done ID" in result.stderr


def test_actions_periods_by_the_day_agreed(
    cli: Callable[..., Result], journal: list[dict[str, Any]]
) -> None:
    texts = [item["text"] for item in listed(cli, "--since", "2026-11-20")]
    assert sorted(texts) == ["Book the room", "Call the venue", "Order pizza", "Write the agenda"]
    week = [item["text"] for item in listed(cli, "--week", "2026-W48")]
    assert week == ["Book the room"]
    month = {item["text"] for item in listed(cli, "--month", "2026-11")}
    assert month == {"Send the numbers", "Book the room"}


def test_actions_filters(cli: Callable[..., Result], journal: list[dict[str, Any]]) -> None:
    assert [i["text"] for i in listed(cli, "--with", "ana")] == ["Send the numbers"]
    assert [i["text"] for i in listed(cli, "--tag", "money")] == ["Send the numbers"]
    assert len(listed(cli, "--set", "meeting")) == 5
    assert listed(cli, "--set", "one-on-one") == []
    due = [i["text"] for i in listed(cli, "--due-before", "2026-12-02")]
    assert due == ["Send the numbers", "Book the room", "Write the agenda"]
    assert [i["text"] for i in listed(cli, "--due-before", "friday", "--owner", "Raj")] == []
    assert [i["text"] for i in listed(cli, "--due-before", "+2w", "--owner", "Raj")] == [
        "Call the venue"
    ]
    bad = cli("actions", "--status", "finished")
    assert bad.exit_code == 2 and "--status" in bad.stderr
    bad = cli("actions", "--due-before", "someday")
    assert bad.exit_code == 2 and "--due-before" in bad.stderr


def test_actions_status(cli: Callable[..., Result], journal: list[dict[str, Any]]) -> None:
    assert cli("done", "last:1", env=NOW).exit_code == 0
    assert cli("drop", "last:3", env=NOW).exit_code == 0
    assert [i["text"] for i in listed(cli, "--status", "done")] == ["Write the agenda"]
    assert [i["text"] for i in listed(cli, "--status", "dropped")] == ["Order pizza"]
    every = [i["text"] for i in listed(cli, "--status", "all")]
    assert every == [i["text"] for i in listed(cli, "--all")] and len(every) == 5
    assert every[-2:] == ["Write the agenda", "Order pizza"]  # open ones first
    empty = cli("actions", "--status", "moved", env=NOW)
    assert empty.exit_code == 0 and "No next steps match" in empty.stderr
    table = cli("actions", "--all", env=NOW)
    assert "✓ Write the agenda" in table.stdout and "✗ Order pizza" in table.stdout


def test_remind_quiet_on_a_clear_day(
    cli: Callable[..., Result], journal: list[dict[str, Any]]
) -> None:
    clear = cli("remind", env={"CHECKOUT_NOW": "2026-11-17T09:00:00+01:00"})
    assert clear.exit_code == 0 and clear.stdout == "" and clear.stderr == ""
    nothing = cli("remind")  # no journal at all is a clear day too
    assert nothing.exit_code == 0


def test_remind_without_a_journal(cli: Callable[..., Result]) -> None:
    result = cli("remind")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_remind_lists_due_today_and_overdue_for_me(
    cli: Callable[..., Result], journal: list[dict[str, Any]]
) -> None:
    result = cli("remind", env=NOW)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "checkout: 2 next steps due for you"
    assert "overdue since Tue 1 Dec" in lines[1] and "Book the room" in lines[1]
    assert "due today" in lines[2] and "Write the agenda" in lines[2]
    assert "Send the numbers" not in result.stdout  # Ana's
    as_json = cli("remind", "--json", env=NOW)
    found = json.loads(as_json.stdout)
    assert [item["text"] for item in found] == ["Book the room", "Write the agenda"]
    cli("config", "set", "name", "Ana")  # now `me` is Ana's, and old `me` steps still count
    assert "Send the numbers" in cli("remind", env=NOW).stdout


def test_remind_json_on_a_clear_day_is_an_empty_list(cli: Callable[..., Result]) -> None:
    result = cli("remind", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_carry_over_weeks_is_a_setting(cli: Callable[..., Result], checkout_home: Path) -> None:
    assert cli("config", "set", "carry_over_weeks", "2").exit_code == 0
    assert "carry_over_weeks = 2" in (checkout_home / "config.toml").read_text()
    bad = cli("config", "set", "carry_over_weeks", "soon")
    assert bad.exit_code == 1 and "whole number" in bad.stderr
    (checkout_home / "config.toml").write_text('carry_over_weeks = "four"\n')
    broken = cli("remind")
    assert broken.exit_code == 1 and "carry_over_weeks" in broken.stderr


def test_a_step_moved_to_another_journal_is_not_changed_here(
    cli: Callable[..., Result], journal_file: Path
) -> None:
    line = {
        "v": 1,
        "id": "aaaaaaaa",
        "at": "2026-11-20T10:00:00+01:00",
        "recorded_at": "2026-11-20T10:05:00+01:00",
        "title": "Weekly sync",
        "answers": [
            {
                "key": "next",
                "question": "q",
                "kind": "actions",
                "value": [
                    {
                        "id": "aaaaaaaa-1",
                        "text": "Draft the agenda",
                        "owner": None,
                        "due": None,
                        "done_at": "2026-11-27T10:05:00+01:00",
                        "moved_to": "cccccccc-1",
                    }
                ],
            }
        ],
    }
    journal_file.parent.mkdir(parents=True, exist_ok=True)
    journal_file.write_text(json.dumps(line) + "\n")
    before = journal_file.read_bytes()
    result = cli("reopen", "aaaaaaaa-1", env=NOW)
    assert result.exit_code == 1
    assert "moved to cccccccc-1" in result.stderr and "not in this journal" in result.stderr
    assert journal_file.read_bytes() == before
