"""The team workflow the README recommends, with real git: two clones of one journal
append, both push, git merges with `checkout merge-journals`, and every read finds
every entry exactly once, in order; a journal an older union merge put out of order
is read whole, with one warning, until `check --repair` sorts it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import harness

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ANSWERS = (
    "--no-input",
    "-A",
    "goals=yes",
    "-A",
    "improve=Start on time",
    "-A",
    "next=none",
    "-A",
    "worth=4",
)


def git(where: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=where, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def clone(origin: Path, where: Path, *, attributes: str) -> Path:
    git(where.parent, "clone", "-q", str(origin), where.name)
    git(where, "config", "user.name", where.name)
    git(where, "config", "user.email", f"{where.name}@example.com")
    driver = " ".join([*harness.command("merge-journals"), "%O", "%A", "%B"])
    git(where, "config", "merge.checkout-journal.driver", driver)
    git(where, "config", "pull.rebase", "false")
    (where / ".gitattributes").write_text(attributes)
    return where


def checkout(home: Path, journal: Path, *args: str, now: str | None = None) -> str:
    extra = {"CHECKOUT_HOME": str(home), "CHECKOUT_CACHE": str(home / "cache")}
    if now is not None:
        extra["CHECKOUT_NOW"] = now
    done = harness.run(*args, "--journal", str(journal), env=harness.child_env(**extra))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout + done.stderr


def record(home: Path, journal: Path, title: str, now: str) -> str:
    out = checkout(home, journal, "meeting", title, *ANSWERS, "--json", now=now)
    entry: dict[str, Any] = json.loads(out[: out.rindex("}") + 1])
    return str(entry["id"])


def lines_of(journal: Path) -> list[dict[str, Any]]:
    return [json.loads(raw) for raw in journal.read_bytes().splitlines() if raw.strip()]


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare origin holding one journal, and two clones of it (a desktop, a laptop)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    git(seed, "config", "user.name", "seed")
    git(seed, "config", "user.email", "seed@example.com")
    home = tmp_path / "home"
    record(home, seed / "journal.jsonl", "Kick-off", "2026-11-23T09:30:00+01:00")
    (seed / ".gitattributes").write_text("*.jsonl merge=checkout-journal\n")
    git(seed, "add", ".")
    git(seed, "commit", "-qm", "seed")
    git(seed, "remote", "add", "origin", str(origin))
    git(seed, "push", "-q", "origin", "main")
    desk = clone(origin, tmp_path / "desk", attributes="*.jsonl merge=checkout-journal\n")
    laptop = clone(origin, tmp_path / "laptop", attributes="*.jsonl merge=checkout-journal\n")
    return home, desk, laptop


def test_two_clones_append_and_every_read_finds_each_entry_once(
    team: tuple[Path, Path, Path],
) -> None:
    home, desk, laptop = team
    ids = []
    # The laptop records first but syncs last: its lines are older than the desk's.
    for day in ("24", "25"):
        ids.append(record(home, laptop / "journal.jsonl", "1:1 with Ana", f"2026-11-{day}T10:00"))
    for day in ("26", "27"):
        ids.append(record(home, desk / "journal.jsonl", "Weekly sync", f"2026-11-{day}T15:00"))
    for where, message in ((desk, "desk"), (laptop, "laptop")):
        git(where, "commit", "-qam", message)
    git(desk, "push", "-q", "origin", "main")
    git(laptop, "pull", "-q", "origin", "main")  # the merge driver runs here
    git(laptop, "push", "-q", "origin", "main")
    git(desk, "pull", "-q", "origin", "main")

    for where in (desk, laptop):
        journal = where / "journal.jsonl"
        entries = lines_of(journal)
        found = [entry["id"] for entry in entries]
        assert len(found) == len(set(found)) == 5
        assert set(ids) <= set(found)
        recorded = [entry["recorded_at"] for entry in entries]
        assert recorded == sorted(recorded)
        now = "2026-11-27T18:00:00+01:00"
        week = json.loads(checkout(home, journal, "log", "--week", "this", "--json", now=now))
        assert sorted(entry["id"] for entry in week) == sorted(found)
        report = json.loads(checkout(home, journal, "report", "--all", "--json", now=now))
        assert report["count"] == 5
        checked = json.loads(checkout(home, journal, "check", "--json", now=now))
        assert checked["problems"] == []
        assert "warning" not in checkout(home, journal, "actions", "--all", now=now)
    assert (desk / "journal.jsonl").read_bytes() == (laptop / "journal.jsonl").read_bytes()


def test_a_deletion_on_one_clone_stays_deleted_after_the_merge(
    team: tuple[Path, Path, Path],
) -> None:
    home, desk, laptop = team
    [kick_off] = [entry["id"] for entry in lines_of(desk / "journal.jsonl")]
    checkout(home, desk / "journal.jsonl", "delete", kick_off, "--yes")
    added = record(home, laptop / "journal.jsonl", "Retro", "2026-11-26T16:00")
    git(desk, "commit", "-qam", "delete the kick-off")
    git(laptop, "commit", "-qam", "a retro")
    git(desk, "push", "-q", "origin", "main")
    git(laptop, "pull", "-q", "origin", "main")
    assert [entry["id"] for entry in lines_of(laptop / "journal.jsonl")] == [added]


def test_a_journal_a_union_merge_put_out_of_order_is_read_whole_until_repaired(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    journal = tmp_path / "journal.jsonl"
    now = "2026-11-27T18:00:00+01:00"
    this_week = [
        record(home, journal, "Weekly sync", f"2026-11-{day}T15:00") for day in ("24", "25")
    ]
    # What `merge=union` makes of a laptop that synced late: an old line at the end.
    late = tmp_path / "late.jsonl"
    old = record(home, late, "Planning", "2026-06-01T10:00")
    journal.write_bytes(journal.read_bytes() + late.read_bytes())
    out = checkout(home, journal, "log", "--week", "this", "--json", now=now)
    assert sorted(entry["id"] for entry in json.loads(out[: out.rindex("]") + 1])) == sorted(
        this_week
    )
    checked = json.loads(checkout(home, journal, "check", "--json", now=now))
    assert checked["problems"]
    checkout(home, journal, "check", "--repair", "--yes", now=now)
    assert [entry["id"] for entry in lines_of(journal)] == [old, *this_week]
    assert "warning" not in checkout(home, journal, "log", "--week", "this", now=now)
