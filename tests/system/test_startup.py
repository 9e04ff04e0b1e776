"""Start-up stays light: what `--version` and one command import, and which commands get built."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

PROBE = """
import json, sys
from checkout_cli.cli import app as cli_app
built = []
add_command = cli_app.CheckoutGroup.add_command
def recording(self, command, name=None):
    built.append(name or command.name)
    return add_command(self, command, name)
cli_app.CheckoutGroup.add_command = recording
sys.argv = ["checkout", *sys.argv[1:]]
try:
    cli_app.main()
except SystemExit:
    pass
print(json.dumps({"modules": sorted(sys.modules), "built": built}), file=sys.stderr)
"""

PANEL_MODULES = """
import json, sys
from checkout_cli.cli import commands
for panel in commands.panels():
    pass
print(json.dumps(sorted(sys.modules)))
"""


def probe(args: list[str], home: Path) -> dict[str, Any]:
    env = {**os.environ, "CHECKOUT_HOME": str(home)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    last = run.stderr.strip().splitlines()[-1]
    found: dict[str, Any] = json.loads(last)
    return found


def loaded(args: list[str], home: Path) -> set[str]:
    return set(probe(args, home)["modules"])


HEAVY = ("rich", "icalendar", "recurring_ical_events", "tomllib", "checkout_cli.report.summary")
# What no command module may import at its top: the layers below the CLI and Rich.
BELOW = ("checkout_cli.flows", "checkout_cli.views", "checkout_cli.report", "checkout_cli.store")


def test_version_loads_no_command_and_nothing_heavy(checkout_home: Path) -> None:
    found = probe(["--version"], checkout_home)
    names = set(found["modules"])
    assert not [n for n in names if n.startswith("checkout_cli.cli.commands.")]
    assert not [n for n in names if n.split(".")[0] in HEAVY or n in HEAVY]
    assert found["built"] == []


def test_scripted_checkout_loads_only_what_it_needs(checkout_home: Path) -> None:
    args = ["meeting", "Sync", "--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "next=y"]
    found = probe(args, checkout_home)
    names = set(found["modules"])
    assert (checkout_home / "journal.jsonl").exists()
    commands = {n for n in names if n.startswith("checkout_cli.cli.commands.")}
    assert commands == {"checkout_cli.cli.commands.record"}
    assert found["built"] == ["meeting"]
    # tomllib is needed: the questions are TOML.
    heavy = [n for n in HEAVY if n != "tomllib"]
    assert not [n for n in names if n.split(".")[0] in heavy or n in heavy]
    assert "checkout_cli.report.exporters" not in names
    assert "checkout_cli.flows.selection" not in names
    # Ids come from os.urandom: `secrets` would load hmac, hashlib and OpenSSL.
    assert "secrets" not in names


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["log", "--json"], "log"),
        (["paths", "--json"], "paths"),
        (["config", "show", "--json"], "config"),
        (["actions", "--json"], "actions"),
    ],
)
def test_one_command_builds_only_itself(args: list[str], command: str, checkout_home: Path) -> None:
    found = probe(args, checkout_home)
    assert found["built"] == [command]
    names = set(found["modules"])
    assert "checkout_cli.report.summary" not in names
    assert not [n for n in names if n.split(".")[0] in ("icalendar", "recurring_ical_events")]


def test_panel_modules_import_nothing_below_the_cli(checkout_home: Path) -> None:
    """Loading every panel (as `checkout --help` does) costs only the declarations:
    a command imports what it needs when it runs."""
    run = subprocess.run(
        [sys.executable, "-c", PANEL_MODULES],
        capture_output=True,
        text=True,
        env={**os.environ, "CHECKOUT_HOME": str(checkout_home)},
        check=True,
    )
    names = json.loads(run.stdout)
    assert not [n for n in names if n.startswith(BELOW)]
    assert not [n for n in names if n.split(".")[0] in HEAVY]
