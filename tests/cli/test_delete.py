"""`checkout delete`: asks first (or --yes), removes one line, keeps the previous journal."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import Result

from checkout_cli.model.errors import Cancelled, NobodyToAsk
from checkout_cli.store import paths
from checkout_cli.views import editor

Cli = Callable[..., Result]
Record = Callable[..., dict[str, Any]]


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def test_delete_with_yes_removes_only_that_line(
    cli: Cli, checkout_once: Record, journal_file: Path
) -> None:
    first, second, third = (checkout_once(t) for t in ("One", "Two", "Three"))
    before = journal_file.read_bytes()
    result = cli("delete", second["id"][:5], "--yes")
    assert result.exit_code == 0, result.output
    assert ids(journal_file) == [first["id"], third["id"]]
    kept = before.splitlines(keepends=True)
    assert journal_file.read_bytes() == kept[0] + kept[2], "other lines stay byte-for-byte"
    assert paths.backup_file(journal_file).read_bytes() == before
    assert "Two" in result.stderr and second["id"] in result.stderr
    assert "journal.jsonl.bak" in result.stderr


def test_delete_without_a_terminal_needs_yes(
    cli: Cli, checkout_once: Record, journal_file: Path
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    result = cli("delete", entry["id"])
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert journal_file.read_bytes() == before
    assert not paths.backup_file(journal_file).exists()


def test_delete_of_unknown_id_and_missing_journal(cli: Cli, checkout_once: Record) -> None:
    result = cli("delete", "zzzz", "--yes")
    assert result.exit_code == 1 and "no journal yet" in result.stderr
    checkout_once()
    result = cli("delete", "zzzz", "--yes")
    assert result.exit_code == 1 and "no check-out with id 'zzzz'" in result.stderr


def test_delete_removes_one_of_two_identical_copies(
    cli: Cli, checkout_once: Record, journal_file: Path
) -> None:
    entry = checkout_once()
    with journal_file.open("ab") as handle:
        handle.write(journal_file.read_bytes())
    assert cli("delete", entry["id"], "--yes").exit_code == 0
    assert ids(journal_file) == [entry["id"]]


def test_a_valid_line_with_a_carriage_return_survives_a_delete(
    cli: Cli, checkout_once: Record, journal_file: Path
) -> None:
    entry = checkout_once()
    odd = b'{"v": 1, "id": "crcrcrcr",\r "title": "CR"}\n'
    with journal_file.open("ab") as handle:
        handle.write(odd)
    assert cli("delete", entry["id"], "--yes").exit_code == 0
    assert journal_file.read_bytes() == odd


def fake_stdin(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))


@pytest.mark.parametrize(
    ("typed", "expected"), [("y\n", True), ("YES\n", True), ("n\n", False), ("\n", False)]
)
def test_confirm_asks_on_a_terminal(
    typed: str, expected: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_stdin(monkeypatch, typed)
    assert editor.confirm("Delete this check-out?", yes=False, interactive=True) is expected
    captured = capsys.readouterr()
    assert "Delete this check-out? [y/N]" in captured.err and captured.out == ""


def test_confirm_end_of_input_cancels(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, "")
    with pytest.raises(Cancelled):
        editor.confirm("Delete?", yes=False, interactive=True)


def test_a_ctrl_c_while_the_question_is_written_cancels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C can come before the prompt is out (a busy machine): still "cancelled, nothing
    changed", not the bare "interrupted" of a Ctrl-C nobody expected."""

    class Interrupting(io.StringIO):
        def flush(self) -> None:
            raise KeyboardInterrupt

    fake_stdin(monkeypatch, "y\n")
    monkeypatch.setattr(sys, "stderr", Interrupting())
    with pytest.raises(Cancelled, match="cancelled, nothing changed"):
        editor.confirm("Delete?", yes=False, interactive=True)


def test_confirm_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, "y\n")
    assert editor.confirm("Delete?", yes=True, interactive=False) is True
    with pytest.raises(NobodyToAsk, match="nobody can confirm"):
        editor.confirm("Delete?", yes=False, interactive=False)


def spawn_delete(home: Path, entry_id: str) -> pexpect.spawn:
    binary = Path(sys.executable).with_name("checkout")
    env = {**os.environ, "CHECKOUT_HOME": str(home), "NO_COLOR": "1", "TERM": "dumb"}
    return pexpect.spawn(str(binary), ["delete", entry_id], env=env, encoding="utf-8", timeout=20)


@pytest.mark.parametrize(("answer", "deleted"), [("n", False), ("y", True)])
def test_delete_asks_in_a_real_terminal(
    answer: str, deleted: bool, checkout_home: Path, checkout_once: Record, journal_file: Path
) -> None:
    entry = checkout_once("Weekly sync")
    child = spawn_delete(checkout_home, entry["id"])
    child.expect("Weekly sync")
    child.expect(r"Delete this check-out\? \[y/N\]")
    child.sendline(answer)
    child.expect("Deleted" if deleted else "Nothing deleted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert ids(journal_file) == ([] if deleted else [entry["id"]])
