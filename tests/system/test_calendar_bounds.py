"""Calendar files cannot keep a command busy: runaway repeat rules and files that are
not files (a FIFO, a device) are skipped with a warning, and the rest still counts.

Every command that reads calendars runs in a child process with a time limit, so a
hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import Result

from checkout_cli.store import calendars as calendar_files
from tests import harness

NOW = "2026-11-18T16:00:00+00:00"  # a Wednesday
LIMIT = 30  # seconds for a whole command, start-up included, on a busy machine

# Each rule alone made every calendar command hang (or, SECONDLY, take half a minute).
RUNAWAY = {
    "zero": ("FREQ=DAILY;INTERVAL=0", "20000103T090000Z"),
    "minutely": ("FREQ=MINUTELY", "20000103T090000Z"),
    "secondly": ("FREQ=SECONDLY", "20260518T090000Z"),
    "never": ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "20000103T090000Z"),
    "never-hourly": ("FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31", "20200103T090000Z"),
    "dense": ("FREQ=DAILY;BYHOUR=8,9,10,11,12,13,14;BYMINUTE=0,15,30,45", "20250103T090000Z"),
    "ancient": ("FREQ=HOURLY", "19000103T090000Z"),
}
REFUSED = ("zero", "minutely", "secondly", "dense", "ancient")  # named in one warning each


def vevent(uid: str, summary: str, start: str, rule: str | None = None, minutes: int = 30) -> str:
    begin = datetime.strptime(start, "%Y%m%dT%H%M%SZ")
    end = (begin + timedelta(minutes=minutes)).isoformat().replace("-", "").replace(":", "") + "Z"
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", f"DTSTART:{start}"]
    lines += [f"DTEND:{end}", *([f"RRULE:{rule}"] if rule else []), "END:VEVENT"]
    return "\r\n".join(lines)


def calendar_text(*events: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", *events]) + (
        "\r\nEND:VCALENDAR\r\n"
    )


STANDUP = vevent("standup@x", "Standup", "20250106T090000Z", "FREQ=DAILY")
RETRO = vevent("retro@x", "Retro", "20261118T140000Z")


def runaway_calendar(path: Path, *names: str) -> Path:
    events = [
        vevent(f"{n}@x", f"Runaway {n}", RUNAWAY[n][1], RUNAWAY[n][0]) for n in names or RUNAWAY
    ]
    path.write_text(calendar_text(*events, STANDUP, RETRO))
    return path


class Expired(BaseException):
    """Not an Exception, so code that catches the calendar library's errors lets it by."""


@contextmanager
def within(seconds: float, *, cpu: bool = False) -> Iterator[None]:
    """Fail when the block takes longer: wall-clock time, so a blocked open counts, or
    with `cpu` the process's CPU time, which a busy shared machine does not inflate."""
    timer, signum = (
        (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    )

    def expired(signum: int, frame: object) -> None:
        raise Expired

    before = signal.signal(signum, expired)
    signal.setitimer(timer, seconds)
    try:
        yield
    except Expired:
        clock = "of CPU time" if cpu else ""
        pytest.fail(f"still busy after {seconds} s {clock}".rstrip(), pytrace=False)
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, before)


def read(*paths: Path) -> tuple[list[str], list[str]]:
    """(titles of the meetings that ended in the week before NOW, warnings)."""
    warnings: list[str] = []
    now = datetime.fromisoformat(NOW)
    found = calendar_files.meetings_between(
        list(paths), now - timedelta(days=7), now, warn=warnings.append
    )
    return [m.title for m in found], warnings


@pytest.mark.parametrize("name", list(RUNAWAY))
def test_a_runaway_series_is_skipped_and_the_rest_of_the_file_kept(
    tmp_path: Path, name: str
) -> None:
    path = runaway_calendar(tmp_path / "work.ics", name)
    with within(5):
        titles, warnings = read(path)
    assert titles.count("Standup") == 7 and "Retro" in titles
    assert f"Runaway {name}" not in titles
    if name in REFUSED:
        assert len(warnings) == 1, warnings
        assert warnings[0].startswith(f"calendar {path}: event 'Runaway {name}' "), warnings
        assert warnings[0].endswith("; skipped")
    else:  # a rule that never matches is no problem to say anything about
        assert warnings == []


def test_the_reasons_say_what_is_wrong(tmp_path: Path) -> None:
    path = runaway_calendar(tmp_path / "work.ics")
    with within(10):
        _, warnings = read(path)
    said = "\n".join(warnings)
    assert "INTERVAL=0" in said and "FREQ=MINUTELY" in said and "FREQ=SECONDLY" in said
    assert "28 times a day" in said and "since 1900-01-03" in said


def test_a_file_of_many_long_series_is_bounded_as_a_whole(tmp_path: Path) -> None:
    """Each series is within its own bound, together they are not: one warning for the file."""
    hourly = [
        vevent(f"h{n}@x", f"Hourly {n}", f"20{20 + n % 3}0103T0{n % 10}0000Z", "FREQ=HOURLY")
        for n in range(40)
    ]
    path = tmp_path / "many.ics"
    path.write_text(calendar_text(*hourly, STANDUP))
    with within(15):
        titles, warnings = read(path)
    assert "Standup" in titles and any(t.startswith("Hourly") for t in titles)
    assert len(warnings) == 1, warnings
    assert re.fullmatch(
        rf"calendar {re.escape(str(path))}: too many repeating events to expand in one file; "
        r"event 'Hourly \d+' and \d+ more skipped",
        warnings[0],
    ), warnings


def test_ordinary_series_are_not_touched(tmp_path: Path) -> None:
    """Daily since 1990, weekly since 1970, hourly for a day, yearly since year 1."""
    path = tmp_path / "fine.ics"
    path.write_text(
        calendar_text(
            vevent("d@x", "Daily", "19900101T080000Z", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
            vevent("w@x", "Weekly", "19700105T100000Z", "FREQ=WEEKLY;BYDAY=MO,WE"),
            vevent("h@x", "Office hour", "20261116T080000Z", "FREQ=HOURLY;COUNT=8"),
            vevent("y@x", "Yearly", "00011112T100000Z", "FREQ=YEARLY"),
            vevent("m@x", "Monthly", "20000117T100000Z", "FREQ=MONTHLY;BYDAY=3TU"),
        )
    )
    with within(10):
        titles, warnings = read(path)
    assert warnings == []
    assert titles.count("Daily") == 5 and titles.count("Weekly") == 2
    assert titles.count("Office hour") == 8 and "Yearly" in titles and "Monthly" in titles


# --- files that are not files --------------------------------------------------------------


def test_a_fifo_or_device_named_ics_in_a_folder_is_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    folder.mkdir()
    (folder / "good.ics").write_text(calendar_text(RETRO))
    os.mkfifo(folder / "x.ics")
    (folder / "zero.ics").symlink_to("/dev/zero")
    with within(5):
        titles, warnings = read(folder)
    assert titles == ["Retro"]
    assert sorted(warnings) == [
        f"calendar {folder / 'x.ics'}: cannot be read (not a regular file); skipped",
        f"calendar {folder / 'zero.ics'}: cannot be read (not a regular file); skipped",
    ]


def test_a_file_swapped_for_a_fifo_after_the_check_is_not_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stat said "regular file", then a FIFO took its place: the open does not block."""
    fifo = tmp_path / "x.ics"
    os.mkfifo(fifo)
    real_stat = os.stat

    def stat_says_file(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path) == str(fifo):
            return SimpleNamespace(st_mode=stat.S_IFREG | 0o600)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(calendar_files.os, "stat", stat_says_file)
    with within(5), pytest.raises(calendar_files.NotRegularFile):
        calendar_files.read_calendar_file(fifo)


# --- every command, in a child process with a time limit -----------------------------------


@pytest.fixture
def hostile_setup(tmp_path: Path, checkout_home: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "cal"
    folder.mkdir()
    runaway_calendar(folder / "work.ics")
    os.mkfifo(folder / "x.ics")
    env = harness.child_env(CHECKOUT_HOME=str(checkout_home), CHECKOUT_NOW=NOW, TZ="UTC")
    return folder, env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return harness.run(*args, env=env, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`checkout {' '.join(args)}` still busy after {LIMIT} s")


def test_every_command_that_reads_calendars_finishes(
    hostile_setup: tuple[Path, dict[str, str]], checkout_home: Path
) -> None:
    folder, env = hostile_setup
    added = run(env, "calendar", "add", str(folder))
    assert added.returncode == 0, added.stderr
    assert "Added" in added.stderr
    warnings = [line for line in added.stderr.splitlines() if "warning" in line]
    assert len(warnings) == len(REFUSED) + 1, added.stderr  # + the FIFO
    config = tomllib.loads((checkout_home / "config.toml").read_text())
    assert config["calendars"] == [str(folder)]

    pending = run(env, "pending", "--since", "2026-11-18", "--json")
    assert pending.returncode == 0, pending.stderr
    assert {m["title"] for m in json.loads(pending.stdout)} == {"Standup", "Retro"}
    assert pending.stderr.count("warning") == len(REFUSED) + 1, pending.stderr
    for args in (("report",), ("export", "--format", "md"), ("report", "--json")):
        done = run(env, *args)
        assert done.returncode == 0, (args, done.stderr)
    latest = run(env, "meeting", "--event", "latest", *QUICK_FLAGS)
    assert latest.returncode == 0, latest.stderr
    assert json.loads(latest.stdout)["title"] == "Retro"
    offered = run(env, "meeting", *QUICK_FLAGS)  # no title: asks, so it says which flags
    assert offered.returncode != 0 and "Traceback" not in offered.stderr


QUICK_FLAGS = ("--no-input", "-A", "goals=yes", "-A", "improve=-", "-A", "next=none", "--json")


def test_calendar_add_reads_the_calendar_before_saving_it(
    cli: Callable[..., Result], tmp_path: Path, checkout_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted while reading, `calendar add` leaves the config as it was."""
    path = runaway_calendar(tmp_path / "work.ics", "never")

    def interrupted(*args: object, **kwargs: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(calendar_files, "meetings_between", interrupted)
    result = cli("calendar", "add", str(path))
    assert result.exit_code == 130
    assert not (checkout_home / "config.toml").exists()


# --- windows at the edge of what a datetime holds ------------------------------------------


def test_windows_reaching_the_year_1_or_9999_are_cut_short(tmp_path: Path) -> None:
    path = runaway_calendar(tmp_path / "work.ics", "never")
    earliest = datetime(1, 1, 1, tzinfo=UTC)
    with within(10):
        found = calendar_files.meetings_between(
            [path], earliest, datetime.fromisoformat(NOW), warn=pytest.fail
        )
        # DTSTART is the first occurrence of every series, the one that never repeats too.
        assert {m.title for m in found} == {"Standup", "Retro", "Runaway never"}
        for moment in ("9999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+00:00"):
            assert (
                calendar_files.find_occurrence(
                    [path], "retro@x", moment, warn=pytest.fail, around=datetime.fromisoformat(NOW)
                )
                is None
            )


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "9999-12-31T23:00:00"])
def test_an_event_at_the_edge_of_time_is_one_error_line(
    tmp_path: Path, checkout_home: Path, zone: str, moment: str
) -> None:
    path = runaway_calendar(tmp_path / "work.ics", "never")
    env = harness.child_env(CHECKOUT_HOME=str(checkout_home), CHECKOUT_NOW=NOW, TZ=zone)
    assert run(env, "calendar", "add", str(path)).returncode == 0
    result = run(env, "meeting", "--event", f"retro@x@{moment}", *QUICK_FLAGS)
    assert harness.assert_one_line_error(result, code=2).startswith("checkout: event")
