"""Odd but parseable journal lines (hand-edited, merged, written by another version) never
crash a reader: every command either works or says what is wrong in one line.

Each field of an entry is either of its proper type or any JSON value at all; the
journal also holds one ordinary check-out, which every reader must still show.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import QUICK

Cli = Callable[..., Result]
NOW = "2026-11-18T16:00:00+01:00"

# Lone surrogates: valid JSON (`"\\ud83d"`), written by tools that split UTF-16 pairs,
# but not Unicode text that can be printed or stored as UTF-8.
LONE = st.sampled_from(["\ud83d", "x\udc00y", "\ud800\udc00", "\udfff"])
TEXT = st.one_of(st.text(max_size=12), LONE)
JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
MOMENT = st.one_of(
    st.sampled_from(
        [
            "2026-11-18T10:00:00+01:00",
            "2026-11-17T09:30:00+01:00",
            "2026-11-18",
            "2026-11-18T10:00:00",
            "2025-01-01T00:00:00Z",
            "2026-11-18 10:00",
            "yesterday",
            "",
        ]
    ),
    JSON,
)
KIND = st.one_of(st.sampled_from(["choice", "scale", "text", "actions"]), JSON)
ACTION = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.sampled_from(["odd00001-1", "odd00001-2"]), JSON),
            "text": st.one_of(TEXT, JSON),
            "owner": st.one_of(st.none(), st.text(max_size=6), JSON),
            "due": st.one_of(st.none(), MOMENT),
            "done_at": st.one_of(st.none(), MOMENT),
        },
    ),
    JSON,
)
ANSWER = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "key": st.one_of(st.sampled_from(["goals", "improve", "next", "worth"]), JSON),
            "question": st.one_of(st.text(max_size=12), JSON),
            "kind": KIND,
            "value": st.one_of(
                st.sampled_from(["yes", "partly", "no"]),
                st.integers(-3, 8),
                st.floats(allow_nan=False, allow_infinity=False),
                st.lists(ACTION, max_size=3),
                JSON,
            ),
            "note": st.one_of(st.text(max_size=12), JSON),
        },
    ),
    JSON,
)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "v": st.one_of(st.just(1), JSON),
        "id": st.one_of(st.sampled_from(["odd00001", "odd00002"]), JSON),
        "at": MOMENT,
        "recorded_at": MOMENT,
        "title": st.one_of(st.sampled_from(["Weekly sync", "Odd"]), TEXT, JSON),
        "with": st.one_of(st.lists(st.text(max_size=6), max_size=3), JSON),
        "tags": st.one_of(st.lists(st.text(max_size=6), max_size=3), JSON),
        "set": st.one_of(st.just("meeting"), JSON),
        "answers": st.one_of(st.lists(ANSWER, max_size=5), JSON),
        "event": JSON,
    },
)

READERS: list[tuple[str, ...]] = [
    (),
    ("log",),
    ("log", "--json", "--all"),
    ("log", "--week", "this", "--tag", "x"),
    ("show", "odd00001"),
    ("report",),
    ("report", "--all", "--json"),
    ("report", "--with", "Ana"),
    ("actions", "--all"),
    ("actions", "--json"),
    ("search", "e"),
    ("check", "--json"),
    *[("export", "--all", "--format", fmt) for fmt in ("md", "json", "csv", "html", "ics")],
]


def assert_handled(result: Result, args: tuple[str, ...]) -> None:
    """Worked, or failed in the house style (never a traceback: the runner re-raises)."""
    if result.exit_code == 0:
        return
    if args[:1] == ("check",):  # exits 1 when it finds problems, which is its job
        assert result.exit_code == 1 and json.loads(result.stdout)["problems"], result.output
        return
    assert result.exit_code in (1, 2), (args, result.exit_code, result.output)
    errors = [line for line in result.stderr.splitlines() if not line.startswith("checkout: warn")]
    assert len(errors) == 1 and errors[0].startswith("checkout: "), (args, result.stderr)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(odd=st.lists(ENTRY, min_size=1, max_size=3))
@example(odd=[{"id": "odd00001", "answers": [{"kind": "actions", "value": [{"id": 5}]}]}])
@example(odd=[{"id": "odd00001", "at": "2026-11-18T10:00:00", "with": "Ana", "tags": "x"}])
@example(odd=[{"id": "odd00001", "title": None, "answers": {"key": "goals"}}])
@example(
    odd=[
        {
            "id": "odd00001",
            "at": "2026-11-18T10:00:00+01:00",
            "recorded_at": "2026-11-18T10:05:00+01:00",
            "title": "Bad \ud83d title",
            "with": ["\udc00"],
            "answers": [
                {"key": "improve", "kind": "text", "value": "x \ud800"},
                {
                    "key": "next",
                    "kind": "actions",
                    "value": [{"id": "odd00001-1", "text": "\ud800"}],
                },
            ],
        }
    ]
)
def test_odd_entries_never_crash_a_reader(
    cli: Cli, journal_file: Path, monkeypatch: Any, odd: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    if journal_file.exists():
        journal_file.unlink()
    normal = cli("meeting", "Normal", *QUICK, "--json")
    assert normal.exit_code == 0, normal.output
    normal_id = json.loads(normal.stdout)["id"]
    with journal_file.open("a", encoding="utf-8") as handle:
        for item in odd:
            handle.write(json.dumps(item) + "\n")
    for args in READERS:
        assert_handled(cli(*args), args)
    logged = cli("log", "--json", "--limit", "100")
    assert normal_id in [e.get("id") for e in json.loads(logged.stdout)]
    for args in (("done", "odd00001-1"), ("done", f"{normal_id}-1"), ("reopen", "odd00001-2")):
        assert_handled(cli(*args), args)
    assert_handled(cli("delete", "odd00002", "--yes"), ("delete",))
    again = cli("meeting", "Weekly sync", *QUICK)
    assert again.exit_code == 0, again.output
