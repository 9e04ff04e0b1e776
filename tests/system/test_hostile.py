"""Hostile text stays inert: in a real terminal with colours on, and in every export.

Markup, escape sequences (CSI, OSC 8 hyperlinks, C1 controls), carriage returns,
backspaces and bells go into every field a person or a hand-edited journal can
fill. The views run in a pseudo-terminal with output post-processing off (so a
carriage return in the output is one the program wrote), and after removing
Rich's own colour codes not one ESC, C1, BEL, CR or BS may be left.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import termios
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import Result

from checkout_cli.store import journal
from tests import harness

Cli = Callable[..., Result]
NOW = "2026-11-18T16:00:00+01:00"  # a Wednesday: "this week" holds every check-out below

MARKUP = "[red]x[/red] [link=http://e.x]y[/link] [bold]"
ESCAPES = "\x1b[2J\x1b]8;;http://e.x\x07link\x1b]8;;\x07 \x9b31mc1 \x9d0;title\x07 \x1b[31mred"
CONTROLS = "a\rb\bc\x07d\x1bc\x7f"
HOSTILE = f"{MARKUP} {ESCAPES} {CONTROLS} end"
# In a hand-written `at`, the part views show (its first 16 characters) is hostile too.
HOSTILE_AT = "\x1b]8;;http://e.x\x07\x1b[2J2026-11-18T15:00:00+01:00"

SGR = re.compile(r"\x1b\[[0-9;]*m")
# The progress bar's own redraws: hide and show the cursor, go back over the line
# and clear it. render.safe() strips every control byte from user text, so these
# can only be Rich's; any other escape, or a lone carriage return, still counts.
LIVE_REDRAW = re.compile(r"\x1b\[\?25[lh]|\r\x1b\[2K|\r?\x1b\[1A\x1b\[2K")
FORBIDDEN = re.compile(r"[\x1b\x07\x08\x0d\x7f\x80-\x9f]")


def hostile_entry(entry_id: str, at: str, text: str = HOSTILE) -> dict[str, Any]:
    """A check-out as a hand-edited or merged journal may hold it: `text` in every field."""
    due, worth = (HOSTILE, HOSTILE) if text == HOSTILE else ("2026-12-01", 3)
    return {
        "v": 1,
        "id": entry_id,
        "at": at,
        "recorded_at": "2026-11-18T15:30:00+01:00",
        "title": f"Hand {text}",
        "with": [text],
        "tags": [text],
        "set": text,
        "answers": [
            {"key": "goals", "question": text, "kind": "choice", "value": text} | {"note": text},
            {"key": f"k{ESCAPES}", "question": text, "kind": "text", "value": text},
            {
                "key": "next",
                "question": text,
                "kind": "actions",
                "value": [
                    {"id": f"{entry_id}-1", "text": text, "owner": text, "due": due}
                    | {"done_at": None},
                    {"id": f"{entry_id}-2", "text": text, "owner": None, "due": "2026-11-01"}
                    | {"done_at": None},
                ],
            },
            {"key": "worth", "question": text, "kind": "scale", "value": worth},
        ],
    }


@pytest.fixture
def hostile_journal(cli: Cli, journal_file: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """One hostile check-out through the CLI, four by hand (two with hostile ids), one
    damaged line; returns the first one's id."""
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    saved = cli(
        "meeting",
        "--no-input",
        "--json",
        f"--with={HOSTILE}",
        f"--tag={HOSTILE}",
        "--answer=goals=partly",
        f"--answer=goals.note={HOSTILE}",
        f"--answer=improve={HOSTILE}",
        f"--answer=next={HOSTILE} @{ESCAPES.replace(' ', '')} due:2026-12-01",
        "--answer=worth=4",
        "--",
        f"Sync {HOSTILE}",
    )
    assert saved.exit_code == 0, saved.output
    journal.Journal(journal_file, warn=print).append(hostile_entry("evil0001", HOSTILE_AT))
    journal.Journal(journal_file, warn=print).append(
        hostile_entry("evil0002", "2026-11-18T14:00:00+01:00")
    )
    journal.Journal(journal_file, warn=print).append(
        hostile_entry(f"evil0003{ESCAPES}", "2026-11-18T13:00:00+01:00", "plain")
    )
    journal.Journal(journal_file, warn=print).append(
        hostile_entry(f"evil0004{ESCAPES}", "2026-11-18T12:00:00+01:00")
    )
    with journal_file.open("ab") as handle:
        handle.write(f"{{broken {ESCAPES}\n".encode())
    entry_id: str = json.loads(saved.stdout)["id"]
    return entry_id


def no_output_processing() -> None:
    """In the child, before exec: the terminal passes output through untouched (no
    newline -> CRLF) and does not echo what the test types."""
    attrs = termios.tcgetattr(0)
    attrs[1] &= ~termios.OPOST
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(0, termios.TCSANOW, attrs)


def terminal(*args: str, home: Path, **env: str) -> pexpect.spawn:
    command = harness.command(*args)
    child_env = {
        **harness.child_env(CHECKOUT_HOME=str(home), CHECKOUT_NOW=NOW, TERM="xterm-256color"),
        "COLUMNS": "400",
        **env,
    }
    child_env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        command[0],
        command[1:],
        env=child_env,
        timeout=30,
        dimensions=(200, 400),
        preexec_fn=no_output_processing,
    )
    child.logfile_read = io.BytesIO()
    return child


def output_of(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert isinstance(child.logfile_read, io.BytesIO)
    return child.logfile_read.getvalue().decode("utf-8", "replace")


def assert_inert(shown: str, what: object) -> str:
    """No control byte from user text in `shown` once Rich's colours are taken out."""
    plain = LIVE_REDRAW.sub("", SGR.sub("", shown))
    found = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(plain)})
    where = [repr(plain[max(0, m.start() - 60) : m.end() + 20]) for m in FORBIDDEN.finditer(plain)]
    assert not found, (what, found, where[:5])
    assert "Traceback" not in plain, (what, plain)
    return plain


def read_views(entry_id: str, other: Path, journal_file: Path) -> Iterator[tuple[str, ...]]:
    merged = ("--journal", str(journal_file), "--journal", str(other))
    yield ("log", "--no-pager")
    yield ("log", "--no-pager", *merged)
    yield ("log", "--json")
    yield ("show", entry_id, "--no-pager")
    yield ("show", "evil0001", "--no-pager")
    yield ("show", "evil0002", "--json")
    yield ("show", "evil0003", "--no-pager")
    yield ("report",)
    yield ("report", *merged)
    yield ("report", "--json")
    yield ("actions", "--all")
    yield ("actions", "--all", *merged)
    yield ("actions", "--json")
    yield ("search", "x", "--no-pager")
    yield ("search", "x", "--no-pager", *merged)
    yield ("search", "end", "--json")
    yield ("check",)
    yield ("check", "--json")
    yield ("questions", "show")
    yield ("paths",)
    yield ()
    for fmt in ("md", "csv", "html", "ics", "json"):
        yield ("export", "--format", fmt)


def test_read_views_keep_hostile_text_inert(
    hostile_journal: str, checkout_home: Path, journal_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / f"colleague {ESCAPES}.jsonl".replace("/", "_")
    other.write_bytes(journal_file.read_bytes())
    for args in read_views(hostile_journal, other, journal_file):
        shown = output_of(terminal(*args, home=checkout_home))
        if args[-1:] in (("csv",), ("ics",)):  # these formats end their lines in CRLF
            shown = shown.replace("\r\n", "\n")
        plain = assert_inert(shown, args)
        if args[:1] in (("log",), ("show",), ("search",)) and not {"--json", "evil0003"} & {*args}:
            assert "[red]x[/red]" in plain, (args, plain)  # markup shown as typed


def test_commands_that_write_keep_hostile_text_inert(
    hostile_journal: str, checkout_home: Path, journal_file: Path
) -> None:
    done = terminal("done", "evil0002-1", "evil0001-2", home=checkout_home)
    assert_inert(output_of(done), "done")
    assert done.exitstatus == 0
    reopen = terminal("reopen", "evil0002-1", home=checkout_home)
    assert_inert(output_of(reopen), "reopen")

    delete = terminal("delete", "evil0002", home=checkout_home)
    delete.expect(rb"\[y/N\] ")
    delete.sendline(b"n")
    assert "Nothing deleted" in assert_inert(output_of(delete), "delete")

    rename = "sed -i -e 's/^title = .*/title = \"T\"/'"
    edit = terminal("edit", "evil0003", home=checkout_home, EDITOR=rename)
    assert "Saved" in assert_inert(output_of(edit), "edit")
    before = journal_file.read_bytes()
    refused = terminal("edit", "evil0002", home=checkout_home, EDITOR=rename)
    refused.expect(rb"Press Enter")  # the reason it was refused, quoting the text
    refused.sendintr()
    assert_inert(output_of(refused), "edit refused")
    assert refused.exitstatus == 130 and journal_file.read_bytes() == before
    gone = terminal("delete", "evil0004", "--yes", home=checkout_home)
    assert "Deleted" in assert_inert(output_of(gone), "delete --yes")
    assert [i[:8] for i in harness.journal_ids(journal_file)].count("evil0004") == 0

    meeting = terminal(
        "meeting",
        f"New {HOSTILE}",
        f"--with={HOSTILE}",
        "--no-input",
        "-A",
        f"goals=no {ESCAPES}",
        home=checkout_home,
    )
    refused = assert_inert(output_of(meeting), "meeting refused")
    # Besides the one error line, only the warnings of reading the journal's end (a
    # check-out remembers the meeting from it), as every read gives them.
    warnings = refused.count("checkout: warning:")
    assert meeting.exitstatus == 1 and refused.count("\n") == 1 + warnings

    saved = terminal(
        "meeting",
        f"New {HOSTILE}",
        f"--with={HOSTILE}",
        "--no-input",
        "-A",
        "goals=no",
        "-A",
        f"goals.note={HOSTILE}",
        "-A",
        f"improve={HOSTILE}",
        "-A",
        f"next={HOSTILE}",
        home=checkout_home,
    )
    assert "[red]x[/red]" in assert_inert(output_of(saved), "meeting")
    assert saved.exitstatus == 0

    # The next check-out of that meeting asks about its open steps, quoting them.
    carry = terminal("meeting", f"Sync {HOSTILE}", home=checkout_home)
    carry.expect(rb"done\? ")
    carry.sendintr()
    assert_inert(output_of(carry), "carry-over")
    assert carry.exitstatus == 130


# -- exports ----------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://e.x","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\x01=cmd"]
MARKDOWN = "# Head | cell <script>alert(1)</script> [l](http://e.x) ![i](http://e.x/i.png) *em*"
BLOCKS = "<div onclick=alert(1)>\n# Heading\n- item\n1. one\n| a | b |\n---\n> quote\n```"


@pytest.fixture
def injection_journal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("CHECKOUT_NOW", NOW)
    ids = []
    for n, formula in enumerate(FORMULAS):
        saved = cli(
            "meeting",
            "--no-input",
            "--json",
            f"--with={formula}",
            f"--tag={formula}",
            f"--answer=goals={'yes' if n % 2 else 'partly'}",
            f"--answer=goals.note={formula} {MARKDOWN}",
            f"--answer=improve={BLOCKS}\n{formula}",
            f"--answer=next={formula} {MARKDOWN} due:2026-12-01",
            "--answer=worth=3",
            "--",
            f"{formula} {MARKDOWN}",
        )
        assert saved.exit_code == 0, saved.output
        ids.append(json.loads(saved.stdout)["id"])
    return ids


def exported(cli: Cli, fmt: str, *extra: str) -> str:
    result = cli("export", "--format", fmt, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_cells_never_start_a_formula(cli: Cli, injection_journal: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(exported(cli, "csv").removeprefix("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert len(body) == len(FORMULAS)
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (cell, row)
            assert "\x01" not in cell
    assert any(cell.startswith("'=HYPERLINK(") for row in body for cell in row)


def test_markdown_structure_is_the_exporters_own(cli: Cli, injection_journal: list[str]) -> None:
    from markdown_it import MarkdownIt

    text = exported(cli, "md")
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "fence", "hr"}, kinds
    assert "blockquote_open" not in kinds and "code_inline" not in kinds
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0].startswith("Check-outs: ")
    assert not any("Head" in h or "Heading" in h for h in headings), headings
    meetings = tokens[tokens.index(next(t for t in tokens if t.type == "table_open")) :]
    first_cells = [
        "".join(c.content for c in meetings[i + 1].children or [])
        for i, t in enumerate(meetings)
        if t.type == "td_open" and meetings[i - 1].type == "tr_open"
    ]
    assert len(first_cells) == len(FORMULAS)
    for cell in first_cells:  # the whole title in its cell: `|` did not split it
        assert "Head | cell <script>alert(1)</script>" in cell and cell.endswith("*em*"), cell
    assert "<script>alert(1)</script>" in html.unescape(MarkdownIt("commonmark").render(text))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_runs_nothing_and_fetches_nothing(cli: Cli, injection_journal: list[str]) -> None:
    parser = Tags()
    parser.feed(exported(cli, "html"))
    names = {tag for tag, _ in parser.tags}
    active = {"script", "iframe", "object", "embed", "img", "a", "link", "form", "base", "input"}
    assert not names & active, names
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("href", "src"), (tag, name)
            assert "javascript" not in (value or ""), (tag, name)
    shown = "".join(parser.text)
    assert "<script>alert(1)</script>" in shown and "<div onclick=alert(1)>" in shown


def test_ics_text_cannot_add_properties(cli: Cli, injection_journal: list[str]) -> None:
    from icalendar import Calendar

    text = exported(cli, "ics", "--events", "--owner", "all")  # every component there is
    calendar = Calendar.from_ical(text)
    for component in calendar.walk():
        if component.name == "VALARM":
            assert set(component.keys()) <= {"ACTION", "DESCRIPTION", "TRIGGER"}
        if component.name in ("VEVENT", "VTODO"):
            allowed = {"UID", "DTSTAMP", "DTSTART", "DURATION", "SUMMARY", "DESCRIPTION"}
            allowed |= {"CATEGORIES", "DUE", "STATUS", "RELATED-TO"}
            assert set(component.keys()) <= allowed, set(component.keys())
    summaries = [str(c["SUMMARY"]) for c in calendar.walk() if "SUMMARY" in c]
    assert any("=HYPERLINK(" in s for s in summaries)


def test_json_export_keeps_the_text_exactly(
    cli: Cli, injection_journal: list[str], hostile_journal: str
) -> None:
    text = exported(cli, "json")
    assert not FORBIDDEN.search(text.replace("\n", "").replace("\r", ""))
    document = json.loads(text)
    by_id = {e["id"]: e for e in document["entries"]}
    assert by_id[hostile_journal]["title"] == f"Sync {HOSTILE}"
    assert by_id[injection_journal[0]]["title"] == f"{FORMULAS[0]} {MARKDOWN}"
