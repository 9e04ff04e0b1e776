"""`checkout check`: every problem by line number, and a repair that never loses a byte."""

from __future__ import annotations

import json
import stat
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import Result

from checkout_cli.flows import check
from checkout_cli.store import journal, paths

Cli = Callable[..., Result]


def good(n: int, **fields: Any) -> dict[str, Any]:
    return {
        "v": 1,
        "id": f"good{n:04d}",
        "at": "2026-11-20T15:00:00+01:00",
        "recorded_at": "2026-11-20T15:04:31+01:00",
        "title": f"Meeting {n}",
        "answers": [],
        **fields,
    }


def line(item: Any) -> bytes:
    return (json.dumps(item, ensure_ascii=False) + "\n").encode()


DAMAGED = [
    line(good(1)),  # 1
    b'{"v": 1, "id": "broken"\n',  # 2: does not parse
    b"[1, 2, 3]\n",  # 3: not an object
    line(good(2)),  # 4
    b"\n",  # 5: blank, ignored
    line(good(1, title="Copy")),  # 6: duplicate of line 1
    line(good(3, at="2026-11-20T16:00:00+01:00")),  # 7: at after recorded_at
    line(good(4, v=2)),  # 8: unknown version
    line({"v": 1, "id": "lacking1", "at": "2026-11-20T15:00:00+01:00"}),  # 9: missing fields
    line(good(5, at="yesterday", recorded_at="2026-11-20T15:04:31")),  # 10: bad times
    line(good(6)),  # 11
    b'{"v": 1, "id": "torn", "at": "2026-11',  # 12: torn tail, no newline
]


@pytest.fixture
def damaged(journal_file: Path) -> bytes:
    journal_file.parent.mkdir(parents=True, exist_ok=True)
    data = b"".join(DAMAGED)
    journal_file.write_bytes(data)
    return data


def test_clean_journal(cli: Cli, journal_file: Path) -> None:
    for n in range(3):
        journal.Journal(journal_file, warn=print).append(good(n))
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "journal OK: 3 entries"
    data = json.loads(cli("check", "--json").stdout)
    assert data["ok"] is True and data["entries"] == 3 and data["problems"] == []


def test_missing_journal_is_not_an_error(cli: Cli, journal_file: Path) -> None:
    result = cli("check")
    assert result.exit_code == 0 and result.stdout.strip() == f"no journal yet at {journal_file}"
    data = json.loads(cli("check", "--json").stdout)
    assert data["exists"] is False and data["ok"] is True


def test_unreadable_journal_is_an_error(cli: Cli, journal_file: Path) -> None:
    journal_file.mkdir(parents=True)
    result = cli("check")
    assert result.exit_code == 1 and "is a folder" in result.stderr
    assert "Traceback" not in result.output


def test_every_problem_is_reported_by_line(cli: Cli, damaged: bytes) -> None:
    result = cli("check")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    verdict = out[-1]
    assert "problems" in verdict and "--repair" in verdict and "journal.rejected.jsonl" in verdict
    by_line = {text.split(":")[0]: text for text in out[:-1]}
    assert "not valid JSON" in by_line["line 2"] and "at character 25" in by_line["line 2"]
    assert "not a JSON object" in by_line["line 3"]
    assert "line 6" not in by_line and "id good0001" in by_line["lines 1, 6 (id good0001)"]
    assert "checkout delete good0001" in by_line["lines 1, 6 (id good0001)"]
    assert "later than recorded_at" in by_line["line 7 (id good0003)"]
    assert "checkout edit good0003" in by_line["line 7 (id good0003)"]
    assert "v=2" in by_line["line 8 (id good0004)"]
    assert "missing recorded_at, title, answers" in by_line["line 9 (id lacking1)"]
    assert "interrupted write" in by_line["line 12"]
    bad_times = [text for text in out if text.startswith("line 10 ")]
    assert len(bad_times) == 2
    assert any("not an ISO date-time" in t and "checkout edit" in t for t in bad_times)
    assert any("no UTC offset" in t and "by hand" in t for t in bad_times)
    assert "line 5" not in result.stdout and "line 4" not in result.stdout


def test_json_report(cli: Cli, damaged: bytes) -> None:
    result = cli("check", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["entries"] == 8
    kinds = Counter((p["kind"], tuple(p["lines"])) for p in data["problems"])
    assert kinds == Counter(
        {
            (check.UNPARSEABLE, (2,)): 1,
            (check.NOT_OBJECT, (3,)): 1,
            (check.DUPLICATE_ID, (1, 6)): 1,
            (check.AT_AFTER_RECORDED, (7,)): 1,
            (check.UNKNOWN_VERSION, (8,)): 1,
            (check.MISSING, (9,)): 1,
            (check.BAD_TIME, (10,)): 2,
            (check.UNPARSEABLE, (12,)): 1,
        }
    )


def test_check_does_not_change_the_journal(cli: Cli, journal_file: Path, damaged: bytes) -> None:
    cli("check")
    assert journal_file.read_bytes() == damaged


def test_repair_without_a_terminal_needs_yes(cli: Cli, journal_file: Path, damaged: bytes) -> None:
    result = cli("check", "--repair")
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert journal_file.read_bytes() == damaged
    assert not check.rejected_path(journal_file).exists()


def test_repair_keeps_every_byte(cli: Cli, journal_file: Path, damaged: bytes) -> None:
    result = cli("check", "--repair", "--yes")
    rejected = check.rejected_path(journal_file)
    assert rejected.name == "journal.rejected.jsonl" and rejected.parent == journal_file.parent
    assert result.exit_code == 1, "duplicates and bad times are still there"
    assert f"Moved 3 lines to {rejected}" in result.stderr
    kept, moved = journal_file.read_bytes(), rejected.read_bytes()
    assert moved == DAMAGED[1] + DAMAGED[2] + DAMAGED[11] + b"\n"
    original = Counter(damaged.split(b"\n"))
    after = Counter(kept.split(b"\n")) + Counter(moved.split(b"\n"))
    assert original - after == Counter(), "no line is lost"
    assert after - original == Counter({b"": 2}), "only line ends are added"
    assert len(kept) + len(moved) == len(damaged) + 1, "only the torn tail's newline is added"
    assert paths.backup_file(journal_file).read_bytes() == damaged
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    assert all(item.entry is not None for item in journal.Journal(journal_file, warn=print).lines())
    report = json.loads(cli("check", "--json").stdout)
    assert {p["kind"] for p in report["problems"]} == {
        check.DUPLICATE_ID,
        check.AT_AFTER_RECORDED,
        check.UNKNOWN_VERSION,
        check.MISSING,
        check.BAD_TIME,
    }


def test_repair_appends_to_an_earlier_rejected_file(
    cli: Cli, journal_file: Path, damaged: bytes
) -> None:
    rejected = check.rejected_path(journal_file)
    rejected.write_bytes(b"from last time\n")
    cli("check", "--repair", "--yes")
    assert rejected.read_bytes().startswith(b"from last time\n" + DAMAGED[1])
    with journal_file.open("ab") as handle:
        handle.write(b"new damage\n")
    cli("check", "--repair", "--yes")
    assert rejected.read_bytes().endswith(b"new damage\n")
    assert rejected.read_bytes().count(b"\n") == 5


def test_repair_of_only_unreadable_lines_leaves_a_clean_journal(
    cli: Cli, journal_file: Path
) -> None:
    journal.Journal(journal_file, warn=print).append(good(1))
    with journal_file.open("ab") as handle:
        handle.write(b"garbage\rwith a lone CR\n")
    journal.Journal(journal_file, warn=print).append(good(2))
    result = cli("check", "--repair", "--yes", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["moved"] == 1 and data["ok"] is True and data["entries"] == 2
    assert check.rejected_path(journal_file).read_bytes() == b"garbage\rwith a lone CR\n"
    assert [e["id"] for e in journal.Journal(journal_file, warn=print).read()] == [
        "good0001",
        "good0002",
    ]


def test_repair_of_a_clean_journal_moves_nothing(cli: Cli, journal_file: Path) -> None:
    journal.Journal(journal_file, warn=print).append(good(1))
    result = cli("check", "--repair", "--yes")
    assert result.exit_code == 0 and "journal OK: 1 entry" in result.stdout
    assert not check.rejected_path(journal_file).exists()
    assert not paths.backup_file(journal_file).exists()


def test_declining_the_repair_moves_nothing(
    journal_file: Path, damaged: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checkout_cli.cli.commands import follow
    from checkout_cli.views import editor

    monkeypatch.setattr(editor, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(editor, "ask", lambda prompt: "n")
    with pytest.raises(typer.Exit) as stopped:
        follow.check(repair=True, yes=False, journal=str(journal_file), as_json=False)
    assert stopped.value.exit_code == 1
    assert journal_file.read_bytes() == damaged


@pytest.mark.parametrize(
    ("fields", "kinds"),
    [
        ({}, []),
        ({"v": True}, [check.UNKNOWN_VERSION]),
        ({"v": "1"}, [check.UNKNOWN_VERSION]),
        ({"id": 7}, [check.BAD_FIELD]),
        ({"answers": "none"}, [check.BAD_FIELD]),
        ({"title": ""}, [check.MISSING]),
        ({"at": "2026-11-20"}, [check.BAD_TIME]),
        ({"at": "2026-11-19T15:00:00"}, [check.BAD_TIME]),
        ({"at": 1732111200}, [check.BAD_TIME]),
        ({"at": "2026-11-20T16:00:00+02:00"}, []),
    ],
)
def test_check_entry(fields: dict[str, Any], kinds: list[str]) -> None:
    assert [p.kind for p in check.check_entry(good(1, **fields), 5)] == kinds


def test_rejected_path_for_other_names(tmp_path: Path) -> None:
    assert check.rejected_path(tmp_path / "team.jsonl") == tmp_path / "team.rejected.jsonl"
    assert check.rejected_path(tmp_path / "log") == tmp_path / "log.rejected.jsonl"
