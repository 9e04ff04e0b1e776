"""The store: appends, reads, windows, rewrites, and what happens to damaged lines."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from checkout_cli.model.errors import CheckoutError
from checkout_cli.store import journal, paths


def make(n: int, *, at: datetime | None = None, recorded: datetime | None = None) -> dict[str, Any]:
    at = at or datetime(2026, 11, 20, 15, 0, tzinfo=UTC) + timedelta(hours=n)
    recorded = recorded or at + timedelta(minutes=5)
    return {
        "v": 1,
        "id": f"id{n:06d}",
        "at": at.isoformat(),
        "recorded_at": recorded.isoformat(),
        "title": f"Meeting {n}",
        "answers": [],
    }


def warnings() -> tuple[list[str], Any]:
    found: list[str] = []
    return found, found.append


def test_append_creates_private_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [e["id"] for e in journal.Journal(path, warn=print).read()] == ["id000001"]


def test_append_writes_one_line_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    for n in range(3):
        journal.Journal(path, warn=print).append(make(n))
    raw = path.read_bytes()
    assert raw.count(b"\n") == 3 and raw.endswith(b"\n")
    assert [json.loads(line)["id"] for line in raw.splitlines()] == [
        "id000000",
        "id000001",
        "id000002",
    ]


def test_text_with_newlines_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    entry = make(1)
    entry["title"] = "line one\nline two\u2028 and ✓ émoji 🎉"
    journal.Journal(path, warn=print).append(entry)
    assert path.read_bytes().count(b"\n") == 1
    assert next(journal.Journal(path, warn=print).read())["title"] == entry["title"]


def test_torn_tail_stays_apart_and_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    with path.open("ab") as handle:
        handle.write(b'{"v": 1, "id": "torn", "ti')
    journal.Journal(path, warn=print).append(make(2))
    lines = path.read_bytes().splitlines()
    assert lines[1] == b'{"v": 1, "id": "torn", "ti'
    found, warn = warnings()
    assert [e["id"] for e in journal.Journal(path, warn=warn).read()] == ["id000001", "id000002"]
    assert found and "line 2" in found[0]


def test_bad_line_is_never_dropped_by_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    with path.open("ab") as handle:
        handle.write(b"not json at all\n")
    journal.Journal(path, warn=print).append(make(2))

    def retitle(entry: dict[str, Any]) -> dict[str, Any] | None:
        return {**entry, "title": "renamed"} if entry["id"] == "id000002" else None

    assert journal.Journal(path, warn=print).rewrite(retitle) == 1
    lines = path.read_bytes().splitlines()
    assert lines[1] == b"not json at all"
    assert json.loads(lines[2])["title"] == "renamed"


def test_rewrite_keeps_untouched_lines_byte_for_byte_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b'{"id":"a","at":"2026-01-01T00:00:00+00:00","extra":{"x":1}}\n')
    journal.Journal(path, warn=print).append(make(2))
    before = path.read_bytes()
    journal.Journal(path, warn=print).rewrite(lambda e: False if e["id"] == "id000002" else None)
    assert path.read_bytes() == before.splitlines(keepends=True)[0]
    assert paths.backup_file(path).read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_rewrite_without_change_touches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    assert journal.Journal(path, warn=print).rewrite(lambda e: None) == 0
    assert not paths.backup_file(path).exists()


def test_failed_replace_leaves_the_old_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    before = path.read_bytes()

    def broken_replace(src: Any, dst: Any) -> None:
        if str(dst) == str(path):
            raise OSError(28, "No space left on device")
        os.rename(src, dst)

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(CheckoutError, match="No space left"):
        journal.Journal(path, warn=print).rewrite(lambda e: False)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_failed_append_is_truncated_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    before = path.read_bytes()
    real_write = os.write

    def half_then_fail(fd: int, data: Any) -> int:
        if len(data) > 20:
            real_write(fd, bytes(data[:10]))
            raise OSError(27, "File too large")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_fail)
    with pytest.raises(CheckoutError, match="nothing was saved"):
        journal.Journal(path, warn=print).append(make(2))
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_recent_window_stops_early_but_finds_backdated_entries(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for day in range(0, 400, 2):
        journal.Journal(path, warn=print).append(make(day, at=start + timedelta(days=day)))
    # Back-dated: happened long ago, recorded recently.
    journal.Journal(path, warn=print).append(
        make(999, at=start + timedelta(days=10), recorded=start + timedelta(days=399))
    )
    since = start + timedelta(days=390)
    found = list(journal.Journal(path, warn=print).read(since))
    ids = [e["id"] for e in found]
    assert "id000999" in ids
    assert "id000390" in ids and "id000388" not in ids
    assert all(datetime.fromisoformat(e["recorded_at"]) >= since for e in found)
    assert len(found) < 20


def test_recent_limit_returns_the_last_entries_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    for n in range(50):
        journal.Journal(path, warn=print).append(make(n))
    tail = journal.Journal(path, warn=print).tail(3)
    assert [e["id"] for e in tail] == ["id000047", "id000048", "id000049"]


def test_recent_names_the_line_number_of_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    with path.open("ab") as handle:
        handle.write(b"{broken\n")
    journal.Journal(path, warn=print).append(make(2))
    found, warn = warnings()
    assert len(journal.Journal(path, warn=warn).tail(5)) == 2
    assert len(found) == 1 and "line 2 " in found[0] and "checkout check" in found[0]


@pytest.mark.parametrize("usual", [8, 1280])
@pytest.mark.parametrize("heads", [False, True])
def test_the_tail_read_from_the_end_matches_a_read_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usual: int, heads: bool
) -> None:
    """Block boundaries, lines longer than a block, blank and bad lines, a last line without
    its newline: the tail holds what reading every line from the start would, oldest
    first, each with its line, and names every bad line it passes by its number."""
    monkeypatch.setattr(journal, "_USUAL_LINE", usual)  # 8: many small blocks
    path = tmp_path / "journal.jsonl"
    lines: list[bytes] = []
    for n in range(60):
        item = make(n)
        if n % 7 == 3:
            item["answers"] = [{"key": "improve", "kind": "text", "value": "x" * 40_000}]
        lines.append(json.dumps(item).encode() + b"\n")
        if n % 11 == 5:
            lines.append(b"\n" if n % 2 else b"{broken\n")
    lines.append(json.dumps(make(60)).encode())  # no newline at the end
    path.write_bytes(b"".join(lines))
    bad = [number for number, line in enumerate(lines, start=1) if line == b"{broken\n"]
    every = [json.loads(line) for line in lines if line.strip() and line != b"{broken\n"]
    numbers = {
        json.loads(line)["id"]: number
        for number, line in enumerate(lines, start=1)
        if line.strip() and line != b"{broken\n"
    }
    journal.Journal(path, warn=lambda _: None).tail(1)  # learns the order: reads from the end
    for limit in (1, 2, 9, 25, 61, 100):
        heard: list[str] = []
        tail = journal.Journal(path, warn=heard.append).tail_lines(limit, heads=heads)
        wanted = every[-limit:]
        assert [e["id"] for e in tail.entries] == [e["id"] for e in wanted]
        assert [tail.whole(i) for i in range(len(wanted))] == wanted
        assert all("answers" not in e for e in tail.entries) if heads else tail.entries == wanted
        oldest = numbers[wanted[0]["id"]]  # the line the read stopped at
        passed = [n for n in bad if n > oldest]
        assert sorted(int(m.split("line ")[1].split()[0]) for m in heard) == passed


def test_missing_journal_reads_as_empty_but_a_folder_is_an_error(tmp_path: Path) -> None:
    assert list(journal.Journal(tmp_path / "none.jsonl", warn=print).read()) == []
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    with pytest.raises(CheckoutError, match="is a folder"):
        list(journal.Journal(folder, warn=print).read())
    with pytest.raises(CheckoutError, match="is a folder"):
        journal.Journal(folder, warn=print).append(make(1))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_journal_is_an_error_not_empty(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    path.chmod(0)
    with pytest.raises(CheckoutError, match="permission"):
        list(journal.Journal(path, warn=print).read())


def test_find_by_unique_prefix(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append({**make(1), "id": "abc111"})
    journal.Journal(path, warn=print).append({**make(2), "id": "abd222"})
    assert journal.Journal(path, warn=print).find("abc")["id"] == "abc111"
    with pytest.raises(CheckoutError, match="ambiguous"):
        journal.Journal(path, warn=print).find("ab")
    with pytest.raises(CheckoutError, match="no check-out"):
        journal.Journal(path, warn=print).find("zz")


def test_move_out_keeps_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    with path.open("ab") as handle:
        handle.write(b"garbage one\n")
    journal.Journal(path, warn=print).append(make(2))
    original = path.read_bytes()
    rejected = tmp_path / "journal.rejected.jsonl"
    assert journal.Journal(path, warn=print).repair(rejected) == journal.Repaired(1, False)
    assert rejected.read_bytes() == b"garbage one\n"
    assert sorted(path.read_bytes().splitlines() + rejected.read_bytes().splitlines()) == sorted(
        original.splitlines()
    )


def test_a_rewrite_removes_temp_files_a_killed_rewrite_left(tmp_path: Path) -> None:
    """A rewrite killed before its rename leaves `.journal.jsonl.XXXXXXXX.tmp` (and the
    backup's) beside the journal; the next rewrite, holding the lock, removes them and
    nothing else."""
    real = tmp_path / "real"
    real.mkdir()
    path = real / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    journal.Journal(path, warn=print).append(make(2))
    link = tmp_path / "linked.jsonl"
    link.symlink_to(path)
    stale = [
        real / ".journal.jsonl.k3m9qz_a.tmp",
        real / ".journal.jsonl.bak.0abc_def.tmp",
        tmp_path / ".linked.jsonl.bak.zz11yy22.tmp",  # the backup beside the link
    ]
    kept = [
        real / ".team.jsonl.k3m9qz_a.tmp",  # another journal's, maybe mid-rewrite
        real / ".journal.jsonl.k3m9qz_a.tmp.txt",
        real / "journal.jsonl.bak.20261122T101500",
        real / ".questions.toml.abcdefgh.tmp",
    ]
    for file in stale + kept:
        file.write_text("half a rewrite")

    def rename(entry: dict[str, Any]) -> dict[str, Any] | None:
        return {**entry, "title": "Renamed"} if entry["id"] == "id000001" else None

    assert journal.Journal(link, warn=print).rewrite(rename) == 1

    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert [e["title"] for e in journal.Journal(path, warn=print).read()] == [
        "Renamed",
        "Meeting 2",
    ]


def test_whole_journal_passes_report_their_progress(tmp_path: Path) -> None:
    """Reads and rewrites of a whole journal tell the bar how far they are, in bytes."""
    path = tmp_path / "journal.jsonl"
    lines = [journal.encode(make(n)) for n in range(70_000)]
    path.write_bytes(b"".join(lines))
    size = path.stat().st_size
    heard: dict[str, list[tuple[int, int]]] = {"read": [], "rewrite": []}

    assert (
        sum(
            1
            for _ in journal.Journal(path, warn=print).read(
                progress=lambda *p: heard["read"].append(p)
            )
        )
        == 70_000
    )

    def rename_last(entry: dict[str, Any]) -> dict[str, Any] | None:
        return {**entry, "title": "Last"} if entry["id"] == "id069999" else None

    changed = journal.Journal(path, warn=print).rewrite(
        rename_last, lambda *p: heard["rewrite"].append(p)
    )
    assert changed == 1
    for calls in heard.values():
        assert calls, heard
        assert all(total == size and 0 < done <= total for done, total in calls)
        assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_backup_that_cannot_be_set_aside_stops_the_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.jsonl"
    journal.Journal(path, warn=print).append(make(1))
    paths.backup_file(path).write_bytes(path.read_bytes() * 10)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_replace = os.replace

    def refuse_to_set_aside(src: Any, dst: Any) -> None:
        if ".bak." in str(dst):
            raise OSError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_to_set_aside)
    with pytest.raises(CheckoutError, match="cannot keep the older backup"):
        journal.Journal(path, warn=print).rewrite(lambda entry: {**entry, "title": "Renamed"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
def test_a_rewrite_streams_lines_across_read_blocks_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """Lines that span read blocks, a lone carriage return inside a line (JSON allows it
    between tokens), a bad line and a last line without its newline all come through;
    only the changed entry's line differs, and the last line gains its newline."""
    monkeypatch.setattr(journal, "_BLOCK", block)
    path = tmp_path / "journal.jsonl"
    first, second, third = (journal.encode(make(n)) for n in (1, 2, 3))
    carriage = second.replace(b', "title"', b',\r "title"')
    old = first + b"{not json\n" + carriage + b"\n" + third.rstrip(b"\n")
    path.write_bytes(old)

    def rename(entry: dict[str, Any]) -> dict[str, Any] | None:
        return {**entry, "title": "Renamed"} if entry["id"] == "id000001" else None

    assert journal.Journal(path, warn=print).rewrite(rename) == 1
    renamed = journal.encode({**make(1), "title": "Renamed"})
    assert path.read_bytes() == renamed + b"{not json\n" + carriage + b"\n" + third
    assert paths.backup_file(path).read_bytes() == old
    # Nothing to change: no rewrite, no new backup.
    paths.backup_file(path).unlink()
    assert journal.Journal(path, warn=print).rewrite(lambda entry: None) == 0
    assert not paths.backup_file(path).exists()


def test_a_rewrite_that_changes_nothing_leaves_the_journal_and_its_backup(tmp_path: Path) -> None:
    """Even a last line without its newline, which any real change would end, stays."""
    path = tmp_path / "journal.jsonl"
    path.write_bytes(journal.encode(make(1)) + journal.encode(make(2)).rstrip(b"\n"))
    paths.backup_file(path).write_bytes(b"the version before the last real change\n")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    assert journal.Journal(path, warn=print).rewrite(lambda entry: None) == 0
    repaired = journal.Journal(path, warn=print).repair(tmp_path / "journal.rejected.jsonl")
    assert repaired == journal.Repaired(0, False)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_lines_that_cannot_be_moved_out_leave_journal_and_backup(tmp_path: Path) -> None:
    """The moved lines are made safe before anything else is written; if they cannot be,
    neither the journal nor its backup changes."""
    path = tmp_path / "journal.jsonl"
    path.write_bytes(journal.encode(make(1)) + b"{not json\n")
    paths.backup_file(path).write_bytes(b"the version before the last real change\n")
    (tmp_path / "journal.rejected.jsonl").mkdir()  # cannot be appended to
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    with pytest.raises(CheckoutError):
        journal.Journal(path, warn=print).repair(tmp_path / "journal.rejected.jsonl")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
