"""`checkout report` and `checkout export` through the CLI: periods, merging, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
NOW = "2026-11-19T18:00:00+00:00"  # a Thursday; week 2026-W47 runs Mon 16 – Sun 22


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")


def record(cli: Cli, title: str, at: str, *extra: str, journal: Path | None = None) -> None:
    args = ["meeting", title, "--no-input", "--at", at, "-A", "improve=Start on time"]
    if not any(e.startswith("goals=") for e in extra):
        args += ["-A", "goals=yes"]
    if not any(e.startswith("next=") for e in extra):
        args += ["-A", "next=Send the notes @Ana due:2026-11-30"]
    for item in extra:
        args += ["-A", item]
    if journal is not None:
        args += ["--journal", str(journal)]
    result = cli(*args)
    assert result.exit_code == 0, result.output


@pytest.fixture
def week(cli: Cli) -> None:
    record(cli, "Weekly sync", "2026-11-09T10:00", "worth=2", "goals=no")  # last week
    record(cli, "Weekly sync", "2026-11-16T10:00", "worth=4")
    record(cli, "Weekly sync", "2026-11-18T10:00", "worth=5", "goals=partly")
    record(cli, "Customer call | ACME", "2026-11-17T09:00", "worth=3")


def test_report_json_has_the_promised_shape(cli: Cli, week: None) -> None:
    result = cli("report", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"]["start"].startswith("2026-11-16T00:00:00")
    assert data["period"]["end"].startswith("2026-11-23T00:00:00")
    assert data["count"] == 3
    questions = {q["key"]: q for q in data["sets"]["meeting"]["questions"]}
    assert questions["goals"]["kind"] == "choice"
    assert questions["goals"]["label"] == "Goals met"
    assert questions["goals"]["counts"] == {"yes": 2, "partly": 1, "no": 0}
    assert data["goals"] == {"n": 3, "achieved": 2, "partly": 1, "missed": 0, "rate": 0.83}
    worth = questions["worth"]
    assert worth["kind"] == "scale" and worth["mean"] == 4.0 and worth["n"] == 3
    assert worth["previous_mean"] == 2.0 and worth["change"] == 2.0
    titles = {m["title"]: m for m in data["meetings"]}
    assert titles["Weekly sync"]["count"] == 2
    assert len(data["weeks"]) == 8


def test_report_in_the_terminal_shows_the_numbers(cli: Cli, week: None) -> None:
    result = cli("report")
    assert result.exit_code == 0, result.output
    assert "Weekly sync" in result.stdout and "Customer call | ACME" in result.stdout
    assert "2026-W47" in result.stdout


def test_week_and_month_choices(cli: Cli, week: None) -> None:
    assert json.loads(cli("report", "--week", "last", "--json").stdout)["count"] == 1
    assert json.loads(cli("report", "--week", "2026-W46", "--json").stdout)["count"] == 1
    assert json.loads(cli("report", "--month", "2026-11", "--json").stdout)["count"] == 4
    assert json.loads(cli("report", "--all", "--json").stdout)["count"] == 4
    since = cli("report", "--since", "2026-11-17", "--until", "2026-11-17", "--json")
    assert json.loads(since.stdout)["count"] == 1


def test_filters(cli: Cli, week: None) -> None:
    data = json.loads(cli("report", "--title", "SYNC", "--json").stdout)
    assert data["count"] == 2
    assert json.loads(cli("log", "--all", "--title", "acme", "--json").stdout)[0]["title"] == (
        "Customer call | ACME"
    )


def test_empty_period_is_not_an_error(cli: Cli) -> None:
    result = cli("report", "--week", "2020-W01")
    assert result.exit_code == 0
    assert "no check-outs" in result.output.lower()
    md = cli("export", "--week", "2020-W01")
    assert md.exit_code == 0 and "no check-outs" in md.stdout.lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "2026-W99"), "week"),
        (("--week", "someday"), "week"),
        (("--month", "2026-13"), "month"),
        (("--since", "2026-11-20", "--until", "2026-11-01"), "after"),
        (("--since", "not a date"), "not a date"),
        (("--week", "last", "--month", "this"), "--month"),
    ],
)
def test_bad_periods_are_one_line_errors(cli: Cli, args: tuple[str, ...], message: str) -> None:
    for command in ("report", "export", "log"):
        result = cli(command, *args)
        assert result.exit_code in (1, 2), (command, result.output)
        assert message in result.stderr.lower() or message in result.stderr
        assert "Traceback" not in result.output
        assert result.stdout == ""


def test_export_formats_and_guessing(cli: Cli, week: None, tmp_path: Path) -> None:
    md = cli("export", "--format", "md")
    assert md.exit_code == 0 and "- [ ] Send the notes" in md.stdout
    data = json.loads(cli("export", "--format", "json").stdout)
    assert len(data["entries"]) == 3 and data["summary"]["count"] == 3
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert [r["title"] for r in rows] == ["Weekly sync", "Customer call | ACME", "Weekly sync"]
    target = tmp_path / "summary.html"
    written = cli("export", "-o", str(target))
    assert written.exit_code == 0 and written.stdout == ""
    assert "<svg" in target.read_text() and "Weekly sync" in target.read_text()
    ics = tmp_path / "todo.ics"
    assert cli("export", "-o", str(ics), "--owner", "Ana").exit_code == 0  # QUICK's step is Ana's
    assert "BEGIN:VTODO" in ics.read_text()


def test_export_bad_input_leaves_no_file(cli: Cli, week: None, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    unknown = cli("export", "--format", "pdf")
    assert unknown.exit_code == 2 and "unknown export format" in unknown.stderr
    guess = cli("export", "-o", str(tmp_path / "out.xyz"))
    assert guess.exit_code == 2 and "--format" in guess.stderr
    missing_dir = cli("export", "-o", str(tmp_path / "nope" / "x.md"))
    assert missing_dir.exit_code == 1 and "does not exist" in missing_dir.stderr
    existing = tmp_path / "keep.md"
    existing.write_text("old")
    bad_week = cli("export", "-o", str(existing), "--week", "2026-W99")
    assert bad_week.exit_code in (1, 2) and existing.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_export_to_unwritable_folder(cli: Cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = cli("export", "-o", str(locked / "x.md"))
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_export_write_failure_is_clean(
    cli: Cli, week: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = cli("export", "-o", str(tmp_path / "x.md"))
    assert result.exit_code == 1 and "Permission denied" in result.stderr
    assert not (tmp_path / "x.md").exists()


def test_several_journals_merge_read_only(cli: Cli, tmp_path: Path) -> None:
    ana = tmp_path / "ana" / "journal.jsonl"
    raj = tmp_path / "raj" / "journal.jsonl"
    record(cli, "Planning", "2026-11-17T10:00", "worth=4", journal=ana)
    record(cli, "Planning", "2026-11-18T10:00", "worth=2", journal=raj)
    before = (ana.read_bytes(), raj.read_bytes())
    args = ("--journal", str(ana), "--journal", str(raj))
    data = json.loads(cli("report", *args, "--json").stdout)
    assert data["count"] == 2 and data["worth"]["mean"] == 3.0
    logged = json.loads(cli("log", *args, "--json").stdout)
    assert {e["source"] for e in logged} == {"ana/journal.jsonl", "raj/journal.jsonl"}
    exported: dict[str, Any] = json.loads(cli("export", "-f", "json", *args).stdout)
    assert {e["source"] for e in exported["entries"]} == {"ana/journal.jsonl", "raj/journal.jsonl"}
    assert (ana.read_bytes(), raj.read_bytes()) == before
    missing = cli("report", "--journal", str(tmp_path / "nobody.jsonl"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_week_start_from_config(cli: Cli, week: None) -> None:
    assert cli("config", "set", "week_start", "sunday").exit_code == 0
    data = json.loads(cli("report", "--json").stdout)
    assert data["period"]["start"].startswith("2026-11-15T00:00:00")
    assert "week_start" in cli("config", "show").stdout
    bad = cli("config", "set", "week_start", "funday")
    assert bad.exit_code == 1 and "weekday" in bad.stderr
