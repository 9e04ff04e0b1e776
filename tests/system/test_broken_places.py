"""Broken places and a full disk: one clear line on stderr, no traceback, nothing lost.

Permission cases run the real `checkout` in a child process. The tests usually
run as root, whom permission bits do not stop; the child then runs without the
capabilities that let root ignore them (see `harness.without_permission_override`),
so a 0500 folder or a 0000 file stops it as it would stop anyone.
"""

from __future__ import annotations

import json
import os
import resource
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests import harness
from tests.conftest import QUICK

Cli = Callable[..., Result]
Record = Callable[..., dict[str, Any]]
EDITOR = "sed -i -e 's/^title = .*/title = \"Renamed\"/'"


def one_line_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("checkout: ") and "Traceback" not in result.output
    return lines[0]


def commands(entry_id: str) -> list[tuple[str, ...]]:
    """Every command that reads or writes the journal, with what it needs."""
    return [
        ("meeting", "Sync", *QUICK),
        ("log",),
        ("log", "--all", "--json"),
        ("show", entry_id),
        ("actions",),
        ("search", "notes"),
        ("report", "--json"),
        ("export", "--all"),
        ("check",),
        ("done", f"{entry_id}-1"),
        ("reopen", f"{entry_id}-1"),
        ("delete", entry_id, "--yes"),
        ("edit", entry_id),
    ]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file under `folder` and its bytes (None for folders)."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


# -- places that are broken for everyone, root included (run in-process) ------------------


def test_journal_that_is_a_folder(cli: Cli, journal_file: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("EDITOR", EDITOR)
    journal_file.mkdir(parents=True)
    (journal_file / "keep.txt").write_text("mine")
    for args in commands("k3m9qzab"):
        message = one_line_error(cli(*args))
        assert "is a folder" in message, (args, message)
    assert snapshot(journal_file) == {"keep.txt": b"mine"}
    assert sorted(p.name for p in journal_file.parent.iterdir()) == ["journal.jsonl"]


def test_checkout_home_that_is_a_file(cli: Cli, checkout_home: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("EDITOR", EDITOR)
    checkout_home.parent.mkdir(parents=True, exist_ok=True)
    checkout_home.write_text("not a folder")
    others: list[tuple[str, ...]] = [
        (),
        ("paths",),
        ("config", "show"),
        ("config", "set", "name", "Ana"),
        ("questions", "show"),
        ("questions", "init"),
        ("calendar", "list"),
    ]
    for args in [*commands("k3m9qzab"), *others]:
        message = one_line_error(cli(*args))
        assert "is not a folder" in message and "CHECKOUT_HOME" in message, (args, message)
    assert checkout_home.read_text() == "not a folder"


def test_journal_path_through_a_file(
    cli: Cli, tmp_path: Path, checkout_once: Record, monkeypatch: Any
) -> None:
    """`--journal file/journal.jsonl` or CHECKOUT_JOURNAL=file/…: the OS says ENOTDIR."""
    monkeypatch.setenv("EDITOR", EDITOR)
    entry = checkout_once()
    blocker = tmp_path / "blocker"
    blocker.write_text("a plain file")
    inside = str(blocker / "journal.jsonl")
    for args in commands(entry["id"]):
        message = one_line_error(cli(*args, "--journal", inside))
        assert "blocker" in message, (args, message)
    monkeypatch.setenv("CHECKOUT_JOURNAL", inside)
    for args in commands(entry["id"]):
        message = one_line_error(cli(*args))
        assert "blocker" in message, (args, message)
    assert blocker.read_text() == "a plain file"


def test_config_and_questions_that_are_folders(
    cli: Cli, checkout_home: Path, checkout_once: Record, journal_file: Path
) -> None:
    checkout_once()
    before = journal_file.read_bytes()
    (checkout_home / "config.toml").mkdir()
    for args in (("config", "show"), ("config", "set", "name", "Ana"), ("meeting", "X", *QUICK)):
        message = one_line_error(cli(*args))
        assert "config" in message, (args, message)
    (checkout_home / "config.toml").rmdir()
    (checkout_home / "questions.toml").mkdir()
    for args in (("questions", "show"), ("meeting", "X", *QUICK), ("questions", "init")):
        message = one_line_error(cli(*args))
        assert "questions.toml" in message, (args, message)
    assert journal_file.read_bytes() == before


# -- permission bits (a child without root's override) ------------------------------------


@pytest.fixture(scope="module")
def permission_bits_bind(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Skip when permission bits cannot be made to stop a child here."""
    locked = tmp_path_factory.mktemp("probe") / "locked"
    locked.write_text("secret")
    locked.chmod(0)
    import subprocess
    import sys

    probe = subprocess.run(
        [sys.executable, "-c", f"open({str(locked)!r}).read()"],
        preexec_fn=harness.without_permission_override,
        capture_output=True,
        text=True,
        check=False,
    )
    if "PermissionError" not in probe.stderr:
        pytest.skip(f"permission bits do not stop a child process here: {probe.stderr[-200:]}")


@pytest.fixture
def locked_away() -> Iterator[Callable[[Path, int], None]]:
    """chmod that is undone after the test, so the temp folder can be cleaned up."""
    changed: list[tuple[Path, int]] = []

    def lock(path: Path, mode: int) -> None:
        changed.append((path, stat.S_IMODE(path.stat().st_mode)))
        path.chmod(mode)

    yield lock
    for path, mode in reversed(changed):
        path.chmod(mode)


def run_locked(*args: str, **env: str) -> Any:
    return harness.run(
        *args,
        env=harness.child_env(EDITOR=EDITOR, **env),
        preexec_fn=harness.without_permission_override,
    )


@pytest.mark.usefixtures("permission_bits_bind")
def test_folder_not_writable(
    checkout_home: Path,
    checkout_once: Record,
    journal_file: Path,
    locked_away: Callable[[Path, int], None],
) -> None:
    entry = checkout_once()
    before = snapshot(checkout_home)
    locked_away(checkout_home, 0o500)
    for args in (
        ("done", f"{entry['id']}-1"),
        ("delete", entry["id"], "--yes"),
        ("edit", entry["id"]),
        ("config", "set", "name", "Ana"),
        ("questions", "init"),
    ):
        said = 1 if args[0] == "delete" else 0
        message = harness.assert_one_line_error(run_locked(*args), said=said)
        assert "ermission denied" in message, (args, message)
        assert snapshot(checkout_home) == before, args
    with journal_file.open("ab") as handle:
        handle.write(b"{not json\n")
    before = snapshot(checkout_home)
    repair = run_locked("check", "--repair", "--yes")
    assert "cannot be read" in repair.stderr
    message = harness.assert_one_line_error(repair, said=1)
    assert "ermission denied" in message and "check the permissions of folder" in message
    assert snapshot(checkout_home) == before
    # Appending to the journal that is there needs no new file: it still works.
    appended = run_locked("meeting", "Still fine", *QUICK)
    assert appended.returncode == 0, appended.stderr
    assert harness.journal_ids(journal_file)[-1] != entry["id"]


@pytest.mark.usefixtures("permission_bits_bind")
def test_no_journal_yet_in_a_folder_not_writable(
    checkout_home: Path, locked_away: Callable[[Path, int], None]
) -> None:
    checkout_home.mkdir()
    locked_away(checkout_home, 0o500)
    message = harness.assert_one_line_error(run_locked("meeting", "Sync", *QUICK))
    assert "no permission to create" in message and str(checkout_home) in message
    assert list(checkout_home.iterdir()) == []


@pytest.mark.usefixtures("permission_bits_bind")
@pytest.mark.parametrize("mode", [0o000, 0o200], ids=["no-access", "write-only"])
def test_journal_not_readable(
    mode: int,
    checkout_home: Path,
    checkout_once: Record,
    journal_file: Path,
    locked_away: Callable[[Path, int], None],
) -> None:
    entry = checkout_once()
    before = snapshot(checkout_home)
    locked_away(journal_file, mode)
    for args in (
        ("meeting", "Sync", *QUICK),
        ("log",),
        ("show", entry["id"]),
        ("report", "--json"),
        ("done", f"{entry['id']}-1"),
        ("check",),
    ):
        message = harness.assert_one_line_error(run_locked(*args))
        assert "no permission" in message, (args, message)
    locked_away(journal_file, 0o600)
    assert snapshot(checkout_home) == before


@pytest.mark.usefixtures("permission_bits_bind")
def test_journal_read_only(
    checkout_home: Path,
    checkout_once: Record,
    journal_file: Path,
    locked_away: Callable[[Path, int], None],
) -> None:
    entry = checkout_once()
    before = snapshot(checkout_home)
    locked_away(journal_file, 0o400)
    for args in (("meeting", "Sync", *QUICK), ("done", f"{entry['id']}-1")):
        message = harness.assert_one_line_error(run_locked(*args))
        assert "no permission" in message, (args, message)
    shown = run_locked("show", entry["id"], "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == entry["id"]
    locked_away(journal_file, 0o600)
    assert snapshot(checkout_home) == before


@pytest.mark.usefixtures("permission_bits_bind")
def test_config_folder_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked_away: Callable[[Path, int], None]
) -> None:
    """Without CHECKOUT_HOME, settings and journal live in separate folders."""
    monkeypatch.delenv("CHECKOUT_HOME")
    config_home, data_home = tmp_path / "config", tmp_path / "data"
    (config_home / "checkout").mkdir(parents=True)
    locked_away(config_home / "checkout", 0o500)
    env = {"XDG_CONFIG_HOME": str(config_home), "XDG_DATA_HOME": str(data_home)}
    for args in (("config", "set", "name", "Ana"), ("questions", "init")):
        message = harness.assert_one_line_error(run_locked(*args, **env))
        assert "ermission denied" in message, (args, message)
    assert list((config_home / "checkout").iterdir()) == []
    saved = run_locked("meeting", "Sync", *QUICK, **env)
    assert saved.returncode == 0, saved.stderr
    assert len(harness.journal_ids(data_home / "checkout" / "journal.jsonl")) == 1
    # A config folder that cannot be created, inside the one that is not writable.
    other = {**env, "XDG_CONFIG_HOME": str(config_home / "checkout" / "deeper")}
    message = harness.assert_one_line_error(run_locked("config", "set", "name", "Ana", **other))
    assert "cannot create folder" in message


# -- a full disk (a file size limit in the child) -----------------------------------------


def size_limit(limit: int) -> Callable[[], None]:
    """preexec_fn: the child may not make any file larger than `limit` bytes."""

    def apply() -> None:
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))

    return apply


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("torn", [False, True])
def test_full_disk_in_the_middle_of_an_append(
    torn: bool, checkout_home: Path, checkout_once: Record, journal_file: Path
) -> None:
    for n in range(3):
        checkout_once(f"Meeting {n}")
    if torn:  # the damage of an earlier crash stays exactly as it was, too
        with journal_file.open("ab") as handle:
            handle.write(b'{"v": 1, "id": "torn", "ti')
    before = journal_file.read_bytes()
    big = "All of it. " * 900  # as long as an answer may be
    result = harness.run(
        "meeting",
        "Big",
        "--no-input",
        "-A",
        "goals=yes",
        "-A",
        f"improve={big}",
        "-A",
        "next=y",
        preexec_fn=size_limit(len(before) + 5_000),
    )
    # A check-out reads the journal's end to remember the meeting: the torn line is
    # reported on the way, as every read reports it.
    message = harness.assert_one_line_error(result, said=1 if torn else 0)
    assert not torn or "line 4 not valid JSON" in result.stderr
    assert "nothing was saved" in message and "too large" in message.lower(), message
    assert journal_file.read_bytes() == before
    again = harness.run("meeting", "Small", *QUICK, preexec_fn=size_limit(len(before) + 5_000))
    assert again.returncode == 0, again.stderr
    assert journal_file.read_bytes().startswith(before)


@pytest.mark.parametrize("where", ["journal", "backup"])
def test_full_disk_in_the_middle_of_a_rewrite(
    where: str, checkout_home: Path, checkout_once: Record, journal_file: Path
) -> None:
    """`done` makes the journal a little longer: a limit of exactly its size lets the
    backup through and stops the new journal; a smaller one stops the backup."""
    entries = [checkout_once(f"Meeting {n}") for n in range(20)]
    before = journal_file.read_bytes()
    limit = len(before) if where == "journal" else len(before) // 2
    result = harness.run(
        "done", f"{entries[7]['id']}-1", env=harness.child_env(), preexec_fn=size_limit(limit)
    )
    message = harness.assert_one_line_error(result)
    assert "too large" in message.lower(), message
    assert journal_file.read_bytes() == before
    backup = journal_file.with_name("journal.jsonl.bak")
    assert not backup.exists() or backup.read_bytes() == before
    assert leftovers(checkout_home) == []


def test_full_disk_for_export_and_settings(
    checkout_home: Path, checkout_once: Record, tmp_path: Path
) -> None:
    checkout_once()
    out = tmp_path / "out"
    out.mkdir()
    (out / "week.md").write_text("last week's")
    result = harness.run("export", "--all", "-o", str(out / "week.md"), preexec_fn=size_limit(20))
    assert "too large" in harness.assert_one_line_error(result).lower()
    assert [p.name for p in out.iterdir()] == ["week.md"]
    assert (out / "week.md").read_text() == "last week's"
    before = snapshot(checkout_home)
    result = harness.run("config", "set", "name", "A" * 100, preexec_fn=size_limit(20))
    assert "too large" in harness.assert_one_line_error(result).lower()
    assert snapshot(checkout_home) == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_behind_stdout(checkout_home: Path, checkout_once: Record) -> None:
    """`checkout export > report.md` on a full disk: say so in one line, exit 1."""
    entry = checkout_once()

    def stdout_to_dev_full() -> None:
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, 1)
        os.close(full)

    for args in (
        ("log",),
        ("log", "--json"),
        ("show", entry["id"]),
        ("export", "--all"),
        ("export", "--all", "--format", "csv"),
    ):
        result = harness.run(*args, preexec_fn=stdout_to_dev_full)
        message = harness.assert_one_line_error(result)
        assert "No space left on device" in message, (args, message)


# -- files that are symbolic links (a journal kept in a synced folder, dotfile managers) ---


def test_rewrites_write_through_a_symlinked_journal_and_config(
    cli: Cli, checkout_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replacing the link itself would leave the real file behind, no longer updated."""
    synced = tmp_path / "synced"
    synced.mkdir()
    checkout_home.mkdir()
    link = checkout_home / "journal.jsonl"
    link.symlink_to(synced / "journal.jsonl")
    (checkout_home / "config.toml").symlink_to(synced / "config.toml")
    monkeypatch.setenv("EDITOR", EDITOR)
    first = json.loads(cli("meeting", "Sync", *QUICK, "--json").stdout)
    second = json.loads(cli("meeting", "Other", *QUICK, "--json").stdout)
    for args in (
        ("done", f"{first['id']}-1"),
        ("edit", first["id"]),
        ("delete", second["id"], "--yes"),
        ("config", "set", "name", "Ana"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert link.is_symlink() and (checkout_home / "config.toml").is_symlink(), args
    [entry] = harness.load_lines(synced / "journal.jsonl")
    assert entry["title"] == "Renamed" and entry["answers"][2]["value"][0]["done_at"]
    assert "Ana" in (synced / "config.toml").read_text()
    assert stat.S_IMODE((synced / "journal.jsonl").stat().st_mode) == 0o600


@pytest.mark.usefixtures("permission_bits_bind")
def test_folder_not_writable_with_a_much_larger_backup(
    checkout_home: Path,
    checkout_once: Record,
    journal_file: Path,
    locked_away: Callable[[Path, int], None],
) -> None:
    """The larger backup would be set aside before the new one is written; in a folder
    that takes no new file, nothing at all changes."""
    entry = checkout_once()
    journal_file.with_name("journal.jsonl.bak").write_bytes(journal_file.read_bytes() * 10)
    before = snapshot(checkout_home)
    locked_away(checkout_home, 0o500)
    message = harness.assert_one_line_error(run_locked("done", f"{entry['id']}-1"))
    assert "ermission denied" in message, message
    assert snapshot(checkout_home) == before


def test_older_backups_set_aside_in_the_same_second_are_all_kept(
    cli: Cli, checkout_home: Path, checkout_once: Record, journal_file: Path, monkeypatch: Any
) -> None:
    """A much larger backup is kept under a time-stamped name; two in one second must
    not share that name (the clock is pinned here, so every rewrite is "the same second")."""
    monkeypatch.setenv("CHECKOUT_NOW", "2026-11-18T16:00:00+01:00")
    entry = checkout_once()
    backup = journal_file.with_name("journal.jsonl.bak")
    large = []
    for n, verb in enumerate(("done", "reopen", "done")):
        large.append(b"older version %d\n" % n * 5000)
        backup.write_bytes(large[-1])
        result = cli(verb, f"{entry['id']}-1")
        assert result.exit_code == 0, result.output
    kept = sorted(checkout_home.glob("journal.jsonl.bak.*"))
    assert sorted(p.read_bytes() for p in kept) == sorted(large)


# -- started with stdin, stdout or stderr closed (`<&-`, `>&-`, as cron or a service may) --


def closed(*fds: int) -> Callable[[], None]:
    """preexec_fn: close these standard descriptors in the child."""

    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close


def test_closed_standard_streams(
    checkout_home: Path, checkout_once: Record, journal_file: Path
) -> None:
    """The work gets done, once, with no traceback: a script that saw exit 1 would try
    again and save the check-out twice."""
    entry = checkout_once()
    for fds in ((0,), (1,), (0, 1, 2)):
        before = len(harness.journal_ids(journal_file))
        for args in (("meeting", "Sync", *QUICK), ("meeting", "Sync", *QUICK[1:], "--json")):
            result = harness.run(*args, preexec_fn=closed(*fds))
            assert result.returncode == 0 and "Traceback" not in result.stderr, (fds, result)
        assert len(harness.journal_ids(journal_file)) == before + 2, fds
        for args in (("log",), ("show", entry["id"], "--json")):
            result = harness.run(*args, preexec_fn=closed(*fds))
            assert result.returncode == 0 and "Traceback" not in result.stderr, (fds, args)
    asked = harness.run("delete", entry["id"], preexec_fn=closed(0))
    assert "pass --yes" in harness.assert_one_line_error(asked, 2, said=1)
    missing = harness.run("meeting", "Sync", preexec_fn=closed(0))
    assert "answers are missing" in harness.assert_one_line_error(missing)
    assert all(raw.startswith(b"{") for raw in journal_file.read_bytes().splitlines())
