"""`checkout export --output FILE`: never over a file the tool keeps, however it is
spelled, and with the mode a new document would get (or the one the file had)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import QUICK

Cli = Callable[..., Result]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.fixture
def kept(cli: Cli, checkout_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with every kind of file the tool keeps in it."""
    monkeypatch.setenv("EDITOR", "sed -i -e 's/^title = .*/title = \"Renamed\"/'")
    for title in ("Weekly sync", "Customer call"):
        assert cli("meeting", title, *QUICK).exit_code == 0
    journal = checkout_home / "journal.jsonl"
    entry_id = cli("log", "--json").stdout.split('"id": "')[1][:8]
    assert cli("edit", entry_id).exit_code == 0  # journal.jsonl.bak
    with journal.open("ab") as handle:
        handle.write(b"{not json\n")
    assert cli("check", "--repair", "--yes").exit_code == 0  # journal.rejected.jsonl
    (checkout_home / "journal.jsonl.bak.20261101T090000").write_bytes(b"older\n")
    assert cli("config", "set", "name", "Ana").exit_code == 0
    assert cli("questions", "init").exit_code == 0
    other = tmp_path / "team" / "team.jsonl"
    assert cli("meeting", "Team", *QUICK, "--journal", str(other)).exit_code == 0
    (other.parent / "team.rejected.jsonl").write_bytes(b"{broken\n")
    return checkout_home


def kept_files(home: Path, tmp_path: Path) -> list[Path]:
    names = [
        "journal.jsonl",
        "journal.jsonl.bak",
        "journal.jsonl.bak.20261101T090000",
        "journal.rejected.jsonl",
        "config.toml",
        "questions.toml",
    ]
    team = tmp_path / "team"
    return [home / n for n in names] + [team / "team.jsonl", team / "team.rejected.jsonl"]


def refused(cli: Cli, target: str, *extra: str) -> None:
    result = cli("export", "--all", "--format", "md", "-o", target, *extra)
    assert result.exit_code == 2, (target, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "choose another file name" in lines[0], result.stderr


def test_export_never_replaces_a_file_the_tool_keeps(cli: Cli, kept: Path, tmp_path: Path) -> None:
    team = str(tmp_path / "team" / "team.jsonl")
    files = kept_files(kept, tmp_path)
    before = {path: (path.read_bytes(), mode(path), path.stat().st_ino) for path in files}
    for path in files:
        refused(cli, str(path), "--journal", team, "--journal", str(kept / "journal.jsonl"))
    for path in files[:6]:  # the default journal's family and the settings, without --journal
        refused(cli, str(path))
    assert {path: (path.read_bytes(), mode(path), path.stat().st_ino) for path in files} == before


def test_the_same_file_under_another_name_is_refused(cli: Cli, kept: Path, tmp_path: Path) -> None:
    rejected = kept / "journal.rejected.jsonl"
    before = rejected.read_bytes()
    (kept / "sub").mkdir()
    link = tmp_path / "link.jsonl"
    link.symlink_to(rejected)
    hard = tmp_path / "hard.jsonl"
    os.link(rejected, hard)
    linked_home = tmp_path / "home-link"
    linked_home.symlink_to(kept)
    spellings = [
        f"{kept}/./journal.rejected.jsonl",
        f"{kept}/sub/../journal.rejected.jsonl",
        str(link),
        str(hard),
        str(linked_home / "journal.rejected.jsonl"),
    ]
    for spelling in spellings:
        refused(cli, spelling)
    assert rejected.read_bytes() == before and mode(rejected) == 0o600


def test_a_kept_file_not_made_yet_is_refused_too(cli: Cli, checkout_home: Path) -> None:
    assert cli("meeting", "Weekly sync", *QUICK).exit_code == 0
    for name in ("journal.rejected.jsonl", "journal.jsonl.bak", "journal.jsonl.bak.20261201"):
        refused(cli, str(checkout_home / name))
        assert not (checkout_home / name).exists()
    assert cli("export", "--all", "-o", str(checkout_home / "summary.md")).exit_code == 0


def test_a_new_export_respects_the_umask(
    cli: Cli, tmp_path: Path, umask: Callable[[int], None]
) -> None:
    assert cli("meeting", "Weekly sync", *QUICK).exit_code == 0
    for mask, expected in ((0o022, 0o644), (0o077, 0o600), (0o027, 0o640)):
        umask(mask)
        target = tmp_path / f"summary-{mask:o}.md"
        assert cli("export", "--all", "-o", str(target)).exit_code == 0
        assert mode(target) == expected, oct(mode(target))


@pytest.mark.parametrize("kept_mode", [0o600, 0o640, 0o644])
def test_an_existing_export_keeps_its_mode(
    cli: Cli, tmp_path: Path, umask: Callable[[int], None], kept_mode: int
) -> None:
    assert cli("meeting", "Weekly sync", *QUICK).exit_code == 0
    target = tmp_path / "notes.html"
    target.write_text("old")
    target.chmod(kept_mode)
    assert cli("export", "--all", "-o", str(target)).exit_code == 0
    assert "Weekly sync" in target.read_text() and mode(target) == kept_mode


def test_an_export_never_takes_over_set_id_bits(cli: Cli, tmp_path: Path) -> None:
    assert cli("meeting", "Weekly sync", *QUICK).exit_code == 0
    target = tmp_path / "notes.md"
    target.write_text("old")
    target.chmod(0o4750)
    assert cli("export", "--all", "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
