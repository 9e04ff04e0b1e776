"""Measure checkout against its speed targets, each side by side with its baseline.

Usage: python benchmarks/run.py [--entries 1000000] [--calendar-entries N] [--runs N]
                                [--keep DIR] [--only NAME ...]

Run it with the project's venv Python (`.venv/bin/python benchmarks/run.py`): checkout
runs as its console script next to that interpreter, `[sys.executable, .venv/bin/checkout]`,
and every baseline runs as `[sys.executable, ...]`, so both sides pay for the same
interpreter and site set-up. Runs are paired, taken in the order A B, B A, A B …
after one unmeasured warm-up of each side (151 pairs, 5 for the full history, unless
`--runs` says otherwise); wall time from just before spawning the child to when it is
reaped. The verdict is on the paired ratio, the median of each pair's A / B; the
ratio of the two sides' medians stands beside it. A noise row runs the same command on
two identical journals, to show what this machine's ratios are worth.
Two big journals: the usual one (`make_journal.py`'s `meetings` shape) and a smaller one
of check-outs linked to calendar events (`calendar` shape, as dense per week), on which
the week rows run too. The start-up baseline is a Typer 0.29 hello world, run by the
same interpreter from a venv of its own that holds that Typer (made once, under the
work folder).
Peak memory is measured in one extra, untimed run under GNU time (`%M`).
Exits 1 when a target is missed, 2 when the run cannot count (a child failed, or
fewer than 5 runs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import make_journal

HELLO = """\
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hi")


app()
"""
BARE_LOOP = "import json, sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)\n"
MEETING_ARGS = (
    "meeting",
    "Weekly sync",
    "--no-input",
    "--with",
    "Ana",
    "--tag",
    "team",
    "--answer",
    "goals=partly",
    "--answer",
    "goals.note=budget still open",
    "--answer",
    "improve=Start on time.",
    "--answer",
    "next=Send the notes @Ana due:2026-06-30",
    "--answer",
    "worth=4",
)
TARGET_NAMES = ("startup", "append", "week", "all", "log")
HELLO_TYPER = "0.29.2"  # the start-up baseline's Typer, in a venv of its own
CALENDAR_SHARE = 0.3  # the calendar journal's size against the big one's (benchmarks/README.md)
MIN_RUNS = 5
HOME_NAME_ROOM = 16  # a home's name and BENCH_PAD together: see `Setup.home`
QUICK_RUNS = 151  # commands under a second: the append row needs this many (benchmarks/README.md)
SLOW_RUNS = 5  # the full history: 15 s a run
MIB = 1024 * 1024


class ChildFailed(Exception):
    pass


@dataclass
class Side:
    """One side of a comparison: a command line, its environment, and a reset run before it."""

    argv: list[str]
    env: dict[str, str]
    reset: Callable[[], None] | None = None
    samples: list[float] = field(default_factory=list)  # wall seconds
    cpu: list[float] = field(default_factory=list)  # the child's user + system seconds

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


@dataclass
class Row:
    measure: str
    value: str
    reference: str
    ratio: str
    target: str
    passed: bool
    error: bool = False
    of_medians: str = ""
    cpu_ratio: str = ""
    spread: str = ""
    note: str = ""  # shown instead of pass/FAIL for a row that is not a target


def spawn(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one child with stdin, stdout and stderr on /dev/null: (wall, CPU) seconds."""
    null_in = os.open(os.devnull, os.O_RDONLY)
    null_out = os.open(os.devnull, os.O_WRONLY)
    try:
        actions = [
            (os.POSIX_SPAWN_DUP2, null_in, 0),
            (os.POSIX_SPAWN_DUP2, null_out, 1),
            (os.POSIX_SPAWN_DUP2, null_out, 2),
        ]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], list(argv), env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.close(null_in)
        os.close(null_out)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise ChildFailed(explain_failure(argv, env, code))
    return elapsed, usage.ru_utime + usage.ru_stime


def peak_rss_mib(argv: Sequence[str], env: dict[str, str], scratch: Path) -> tuple[float, str]:
    """The child's peak resident set, from GNU time's %M (KiB).

    Not `ru_maxrss` of our own children: Linux carries the parent's high-water mark
    over into a child at fork/exec, so every child would look at least as big as
    this script (which has held a journal's tail in memory). GNU time forks from a
    tiny process, so its %M is the child's own peak. Without it, fall back to
    `os.wait4`, an upper bound, and say so.
    """
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        out = scratch / "rss.txt"
        spawn([str(gnu_time), "-f", "%M", "-o", str(out), *argv], env)
        return int(out.read_text().split()[-1]) / 1024, "GNU time %M"
    null = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
        pid = os.posix_spawn(argv[0], list(argv), env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
    finally:
        os.close(null)
    if os.waitstatus_to_exitcode(status) != 0:
        raise ChildFailed(explain_failure(argv, env, os.waitstatus_to_exitcode(status)))
    return usage.ru_maxrss / 1024, "wait4 ru_maxrss, an upper bound"


def explain_failure(argv: Sequence[str], env: dict[str, str], code: int) -> str:
    """Run the failed command again with stderr captured, to say why it failed."""
    import subprocess

    again = subprocess.run(
        list(argv), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    tail = again.stderr.strip().splitlines()[-5:]
    shown = " ".join(argv[1:])
    return f"`{shown}` exited with {code}:\n    " + "\n    ".join(tail or ["(no message)"])


def output_of(argv: Sequence[str], env: dict[str, str]) -> str:
    import subprocess

    done = subprocess.run(
        list(argv), env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise ChildFailed(f"`{' '.join(argv[1:])}` exited with {done.returncode}: {done.stderr}")
    return done.stdout


def paired(a: Side, b: Side, runs: int, warmup: int) -> None:
    """Alternate the sides run by run (A B, B A, …) so drift hits both alike."""
    for number in range(warmup + runs):
        order = (a, b) if number % 2 == 0 else (b, a)
        for side in order:
            if side.reset is not None:
                side.reset()
            wall, cpu = spawn(side.argv, side.env)
            if number >= warmup:
                side.samples.append(wall)
                side.cpu.append(cpu)
    for side in (a, b):
        if side.reset is not None:
            side.reset()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.2f} s"


def paired_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """The median of A / B over the pairs, each pair run back to back.

    On a shared machine a command's time drifts by tens of percent from one second
    to the next. The two runs of a pair are next to each other in time, so their
    ratio drifts less: for two identical sides over 61 pairs on the development
    machine, this varied by 2.3% (standard deviation) from one run of the benchmark
    to the next, the ratio of the medians by 3.9%. The noise row shows the same.
    """
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def ratio_row(measure: str, a: Side, b: Side, limit: float | None, note: str = "") -> Row:
    """A target row, or with no limit a row that informs: `note` stands for the verdict."""
    ratio = paired_ratio(a.samples, b.samples)
    return Row(
        measure,
        ms(a.median),
        ms(b.median),
        f"{ratio:.2f}x",
        "" if limit is None else f"<= {limit:.2f}x",
        limit is None or ratio <= limit,
        of_medians=f"{a.median / b.median:.2f}x",
        cpu_ratio=f"{paired_ratio(a.cpu, b.cpu):.2f}x",
        spread=f"{100 * max(spread(a.samples), spread(b.samples)):.0f}%",
        note=note if limit is None else "",
    )


def spread(samples: Sequence[float]) -> float:
    """(max - min) / median: how far to trust a median when other work shares the CPU."""
    return (max(samples) - min(samples)) / statistics.median(samples)


def truncate_to(path: Path, size: int) -> Callable[[], None]:
    def reset() -> None:
        os.truncate(path, size)

    return reset


# --- building the journals -------------------------------------------------------------


def generator_digest() -> str:
    return hashlib.sha256(Path(make_journal.__file__).read_bytes()).hexdigest()[:16]


ENCODER_PROBE = {
    "v": 1,
    "id": "abcd2345",
    "at": "2026-06-24T10:00:00+02:00",
    "title": "Réunion — 1:1",
    "with": ["Zoë"],
    "answers": [{"key": "worth", "kind": "scale", "value": 4, "note": None}],
    "event": {"uid": "u@example.org", "occurrence": "2026-06-24T10:00:00+02:00"},
}


def encoder_digest() -> str:
    """What the package's encoder makes of a sample entry: a journal written by an
    encoder that has changed since (say a change of JSON library) is made again."""
    return hashlib.sha256(make_journal.package_encoder()(ENCODER_PROBE)).hexdigest()[:16]


def big_journal(folder: Path, entries: int, years: float, seed: int, shape: str) -> Path:
    """A big journal, reused from an earlier --keep run when it was made the same way."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "journal.jsonl"
    meta_path = folder / "made.json"
    wanted = {
        "entries": entries,
        "years": years,
        "seed": seed,
        "shape": shape,
        "end": make_journal.DEFAULT_END,
        "zone": make_journal.DEFAULT_ZONE,
        "generator": generator_digest(),
        "encoder": encoder_digest(),
    }
    if meta_path.exists() and path.exists():
        made = json.loads(meta_path.read_text())
        size = made.pop("size", -1)
        if made == wanted and path.stat().st_size >= size:
            os.truncate(path, size)  # drop lines an interrupted append run left behind
            return path
    print(f"making a {entries:,}-entry journal ({shape}) over {years:g} years …", file=sys.stderr)
    started = time.perf_counter()
    size = make_journal.write_journal(path, entries, years=years, seed=seed, shape=shape)
    took = time.perf_counter() - started
    print(f"  {size / MIB:,.0f} MiB in {took:.1f} s", file=sys.stderr)
    meta_path.write_text(json.dumps({**wanted, "size": size}))
    return path


def tail(path: Path, enough: Callable[[list[bytes]], bool]) -> list[bytes]:
    """Whole lines from the end of the file, growing the read until `enough(lines)`."""
    size = path.stat().st_size
    want = 1 << 20
    with open(path, "rb") as handle:
        while True:
            start = max(0, size - want)
            handle.seek(start)
            data = handle.read(size - start)
            lines = data.split(b"\n")
            if start > 0:
                lines = lines[1:]
            lines = [line + b"\n" for line in lines if line.strip()]
            if start == 0 or enough(lines):
                return lines
            want *= 4


def last_full_week(end: datetime) -> date:
    """Monday of the week before the one holding the journal's last entry."""
    day = end.date()
    return day - timedelta(days=day.weekday() + 7)


def week_label(monday: date) -> str:
    year, week, _ = (monday + timedelta(days=3)).isocalendar()
    return f"{year}-W{week:02d}"


def week_lines(path: Path, monday: date, zone: ZoneInfo) -> list[bytes]:
    """Every line of the journal whose `at` falls in the week, in file order."""
    start = datetime.combine(monday, datetime.min.time(), zone)
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), zone)

    def recorded(line: bytes) -> datetime:
        return datetime.fromisoformat(json.loads(line)["recorded_at"])

    # An entry in the week was recorded at or after the week's start: stop before that.
    lines = tail(path, lambda found: recorded(found[0]) < start)
    kept = []
    for line in lines:
        at = datetime.fromisoformat(json.loads(line)["at"])
        if start <= at < end:
            kept.append(line)
    return kept


def hello_python(folder: Path) -> Path:
    """The Python of a venv holding only Typer HELLO_TYPER, made once and reused after.

    Made by this interpreter (`python -m venv`), so it runs the same interpreter as the
    project's venv; only the packages it finds differ. The project pins its own Typer,
    so the baseline cannot use the project's venv.
    """
    python = folder / "bin" / "python"
    marker = folder / "made.json"
    wanted = {"typer": HELLO_TYPER, "base": os.path.realpath(sys.executable)}
    if python.exists() and marker.exists() and json.loads(marker.read_text()) == wanted:
        return python
    import subprocess

    print(f"making a venv with typer=={HELLO_TYPER} for the start-up baseline …", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    for argv in (
        [sys.executable, "-m", "venv", str(folder)],
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         f"typer=={HELLO_TYPER}"],
    ):  # fmt: skip
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"run.py: `{' '.join(argv)}` failed:\n{done.stderr.strip()}")
    found = subprocess.run(
        [str(python), "-c", "import typer; print(typer.__version__)"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    if found != HELLO_TYPER:
        raise SystemExit(f"run.py: the baseline venv has typer {found!r}, not {HELLO_TYPER}")
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        raise SystemExit(f"run.py: {python} is not the interpreter {sys.executable} is")
    marker.write_text(json.dumps(wanted))
    return python


def write_home(folder: Path, lines: Sequence[bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "journal.jsonl"
    path.write_bytes(b"".join(lines))
    path.chmod(0o600)
    return path


# --- the targets -------------------------------------------------------------------------


@dataclass
class Setup:
    root: Path
    runs: int  # for the commands under a second
    slow_runs: int  # for the full history
    warmup: int
    checkout: list[str]
    env: dict[str, str]
    big: Path
    entries: int
    calendar: Path | None = None  # the calendar-shaped journal, when the week rows run
    calendar_entries: int = 0

    def home(self, name: str) -> dict[str, str]:
        """The environment of a child using home `name`, padded to one size for all.

        The environment sits at the top of a new process's stack, so its size moves
        everything on the stack; that alone can move a timing by a few percent
        (Mytkowicz et al., "Producing wrong data without doing anything obviously
        wrong", 2009). Every child gets an environment of the same size.
        """
        if len(name) > HOME_NAME_ROOM:
            raise ValueError(f"home name {name!r} is longer than {HOME_NAME_ROOM}")
        return {
            **self.env,
            "CHECKOUT_HOME": str(self.root / name),
            "BENCH_PAD": "x" * (HOME_NAME_ROOM - len(name)),
        }

    def side(self, home: str, *args: str, reset: Callable[[], None] | None = None) -> Side:
        return Side([*self.checkout, *args], self.home(home), reset)

    def python(self, *args: str, python: Path | None = None) -> Side:
        return Side([str(python or sys.executable), *args], self.home("empty"))


def startup(s: Setup) -> list[Row]:
    """Against a Typer 0.29 hello world, run by the same interpreter from its own venv."""
    hello = s.root / "hello.py"
    hello.write_text(HELLO)
    python = hello_python(s.root / f"typer-{HELLO_TYPER}")
    empty = write_home(s.root / "empty", [])
    rows = []
    version, base = s.side("empty", "--version"), s.python(str(hello), python=python)
    paired(version, base, s.runs, s.warmup)
    rows.append(ratio_row(f"start-up: --version vs typer {HELLO_TYPER} hello", version, base, 0.48))
    meeting = s.side("empty", *MEETING_ARGS, reset=truncate_to(empty, 0))
    base = s.python(str(hello), python=python)
    paired(meeting, base, s.runs, s.warmup)
    rows.append(
        ratio_row(f"start-up: meeting (empty) vs typer {HELLO_TYPER} hello", meeting, base, 0.55)
    )
    return rows


NEW_TITLE = "Board strategy day"  # in no journal make_journal.py writes
CALENDAR_TITLE = "Partner sync"  # the calendar's meeting that just ended; in no journal either


def meeting_args(title: str) -> tuple[str, ...]:
    """MEETING_ARGS for another title."""
    return (MEETING_ARGS[0], title, *MEETING_ARGS[2:])


def partner_calendar(folder: Path, now: datetime) -> Path:
    """A calendar of one weekly meeting, `CALENDAR_TITLE`, that ended half an hour before
    `now`: a check-out typing its title adopts its people, start and event link."""
    folder.mkdir(parents=True, exist_ok=True)
    end = now - timedelta(minutes=30)
    start = end - timedelta(hours=1)
    first = start - timedelta(weeks=52)

    def stamp(moment: datetime) -> str:
        return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")

    path = folder / "partner.ics"
    path.write_text(
        "\r\n".join(
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//checkout benchmarks//EN",
                "BEGIN:VEVENT",
                "UID:partner-sync@bench.example.org",
                f"DTSTAMP:{stamp(first)}",
                f"DTSTART:{stamp(first)}",
                f"DTEND:{stamp(first + (end - start))}",
                "RRULE:FREQ=WEEKLY",
                f"SUMMARY:{CALENDAR_TITLE}",
                "ORGANIZER;CN=Sam:mailto:sam@example.org",
                "ATTENDEE;CN=Ana:mailto:ana@example.org",
                "ATTENDEE;CN=Raj:mailto:raj@example.org",
                "END:VEVENT",
                "END:VCALENDAR",
                "",
            ]
        )
    )
    return path


def append(s: Setup, last: bytes) -> list[Row]:
    """The targets, and rows that tell what their ratio is made of.

    A check-out remembers the meeting from the journal's last check-outs, so the target
    holds for a title the big journal has (its latest check-out is near the end) and for
    one it has not (the whole span is read). The noise row runs the same thing on both
    sides. The size row sets the big journal against one of a single entry: whether an
    append grows with the journal when neither file is empty (an empty one skips the
    `pread` of the last byte). The calendar row shows what a calendar adds: a typed title
    that adopts the calendar meeting that just ended, against the same title without one.
    """
    empty = write_home(s.root / "empty", [])
    twin = write_home(s.root / "twin", [])
    one = write_home(s.root / "one", [last])
    calendar_home = s.root / "calendar-set"
    calendar_home.mkdir(parents=True, exist_ok=True)
    now = datetime.fromisoformat(s.env["CHECKOUT_NOW"])
    ics = partner_calendar(s.root / "partner-calendar", now)
    (calendar_home / "config.toml").write_text(f"calendars = [{json.dumps(str(ics))}]\n")
    (calendar_home / "config.toml").chmod(0o600)

    def meeting(home: str, journal: Path, *args: str) -> Side:
        return s.side(
            home, *(args or MEETING_ARGS), reset=truncate_to(journal, journal.stat().st_size)
        )

    new = meeting_args(NEW_TITLE)
    on_big = ("--journal", str(s.big))
    calendar_args = (*meeting_args(CALENDAR_TITLE), *on_big)
    rows = []
    for a, b, measure, limit, note in (
        (
            ("big", s.big),
            ("empty", empty),
            f"append: seen title, {s.entries:,} vs empty",
            1.05,
            "",
        ),
        (
            ("big", s.big, *new),
            ("empty", empty, *new),
            f"append: new title, {s.entries:,} vs empty",
            1.05,
            "",
        ),
        (("twin", twin), ("empty", empty), "noise: meeting, empty vs another empty", None, "noise"),
        (("big", s.big), ("one", one), f"size: meeting, {s.entries:,} vs 1 entry", None, "info"),
        (
            ("calendar-set", s.big, *calendar_args),
            ("big", s.big, *calendar_args),
            f"calendar: meeting adopting its event, {s.entries:,}, vs no calendar",
            None,
            "info",
        ),
    ):
        first, second = meeting(*a), meeting(*b)
        paired(first, second, s.runs, s.warmup)
        rows.append(ratio_row(measure, first, second, limit, note))
    return rows


WEEK_COMMANDS = {
    "report": ("report", "--week"),
    "export md": ("export", "--format", "md", "--week"),
}


WEEK_HOMES = {  # journal shape: (the big journal's home, its week-only journal's home)
    "meetings": ("big", "week"),
    "calendar": ("calendar", "calendar-week"),
}


def week(s: Setup, monday: date, only_week: int, shape: str, name: str) -> list[Row]:
    label = week_label(monday)
    args = (*WEEK_COMMANDS[name], label)
    home, week_home = WEEK_HOMES[shape]
    entries = s.entries if shape == "meetings" else s.calendar_entries
    big, small = s.side(home, *args), s.side(week_home, *args)
    paired(big, small, s.runs, s.warmup)
    what = "" if shape == "meetings" else f" ({shape})"
    measure = f"week {label}{what}: {name}, {entries:,} vs {only_week:,}"
    return [ratio_row(measure, big, small, 1.30)]


def whole(s: Setup) -> list[Row]:
    report = s.side("big", "report", "--all", "--json")
    loop = s.python("-c", BARE_LOOP, str(s.big))
    paired(report, loop, s.slow_runs, s.warmup)
    peak, how = peak_rss_mib(report.argv, report.env, s.root)
    loop_peak, _ = peak_rss_mib(loop.argv, loop.env, s.root)
    return [
        ratio_row(f"all: report --all --json vs json loop, {s.entries:,}", report, loop, 1.5),
        Row(
            f"all: report --all --json peak RSS ({how})",
            f"{peak:,.0f} MiB",
            f"{loop_peak:,.0f} MiB",
            "",
            "<= 150 MiB",
            peak <= 150,
        ),
    ]


def log(s: Setup, hundred: int) -> list[Row]:
    big, small = s.side("big", "log"), s.side("hundred", "log")
    paired(big, small, s.runs, s.warmup)
    return [ratio_row(f"log: {s.entries:,} vs {hundred} entries", big, small, 1.10)]


def recorded_after(lines: Sequence[bytes], monday: date, zone: ZoneInfo) -> int:
    """How many of the week's entries were written after the week ended (back-dated)."""
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), zone)
    return sum(datetime.fromisoformat(json.loads(line)["recorded_at"]) >= end for line in lines)


def week_check(
    s: Setup, monday: date, lines: Sequence[bytes], zone: ZoneInfo, shape: str
) -> list[Row]:
    """The window read finds every entry of the week, back-dated ones included."""
    late = recorded_after(lines, monday, zone)
    return [week_counts(s, monday, len(lines), late, shape)]


def week_counts(s: Setup, monday: date, expected: int, late: int, shape: str) -> Row:
    label = week_label(monday)
    counts = []
    for home in WEEK_HOMES[shape]:
        out = output_of([*s.checkout, "report", "--week", label, "--json"], s.home(home))
        counts.append(json.loads(out)["count"])
    ok = counts[0] == counts[1] == expected
    what = "big" if shape == "meetings" else shape
    return Row(
        f"check: week {label} count, {what} vs week-only ({late} back-dated)",
        f"{counts[0]:,}",
        f"{counts[1]:,}",
        "",
        f"== {expected:,}",
        ok,
    )


def verdict(row: Row) -> str:
    if row.error:
        return "ERROR (see below)"
    if row.note:
        return row.note
    return "pass" if row.passed else "FAIL"


def print_table(rows: Sequence[Row]) -> None:
    headers = (
        "measure",
        "checkout",
        "baseline",
        "ratio",
        "target",
        "result",
        "of medians",
        "cpu ratio",
        "spread",
    )
    cells = [
        (
            r.measure,
            r.value,
            r.reference,
            r.ratio,
            r.target,
            verdict(r),
            r.of_medians,
            r.cpu_ratio,
            r.spread,
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    aligns = ("<", ">", ">", ">", "<", "<", ">", ">", ">")

    def line(values: Sequence[str]) -> str:
        return "  ".join(f"{v:{a}{w}}" for v, a, w in zip(values, aligns, widths, strict=True))

    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in cells:
        print(line(row))


def busy_note(loads: Sequence[float]) -> str | None:
    """A warning when other work shared the CPUs: wall-time ratios then wander."""
    cpus = os.cpu_count() or 1
    # Our own child counts as one runnable task.
    if max(loads) - 1 <= cpus / 4:
        return None
    return (
        f"note: load average up to {max(loads):.1f} on {cpus} CPUs while measuring: other "
        "processes competed for the CPU, so wall-time ratios are noisy; the cpu ratio "
        "(the children's user + system time) is steadier. Rerun on a quiet machine."
    )


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def pin_to_one_cpu() -> str:
    """Run this script and every child on one CPU, the last one it may use.

    Left to the scheduler, a child may move between CPUs, and that alone tilted the
    append row on the development machine (2 vCPUs): the big journal against the
    empty one came to 1.02-1.07x in five runs of 101-201 pairs, and to 0.99-1.01x
    in five runs pinned. This script only waits while a child runs, so the two never
    compete.
    """
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned to a CPU"
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def checkout_command() -> list[str]:
    script = Path(sys.executable).parent / "checkout"
    if not script.exists():
        raise SystemExit(
            f"run.py: no console script at {script}; run this with the venv's Python "
            "(.venv/bin/python benchmarks/run.py)"
        )
    return [sys.executable, str(script)]


def child_env(now: datetime, zone: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKOUT_")}
    env.update(NO_COLOR="1", TZ=zone, CHECKOUT_NOW=now.isoformat())
    for name in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument(
        "--calendar-entries",
        type=int,
        help=f"entries of the calendar-shaped journal (default {CALENDAR_SHARE * 100:.0f}%% of "
        "--entries), over as many years as keep its entries per week those of the big one",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--runs",
        type=int,
        help=f"paired runs per target (default {QUICK_RUNS}, {SLOW_RUNS} for the full history)",
    )
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each side")
    parser.add_argument(
        "--keep",
        type=Path,
        help="work in DIR and keep it; the journals and the baseline venv are reused next time",
    )
    parser.add_argument("--only", nargs="+", choices=TARGET_NAMES, help="measure only these")
    args = parser.parse_args(argv)
    calendar_entries = args.calendar_entries or round(args.entries * CALENDAR_SHARE)
    if (args.runs is not None and args.runs < 1) or min(args.entries, calendar_entries) < 200:
        parser.error("give --runs 1 or more, and --entries and --calendar-entries 200 or more")

    root = args.keep or Path(tempfile.mkdtemp(prefix="checkout-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    chosen = args.only or TARGET_NAMES
    zone = ZoneInfo(make_journal.DEFAULT_ZONE)
    end = datetime.fromisoformat(make_journal.DEFAULT_END).astimezone(zone)
    setup = Setup(
        root=root,
        runs=args.runs or QUICK_RUNS,
        slow_runs=args.runs or SLOW_RUNS,
        warmup=args.warmup,
        checkout=checkout_command(),
        env=child_env(end + timedelta(minutes=30), make_journal.DEFAULT_ZONE),
        big=big_journal(root / "big", args.entries, args.years, args.seed, "meetings"),
        entries=args.entries,
    )
    monday = last_full_week(end)
    only_week = {"meetings": week_lines(setup.big, monday, zone)}
    if "week" in chosen:
        # As many entries a week as the big journal: the week rows do the same work on both.
        years = args.years * calendar_entries / args.entries
        setup.calendar = big_journal(
            root / "calendar", calendar_entries, years, args.seed, "calendar"
        )
        setup.calendar_entries = calendar_entries
        only_week["calendar"] = week_lines(setup.calendar, monday, zone)
    for shape, lines in only_week.items():
        write_home(root / WEEK_HOMES[shape][1], lines)
    hundred = tail(setup.big, lambda found: len(found) > 100)[-100:]
    write_home(root / "hundred", hundred)

    pinned = pin_to_one_cpu()
    print(
        f"python {sys.version.split()[0]} ({sys.executable}), {pinned}; {setup.runs} paired runs "
        f"({setup.slow_runs} for the full history), "
        f"{args.warmup} warm-up; journal {setup.big.stat().st_size / MIB:,.0f} MiB"
        + (
            f" (calendar {setup.calendar.stat().st_size / MIB:,.0f} MiB); "
            if setup.calendar is not None
            else "; "
        )
        + f"clock pinned at {setup.env['CHECKOUT_NOW']}",
        file=sys.stderr,
    )
    measures: dict[str, list[tuple[str, Callable[[], list[Row]]]]] = {
        "startup": [("startup", lambda: startup(setup))],
        "append": [("append", lambda: append(setup, hundred[-1]))],
        "week": [
            (f"week {name} ({shape})", partial(week, setup, monday, len(lines), shape, name))
            for shape, lines in only_week.items()
            for name in WEEK_COMMANDS
        ],
        "all": [("all", lambda: whole(setup))],
        "log": [("log", lambda: log(setup, len(hundred)))],
    }
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        (f"check ({shape})", partial(week_check, setup, monday, lines, zone, shape))
        for shape, lines in only_week.items()
    ]
    for name in chosen:
        steps += measures[name]
    rows: list[Row] = []
    errors: list[str] = []
    loads = [load_average()]
    try:
        for name, measure in steps:
            print(f"measuring {name} …", file=sys.stderr)
            loads.append(load_average())
            try:
                rows += measure()
            except ChildFailed as error:
                rows.append(Row(name, "", "", "", "", False, error=True))
                errors.append(f"{name}: {error}")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    loads.append(load_average())
    print_table(rows)
    note = busy_note(loads)
    if note:
        print(f"\n{note}")
    for message in errors:
        print(f"\nrun.py: {message}", file=sys.stderr)
    targets = [row for row in rows if not row.note]
    missed = [row.measure for row in targets if not row.passed]
    print(f"\n{len(targets) - len(missed)} of {len(targets)} pass", end="")
    print(f"; missed: {', '.join(missed)}" if missed else "")
    if errors:
        return 2
    if min(setup.runs, setup.slow_runs) < MIN_RUNS:
        print(f"fewer than {MIN_RUNS} paired runs: not a valid check of the targets")
        return 2
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
