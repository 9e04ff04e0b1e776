"""`checkout edit` never deletes what the person typed before it is saved: a check-out
changed meanwhile reopens the editor on the new version (their changes re-applied, or
their own text with a note of what changed); without a terminal, or when an edit
fails for any reason after they typed, the file stays and the error names it."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import Result

from checkout_cli.flows import edit as edit_flow
from checkout_cli.model.entry_merge import changed_fields, reapply
from checkout_cli.model.errors import Cancelled, CheckoutError
from checkout_cli.store.journal import Journal
from checkout_cli.views import editor
from tests import harness
from tests.cli.test_edit import sample, script_editor

Cli = Callable[..., Result]
Record = Callable[..., dict[str, Any]]
KEPT = re.compile(r"your text is kept in (\S+\.toml)")


def mark_done_meanwhile(path: Path) -> None:
    """What `checkout done k3m9qzab-1` does, run while the editor is open."""

    def done(entry: dict[str, Any]) -> dict[str, Any]:
        entry = json.loads(json.dumps(entry))
        entry["answers"][2]["value"][0]["done_at"] = "2026-11-22T10:00:00+01:00"
        return entry

    Journal(path, warn=print).rewrite(done)


def other_command(checkout_home: Path, *args: str) -> str:
    """Editor script lines that run a real `checkout` command while the editor is open."""
    command = harness.command(*args)
    return (
        "import subprocess\n"
        f"subprocess.run({command!r}, check=True, "
        f"env={{**os.environ, 'CHECKOUT_HOME': {str(checkout_home)!r}}})\n"
    )


# Without a terminal


def test_a_refused_edit_without_a_terminal_leaves_the_text_and_names_it(
    cli: Cli,
    checkout_once: Record,
    checkout_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = checkout_once()
    body = other_command(checkout_home, "done", f"{entry['id']}-1") + (
        "text = text.replace('title = \"Weekly sync\"', 'title = \"Typed by hand\"')"
    )
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, body))
    result = cli("edit", entry["id"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "changed while you were at it" in lines[0], result.stderr
    found = KEPT.search(lines[0])
    assert found is not None, lines[0]
    kept = Path(found[1])
    assert 'title = "Typed by hand"' in kept.read_text(encoding="utf-8")
    assert kept.stat().st_mode & 0o777 == 0o600
    [stored] = list(Journal(checkout_home / "journal.jsonl", warn=print).read())
    assert stored["title"] == "Weekly sync" and stored["answers"][2]["value"][0]["done_at"]
    kept.unlink()


@pytest.mark.parametrize(
    "body",
    [
        "text = text.replace('value = 4', 'value = 9')",  # refused: out of range
        "path.write_text(text.replace('value = 4', 'value = 3')); sys.exit(1)",  # editor fails
    ],
)
def test_any_failure_after_typing_keeps_the_text(
    body: str,
    cli: Cli,
    checkout_once: Record,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = checkout_once()
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, body))
    result = cli("edit", entry["id"])
    assert result.exit_code == 1 and "nothing was saved" in result.stderr
    found = KEPT.search(result.stderr)
    assert found is not None, result.stderr
    assert "value = " in Path(found[1]).read_text(encoding="utf-8")
    Path(found[1]).unlink()


def test_nothing_typed_leaves_no_file(
    cli: Cli, checkout_once: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    entry = checkout_once()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for body, code in (("sys.exit(2)", 1), ("pass", 0), ("text = '# emptied\\n'", 0)):
        monkeypatch.setenv("EDITOR", script_editor(tmp_path, body))
        result = cli("edit", entry["id"])
        assert result.exit_code == code, result.output
        assert "kept" not in result.stderr
        assert list(scratch.iterdir()) == []
    monkeypatch.setenv(
        "EDITOR", script_editor(tmp_path, "text = text.replace('value = 4', 'value = 3')")
    )
    assert cli("edit", entry["id"]).exit_code == 0
    assert list(scratch.iterdir()) == [], "a saved edit leaves nothing behind"


# With a terminal: the editor opens again on the new version


def test_a_change_meanwhile_reopens_with_the_persons_edit_reapplied(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path, warn=print).append(sample())
    opened: list[str] = []
    paused: list[str] = []

    def person(text: str) -> str:
        opened.append(text)
        if len(opened) == 1:
            mark_done_meanwhile(path)
            return text.replace("Book a room", "Book the big room")
        return text  # saved as shown

    result = edit_flow.edit_entry(path, "k3m9", edit=person, interactive=True, pause=paused.append)
    assert len(opened) == 2 and len(paused) == 1
    assert "changed by another command" in paused[0] and "answer next" in paused[0]
    assert opened[1].startswith("# ! ") and "your changes are applied" in opened[1]
    assert "Book the big room" in opened[1] and "2026-11-22T10:00:00+01:00" in opened[1]
    [stored] = list(Journal(path, warn=print).read())
    assert result.entry == stored
    steps = stored["answers"][2]["value"]
    assert steps[1]["text"] == "Book the big room"
    assert steps[0]["done_at"] == "2026-11-22T10:00:00+01:00", "the other change stays too"


def test_a_conflicting_change_reopens_with_the_persons_own_text(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path, warn=print).append(sample())
    opened: list[str] = []
    paused: list[str] = []

    def person(text: str) -> str:
        opened.append(text)
        if len(opened) == 1:
            Journal(path, warn=print).rewrite(lambda e: {**e, "title": "Renamed elsewhere"})
            return text.replace('title = "Weekly', 'title = "Mine, weekly')
        return text

    edit_flow.edit_entry(path, "k3m9", edit=person, interactive=True, pause=paused.append)
    assert "(title), where you changed it too" in paused[0]
    first_line, rest = opened[1].split("\n", 1)
    assert first_line.startswith("# ! ") and "this is your text" in first_line
    assert 'title = "Mine, weekly' in rest
    [stored] = list(Journal(path, warn=print).read())
    assert stored["title"].startswith("Mine, weekly")


def test_a_check_out_deleted_meanwhile_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    Journal(path, warn=print).append(sample())

    def person(text: str) -> str:
        Journal(path, warn=print).rewrite(lambda e: False)
        return text.replace("Book a room", "Book the big room")

    with pytest.raises(CheckoutError, match="deleted while you were at it"):
        edit_flow.edit_entry(path, "k3m9", edit=person, interactive=True, pause=print)


def test_giving_up_keeps_the_text_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", script_editor(tmp_path, "text = text + '\\nbad ='"))
    path = tmp_path / "journal.jsonl"
    Journal(path, warn=print).append(sample())

    def give_up(message: str) -> None:
        raise Cancelled("cancelled, nothing changed")

    with pytest.raises(Cancelled, match="your text is kept in") as raised, editor.editing() as file:
        edit_flow.edit_entry(path, "k3m9", edit=file.edit, interactive=True, pause=give_up)
    found = KEPT.search(str(raised.value))
    assert found is not None and "bad =" in Path(found[1]).read_text(encoding="utf-8")
    Path(found[1]).unlink()


def test_merge_rules() -> None:
    base = sample()
    theirs = {**sample(), "title": "Theirs"}
    mine = {**sample(), "tags": ["mine"]}
    assert reapply(base, mine, theirs) == {**sample(), "title": "Theirs", "tags": ["mine"]}
    assert reapply(base, {**sample(), "title": "Mine"}, theirs) is None
    assert reapply(base, {**sample(), "title": "Theirs"}, theirs) == theirs
    fewer = {**sample(), "answers": sample()["answers"][:2]}
    assert reapply(base, fewer, theirs) == {**theirs, "answers": fewer["answers"]}
    assert changed_fields(base, theirs) == ["title"]
    assert changed_fields(base, fewer) == ["answers"]


def test_in_a_real_terminal_the_editor_opens_again_and_saves(
    checkout_home: Path, checkout_once: Record, tmp_path: Path
) -> None:
    entry = checkout_once()
    count = tmp_path / "count"
    body = (
        f"count = pathlib.Path({str(count)!r})\n"
        "n = int(count.read_text()) if count.exists() else 0\n"
        "count.write_text(str(n + 1))\n"
        "if n == 0:\n"
        "    "
        + other_command(checkout_home, "done", f"{entry['id']}-1").replace("\n", "\n    ")
        + "text = text.replace('value = 4', 'value = 2')"
    )
    env = {
        **os.environ,
        "CHECKOUT_HOME": str(checkout_home),
        "EDITOR": script_editor(tmp_path, body),
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    binary = Path(sys.executable).with_name("checkout")
    child = pexpect.spawn(str(binary), ["edit", entry["id"]], env=env, encoding="utf-8", timeout=20)
    child.expect("changed by another command")
    child.expect("Press Enter")
    child.sendline("")
    child.expect("Saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and count.read_text() == "2"
    [stored] = list(Journal(checkout_home / "journal.jsonl", warn=print).read())
    assert stored["answers"][3]["value"] == 2 and stored["answers"][2]["value"][0]["done_at"]
