"""The benchmark's synthetic journal is one that checkout itself could have written.

`benchmarks/run.py` times the report's short ways on it: were its lines to drift from
`journal.encode`'s shape, the benchmark would time the slow path and still pass or
fail for the wrong reason.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import Result

from checkout_cli.model.filters import Filters
from checkout_cli.model.periods import resolve_period
from checkout_cli.store import journal
from tests.test_fast_paths import NOW, berlin, check

__all__ = ["berlin"]  # the autouse fixture: Berlin time and the clock pinned at NOW

MAKE_JOURNAL = Path(__file__).resolve().parent.parent / "benchmarks" / "make_journal.py"


def make_journal() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_journal", MAKE_JOURNAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "journal.jsonl"
    make_journal().write_journal(path, 3000, years=0.5, seed=3, end=NOW)
    return path


def test_every_line_is_as_checkout_writes_it(synthetic: Path) -> None:
    lines = synthetic.read_bytes().splitlines(keepends=True)
    assert len(lines) == 3000
    entries = [json.loads(line) for line in lines]
    assert [journal.encode(entry) for entry in entries] == lines
    recorded = [entry["recorded_at"] for entry in entries]
    assert recorded == sorted(recorded)
    back_dated = [e for e in entries if e["at"][:10] < e["recorded_at"][:10]]
    assert 5 <= len(back_dated) <= 100  # about 1 %
    steps = [a for e in entries for a in e["answers"] if a["kind"] == "actions" and a["value"]]
    assert steps and any(item["owner"] for answer in steps for item in answer["value"])


def test_checkout_check_finds_nothing_wrong(synthetic: Path, cli: Callable[..., Result]) -> None:
    result = cli("check", "--journal", str(synthetic), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["problems"] == []


def test_a_week_report_finds_back_dated_entries(synthetic: Path) -> None:
    entries = [json.loads(line) for line in synthetic.read_bytes().splitlines()]
    # The last week holding an entry recorded after that week had ended.
    late = [e for e in entries if week_of(e["at"]) != week_of(e["recorded_at"])]
    assert late
    week = resolve_period(week=week_of(late[-1]["at"]), now=NOW)
    check([synthetic], week, Filters(), 0)  # the same summary as a pass over every entry


def week_of(text: str) -> str:
    year, week, _ = datetime.fromisoformat(text).isocalendar()
    return f"{year}-W{week:02d}"
