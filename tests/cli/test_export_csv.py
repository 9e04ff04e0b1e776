"""`checkout export --format csv`, read back with the csv module as a spreadsheet would:
columns from the question sets whatever the period holds, date and time cells, a
choice's note apart, and one row per next step with `--rows steps`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Cli = Callable[..., Result]
NOW = {"CHECKOUT_NOW": "2026-11-20T17:00:00+01:00"}  # a Friday in 2026-W47
LATER = {"CHECKOUT_NOW": "2026-12-03T09:00:00+01:00"}


def sheet(cli: Cli, *args: str, env: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The export as rows of a spreadsheet, through a file as a person would open it."""
    result = cli("export", "--format", "csv", *args, env=env or NOW)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def header(cli: Cli, *args: str, env: dict[str, str] | None = None) -> list[str]:
    result = cli("export", "--format", "csv", *args, env=env or NOW)
    assert result.exit_code == 0, result.output
    return next(csv.reader(io.StringIO(result.stdout, newline="")))


def record(cli: Cli, title: str, *answers: str, env: dict[str, str] | None = None) -> None:
    """A scripted check-out: `KEY=VALUE` answers, and options with their values."""
    args = ["meeting", title, "--no-input"]
    items = iter(answers)
    for answer in items:
        args += [answer, next(items)] if answer.startswith("--") else ["-A", answer]
    result = cli(*args, env=env or NOW)
    assert result.exit_code == 0, result.output


SHIPPED = [
    "id",
    "at",
    "date",
    "time",
    "minutes",
    "title",
    "with",
    "tags",
    "set",
    "source",
    "goals",
    "goals note",
    "improve",
    "next",
    "worth",
    "mood",
    "customer",
]


def test_columns_come_from_the_question_sets_not_the_period(cli: Cli) -> None:
    assert header(cli) == SHIPPED  # an empty week has them too
    record(cli, "Sync", "goals=yes", "next=Send the notes @Ana due:2099-12-01", "worth=4")
    this_week = header(cli)
    record(cli, "1:1 Raj", "--set", "one-on-one", "goals=yes", "mood=3", "next=Ask @me", env=NOW)
    assert header(cli) == this_week == header(cli, "--all") == SHIPPED


def test_keys_only_the_journal_knows_come_last_in_first_seen_order(
    cli: Cli, tmp_path: Path
) -> None:
    custom = tmp_path / "q.toml"
    custom.write_text(
        "[retro]\n"
        '[[retro.questions]]\nkey = "energy"\ntext = "Energy?"\nkind = "choice"\n'
        'choices = ["high", "low"]\n'
        '[[retro.questions]]\nkey = "kudos"\ntext = "Kudos?"\nkind = "text"\n',
        encoding="utf-8",
    )
    result = cli(
        "meeting",
        "Retro",
        "--questions",
        str(custom),
        "--no-input",
        "-A",
        "energy=high",
        "-A",
        "energy.note=after lunch",
        "-A",
        "kudos=Raj",
        env=NOW,
    )
    assert result.exit_code == 0, result.output
    assert header(cli) == [*SHIPPED, "energy", "energy note", "kudos"]
    (row,) = sheet(cli)
    assert (row["energy"], row["energy note"], row["kudos"]) == ("high", "after lunch", "Raj")


def test_a_row_per_check_out_with_date_time_and_the_note_apart(cli: Cli) -> None:
    record(
        cli,
        "Weekly sync",
        "--at",
        "2026-11-18 10:30",
        "--with",
        "Ana",
        "--with",
        "Raj",
        "goals=partly",
        "goals.note=ran out of time, again",
        "improve=Start on time",
        "next=Send the notes @Ana due:2099-12-01",
        "next=Book a room @me due:2099-12-02",
        "worth=4",
    )
    (row,) = sheet(cli)
    assert row["at"].startswith("2026-11-18T10:30:00")  # in the local offset
    assert (row["date"], row["time"]) == ("2026-11-18", "10:30")
    assert row["with"] == "Ana; Raj"
    assert (row["goals"], row["goals note"]) == ("partly", "ran out of time, again")
    assert row["worth"] == "4" and row["set"] == "meeting"
    assert row["next"] == "Send the notes @Ana due:2099-12-01; Book a room @me due:2099-12-02"
    assert row["mood"] == row["customer"] == ""


def test_rows_steps_gives_one_row_per_next_step(cli: Cli) -> None:
    record(
        cli,
        "Weekly sync",
        "--at",
        "2026-11-18 10:30",
        "goals=yes",
        "next=Send the notes @Ana due:2026-11-25",
        'next==HYPERLINK("http://x") @Raj due:2026-12-10',
        "next=Think about it",
        "worth=4",
    )
    record(cli, "Customer call", "goals=no", "next=Call back @me due:2026-11-30", "worth=2")
    listed = cli("actions", "--json", env=NOW).stdout
    first_id = listed.split('"id": "')[1].split('"')[0]
    assert cli("done", first_id, env=NOW).exit_code == 0
    result = cli("export", "-f", "csv", "--rows", "steps", "--all", env=LATER)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "id,text,owner,due,done,overdue,meeting,date"
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["text"] for r in rows] == [
        "Send the notes",
        '\'=HYPERLINK("http://x")',
        "Think about it",
        "Call back",
    ]
    done, formula, undated, late = rows
    assert done["id"] == first_id and done["done"] == "2026-11-20" and done["overdue"] == ""
    assert (done["owner"], done["due"], done["meeting"], done["date"]) == (
        "Ana",
        "2026-11-25",
        "Weekly sync",
        "2026-11-18",
    )
    assert (formula["done"], formula["overdue"]) == ("", "")  # due 10 Dec, today is 3 Dec
    assert (undated["owner"], undated["due"], undated["overdue"]) == ("", "", "")
    assert (late["overdue"], late["owner"], late["meeting"]) == ("yes", "me", "Customer call")


def test_the_file_is_bom_prefixed_crlf_and_formula_safe(cli: Cli, tmp_path: Path) -> None:
    record(
        cli, "=cmd|' /C calc'!A0", "goals=yes", "improve=+1 more", "next=@SUM(A1) now", "worth=3"
    )
    target = tmp_path / "week.csv"
    assert cli("export", "-o", str(target), env=NOW).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with target.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["improve"] == "'+1 more"
    assert row["worth"] == "3"


def test_rows_is_for_csv_only(cli: Cli) -> None:
    result = cli("export", "--format", "md", "--rows", "steps", env=NOW)
    assert result.exit_code != 0 and "--rows" in result.output
    bad = cli("export", "--format", "csv", "--rows", "lines", env=NOW)
    assert bad.exit_code == 2 and "--rows" in bad.output
