"""SIGKILL at random moments: a check-out reported as saved is saved, a torn line
stays a separate, reported line, and a rewrite leaves the old journal or the new one.

The random moments come from a seeded generator; the seed is in the assertion
message, so a failure can be replayed with CHECKOUT_CRASH_SEED.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from checkout_cli.model import limits
from tests import harness

SEED = int(os.environ.get("CHECKOUT_CRASH_SEED") or random.randrange(1 << 30))
NOW = "2026-11-20T18:00:00+01:00"
ALPHABET = 'abcdefghijklmnopqrstuvwxyz      ,.\n"\\é✓🎉'


def text_of(rng: random.Random, size: int) -> str:
    """At most `size` bytes of text with spaces, quotes, backslashes, newlines and non-ASCII."""
    chunk = "".join(rng.choice(ALPHABET) for _ in range(997))
    return "x" + (chunk * (size // 997 + 1)).encode()[:size].decode("utf-8", "ignore")


def killed_after(process: subprocess.Popen[bytes], seconds: float) -> None:
    time.sleep(max(seconds, 0))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def line_split(raw: bytes) -> list[bytes]:
    lines = raw.split(b"\n")
    return lines[:-1] if raw.endswith(b"\n") else lines


def parses(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def torn_tail(rng: random.Random, title: str) -> bytes:
    """The start of a check-out's line, as a write cut short by the kill leaves it."""
    from checkout_cli.store import journal

    item = {"v": 1, "id": "tornline", "title": title, "answers": [], "note": "n" * 3000}
    whole = journal.encode(item)
    return whole[: rng.randrange(1, len(whole) - 1)]


def test_killed_appends_lose_nothing_reported(tmp_path: Path, journal_file: Path) -> None:
    """200 appends with answers as long as allowed, three writers at a time, each killed
    at a random moment.

    A kill rarely lands inside the single `write` of a line, so besides the torn
    lines real kills leave, some rounds add the start of a line by hand, exactly as
    a cut-short write leaves it, to check that the next append starts a fresh line
    and every reader reports the damage instead of choking on it.
    """
    rng = random.Random(SEED)
    answers: dict[str, str] = {}
    printed: set[str] = set()
    attempted = 0
    round_ = 0
    while attempted < 200:
        plans = []
        for w in range(3):
            plan = []
            for n in range(30):
                title = f"Round {round_} writer {w} meeting {n}"
                answers[title] = text_of(rng, rng.randrange(0, limits.TEXT))
                args = ["meeting", title, "--no-input", "--json", "-A", "goals=partly"]
                args += ["-A", f"improve={answers[title]}", "-A", "next=Send the notes"]
                plan.append(["spawn", *args] if n == 0 and w == round_ % 3 else args)
            plans.append(plan)
        workers = harness.start_workers(plans, tmp_path, env=harness.child_env())
        harness.go(workers)
        started = time.monotonic()
        moments = [rng.uniform(0.0, 0.6) for _ in workers]
        for moment, index in sorted(zip(moments, range(len(workers)), strict=True)):
            time.sleep(max(0.0, moment - (time.monotonic() - started)))
            workers[index].kill()
        for worker in workers:
            out, err = harness.finish(worker)
            assert "Traceback" not in err, err
            attempted += len(harness.exit_codes(out)) + 1
            assert set(harness.exit_codes(out)) <= {0}, (SEED, err)
            printed |= harness.printed_ids(out)
        assert printed <= set(harness.journal_ids(journal_file)), f"seed {SEED}"
        raw = journal_file.read_bytes() if journal_file.exists() else b""
        if round_ % 2 and raw.endswith(b"\n"):
            with journal_file.open("ab") as handle:
                handle.write(torn_tail(rng, f"torn in round {round_}"))
        round_ += 1

    raw = journal_file.read_bytes()
    lines = line_split(raw)
    torn = [n for n, line in enumerate(lines, start=1) if line.strip() and not parses(line)]
    good = [json.loads(line) for line in lines if line.strip() and parses(line)]
    assert torn, f"seed {SEED}: no torn line was made"
    assert len(torn) + len(good) == len([line for line in lines if line.strip()])
    for item in good:  # every saved line is whole: its answer as it was typed
        assert item["answers"][1]["value"] == answers[item["title"]].strip(), f"seed {SEED}"
    assert {e["id"] for e in good} >= printed

    check = harness.run("check", "--json")
    assert check.returncode == 1, check.stderr
    report = json.loads(check.stdout)
    flagged = sorted(
        n for p in report["problems"] if p["kind"] == "unparseable" for n in p["lines"]
    )
    assert flagged == torn, f"seed {SEED}"

    after = harness.run(
        "meeting", "After the crashes", "--no-input", "--json", "-A", "goals=yes", "-A",
        "improve=x", "-A", "next=y",
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    saved = json.loads(after.stdout)["id"]
    raw = journal_file.read_bytes()
    assert raw.endswith(b"\n") and json.loads(line_split(raw)[-1])["id"] == saved

    expected = {e["id"] for e in good} | {saved}
    log = harness.run("log", "--json", "--limit", "100000")
    assert log.returncode == 0 and {e["id"] for e in json.loads(log.stdout)} == expected
    exported = harness.run("export", "--format", "json", "--all")
    assert exported.returncode == 0, exported.stderr
    for reader in (log, exported):
        for number in torn:
            assert f"line {number} " in reader.stderr, reader.stderr
        assert "Traceback" not in reader.stderr
    readers: list[tuple[str, ...]] = [
        ("actions", "--json"),
        ("search", "notes", "--json"),
        ("show", saved, "--json"),
    ]
    for reader_args in readers:
        result = harness.run(*reader_args)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        json.loads(result.stdout)


ENTRIES = 4000
TARGET = "seed2000"


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A journal of thousands of check-outs (about 3 MB), built without the CLI."""
    from checkout_cli.store import journal

    lines = []
    for n in range(ENTRIES):
        entry_id = f"seed{n:04d}"
        lines.append(
            journal.encode(
                {
                    "v": 1,
                    "id": entry_id,
                    "at": "2026-11-02T10:00:00+01:00",
                    "recorded_at": "2026-11-02T10:05:00+01:00",
                    "title": f"Meeting {n}",
                    "with": ["Ana", "Raj"],
                    "tags": ["team"],
                    "set": "meeting",
                    "answers": [
                        {"key": "goals", "question": "Goals?", "kind": "choice", "value": "yes"},
                        {
                            "key": "improve",
                            "question": "Better?",
                            "kind": "text",
                            "value": "x" * 400,
                        },
                        {
                            "key": "next",
                            "question": "Next?",
                            "kind": "actions",
                            "value": [
                                {"id": f"{entry_id}-1", "text": "Send the notes", "owner": "Ana"}
                                | {"due": None, "done_at": None}
                            ],
                        },
                        {"key": "worth", "question": "Worth?", "kind": "scale", "value": 4},
                    ],
                }
            )
        )
    return b"".join(lines)


REWRITES: dict[str, list[str]] = {
    "done": ["done", f"{TARGET}-1"],
    "edit": ["edit", TARGET],
    "delete": ["delete", TARGET, "--yes"],
}


def reset(journal_file: Path, old: bytes) -> None:
    folder = journal_file.parent
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(mode=0o700)
    journal_file.write_bytes(old)
    os.chmod(journal_file, 0o600)


def leftovers_are_private(folder: Path) -> None:
    """Temp files a kill leaves behind hold journal text: they must be private too."""
    for entry in os.scandir(folder):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry.name


@pytest.mark.parametrize("name", list(REWRITES))
def test_killed_rewrite_leaves_old_or_new(
    name: str, big_journal: bytes, journal_file: Path
) -> None:
    """The backup, then the journal, are each written to a temp file and renamed into
    place. Kills land at random moments of the run, as soon as the backup's temp
    file appears (backup half-written), and as soon as the backup is in place (the
    new journal on its way): the rewrite is a few milliseconds of a run, so random
    moments alone would hardly ever land inside it."""
    rng = random.Random(SEED)
    env = harness.child_env(
        CHECKOUT_NOW=NOW, EDITOR="sed -i -e 's/^title = .*/title = \"Renamed\"/'"
    )
    args = REWRITES[name]
    backup = journal_file.with_name("journal.jsonl.bak")

    reset(journal_file, big_journal)
    started = time.monotonic()
    whole = harness.run(*args, env=env)
    duration = time.monotonic() - started
    assert whole.returncode == 0, whole.stderr
    new = journal_file.read_bytes()
    assert new != big_journal and backup.read_bytes() == big_journal

    def killed(trigger: str | None) -> str:
        """One run killed at a random moment or on `trigger`; which version is left."""
        reset(journal_file, big_journal)
        child = subprocess.Popen(
            harness.command(*args),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if trigger is None:
            delay = duration * rng.uniform(0.2, 1.0)
            moment = f"after {delay:.3f}s"
        else:
            wait_for_name(journal_file.parent, trigger, child, timeout=duration * 10)
            delay = rng.uniform(0, 0.004)
            moment = f"{delay * 1000:.1f} ms after {trigger} appeared"
        killed_after(child, delay)
        child.wait()
        now = journal_file.read_bytes()
        where = f"seed {SEED}: {name} killed {moment}"
        assert now in (big_journal, new), where
        if backup.exists():
            assert backup.read_bytes() == big_journal, where
        leftovers_are_private(journal_file.parent)
        return ("new" if now == new else "old") + ("+backup" if backup.exists() else "")

    outcomes = [killed(trigger) for trigger in (None, None, ".journal.jsonl.bak.")]
    for _ in range(6):  # until one kill has landed between the backup and the new journal
        outcomes.append(killed("journal.jsonl.bak"))
        if outcomes[-1] == "old+backup":
            break
    assert "old+backup" in outcomes, f"seed {SEED}: {outcomes}"
    # The lock died with the process: the command runs again to the same result,
    # and clears away any temp file the last kill left.
    again = harness.run(*args, env=env)
    assert again.returncode == 0 and journal_file.read_bytes() == new, again.stderr
    assert [e.name for e in os.scandir(journal_file.parent) if e.name.endswith(".tmp")] == []


def wait_for_name(
    folder: Path, start: str, child: subprocess.Popen[bytes], *, timeout: float
) -> None:
    """Return once a file whose name starts with `start` is in `folder` (or the child ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and child.poll() is None:
        if any(entry.name.startswith(start) for entry in os.scandir(folder)):
            return
