"""Start-up stays light: what `--version` and a scripted check-out import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from checkout_cli.cli.app import main
sys.argv = ["checkout", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
names = sorted(sys.modules)
print(json.dumps(names), file=sys.stderr)
"""


def loaded(args: list[str], home: Path) -> set[str]:
    env = {**os.environ, "CHECKOUT_HOME": str(home)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    last = run.stderr.strip().splitlines()[-1]
    return set(json.loads(last))


HEAVY = ("rich", "icalendar", "recurring_ical_events", "tomllib", "checkout_cli.report.summary")


def test_version_loads_no_command_and_nothing_heavy(checkout_home: Path) -> None:
    names = loaded(["--version"], checkout_home)
    assert not [n for n in names if n.startswith("checkout_cli.cli.commands.")]
    assert not [n for n in names if n.split(".")[0] in HEAVY or n in HEAVY]


def test_scripted_checkout_loads_only_what_it_needs(checkout_home: Path) -> None:
    args = ["meeting", "Sync", "--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "next=y"]
    names = loaded(args, checkout_home)
    assert (checkout_home / "journal.jsonl").exists()
    commands = {n for n in names if n.startswith("checkout_cli.cli.commands.")}
    assert commands == {"checkout_cli.cli.commands.record"}
    # tomllib is needed: the questions are TOML.
    heavy = [n for n in HEAVY if n != "tomllib"]
    assert not [n for n in names if n.split(".")[0] in heavy or n in heavy]
    assert "checkout_cli.report.exporters" not in names
