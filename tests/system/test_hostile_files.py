"""Text from calendar files, a questions file and the config never acts on the terminal.

The user did not type these strings in this run, so every one goes through the one
sanitiser: event titles, attendees, UIDs and locations, file and folder names, question
texts, choices and labels, set names, config values. Each command that prints them runs
in a pseudo-terminal (stdout and stderr both reach it) with colours on; after Rich's own
colour codes are taken out, no ESC, C1 control, BEL, CR, BS or bidirectional override
may be left, and a newline in a one-line place does not start a line of its own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests import harness
from tests.system.test_hostile import LIVE_REDRAW, NOW, SGR, output_of, terminal

OSC52 = "\x1b]52;c;aGFja2Vk\x07"  # sets the clipboard in a terminal that allows it
CSI = "\x1b[2J\x1b[31m"  # clears the screen, turns red
C1 = "\x9b2J \x9d0;title\x07 \x85"  # the same as 8-bit controls, and NEL
BIDI = "\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d"
EVIL = f"{OSC52}{CSI}{C1}{BIDI} end"
TAIL = "TAILAFTERNEWLINE"  # follows a newline or CR in one-line places
FORBIDDEN = re.compile("[\x1b\x07\x08\x0d\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
FILE_NAME = f"{OSC52}{CSI}\x9b2J{BIDI}\n{TAIL}".replace("/", "_")


def assert_inert(shown: str, what: object) -> str:
    plain = LIVE_REDRAW.sub("", SGR.sub("", shown))
    found = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(plain)})
    where = [repr(plain[max(0, m.start() - 60) : m.end() + 20]) for m in FORBIDDEN.finditer(plain)]
    assert not found, (what, found, where[:5])
    assert "Traceback" not in plain, (what, plain)
    lines = [line.strip(" │┃|-*•") for line in plain.split("\n")]
    assert not [line for line in lines if line.startswith(TAIL)], (what, plain)
    return plain


def ical_text(text: str) -> str:
    """`text` as an iCalendar TEXT value: a newline is written `\\n`."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def hostile_calendar(path: Path, now: datetime, *, runaway: bool) -> Path:
    start, end = now - timedelta(hours=2), now - timedelta(hours=1)
    title = ical_text(f"Evil {EVIL}\n{TAIL}")
    events = [
        "BEGIN:VEVENT",
        f"UID:uid-{EVIL}",
        f"SUMMARY:{title}",
        f"LOCATION:{ical_text(EVIL)}",
        f"DESCRIPTION:{ical_text(EVIL)}",
        f"DTSTART:{stamp(start)}",
        f"DTEND:{stamp(end)}",
        f'ORGANIZER;CN="Boss {EVIL}":mailto:boss@example.org',
        f'ATTENDEE;CN="Ana {EVIL}":mailto:ana@example.org',
        f"ATTENDEE:mailto:{EVIL.replace(' ', '')}@example.org",
        "END:VEVENT",
    ]
    if runaway:
        for rule in ("FREQ=DAILY;INTERVAL=0", "FREQ=MINUTELY"):
            events += [
                "BEGIN:VEVENT",
                f"UID:runaway-{EVIL}-{rule}",
                f"SUMMARY:Runaway {title}",
                "DTSTART:20000103T090000Z",
                f"RRULE:{rule}",
                "END:VEVENT",
            ]
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", *events])
    path.write_text(text + "\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return path


def toml_string(text: str) -> str:
    """A TOML basic string holding `text` exactly (control characters as escapes)."""
    out = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
    return f'"{out}"'


def hostile_questions(path: Path) -> Path:
    evil, line = toml_string(EVIL), toml_string(f"{EVIL}\n{TAIL}")
    choices = ", ".join(toml_string(c) for c in (f"yes{EVIL}", f"no{CSI}", f"maybe{BIDI}"))
    path.write_text(
        f"[{toml_string('meeting' + EVIL)}]\n"
        f"title = {line}\nfarewell = {line}\n"
        f"[[{toml_string('meeting' + EVIL)}.questions]]\n"
        f'key = "goals"\ntext = {line}\nkind = "choice"\nchoices = [{choices}]\nnote = {evil}\n'
        f"[[{toml_string('meeting' + EVIL)}.questions]]\n"
        f'key = "worth"\ntext = {line}\nkind = "scale"\nmin_label = {line}\n'
        f"max_label = {evil}\noptional = true\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def hostile_home(checkout_home: Path, tmp_path: Path) -> dict[str, Path]:
    now = datetime.fromisoformat(NOW)
    known = tmp_path / f"known{FILE_NAME}"
    known.mkdir()
    hostile_calendar(known / f"work{FILE_NAME}.ics", now, runaway=True)
    (known / f"broken{FILE_NAME}.ics").write_text(f"BEGIN:VCALENDAR\r\n{EVIL}\r\nnot ical")
    added = tmp_path / f"added{FILE_NAME}"
    added.mkdir()
    hostile_calendar(added / f"more{FILE_NAME}.ics", now, runaway=False)
    checkout_home.mkdir(parents=True, exist_ok=True)
    (checkout_home / "config.toml").write_text(
        f"name = {toml_string(EVIL)}\n"
        'email = ["me@example.org"]\n'
        f"calendars = [{toml_string(str(known))}]\n",
        encoding="utf-8",
    )
    questions = hostile_questions(tmp_path / f"questions{FILE_NAME}.toml".replace("\n", " "))
    return {"known": known, "added": added, "questions": questions}


def views(files: dict[str, Path]) -> list[tuple[str, ...]]:
    questions = ("--questions", str(files["questions"]))
    return [
        ("calendar", "add", str(files["added"])),
        ("calendar", "list"),
        ("calendar", "list", "--json"),
        ("pending",),
        ("pending", "--since", "yesterday"),
        ("pending", "--json"),
        ("report",),
        ("report", "--json"),
        *(("export", "--format", fmt) for fmt in ("md", "csv", "html", "ics", "json")),
        ("questions", "show", *questions),
        ("questions", "show", "--json", *questions),
        ("config", "show"),
        ("config", "show", "--json"),
        ("meeting", "--event", "latest", "--no-input", "-A", "goals=zzz", *questions),
        ("meeting", "--event", "latest", "--no-input", "-A", "goals=y", *questions),
        ("meeting", "Typed", "--no-input", "-A", "goals=m", "-A", "worth=9", *questions),
        ("log",),
        ("actions", "--all"),
        ("paths",),
        (),
    ]


def test_every_view_of_file_text_is_inert(
    hostile_home: dict[str, Path], checkout_home: Path
) -> None:
    for args in views(hostile_home):
        child = terminal(*args, home=checkout_home)
        if args[:1] == ("pending",) and "--json" not in args:
            child.expect(rb"Check one out now\?")  # in a terminal, pending offers one
            child.sendline("")
        shown = output_of(child)
        if args[-1:] in (("csv",), ("ics",)):  # these formats end their lines in CRLF
            shown = shown.replace("\r\n", "\n")
        assert_inert(shown, args)


def test_the_calendar_warnings_and_hints_are_one_line_each(
    hostile_home: dict[str, Path], checkout_home: Path
) -> None:
    env = harness.child_env(CHECKOUT_HOME=str(checkout_home), CHECKOUT_NOW=NOW)
    result = harness.run("pending", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    known = ("checkout: warning: ", "To check out the first: ")
    assert [line for line in lines if not line.startswith(known)] == [], lines
    assert sum("Runaway" in line for line in lines) == 2, lines
    assert sum("broken" in line for line in lines) == 1, lines
    hint = lines[-1]
    assert hint.startswith("To check out the first: checkout meeting --event ") and "uid-" in hint
    assert not FORBIDDEN.search(result.stdout + result.stderr)


def test_prompts_quote_file_text_inertly(
    hostile_home: dict[str, Path], checkout_home: Path
) -> None:
    """Offered meetings, the questions, a choice typed wrong ("'zzz' is not one of …"), the
    follow-up note, and the scale's labels."""
    child = terminal("meeting", "--questions", str(hostile_home["questions"]), home=checkout_home)
    child.expect(rb"Which meeting\?")
    child.sendline(b"")
    child.expect(rb"> ")
    child.sendline(b"zzz")
    child.expect(rb"is not one of")
    child.expect(rb"> ")
    child.sendline(b"y")
    child.expect(rb"end ")  # the note's prompt ends in EVIL's last word
    child.sendline(b"")
    child.expect(rb"> ")
    child.sendline(b"42")
    child.expect(rb"> ")
    child.sendintr()
    shown = output_of(child)
    plain = assert_inert(shown, "meeting prompts")
    assert "Evil" in plain and "yes" in plain and "is not one of" in plain
    assert child.exitstatus == 130


def test_the_error_line_is_sanitised_whole(checkout_home: Path, tmp_path: Path) -> None:
    """A questions file whose set names and choices are hostile, quoted by the one error
    line the CLI prints: one line, nothing left that acts."""
    questions = hostile_questions(tmp_path / "q.toml")
    env = harness.child_env(CHECKOUT_HOME=str(checkout_home), CHECKOUT_NOW=NOW)
    result = harness.run(
        "meeting", "T", "--no-input", "-A", "goals=zzz", "--questions", str(questions), env=env
    )
    message = harness.assert_one_line_error(result)
    assert "is not one of" in message and not FORBIDDEN.search(result.stderr)
    child = terminal(
        "meeting", "T", "--questions", str(questions), "--set", "x", home=checkout_home
    )
    assert_inert(output_of(child), "unknown set")
    assert child.exitstatus != 0


def test_an_os_error_naming_a_hostile_file_is_one_inert_line() -> None:
    """The CLI's last resort for an OSError quotes its file name: sanitised with the rest."""
    import subprocess
    import sys

    code = (
        "import sys; from checkout_cli.cli.app import output_failed\n"
        "try:\n"
        f"    output_failed(OSError(28, 'No space left on device', {FILE_NAME!r}))\n"
        "except BaseException as e: sys.exit(getattr(e, 'exit_code', 3))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("checkout: No space left on device (")
    assert result.stderr.count("\n") == 1 and not FORBIDDEN.search(result.stderr), result.stderr
