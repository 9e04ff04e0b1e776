"""Every test runs against a temp CHECKOUT_HOME: no test touches the real user dirs.

The folders mirror what a test drives: `unit/` the core's functions directly, `cli/`
the real CLI in-process (Typer's CliRunner), `system/` whole processes, pseudo-terminals
and real git. Tests under `system/` carry the `system` marker: `pytest -m "not system"`
is the quick run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result


@pytest.fixture(autouse=True)
def checkout_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "checkout-home"
    monkeypatch.setenv("CHECKOUT_HOME", str(home))
    monkeypatch.setenv("CHECKOUT_CACHE", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    for name in ("CHECKOUT_JOURNAL", "CHECKOUT_NOW", "VISUAL", "EDITOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    yield home


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the real CLI in-process: `cli("log", "--json")`."""
    from typer.testing import CliRunner

    from checkout_cli.cli.app import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(
            app, list(args), input=input, env=env, catch_exceptions=False, prog_name="checkout"
        )

    return run


@pytest.fixture
def journal_file(checkout_home: Path) -> Path:
    return checkout_home / "journal.jsonl"


QUICK = (
    "--no-input",
    "-A",
    "goals=yes",
    "-A",
    "improve=Start on time",
    "-A",
    "next=Send the notes @Ana due:2099-12-01",  # far ahead: never overdue, whatever the day
    "-A",
    "worth=4",
)


@pytest.fixture
def checkout_once(cli: Callable[..., Result]) -> Callable[..., dict[str, Any]]:
    """Record one scripted check-out and return the stored entry."""
    import json

    def record(title: str = "Weekly sync", *extra: str) -> dict[str, Any]:
        result = cli("meeting", title, *QUICK, *extra, "--json")
        assert result.exit_code == 0, result.output
        entry: dict[str, Any] = json.loads(result.stdout)
        return entry

    return record


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent.name == "system":
            item.add_marker(pytest.mark.system)
