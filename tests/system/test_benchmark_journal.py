"""The benchmark's synthetic journals are ones that checkout itself could have written.

`benchmarks/run.py` times the report on them: were their lines to drift from what the
package writes, the benchmark would time another shape than a user's and still pass or
fail for the wrong reason. Both shapes are checked: the twelve meetings checked out by
title, and the check-outs linked to calendar events (`checkout meeting --event`).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import Result

from checkout_cli.model.filters import Filters
from checkout_cli.model.periods import resolve_period
from tests.unit.test_calendar_flow import ME, work_calendar
from tests.unit.test_report_windows import NOW, berlin, check

__all__ = ["berlin"]  # the autouse fixture: Berlin time and the clock pinned at NOW

MAKE_JOURNAL = Path(__file__).resolve().parents[2] / "benchmarks" / "make_journal.py"
ENTRIES = 3000
# What `checkout meeting --event` writes, from tests/test_calendar_flow.work_calendar.
CALENDAR_NOW = "2026-01-20T17:30:00+01:00"
EVENTS = {
    "one-on-one": "sync@example.org@2026-01-19T10:00:00+01:00",  # moved to 20 Jan 14:00
    "customer-call": "design-1@2026-01-20T16:00:00+01:00",
}
ANSWERS = {
    "one-on-one": ("goals=partly", "goals.note=pay", "mood=4", "improve=Walk", "next=Ask @Raj"),
    "customer-call": ("goals=yes", "customer=Pricing", "improve=-", "next=Send it", "next=-"),
}


def make_journal() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_journal", MAKE_JOURNAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return make_journal()


@pytest.fixture(scope="module", params=["meetings", "calendar"])
def synthetic(
    request: pytest.FixtureRequest, generator: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("bench") / f"{request.param}.jsonl"
    generator.write_journal(path, ENTRIES, years=0.5, seed=3, end=NOW, shape=request.param)
    return path


@pytest.fixture(scope="module")
def calendar_entries(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    path = tmp_path_factory.mktemp("bench") / "calendar.jsonl"
    generator.write_journal(path, ENTRIES, years=0.5, seed=3, end=NOW, shape="calendar")
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_the_encoder_is_the_packages(generator: ModuleType) -> None:
    """The codec module's `encode` once there is one, the journal module's before."""
    name = next(n for n in generator.ENCODER_MODULES if importlib.util.find_spec(n) is not None)
    assert generator.package_encoder() is importlib.import_module(name).encode


def test_every_line_is_as_checkout_writes_it(synthetic: Path, generator: ModuleType) -> None:
    lines = synthetic.read_bytes().splitlines(keepends=True)
    assert len(lines) == ENTRIES
    entries = [json.loads(line) for line in lines]
    encode = generator.package_encoder()
    assert [encode(entry) for entry in entries] == lines
    recorded = [datetime.fromisoformat(entry["recorded_at"]) for entry in entries]
    assert recorded == sorted(recorded)
    assert all(datetime.fromisoformat(e["at"]) <= r for e, r in zip(entries, recorded, strict=True))
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


def test_calendar_entries_link_their_event_and_alternate_two_sets(
    calendar_entries: list[dict[str, Any]], generator: ModuleType
) -> None:
    sets = [entry["set"] for entry in calendar_entries]
    assert sets == [("one-on-one", "customer-call")[i % 2] for i in range(ENTRIES)]
    questions = generator.load_sets()
    for entry in calendar_entries:
        assert list(entry)[-2:] == ["answers", "event"]  # the link follows the answers
        assert [a["key"] for a in entry["answers"]] == [q["key"] for q in questions[entry["set"]]]
        event = entry["event"]
        assert list(event) == ["uid", "occurrence", "calendar"]
        assert event["uid"] and event["calendar"].endswith(".ics")
        assert datetime.fromisoformat(event["occurrence"]).second == 0
    links = {(e["event"]["uid"], e["event"]["occurrence"]) for e in calendar_entries}
    assert len(links) == ENTRIES  # an occurrence is checked out once
    moved = [e for e in calendar_entries if e["at"] != e["event"]["occurrence"]]
    assert 0 < len(moved) < ENTRIES // 10  # mostly `at` is the occurrence's start


@pytest.mark.parametrize("set_name", ["one-on-one", "customer-call"])
def test_calendar_entries_have_the_shape_of_meeting_event(
    set_name: str,
    calendar_entries: list[dict[str, Any]],
    cli: Callable[..., Result],
    tmp_path: Path,
    journal_file: Path,
) -> None:
    """A real `checkout meeting --event` line and a synthetic one differ only in values."""
    ics = work_calendar(tmp_path / "cal")
    assert cli("config", "set", "email", ME).exit_code == 0
    assert cli("calendar", "add", str(ics)).exit_code == 0
    answers = [part for answer in ANSWERS[set_name] for part in ("--answer", answer)]
    result = cli(
        "meeting", "--set", set_name, "--no-input", *answers, "--event", EVENTS[set_name],
        "--tag", "x", env={"CHECKOUT_NOW": CALENDAR_NOW},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [real] = [json.loads(line) for line in journal_file.read_bytes().splitlines()]
    made = next(e for e in calendar_entries if e["set"] == set_name)
    assert skeleton(made) == skeleton(real)
    assert [a["question"] for a in made["answers"]] == [a["question"] for a in real["answers"]]
    for key in ("at", "recorded_at"):
        assert len(made[key]) == len(real[key])  # to the second, with its offset
    assert len(made["event"]["occurrence"]) == len(real["event"]["occurrence"])


def skeleton(entry: dict[str, Any]) -> list[Any]:
    """The keys in their order, with the answers' and the event's keys; no values."""
    shape: list[Any] = []
    for key, value in entry.items():
        if key == "answers":
            shape.append((key, [(a["key"], list(a)[:4]) for a in value]))
        elif key == "event":
            shape.append((key, [(k, type(v).__name__) for k, v in value.items()]))
        else:
            shape.append((key, type(value).__name__))
    return shape


def week_of(text: str) -> str:
    year, week, _ = datetime.fromisoformat(text).isocalendar()
    return f"{year}-W{week:02d}"
