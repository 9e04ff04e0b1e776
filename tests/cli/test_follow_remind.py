"""`checkout remind` runs in shell start-up files: what it loads, quiet or not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.system.test_startup import probe


def test_remind_loads_no_terminal_library(
    checkout_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout_home.mkdir(parents=True, exist_ok=True)
    journal = checkout_home / "journal.jsonl"
    step = {
        "id": "k3m9qzab-1",
        "text": "Send the notes",
        "owner": "me",
        "due": "2026-11-30",
        "done_at": None,
    }
    entry = {
        "v": 1,
        "id": "k3m9qzab",
        "at": "2026-11-27T10:00:00+01:00",
        "recorded_at": "2026-11-27T10:05:00+01:00",
        "title": "Weekly sync",
        "answers": [{"key": "next", "question": "q", "kind": "actions", "value": [step]}],
    }
    journal.write_text(json.dumps(entry) + "\n")
    for now, says in (("2026-11-28T09:00:00+01:00", False), ("2026-12-02T09:00:00+01:00", True)):
        monkeypatch.setenv("CHECKOUT_NOW", now)
        found = probe(["remind"], checkout_home)
        names = set(found["modules"])
        assert not [n for n in names if n.split(".")[0] == "rich"], now
        assert found["built"] == ["remind"]
        env = {**os.environ, "CHECKOUT_HOME": str(checkout_home)}
        run = subprocess.run(
            [sys.executable, "-m", "checkout_cli", "remind"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0 and run.stderr == ""
        assert ("overdue since Mon 30 Nov" in run.stdout) is says
        assert says or run.stdout == ""
