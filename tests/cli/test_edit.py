"""`checkout edit`: the TOML round trip, validation, the editor helper and saving."""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from checkout_cli.flows import edit as edit_flow
from checkout_cli.model import limits
from checkout_cli.model.errors import Cancelled, CheckoutError
from checkout_cli.store import journal, paths
from checkout_cli.views import editor
from checkout_cli.views import entry_document as entry_toml

Cli = Callable[..., Result]
Record = Callable[..., dict[str, Any]]


def sample() -> dict[str, Any]:
    return {
        "v": 1,
        "id": "k3m9qzab",
        "at": "2026-11-20T15:00:00+01:00",
        "recorded_at": "2026-11-20T15:04:31+01:00",
        "title": 'Weekly "sync" ✓ — [red]x[/red]',
        "with": ["Ana", "Raj"],
        "tags": ["team"],
        "set": "meeting",
        "answers": [
            {
                "key": "goals",
                "question": "Did you achieve …?",
                "kind": "choice",
                "value": "partly",
                "note": "budget\nstill 'open' \\ \"really\"",
            },
            {"key": "improve", "question": "Better?", "kind": "text", "value": "a\r\nb\tc 🎉"},
            {
                "key": "next",
                "question": "What now?",
                "kind": "actions",
                "value": [
                    {
                        "id": "k3m9qzab-1",
                        "text": "Send the notes",
                        "owner": "Ana",
                        "due": "2026-11-25",
                        "done_at": None,
                    },
                    {
                        "id": "k3m9qzab-2",
                        "text": "Book a room",
                        "owner": None,
                        "due": None,
                        "done_at": "2026-11-21T09:00:00+01:00",
                    },
                ],
            },
            {"key": "worth", "question": "How worthwhile?", "kind": "scale", "value": None},
        ],
    }


def roundtrip(entry: dict[str, Any], change: Callable[[str], str] = lambda t: t) -> dict[str, Any]:
    return entry_toml.from_toml(change(entry_toml.to_toml(entry)), entry)


# The TOML document and its round trip


def test_document_reads_as_designed() -> None:
    text = entry_toml.to_toml(sample())
    assert text.startswith("# ") and "save and close" in text and "without saving" in text
    doc = tomllib.loads(text)
    assert list(doc) == ["title", "at", "with", "tags", "answers"]
    assert doc["title"] == sample()["title"] and doc["with"] == ["Ana", "Raj"]
    assert list(doc["answers"][0]) == ["key", "kind", "question", "value", "note"]
    worth = doc["answers"][3]
    assert "value" not in worth, "a null value is left out, not written"
    steps = doc["answers"][2]["value"]
    assert steps[0] == {
        "id": "k3m9qzab-1",
        "text": "Send the notes",
        "owner": "Ana",
        "due": "2026-11-25",
    }
    assert "v" not in doc and "id" not in doc and "recorded_at" not in doc and "set" not in doc


def test_round_trip_is_identity() -> None:
    entry = sample()
    again = roundtrip(entry)
    assert again == entry
    assert journal.encode(again) == journal.encode(entry), "same keys in the same order"


def test_round_trip_keeps_missing_and_null_fields_apart() -> None:
    entry: dict[str, Any] = {
        "id": "odd00001",
        "at": "2026-11-20T15:00:00+01:00",
        "recorded_at": None,
        "title": "Hand-written",
        "with": None,
        "answers": [
            {"key": "a", "question": "Q", "kind": "text"},
            {"key": "b", "question": "Q", "kind": "choice", "value": "yes", "note": None},
            {"key": "c", "question": "Q", "kind": "actions", "value": [{"id": "x", "text": "t"}]},
            {"key": "d", "question": "Q", "kind": "actions", "value": []},
            {"key": "e", "question": "Q", "kind": "actions", "value": None},
        ],
        "future": {"nested": [1, None, {"deep": None}]},
    }
    assert roundtrip(entry) == entry


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    title=_text.filter(str.strip),
    people=st.lists(_text, max_size=3),
    note=st.none() | _text,
    text=_text,
    owner=st.none() | _text.filter(str.strip),
    scale=st.none() | st.integers(-limits.SCALE, limits.SCALE),
)
def test_round_trip_of_any_text(
    title: str, people: list[str], note: str | None, text: str, owner: str | None, scale: int | None
) -> None:
    entry = sample()
    entry["title"], entry["with"] = title, people
    entry["answers"][0]["note"] = note
    entry["answers"][1]["value"] = text
    entry["answers"][2]["value"][0]["owner"] = owner
    entry["answers"][3]["value"] = scale
    assert entry_toml.from_toml(entry_toml.to_toml(entry), entry, limits={}) == entry


# Changes made in the document


def test_changes_are_applied_and_fixed_fields_kept() -> None:
    entry = sample()
    entry["event"] = {"uid": "u1", "occurrence": "2026-11-20T15:00:00+01:00", "calendar": "w"}
    entry["extra"] = {"from": "a later version"}
    entry["answers"][1]["confidence"] = 0.9
    entry["answers"][2]["value"][0]["priority"] = "high"

    def change(text: str) -> str:
        doc = tomllib.loads(text)
        doc["title"] = "Renamed"
        doc["at"] = "2026-11-20T14:30:00+01:00"
        doc["tags"] = []
        doc["answers"][1]["value"] = "Shorter agenda."
        del doc["answers"][0]["note"]
        doc["answers"][2]["value"][0]["text"] = "Send the minutes"
        del doc["answers"][2]["value"][0]["owner"]
        doc["answers"][2]["value"].append({"text": "New step", "due": "2026-12-24"})
        doc["answers"][3]["value"] = 5
        return dump(doc)

    new = roundtrip(entry, change)
    assert new["title"] == "Renamed" and new["at"] == "2026-11-20T14:30:00+01:00"
    assert new["tags"] == [] and new["with"] == ["Ana", "Raj"]
    for key in ("v", "id", "recorded_at", "set", "event", "extra"):
        assert new[key] == entry[key]
    goals, improve, steps, worth = new["answers"]
    assert "note" not in goals and improve["value"] == "Shorter agenda."
    assert improve["confidence"] == 0.9, "unknown answer fields survive"
    first, second, third = steps["value"]
    assert first == {**entry["answers"][2]["value"][0], "text": "Send the minutes", "owner": None}
    assert second == entry["answers"][2]["value"][1]
    assert third == {
        "id": "k3m9qzab-3",
        "text": "New step",
        "owner": None,
        "due": "2026-12-24",
        "done_at": None,
    }
    assert worth["value"] == 5


def dump(doc: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(doc)


def test_new_steps_take_the_next_free_number_even_after_a_removed_one() -> None:
    entry = sample()

    def change(text: str) -> str:
        doc = tomllib.loads(text)
        doc["answers"][2]["value"] = [doc["answers"][2]["value"][0], {"text": "a"}, {"text": "b"}]
        return dump(doc)

    ids = [a["id"] for a in roundtrip(entry, change)["answers"][2]["value"]]
    assert ids == ["k3m9qzab-1", "k3m9qzab-3", "k3m9qzab-4"]


def test_unquoted_toml_dates_are_accepted_and_stored_as_iso_text() -> None:
    entry = sample()
    new = roundtrip(
        entry,
        lambda t: t.replace(
            'at = "2026-11-20T15:00:00+01:00"', "at = 2026-11-20T14:00:00+01:00"
        ).replace('due = "2026-11-25"', "due = 2026-11-26"),
    )
    assert new["at"] == "2026-11-20T14:00:00+01:00"
    assert new["answers"][2]["value"][0]["due"] == "2026-11-26"


def set_in(path: list[Any], value: Any) -> Callable[[str], str]:
    def change(text: str) -> str:
        doc = tomllib.loads(text)
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        return dump(doc)

    return change


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["title"], "  ", "title is missing"),
        (["at"], "2026-11-20T16:00:00+01:00", "later than when the check-out was recorded"),
        (["at"], "2026-11-20T15:00:00", "needs a UTC offset"),
        (["at"], "yesterday", "not an ISO date-time"),
        (["at"], "2026-11-20", "not an ISO date-time"),
        (["with"], "Ana", "list of names"),
        (["id"], "other", "id cannot be changed"),
        (["recorded_at"], "2026-11-20T16:00:00+01:00", "recorded_at cannot be changed"),
        (["v"], 2, "v cannot be changed"),
        (["titel"], "typo", "unknown field 'titel'"),
        (["answers", 0, "value"], 3, "value must be text"),
        (["answers", 0, "kind"], "mood", "kind 'mood' is not one of"),
        (["answers", 0, "note"], ["x"], "note must be text"),
        (["answers", 0, "extra"], "x", "unknown field 'extra'"),
        (["answers", 1, "key"], "goals", "used twice"),
        (["answers", 3, "value"], "4", "whole number"),
        (["answers", 3, "value"], True, "whole number"),
        (["answers", 3, "value"], 7, "not from 1 to 5"),
        (["answers", 2, "value"], "step", "list of next steps"),
        (["answers", 2, "value", 0, "due"], "friday", "not a date"),
        (["answers", 2, "value", 0, "due"], "2026-02-30", "not a date"),
        (["answers", 2, "value", 0, "done_at"], "2026-11-21", "not an ISO date-time"),
        (["answers", 2, "value", 0, "text"], "", "text is missing"),
        (["answers", 2, "value", 0, "owner"], 5, "owner must be text"),
        (["answers", 2, "value", 0, "who"], "Ana", "unknown field 'who'"),
        (["answers", 2, "value", 1, "id"], "k3m9qzab-1", "used twice"),
    ],
)
def test_invalid_documents_are_refused_with_the_reason(
    path: list[Any], value: Any, message: str
) -> None:
    entry = sample()
    with pytest.raises(CheckoutError, match=message):
        entry_toml.from_toml(set_in(path, value)(entry_toml.to_toml(entry)), entry, limits=LIMITS)


LIMITS = {"worth": (1, 5)}


def test_toml_syntax_errors_name_the_line() -> None:
    with pytest.raises(CheckoutError, match=r"not valid TOML.*line 1"):
        entry_toml.from_toml("title = \n", sample())


def test_scale_bounds_come_from_the_set_when_it_still_exists(checkout_home: Path) -> None:
    entry = sample()
    assert entry_toml.scale_limits(entry) == {"worth": (1, 5)}
    assert entry_toml.scale_limits({**entry, "set": "gone"}) == {}
    # Without the set any whole number is accepted.
    new = entry_toml.from_toml(set_in(["answers", 3, "value"], 7)(entry_toml.to_toml(entry)), entry)
    assert new["answers"][3]["value"] == 7


def test_a_broken_questions_file_does_not_block_editing(checkout_home: Path) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    (checkout_home / "questions.toml").write_text("not toml [", encoding="utf-8")
    assert entry_toml.scale_limits(sample()) == {}


# The editor helper


def script_editor(tmp_path: Path, body: str, name: str = "ed.py") -> str:
    """A command for $EDITOR: a Python script that rewrites `text` (the file's content)."""
    script = tmp_path / name
    script.write_text(
        "import os, pathlib, stat, sys\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        f"{body}\n"
        "path.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_edit_text_uses_a_private_temp_file_and_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.json"
    body = (
        f"pathlib.Path({str(seen)!r}).write_text(json.dumps("
        "[str(path), stat.S_IMODE(path.stat().st_mode), sys.argv[1:-1]]))\n"
        "text = text.upper()"
    )
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, "import json\n" + body) + " --wait")
    assert editor.edit_text("héllo\n") == "HÉLLO\n"
    name, mode, args = json.loads(seen.read_text())
    assert name.endswith(".toml") and mode == 0o600 and args == ["--wait"]
    assert not Path(name).exists()


def test_visual_beats_editor_and_vi_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    assert editor.editor_command() == ["vi"]
    monkeypatch.setenv("EDITOR", "nano -w")
    assert editor.editor_command() == ["nano", "-w"]
    monkeypatch.setenv("VISUAL", "'my editor' --wait")
    assert editor.editor_command() == ["my editor", "--wait"]
    monkeypatch.setenv("VISUAL", "'unbalanced")
    with pytest.raises(CheckoutError, match="VISUAL"):
        editor.editor_command()


def test_missing_or_failing_editor_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    with pytest.raises(CheckoutError, match="not found"):
        editor.edit_text("x")
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, "sys.exit(3)"))
    with pytest.raises(CheckoutError, match="status 3"):
        editor.edit_text("x")


def test_text_that_is_not_unicode_cannot_be_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, "pass"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(CheckoutError, match="not valid Unicode"):
        editor.edit_text(entry_toml.to_toml({**sample(), "title": "half \ud800 pair"}))
    assert list(scratch.iterdir()) == [], "the temp file is removed"


# The command


def test_edit_saves_a_valid_change(
    cli: Cli,
    checkout_once: Record,
    journal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = checkout_once("Weekly sync")
    other = checkout_once("Other meeting")
    before = journal_file.read_bytes()
    body = (
        "text = text.replace('title = \"Weekly sync\"', 'title = \"Weekly planning\"')\n"
        "text = text.replace('value = 4', 'value = 2')"
    )
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, body))
    result = cli("edit", first["id"][:4])
    assert result.exit_code == 0, result.output
    assert "Saved" in result.stderr and "journal.jsonl.bak" in result.stderr
    stored = [json.loads(line) for line in journal_file.read_text().splitlines()]
    assert stored[0]["title"] == "Weekly planning" and stored[0]["id"] == first["id"]
    assert stored[0]["answers"][3]["value"] == 2
    assert stored[0]["recorded_at"] == first["recorded_at"]
    assert journal_file.read_bytes().splitlines()[1] == before.splitlines()[1]
    assert stored[1] == other
    assert paths.backup_file(journal_file).read_bytes() == before
    assert stat.S_IMODE(journal_file.stat().st_mode) == 0o600


def test_invalid_change_without_a_terminal_leaves_the_journal_alone(
    cli: Cli,
    checkout_once: Record,
    journal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    monkeypatch.setenv(
        "EDITOR", script_editor(tmp_path, "text = text.replace('value = 4', 'value = 9')")
    )
    result = cli("edit", entry["id"])
    assert result.exit_code == 1
    assert "not from 1 to 5" in result.stderr and "nothing was saved" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert journal_file.read_bytes() == before
    assert not paths.backup_file(journal_file).exists()


def test_bad_toml_without_a_terminal_fails(
    cli: Cli,
    checkout_once: Record,
    journal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, "text = text + '\\n[[answers'"))
    result = cli("edit", entry["id"])
    assert result.exit_code == 1 and "not valid TOML" in result.stderr
    assert journal_file.read_bytes() == before


@pytest.mark.parametrize(
    "body",
    [
        "pass",
        "text = text + '\\n# just a comment\\n'",
        "text = text.replace('value = 4', 'value   =   4')",
        "text = ''",
        "text = '\\n'.join(l for l in text.splitlines() if l.startswith('#'))",
    ],
)
def test_no_change_means_no_rewrite(
    body: str,
    cli: Cli,
    checkout_once: Record,
    journal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    stamp = journal_file.stat().st_mtime_ns
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, body))
    result = cli("edit", entry["id"])
    assert result.exit_code == 0, result.output
    assert "No changes" in result.stderr
    assert journal_file.read_bytes() == before and journal_file.stat().st_mtime_ns == stamp
    assert not paths.backup_file(journal_file).exists()


def test_edit_of_unknown_id_or_missing_journal(
    cli: Cli, checkout_once: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "false")
    result = cli("edit", "zzzz")
    assert result.exit_code == 1 and "no journal yet" in result.stderr
    checkout_once()
    result = cli("edit", "zzzz")
    assert result.exit_code == 1 and "no check-out with id 'zzzz'" in result.stderr


def test_editor_failure_through_the_command(
    cli: Cli, checkout_once: Record, journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    monkeypatch.setenv("EDITOR", "false")
    result = cli("edit", entry["id"])
    assert result.exit_code == 1 and "exited with status 1" in result.stderr
    assert journal_file.read_bytes() == before


# With a person at the terminal


def test_refused_edit_reopens_with_the_persons_own_text(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    entry = sample()
    journal.Journal(path, warn=print).append(entry)
    opened: list[str] = []
    paused: list[str] = []

    def fake_editor(text: str) -> str:
        opened.append(text)
        if len(opened) == 1:
            return text.replace('title = "', 'title = "Renamed ').replace("2026-11-25", "soon")
        assert "Renamed" in text, "the person's own text comes back, not the original"
        return text.replace("soon", "2026-11-26")

    result = edit_flow.edit_entry(
        path, "k3m9", edit=fake_editor, interactive=True, pause=paused.append
    )
    assert len(opened) == 2 and len(paused) == 1 and "not a date" in paused[0]
    assert opened[1].startswith("# ! ") and "not a date" in opened[1].splitlines()[0]
    assert result.entry is not None and result.entry["title"].startswith("Renamed ")
    [stored] = list(journal.Journal(path, warn=print).read())
    assert stored["answers"][2]["value"][0]["due"] == "2026-11-26"


def test_giving_up_at_the_pause_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(sample())
    before = path.read_bytes()

    def give_up(message: str) -> None:
        raise Cancelled("cancelled, nothing changed")

    with pytest.raises(Cancelled):
        edit_flow.edit_entry(
            path, "k3m9", edit=lambda t: t + "\nbad =", interactive=True, pause=give_up
        )
    assert path.read_bytes() == before


def test_a_change_made_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(sample())

    def edit_while_someone_marks_done(text: str) -> str:
        journal.Journal(path, warn=print).rewrite(lambda e: {**e, "title": "changed elsewhere"})
        return text.replace("value = 4", "value = 3").replace('"partly"', '"yes"')

    with pytest.raises(CheckoutError, match="changed while"):
        edit_flow.edit_entry(
            path, "k3m9", edit=edit_while_someone_marks_done, interactive=False, pause=print
        )
    assert [e["title"] for e in journal.Journal(path, warn=print).read()] == ["changed elsewhere"]


def test_only_one_of_two_identical_copies_is_changed(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(sample())
    journal.Journal(path, warn=print).append(sample())
    edit_flow.edit_entry(
        path,
        "k3m9",
        edit=lambda t: t.replace('"partly"', '"yes"'),
        interactive=False,
        pause=print,
    )
    assert [e["answers"][0]["value"] for e in journal.Journal(path, warn=print).read()] == [
        "yes",
        "partly",
    ]


def test_edit_in_a_real_terminal_retries_after_enter(
    checkout_home: Path, checkout_once: Record, tmp_path: Path
) -> None:
    entry = checkout_once()
    count = tmp_path / "count"
    body = (
        f"count = pathlib.Path({str(count)!r})\n"
        "n = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(n + 1))\n"
        "old, new = ('value = 4', 'value = 0') if n == 0 else ('value = 0', 'value = 5')\n"
        "text = text.replace(old, new)"
    )
    binary = Path(sys.executable).with_name("checkout")
    env = {
        **os.environ,
        "CHECKOUT_HOME": str(checkout_home),
        "EDITOR": script_editor(tmp_path, body),
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    child = pexpect.spawn(str(binary), ["edit", entry["id"]], env=env, encoding="utf-8", timeout=20)
    child.expect("not from 1 to 5")
    child.expect("Press Enter")
    child.sendline("")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [stored] = list(journal.Journal(checkout_home / "journal.jsonl", warn=print).read())
    assert stored["answers"][3]["value"] == 5 and count.read_text() == "2"
