"""Many writers at once: appends and rewrites racing each other lose nothing.

Each writer is a separate process (`cli_worker.py`) that runs `checkout` command
lines through the real entry point, `checkout_cli.cli.app.main`, in-process, so a
thousand check-outs do not pay for a thousand interpreter start-ups (about 0.3 s
each, several minutes on two cores). A few command lines run as their own `checkout`
process instead, so the installed script takes part in every race too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests import harness

WORKERS = 20
PER_WORKER = 50


def meeting(title: str, *, steps: int = 1) -> list[str]:
    args = ["meeting", title, "--no-input", "--json", "-A", "goals=yes", "-A", "improve=x"]
    for n in range(1, steps + 1):
        args += ["-A", f"next=step {n} of {title}"]
    return args


def test_twenty_processes_append_a_thousand_checkouts(tmp_path: Path, journal_file: Path) -> None:
    plans = [
        [
            (["spawn"] if w % 2 and n == w else []) + meeting(f"Worker {w} meeting {n}")
            for n in range(PER_WORKER)
        ]
        for w in range(WORKERS)
    ]
    workers = harness.start_workers(plans, tmp_path, env=harness.child_env())
    harness.go(workers)
    printed: set[str] = set()
    for worker in workers:
        out, err = harness.finish(worker)
        assert worker.returncode == 0, err
        assert harness.exit_codes(out) == [0] * PER_WORKER, err
        printed |= harness.printed_ids(out)

    raw = journal_file.read_bytes()
    assert raw.endswith(b"\n")
    lines = raw.split(b"\n")[:-1]
    assert len(lines) == WORKERS * PER_WORKER
    entries = [json.loads(line) for line in lines]  # every line intact
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == len(ids) == WORKERS * PER_WORKER
    assert set(ids) == printed
    assert {e["title"] for e in entries} == {
        f"Worker {w} meeting {n}" for w in range(WORKERS) for n in range(PER_WORKER)
    }


def seed(path: Path, count: int, steps: int) -> list[str]:
    """`count` check-outs with `steps` open next steps each; returns the action ids."""
    from checkout_cli.store import journal

    action_ids: list[str] = []
    for n in range(count):
        entry_id = f"seed{n:04d}"
        ids = [f"{entry_id}-{k}" for k in range(1, steps + 1)]
        actions = [
            {"id": i, "text": f"step {i}", "owner": None, "due": None, "done_at": None} for i in ids
        ]
        action_ids += ids
        item: dict[str, Any] = {
            "v": 1,
            "id": entry_id,
            "at": "2026-11-02T10:00:00+01:00",
            "recorded_at": "2026-11-02T10:05:00+01:00",
            "title": f"Seeded {n}",
            "answers": [{"key": "next", "question": "Next?", "kind": "actions", "value": actions}],
        }
        journal.Journal(path, warn=print).append(item)
    return action_ids


def test_rewrites_racing_appends_lose_neither(tmp_path: Path, journal_file: Path) -> None:
    """`done` and `reopen` rewrite the whole journal while others append to it."""
    action_ids = seed(journal_file, 20, 3)
    closers = [action_ids[0::3], action_ids[1::3], action_ids[2::3]]
    reopened = {a for part in closers for a in part[:5]}
    plans: list[list[list[str]]] = []
    for part in closers:
        plan = [["done", a] for a in part] + [["reopen", a] for a in part[:5]]
        plan[3] = ["spawn", *plan[3]]
        plans.append(plan)
    appenders = 4
    for w in range(appenders):
        plan = [meeting(f"Appender {w} meeting {n}", steps=2) for n in range(25)]
        plan[7] = ["spawn", *plan[7]]
        plans.append(plan)
    workers = harness.start_workers(plans, tmp_path, env=harness.child_env())
    harness.go(workers)
    printed: set[str] = set()
    for worker, plan in zip(workers, plans, strict=True):
        out, err = harness.finish(worker)
        assert worker.returncode == 0, err
        assert harness.exit_codes(out) == [0] * len(plan), err
        printed |= harness.printed_ids(out)

    entries = harness.load_lines(journal_file)
    assert len(entries) == 20 + appenders * 25
    assert printed <= {e["id"] for e in entries}
    assert len({e["id"] for e in entries}) == len(entries)
    state = {
        action["id"]: action["done_at"]
        for e in entries
        for answer in e["answers"]
        if answer["kind"] == "actions"
        for action in answer["value"]
    }
    for action_id in action_ids:
        assert (state[action_id] is None) == (action_id in reopened), action_id
    new_steps = [v for k, v in state.items() if not k.startswith("seed")]
    assert len(new_steps) == appenders * 25 * 2 and all(v is None for v in new_steps)
