"""The line codec, the window skip, the order marker, and repair deciding under the lock.

A window read skips the lines before its window only where the journal is known to be
in `recorded_at` order; these tests put lines out of order at the start, the middle and
the end, merge journals, and check every read against a plain pass over every line.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from checkout_cli.flows import check
from checkout_cli.store import codec, journal, paths
from checkout_cli.store.journal import Journal, window_start

START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
ZONES = [UTC, datetime.fromisoformat("2026-01-01T00:00+05:30").tzinfo]


def entry(n: int, recorded: datetime, *, back: timedelta = timedelta(0)) -> dict[str, Any]:
    zone = ZONES[n % 2]
    return {
        "v": 1,
        "id": f"e{n:06d}",
        "at": (recorded - back).astimezone(zone).isoformat(),
        "recorded_at": recorded.astimezone(zone).isoformat(),
        "title": f"Meeting {n % 7}",
        "answers": [{"key": "improve", "kind": "text", "value": "x" * (n % 50)}],
    }


def sorted_lines(rng: random.Random, count: int, *, first: int = 0) -> list[bytes]:
    """Lines in `recorded_at` order (ties too), a few bad lines and lines without a time."""
    out = []
    moment = START
    for n in range(first, first + count):
        moment += timedelta(hours=rng.choice([0, 1, 5, 30]))
        back = timedelta(days=rng.choice([0, 0, 0, 1, 6]))
        roll = rng.random()
        if roll < 0.03:
            out.append(rng.choice([b"not json\n", b"[1]\n", b"\n", b'{"id": "no-time"}\n']))
        out.append(codec.encode(entry(n, moment, back=back)))
    return out


def reference(path: Path, since: datetime | None) -> list[str]:
    """Ids of the entries a window read must give, in file order, from a plain pass over
    every line: those recorded since `since`. (Entries without a usable `recorded_at`
    come with the lines around them; before the window they may be skipped.)"""
    found = []
    for raw in path.read_bytes().splitlines():
        item = codec.decode(raw)
        if not isinstance(item, dict):
            continue
        recorded = journal.instant(item.get("recorded_at"))
        if recorded is not None and (since is None or recorded >= since):
            found.append(str(item.get("id")))
    return found


def ids(items: Any) -> list[str]:
    return [str(item.get("id")) for item in items if item.get("id") != "no-time"]


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "_PROBE", 128)
    monkeypatch.setattr(journal, "_BLOCK", 512)


# --- the codec -----------------------------------------------------------------------


def test_encode_writes_lines_as_before() -> None:
    item = {"v": 1, "title": "Café ☕", "with": ["Ana"], "n": 2.5}
    assert codec.encode(item) == (json.dumps(item, ensure_ascii=False) + "\n").encode()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json\n", "not valid JSON"),
        (b"[1, 2]\n", "not a JSON object"),
        (b'"text"\n', "not a JSON object"),
        (b'{"title": "\xff"}\n', "not valid UTF-8"),
        (b"[" * 1000 + b"]" * 1000 + b"\n", "not a JSON object"),
        (b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
        (b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b"\n", "nested too deeply"),
    ],
)
def test_every_failure_is_an_unreadable_line_with_a_reason(raw: bytes, reason: str) -> None:
    found = codec.decode(raw)
    assert isinstance(found, codec.Unreadable) and reason in found


def test_a_lone_surrogate_escape_reads_as_a_replacement_character() -> None:
    assert codec.decode(b'{"title": "\\ud83d x", "ok": "\\ud83d\\ude00"}\n') == {
        "title": "\ufffd x",
        "ok": "\U0001f600",
    }
    assert codec.decode(b'\xef\xbb\xbf{"a": NaN}') == {
        "a": pytest.approx(float("nan"), nan_ok=True)
    }


def test_a_deeply_nested_line_is_a_warning_and_repair_moves_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    deep = b"[" * 1000 + b"]" * 1000 + b"\n"
    deeper = b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b"\n"
    good = codec.encode(entry(1, START))
    path.write_bytes(good + deep + deeper)
    warned: list[str] = []
    assert ids(Journal(path, warn=warned.append).read()) == ["e000001"]
    assert ["line 2" in warned[0], "line 3" in warned[1]] == [True, True]
    report = check.check_journal(path)
    assert report.movable() == {2, 3}
    assert check.repair(path, report) == 2
    assert path.read_bytes() == good
    assert check.rejected_path(path).read_bytes() == deep + deeper


def test_version_does_not_import_the_json_library(tmp_path: Path) -> None:
    probe = "import sys; from checkout_cli.cli.app import main\n"
    probe += (
        "sys.argv = ['checkout', '--version']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    probe += "print('orjson' in sys.modules, file=sys.stderr)"
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "CHECKOUT_HOME": str(tmp_path)},
        check=True,
    )
    assert run.stderr.strip().splitlines()[-1] == "False"


# --- the window skip -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_window_start_skips_only_lines_recorded_before_the_window(seed: int) -> None:
    rng = random.Random(seed)
    data = b"".join(sorted_lines(rng, 300))
    offsets, recorded = [], []
    position = 0
    for raw in data.splitlines(keepends=True):
        offsets.append(position)
        recorded.append(journal.instant(codec.recorded_at_of(raw)))
        position += len(raw)

    def pread(size: int, offset: int) -> bytes:
        return data[offset : offset + size]

    times = [moment for moment in recorded if moment is not None]
    for since in [times[0] - timedelta(days=1), *rng.sample(times, 20), times[-1] + timedelta(1)]:
        start = window_start(pread, len(data), since)
        assert start in offsets or start == len(data)
        skipped = [
            moment for offset, moment in zip(offsets, recorded, strict=True) if offset < start
        ]
        assert all(moment < since for moment in skipped if moment is not None)
        # It skips: it starts within two probes (and a line) of the window.
        first_in = next(
            (o for o, m in zip(offsets, recorded, strict=True) if m and m >= since), len(data)
        )
        assert start >= first_in - 2 * journal._PROBE - 400


# --- reads of journals in order and out of it ----------------------------------------


def shuffled(rng: random.Random, how: str) -> list[bytes]:
    lines = sorted_lines(rng, 240)
    old = codec.encode(entry(900_000, START + timedelta(days=2)))
    if how == "start":
        lines.insert(1, codec.encode(entry(900_001, START + timedelta(days=3000))))
    elif how == "middle":
        lines.insert(len(lines) // 2, old)
    elif how == "end":
        lines.append(old)  # this week's check-outs, then one recorded months ago
    elif how == "merged":  # two machines' journals, one after the other (a union merge)
        lines = sorted_lines(rng, 120) + sorted_lines(rng, 120, first=500)
    elif how == "random":
        for _ in range(5):
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return lines


@pytest.mark.parametrize("how", ["in order", "start", "middle", "end", "merged", "random"])
@pytest.mark.parametrize("seed", range(3))
def test_a_window_read_never_misses_an_entry_of_its_window(
    how: str, seed: int, tmp_path: Path
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"".join(shuffled(rng, how)))
    items = [codec.decode(raw) for raw in path.read_bytes().splitlines()]
    times = sorted(
        t
        for item in items
        if isinstance(item, dict)
        if (t := journal.instant(item.get("recorded_at")))
    )
    sinces = [None, times[0], times[len(times) // 3], times[-10], times[-1], *rng.sample(times, 5)]
    for attempt in ("unknown order", "marker left by the first read", "after an append"):
        if attempt == "after an append":
            Journal(path, warn=print).append(entry(700_000, times[-1] + timedelta(hours=1)))
            times.append(times[-1] + timedelta(hours=1))
        for since in sinces:
            warned: list[str] = []
            found = ids(Journal(path, warn=warned.append).read(since))
            assert found == reference(path, since), (attempt, since)
            out_of_order = [w for w in warned if "out of recorded_at order" in w]
            assert len(out_of_order) == (0 if how == "in order" else 1), (attempt, warned)
            assert "checkout check --repair" in "".join(out_of_order) or how == "in order"


@pytest.mark.parametrize("how", ["in order", "start", "middle", "end", "merged", "random"])
def test_the_tail_is_the_latest_recorded(how: str, tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"".join(shuffled(rng, how)))
    keyed = []
    for number, raw in enumerate(path.read_bytes().splitlines()):
        item = codec.decode(raw)
        if isinstance(item, dict):
            keyed.append((journal.instant(item.get("recorded_at")), number, item["id"]))
    for _ in range(2):  # the order unknown, then known from the marker
        for limit in (1, 5, 60, 1000):
            tail = [i["id"] for i in Journal(path, warn=lambda m: None).tail(limit)]
            assert len(tail) == min(limit, len(keyed))
            timed = sorted(k[0] for k in keyed if k[0] is not None)
            if limit < len(timed):
                threshold = timed[-limit]  # every entry recorded after it is in the tail
                assert {k[2] for k in keyed if k[0] and k[0] > threshold} <= set(tail)
            if how == "in order":
                assert tail == [k[2] for k in keyed][-limit:]


def test_log_of_this_week_sees_it_after_an_old_line_at_the_end(
    cli: Any, journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    monkeypatch.setenv("CHECKOUT_NOW", now.isoformat())
    journal_file.parent.mkdir(parents=True)
    lines = [codec.encode(entry(n, now - timedelta(days=400 - n))) for n in range(400)]
    lines.append(codec.encode(entry(999, now - timedelta(days=120))))
    journal_file.write_bytes(b"".join(lines))
    for _ in range(2):
        result = cli("log", "--week", "this", "--json")
        assert result.exit_code == 0
        assert len(json.loads(result.stdout)) == 4  # Monday to Friday... recorded this week
        assert "out of recorded_at order" in result.stderr
    everything = json.loads(cli("report", "--all", "--json").stdout)
    assert everything["count"] == 401


def test_a_file_edited_in_place_is_not_taken_for_the_one_the_marker_knows(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    rng = random.Random(5)
    lines = sorted_lines(rng, 100)
    path.write_bytes(b"".join(lines))
    assert list(Journal(path, warn=print).read())
    with path.open("r+b") as handle:  # the same inode, other bytes: an editor that writes over
        handle.truncate(0)
        handle.write(b"".join([*lines[50:], *lines[:50]]))
    warned: list[str] = []
    since = journal.instant(codec.recorded_at_of(lines[-1])) or START
    found = ids(Journal(path, warn=warned.append).read(since))
    assert found == reference(path, since)
    assert any("out of recorded_at order" in w for w in warned)


def test_a_read_of_a_journal_in_order_decodes_only_its_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(
        b"".join(codec.encode(entry(n, START + timedelta(hours=n))) for n in range(2000))
    )
    Journal(path, warn=print).tail(1)  # the first read learns the order
    decoded = 0
    real = codec.decode

    def counting(raw: bytes) -> Any:
        nonlocal decoded
        decoded += 1
        return real(raw)

    monkeypatch.setattr(codec, "decode", counting)
    Journal(path, warn=print).append(entry(2000, START + timedelta(hours=2000)))
    found = list(Journal(path, warn=print).read(START + timedelta(hours=1990)))
    assert ids(found) == [f"e{n:06d}" for n in range(1990, 2001)]
    assert decoded < 60, decoded
    decoded = 0
    assert ids(Journal(path, warn=print).tail(3)) == ["e001998", "e001999", "e002000"]
    assert decoded < 10, decoded


# --- repair --------------------------------------------------------------------------


def test_repair_moves_only_what_still_fails_under_the_lock(tmp_path: Path) -> None:
    """A, B, garbage, C; `check` finds the garbage on line 3; before the repair goes
    ahead, `delete A --yes` runs. The repair must move the garbage, not C (now line 3)."""
    path = tmp_path / "journal.jsonl"
    a, b, c = (codec.encode(entry(n, START + timedelta(hours=n))) for n in (1, 2, 3))
    path.write_bytes(a + b + b"garbage\n" + c)
    report = check.check_journal(path)
    assert report.movable() == {3}
    from checkout_cli.flows.edit import delete_entry

    delete_entry(path, json.loads(a))  # meanwhile, at the [y/N]
    assert check.repair(path, report) == 1
    assert path.read_bytes() == b + c
    assert check.rejected_path(path).read_bytes() == b"garbage\n"


def test_repair_sorts_a_journal_out_of_order(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    rng = random.Random(2)
    lines = shuffled(rng, "merged")
    path.write_bytes(b"".join(lines))
    report = check.check_journal(path)
    assert report.out_of_order and report.repairable()
    moved = check.repair(path, report)
    after = check.check_journal(path)
    assert not after.out_of_order
    assert moved == len(report.movable())
    kept = [raw for raw in lines if isinstance(codec.decode(raw), dict) or not raw.strip()]
    assert sorted(path.read_bytes().splitlines()) == sorted(r.rstrip(b"\n") for r in kept)
    assert paths.backup_file(path).read_bytes() == b"".join(lines)
    warned: list[str] = []
    list(Journal(path, warn=warned.append).read())
    assert not warned or all("out of recorded_at order" not in w for w in warned)


def test_a_rewrite_leaves_the_order_marker_for_the_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(
        b"".join(codec.encode(entry(n, START + timedelta(hours=n))) for n in range(500))
    )
    changed = Journal(path, warn=print).rewrite(
        lambda item: False if item["id"] == "e000003" else None
    )
    assert changed == 1
    decoded = 0
    real = codec.decode

    def counting(raw: bytes) -> Any:
        nonlocal decoded
        decoded += 1
        return real(raw)

    monkeypatch.setattr(codec, "decode", counting)
    assert ids(Journal(path, warn=print).tail(2)) == ["e000498", "e000499"]
    assert decoded < 10, decoded
    # A rewrite that leaves the journal out of order says so in its marker too.
    monkeypatch.setattr(codec, "decode", real)
    old = codec.encode(entry(9999, START))
    with path.open("ab") as handle:
        handle.write(old)
    Journal(path, warn=print).rewrite(lambda item: None if item["id"] != "e000010" else False)
    warned: list[str] = []
    week = ids(Journal(path, warn=warned.append).read(START + timedelta(days=20)))
    assert week == [f"e{n:06d}" for n in range(480, 500)]
    assert len(warned) == 1 and "out of recorded_at order" in warned[0]


def test_check_names_the_lines_out_of_order_and_repair_sorts_them(
    cli: Any, journal_file: Path
) -> None:
    journal_file.parent.mkdir(parents=True)
    lines = [codec.encode(entry(n, START + timedelta(hours=n))) for n in range(5)]
    journal_file.write_bytes(b"".join([*lines[2:], *lines[:2]]))  # two lines merged in late
    found = cli("check")
    assert found.exit_code == 1
    assert "lines 4, 5" in found.stdout and "out of recorded_at order" in found.stdout
    assert "--repair" in found.stdout
    repaired = cli("check", "--repair", "--yes")
    assert repaired.exit_code == 0, repaired.output
    assert "Sorted the journal by recorded_at" in repaired.output
    assert journal_file.read_bytes() == b"".join(lines)
    assert cli("check").stdout.strip() == "journal OK: 5 entries"
