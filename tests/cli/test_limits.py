"""Values at the ends of the calendar, empty option values, bytes that are not UTF-8, and
whatever bytes end up in a journal: a usage error naming the flag, a refusal with the
reason, or a reader that passes the value over and goes on; never a traceback.

Python's datetimes hold years 1 to 9999: a week, a month or a day at either end, or a
time whose UTC or local form falls outside them, must not reach a conversion that raises.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests import harness
from tests.cli.test_edit import script_editor
from tests.cli.test_odd_entries import READERS, assert_handled
from tests.conftest import QUICK

Cli = Callable[..., Result]
NOW = "2026-11-18T16:00:00+01:00"
BASE = ("--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", "next=none")

EARLY = ["0001-01-01", "0001-01-02", "0001-01-01T00:00", "0001-01-01T00:00:00+14:00"]
LATE = ["9999-12-31", "9999-12-31T23:59", "9999-12-31T23:59:59-12:00", "9999-12-31T12:00+14:00"]
ZONES = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"]  # +14:00 and -12:00, the widest offsets


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKOUT_NOW", NOW)


def usage_or_works(result: Result, flag: str) -> None:
    """Exit 0, or exit 2 with one line on stderr that names the flag."""
    if result.exit_code == 0:
        return
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("checkout: "), result.stderr
    assert flag in lines[0], lines[0]


def one_line(result: Result, code: int, *said: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("checkout: "), result.stderr
    for part in said:
        assert part in lines[0], lines[0]
    return lines[0]


# Option values at the ends of the calendar


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--week", "9999-W52"),
        ("report", "--week", "0001-W01"),
        ("log", "--month", "9999-12"),
        ("report", "--month", "0001-02"),
        ("log", "--since", "0001-01-01"),
        ("report", "--until", "9999-12-31"),
    ],
)
def test_periods_at_the_ends_of_the_calendar_work(
    cli: Cli, pinned: None, checkout_once: Callable[..., dict[str, Any]], args: tuple[str, ...]
) -> None:
    checkout_once()
    result = cli(*args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("meeting", "Sync", *BASE, "--at", "0001-01-01"), "--at"),
        (("meeting", "Sync", *BASE, "--at", "0001-01-01T00:00+14:00"), "--at"),
        (("pending", "--since", "0001-01-01"), "--since"),
        (("pending", "--since", "0001-01-01T00:00+14:00"), "--since"),
    ],
)
def test_times_past_the_ends_of_the_calendar_are_usage_errors(
    cli: Cli, pinned: None, journal_file: Path, args: tuple[str, ...], flag: str
) -> None:
    result = cli(*args)
    one_line(result, 2, flag, "ends of the calendar")
    assert not journal_file.exists()


# An empty value is an error, for every option that takes one


def _value_options() -> Iterator[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """(command names, its arguments filled in, option) for every option of every command
    that takes a value."""
    import click
    import typer.main

    from checkout_cli.cli.app import app

    def walk(command: Any, names: tuple[str, ...]) -> Iterator[Any]:
        ctx = click.Context(command)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                yield from walk(command.get_command(ctx, name), (*names, name))
            return
        filled = tuple("x" for p in command.params if isinstance(p, click.Argument))
        for param in command.params:
            takes_value = isinstance(param, click.Option) and not (param.is_flag or param.count)
            if takes_value and not param.hidden:
                yield names, filled, param.opts[0]

    yield from walk(typer.main.get_command(app), ())


VALUE_OPTIONS = list(_value_options())


def test_every_command_was_found() -> None:
    commands = {names[0] for names, _, _ in VALUE_OPTIONS}
    assert {"meeting", "log", "report", "export", "actions", "pending", "questions"} <= commands
    assert len(VALUE_OPTIONS) > 40


@pytest.mark.parametrize(
    ("names", "arguments", "option"),
    VALUE_OPTIONS,
    ids=[" ".join((*n, o)) for n, _, o in VALUE_OPTIONS],
)
def test_an_empty_option_value_is_a_usage_error(
    cli: Cli,
    journal_file: Path,
    names: tuple[str, ...],
    arguments: tuple[str, ...],
    option: str,
) -> None:
    # the option comes first: its value is refused before any argument is looked at
    result = cli(*names, option, "", *arguments)
    one_line(result, 2, option)
    assert not journal_file.exists()


def test_log_week_empty_lists_nothing(cli: Cli, checkout_once: Callable[..., Any]) -> None:
    checkout_once()
    result = cli("log", "--week", "")
    one_line(result, 2, "--week")
    assert result.stdout == ""


# Bytes that are not UTF-8, as a shell passes them (surrogate escapes)


def test_settings_of_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    env = harness.child_env()
    calendar = tmp_path / "cal\udcff.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n")
    for args in (
        ("config", "set", "name", "Ana \udcff"),
        ("config", "set", "email", "ana@\udcffexample.org"),
        ("calendar", "add", str(calendar)),
    ):
        result = harness.run(*args, env=env)
        message = harness.assert_one_line_error(result, 1)
        assert "not valid UTF-8" in message, message
    shown = harness.run("config", "show", "--json", env=env)
    assert shown.returncode == 0 and "\\udcff" not in shown.stdout, shown


# Values an edit would have saved, refused with the reason


def _edit(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, id_: str, body: str) -> Result:
    monkeypatch.setenv("VISUAL", script_editor(tmp_path, body))
    return cli("edit", id_)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("text = text.replace(f'{ID}-1\"', f'{ID}-\\u00b2\"')", "is not one checkout gives"),
        ("text = text.replace(f'{ID}-1\"', 'other000-1\"')", "is not one checkout gives"),
        ("text = text.replace(f'{ID}-1\"', f'{ID}-' + '9' * 5000 + '\"')", "is not one"),
        (
            "import re; text = re.sub(r'(?m)^at = .*', 'at = \"0001-01-01T00:00:00+14:00\"', text)",
            "too near the ends of the calendar",
        ),
        (
            "import re; text = re.sub(r'(?m)^at = .*', 'at = 0001-01-01T00:00:00+14:00', text)",
            "too near the ends of the calendar",
        ),
        (
            "text = text.replace('due = \"2099-12-01\"', "
            "'done_at = \"9999-12-31T23:59:59-12:00\"')",
            "too near the ends of the calendar",
        ),
        ("text = text.replace('value = 4', 'value = ' + '9' * 400)", "a number of 400 digits"),
    ],
)
def test_edit_refuses_values_readers_cannot_use(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_file: Path,
    checkout_once: Callable[..., dict[str, Any]],
    body: str,
    said: str,
) -> None:
    entry = checkout_once()
    before = journal_file.read_bytes()
    result = _edit(cli, tmp_path, monkeypatch, entry["id"], f"ID = {entry['id']!r}\n{body}")
    message = one_line(result, 1, said, "nothing was saved")
    assert len(message) < 400, message
    assert journal_file.read_bytes() == before


def test_a_scale_without_its_question_set_is_still_bounded(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_file: Path,
    checkout_once: Callable[..., dict[str, Any]],
) -> None:
    entry = checkout_once()
    lines = [json.loads(line) for line in journal_file.read_text().splitlines()]
    lines[0]["set"] = "gone"  # no set, so no bounds of its own
    journal_file.write_text("".join(json.dumps(item) + "\n" for item in lines))
    before = journal_file.read_bytes()
    body = "text = text.replace('value = 4', 'value = ' + '9' * 400)"
    one_line(_edit(cli, tmp_path, monkeypatch, entry["id"], body), 1, "past what a scale may hold")
    assert journal_file.read_bytes() == before
    fine = _edit(
        cli, tmp_path, monkeypatch, entry["id"], "text = text.replace('value = 4', 'value = 7')"
    )
    assert fine.exit_code == 0, fine.output


def test_an_odd_step_id_the_entry_already_had_does_not_block_an_edit(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journal_file: Path,
    checkout_once: Callable[..., dict[str, Any]],
) -> None:
    entry = checkout_once()
    text = journal_file.read_text().replace(f'"{entry["id"]}-1"', '"hand-made"')
    journal_file.write_text(text)
    body = "text = text.replace('title = \"Weekly sync\"', 'title = \"Renamed\"')"
    result = _edit(cli, tmp_path, monkeypatch, entry["id"], body)
    assert result.exit_code == 0, result.output
    assert '"hand-made"' in journal_file.read_text()


# Values already in a journal, from a hand edit or an older version


def _hand_edited(journal_file: Path, **fields: Any) -> None:
    lines = [json.loads(line) for line in journal_file.read_text().splitlines()]
    lines[-1].update(fields)
    journal_file.write_text("".join(json.dumps(item) + "\n" for item in lines))


@pytest.mark.parametrize(
    "fields",
    [
        {"at": "0001-01-01T00:00:00"},
        {"at": "0001-01-01T00:00:00+14:00"},
        {"at": "9999-12-31T23:59:59-12:00"},
        {"recorded_at": "9999-12-31T23:59:59-12:00"},
        {"recorded_at": "0001-01-01T00:00:00+14:00"},
    ],
    ids=lambda fields: " ".join(f"{k}={v}" for k, v in fields.items()),
)
def test_readers_pass_over_times_past_the_ends_of_the_calendar(
    cli: Cli,
    pinned: None,
    zone: str,
    journal_file: Path,
    checkout_once: Callable[..., dict[str, Any]],
    fields: dict[str, str],
) -> None:
    checkout_once("Normal")
    checkout_once("Odd")
    _hand_edited(journal_file, **fields)
    before = journal_file.read_bytes()
    for args in [*READERS, ("report", "--all"), ("export", "--format", "ics"), ("log", "--all")]:
        args = tuple("Odd" if a == "odd00001" else a for a in args)
        assert_handled(cli(*args), args)
    logged = json.loads(cli("log", "--json", "--all").stdout)
    assert "Normal" in [e["title"] for e in logged]
    assert journal_file.read_bytes() == before


# The classes: any bytes after a valid journal, and every date option at the year limits

ODD_TIMES = [
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T23:59:59-12:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T00:00:00+14:00",
    "9999-12-31",
    "0001-01-01",
    "2026-11-18T10:00:00+23:59",
    "2026-02-30T10:00:00+01:00",
    "+002026-11-18T10:00:00Z",
    "2026-11-18T10:00:00.123456789+01:00",
]
HUGE = ["1" * 400, "-" + "9" * 5000, "1e400", "-1e400", "1e-400", "NaN", "Infinity", "0.1e99999"]


@st.composite
def odd_line(draw: st.DrawFn) -> bytes:
    """One line as something other than `checkout meeting` may have left it."""
    field = draw(st.sampled_from(["at", "recorded_at", "due", "done_at", "worth", "id", "title"]))
    value = draw(
        st.one_of(
            st.sampled_from([json.dumps(t) for t in ODD_TIMES]),
            st.sampled_from(HUGE),
            st.sampled_from(['"\\ud800"', '"x\\udfff"', '"ID-\\u00b2"', '"\\u0000"', "[]", "{}"]),
        )
    )
    entry = {
        "v": 1,
        "id": "odd00001",
        "at": "2026-11-18T10:00:00+01:00",
        "recorded_at": "2026-11-18T10:05:00+01:00",
        "title": "Odd",
        "answers": [
            {"key": "goals", "question": "Q", "kind": "choice", "value": "yes"},
            {
                "key": "next",
                "question": "Q",
                "kind": "actions",
                "value": [{"id": "odd00001-1", "text": "t", "owner": None, "due": "2026-11-19"}],
            },
            {"key": "worth", "question": "Q", "kind": "scale", "value": 3},
        ],
    }
    text = json.dumps(entry)
    if field in ("at", "recorded_at", "id", "title"):
        text = text.replace(f'"{field}": {json.dumps(entry[field])}', f'"{field}": {value}', 1)
    elif field == "due":
        text = text.replace('"due": "2026-11-19"', f'"due": {value}')
    elif field == "done_at":
        text = text.replace('"owner": null', f'"owner": null, "done_at": {value}')
    else:
        text = text.replace('"value": 3', f'"value": {value}')
    return text.encode("utf-8")


@st.composite
def appended(draw: st.DrawFn) -> bytes:
    pieces = draw(
        st.lists(
            st.one_of(
                st.binary(max_size=60),
                odd_line(),
                st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * (n // 2)),
                st.integers(1, 3000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
                st.sampled_from(
                    [b"\xed\xa0\x80", b"\xc0\xaf", b"\xff\xfe", b"\xef\xbb\xbf{}", b"\r"]
                ),
                st.integers(5, 200).map(lambda n: _VALID[:n]),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return b"\n".join(pieces) + draw(st.sampled_from([b"", b"\n"]))


_VALID = (
    b'{"v": 1, "id": "torn0001", "at": "2026-11-18T10:00:00+01:00", '
    b'"recorded_at": "2026-11-18T10:05:00+01:00", "title": "Torn", "answers": []}'
)
BYTE_READERS: list[tuple[str, ...]] = [
    (),
    ("log",),
    ("log", "--all", "--json"),
    ("show", "NORMAL"),
    ("report",),
    ("report", "--all", "--json"),
    *[("export", "--all", "--format", fmt) for fmt in ("md", "json", "csv", "html", "ics")],
    ("actions", "--all"),
    ("search", "o"),
    ("check", "--json"),
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tail=appended())
@example(tail=b'{"at": "0001-01-01T00:00:00", "id": "x"}\n')
@example(tail=b'{"recorded_at": "9999-12-31T23:59:59-12:00", "at": "9999-12-31T00:00:00-12:00"}')
@example(tail=b"\xff\xfe\x00{" + b"[" * 100_000)
@example(tail=b'{"id": "odd00001", "answers": [{"kind": "scale", "value": 1' + b"0" * 5000 + b"}]}")
def test_no_bytes_after_a_journal_make_a_reader_raise(
    cli: Cli, journal_file: Path, monkeypatch: pytest.MonkeyPatch, tail: bytes
) -> None:
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    if not journal_file.exists():
        normal = cli("meeting", "Normal", *QUICK, "--json")
        assert normal.exit_code == 0, normal.output
        (journal_file.parent / "normal-id").write_text(json.loads(normal.stdout)["id"])
    normal_id = (journal_file.parent / "normal-id").read_text()
    with journal_file.open("ab") as handle:
        handle.write(tail)
    before = journal_file.read_bytes()
    try:
        for args in BYTE_READERS:
            args = tuple(normal_id[:5] if a == "NORMAL" else a for a in args)
            assert_handled(cli(*args), args)
        assert journal_file.read_bytes() == before
    finally:  # the next example starts again from the one good check-out
        journal_file.write_bytes(before[: before.index(b"\n") + 1])


WEEKS = ["0001-W01", "0001-W02", "0001-W52", "9999-W01", "9999-W52", "9999-W53", "0000-W01"]
MONTHS = ["0001-01", "0001-02", "9999-11", "9999-12", "0000-12", "10000-01"]
DAYS = ["0001-01-01", "0001-01-02", "0001-01-08", "9999-12-24", "9999-12-31"]
MOMENTS = [
    *EARLY,
    *LATE,
    "0001-01-01T00:00-12:00",
    "0001-01-01T23:59+14:00",
    "0001-01-02T00:00+14:00",
    "0001-01-01 12:00",
]


def test_every_date_option_at_the_year_limits(cli: Cli, pinned: None, zone: str) -> None:
    """Exit 0 or 2 (one line naming the flag) for each, whatever the local time zone."""
    for args, flag in [
        *[((cmd, "--week", w), "--week") for cmd in ("log", "report", "export") for w in WEEKS],
        *[((cmd, "--month", m), "--month") for cmd in ("log", "report", "export") for m in MONTHS],
        *[
            ((cmd, opt, d), opt)
            for cmd in ("log", "report", "export")
            for opt in ("--since", "--until")
            for d in DAYS
        ],
        *[(("log", "--since", a, "--until", b), "--since") for a in DAYS for b in DAYS if a <= b],
        *[(("pending", "--since", m), "--since") for m in [*MOMENTS, *DAYS]],
        *[(("meeting", "Limits", *BASE, "--at", m), "--at") for m in [*MOMENTS, *DAYS]],
        *[(("report", "--week", w, "--json"), "--week") for w in WEEKS],
    ]:
        usage_or_works(cli(*args), flag)
    # whatever `meeting --at` took is read back by every reader
    for args in [*BYTE_READERS, ("report", "--all"), ("export", "--all", "--format", "ics")]:
        assert_handled(cli(*args), args)


@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "0000-12-31", "10000-01-01"])
def test_due_dates_at_the_year_limits(
    cli: Cli, pinned: None, zone: str, journal_file: Path, due: str
) -> None:
    answers = ("--no-input", "-A", "goals=yes", "-A", "improve=x", "-A", f"next=Do it due:{due}")
    result = cli("meeting", "Limits", *answers)
    if result.exit_code != 0:  # refused as any invalid answer is: one line, nothing saved
        assert result.exit_code in (1, 2), result.output
        one_line(result, result.exit_code, due)
        assert not journal_file.exists()
        return
    for args in [
        *BYTE_READERS,
        ("actions",),
        ("actions", "--json"),
        ("report", "--all"),
        ("export", "--all", "--format", "ics"),
    ]:
        assert_handled(cli(*args), args)
