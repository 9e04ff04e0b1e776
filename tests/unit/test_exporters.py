"""The exporters: every format parsed back with a real parser, hostile text included."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event
from markdown_it import MarkdownIt
from markdown_it.token import Token

from checkout_cli.model.errors import UsageProblem
from checkout_cli.report.exporters import (
    FORMATS,
    ExportData,
    ExportOptions,
    export,
    guess_format,
    schema,
)
from checkout_cli.report.exporters._common import one_line
from checkout_cli.report.exporters.csv_export import neutralise
from checkout_cli.report.exporters.ics import fold

# --- sample data -------------------------------------------------------------------------

HOSTILE_TITLE = "Sync | *plan* # [x](http://e) <script>alert(1)</script> [red]r[/red]"
SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMPROVE = (
    "# Heading\n- item\n*x* _y_ `code` [a](b) <b>bold</b> \\ | pipe ~~s~~\n"
    "1. one &copy; \x1b[31mred\x1b[0m [bold]rich[/bold] " + SCRIPT
)
LONG_TITLE = "Ünïcödé planning " + "äöü€" * 30 + " 😀 end"


def _answers(goals: str | None, improve: str | None, worth: Any, steps: list[Any]) -> list[Any]:
    return [
        {"key": "goals", "question": "Did you achieve it?", "kind": "choice", "value": goals},
        {"key": "improve", "question": "Better how?", "kind": "text", "value": improve},
        {"key": "next", "question": "What now?", "kind": "actions", "value": steps},
        {"key": "worth", "question": "How worthwhile?", "kind": "scale", "value": worth},
    ]


def sample_entries() -> list[dict[str, Any]]:
    first: dict[str, Any] = {
        "v": 1,
        "id": "k3m9qzab",
        "at": "2026-11-20T15:00:00+01:00",
        "recorded_at": "2026-11-20T15:04:31+01:00",
        "title": HOSTILE_TITLE,
        "with": ["Ana", "=Raj"],
        "tags": ["team", "a,b;c"],
        "set": "meeting",
        "source": "work.jsonl",
        "answers": _answers(
            "partly",
            HOSTILE_IMPROVE,
            4,
            [
                {
                    "id": "k3m9qzab-1",
                    "text": "Send the notes, then; rest",
                    "owner": "Ana",
                    "due": "2026-11-25",
                    "done_at": None,
                },
                {
                    "id": "k3m9qzab-2",
                    "text": "=cmd|' /C calc'!A0",
                    "owner": None,
                    "due": None,
                    "done_at": "2026-11-21T09:00:00+01:00",
                },
            ],
        ),
    }
    first["answers"][0]["note"] = "budget, still; open\nsecond line"
    second = {
        "v": 1,
        "id": "p7rt2xyw",
        "at": "2026-11-21T09:30:00-05:00",
        "recorded_at": "2026-11-21T09:45:00-05:00",
        "title": LONG_TITLE,
        "answers": _answers("yes", "-1", 5, []),
    }
    odd = {
        "id": "odd00001",
        "at": "2026-11-22T08:00:00+00:00",
        "title": "Odd",
        "answers": [
            {"key": "energy", "question": "Energy?", "kind": "choice", "value": "+high"},
            {"key": "improve", "question": "Better how?", "kind": "text", "value": "@SUM(A1)"},
            {"key": "worth", "question": "How worthwhile?", "kind": "scale", "value": None},
            "not an answer",
        ],
    }
    return [first, second, odd]


def sample_summary() -> dict[str, Any]:
    period = {
        "start": "2026-11-16T00:00:00+01:00",
        "end": "2026-11-23T00:00:00+01:00",
        "label": "2026-W47",
    }
    actions = [
        {
            "id": "k3m9qzab-1",
            "text": "Send the notes, then; rest",
            "owner": "Ana",
            "due": "2026-11-25",
            "done_at": None,
            "entry_id": "k3m9qzab",
            "title": HOSTILE_TITLE,
            "at": "2026-11-20T15:00:00+01:00",
            "set": "meeting",
            "overdue": True,
        },
        {
            "id": "k3m9qzab-2",
            "text": "*done* thing",
            "owner": None,
            "due": None,
            "done_at": "2026-11-21T09:00:00+01:00",
            "entry_id": "k3m9qzab",
            "title": HOSTILE_TITLE,
            "at": "2026-11-20T15:00:00+01:00",
            "set": "meeting",
            "overdue": False,
        },
    ]
    return {
        "period": period,
        "count": 3,
        "goals": {"n": 2, "achieved": 1, "partly": 1, "missed": 0, "rate": 0.75},
        "worth": {"n": 2, "mean": 4.5, "previous_mean": 3.75, "change": 0.75},
        "sets": {
            "meeting": {
                "title": "Meeting check-out",
                "language": "en",
                "private": False,
                "check_outs": 3,
                "goal_rate": 0.75,
                "mean_worth": 4.5,
                "questions": [
                    {
                        "key": "goals",
                        "label": "Goals met",
                        "kind": "choice",
                        "text": "Did you achieve it?",
                        "n": 2,
                        "counts": {"yes": 1, "partly": 1, "no": 0},
                        "shares": {"yes": 0.5, "partly": 0.5, "no": 0.0},
                        "meanings": {"yes": "achieved", "partly": "partly", "no": "missed"},
                    },
                    {
                        "key": "improve",
                        "label": "Could be better",
                        "kind": "text",
                        "text": "Better how?",
                        "n": 3,
                        "skipped": 1,
                        "answers": [
                            {
                                "id": "k3m9qzab",
                                "at": "2026-11-20T15:00:00+01:00",
                                "title": HOSTILE_TITLE,
                                "text": HOSTILE_IMPROVE,
                            },
                            {
                                "id": "p7rt2xyw",
                                "at": "2026-11-21T09:30:00-05:00",
                                "title": LONG_TITLE,
                                "text": "-1",
                            },
                            {
                                "id": "odd00001",
                                "at": "2026-11-22T08:00:00+00:00",
                                "title": "Odd",
                                "text": "@SUM",
                            },
                        ],
                    },
                    {
                        "key": "next",
                        "label": "Next steps",
                        "kind": "actions",
                        "text": "What now?",
                        "n": 2,
                        "items": 2,
                    },
                    {
                        "key": "worth",
                        "label": "Worth it",
                        "kind": "scale",
                        "text": "How worthwhile?",
                        "n": 2,
                        "mean": 4.5,
                        "previous_mean": 3.75,
                        "change": 0.75,
                    },
                    {
                        "key": "energy",
                        "label": "Energy?",
                        "kind": "choice",
                        "text": "Energy?",
                        "n": 1,
                        "counts": {"+high": 1},
                        "shares": {"+high": 1.0},
                        "meanings": {},
                    },
                ],
            },
        },
        "meetings": [
            {
                "title": HOSTILE_TITLE + "\nsecond line",
                "count": 1,
                "goal_rate": 0.5,
                "mean_worth": 4.0,
                "previous_mean_worth": 3.0,
                "trend": "up",
            },
            {
                "title": LONG_TITLE,
                "count": 1,
                "goal_rate": 1.0,
                "mean_worth": 5.0,
                "previous_mean_worth": None,
                "trend": "new",
            },
            {
                "title": "Odd",
                "count": 1,
                "goal_rate": None,
                "mean_worth": None,
                "previous_mean_worth": None,
                "trend": "new",
            },
        ],
        "themes": [{"phrase": "start on time", "count": 3}, {"phrase": "*agenda*", "count": 2}],
        "improvements": [
            {
                "id": "k3m9qzab",
                "at": "2026-11-20T15:00:00+01:00",
                "title": HOSTILE_TITLE,
                "text": HOSTILE_IMPROVE,
                "set": "meeting",
            },
            {
                "id": "p7rt2xyw",
                "at": "2026-11-21T09:30:00-05:00",
                "title": LONG_TITLE,
                "text": "-1",
                "set": "meeting",
            },
            {
                "id": "odd00001",
                "at": "2026-11-22T08:00:00+00:00",
                "title": "Odd",
                "text": "@SUM",
                "set": "meeting",
            },
        ],
        "actions": actions,
        "actions_total": 2,
        "owners": [
            {"owner": "Ana", "open": 1, "overdue": 1, "actions": [0]},
            {"owner": None, "open": 0, "overdue": 0, "actions": [1]},
        ],
        "fixes": [
            {
                "theme": "start on time",
                "title": LONG_TITLE,
                "raised": 2,
                "first_raised_at": "2026-11-20T15:00:00+01:00",
                "step": actions[1],
                "done": True,
                "came_back": False,
                "came_back_at": None,
            }
        ],
        "weeks": [
            {"start": f"2026-{m:02d}-{d:02d}", "count": c, "goal_rate": None, "mean_worth": w}
            for (m, d, c, w) in [
                (10, 5, 0, None),
                (10, 12, 1, 3.0),
                (10, 19, 2, 3.5),
                (10, 26, 0, None),
                (11, 2, 4, 4.25),
                (11, 9, 1, 2.0),
                (11, 16, 3, 4.5),
                (11, 23, 0, None),
            ]
        ],
        "calendar": {
            "total": 12,
            "checked_out": 9,
            "missed": [
                {
                    "title": "Board | <b>review</b>",
                    "start": "2026-11-18T10:00:00+01:00",
                    "end": "2026-11-18T11:00:00+01:00",
                    "attendees": ["Lee", "*Kim*"],
                    "uid": "abc@example.com",
                }
            ],
        },
    }


def sample_open_actions() -> list[dict[str, Any]]:
    summary_actions = sample_summary()["actions"]
    long_step = dict(summary_actions[0])
    long_step.update(id="p7rt2xyw-1", text=LONG_TITLE, title="Retro", due="2026-12-01")
    no_due = dict(summary_actions[0], id="nodue-1", due=None)
    return [summary_actions[0], long_step, no_due, summary_actions[1]]


def sample() -> ExportData:
    return ExportData(sample_summary(), sample_entries(), sample_open_actions())


def empty() -> ExportData:
    summary = sample_summary()
    summary.update(
        count=0,
        goals={"n": 0, "achieved": 0, "partly": 0, "missed": 0, "rate": None},
        worth={"n": 0, "mean": None, "previous_mean": None, "change": None},
        sets={},
        owners=[],
        fixes=[],
        meetings=[],
        themes=[],
        improvements=[],
        actions=[],
        actions_total=0,
    )
    del summary["calendar"]
    return ExportData(summary, [], [])


# --- registry ----------------------------------------------------------------------------


def test_formats_and_guessing() -> None:
    assert FORMATS == ("md", "json", "csv", "html", "ics", "text")
    assert guess_format("week.md") == "md"
    assert guess_format("/tmp/Week.MARKDOWN") == "md"
    assert guess_format("out.json") == "json"
    assert guess_format("out.csv") == "csv"
    assert guess_format("a.b/out.htm") == "html"
    assert guess_format("out.html") == "html"
    assert guess_format("todo.ics") == "ics"
    assert guess_format("notes.txt") == "text"
    assert guess_format("notes.rtf") is None
    assert guess_format("md") is None


def test_unknown_format_is_a_usage_problem_naming_the_known_ones() -> None:
    with pytest.raises(UsageProblem) as caught:
        export("pdf", sample())
    assert "'pdf'" in str(caught.value)
    for name in FORMATS:
        assert name in str(caught.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_text_and_copes_with_an_empty_period(fmt: str) -> None:
    assert export(fmt.upper(), sample()).strip()
    assert export(fmt, empty()).strip()


def test_exporters_do_not_change_their_input() -> None:
    data = sample()
    before = copy.deepcopy(data)
    for fmt in FORMATS:
        export(fmt, data)
    assert data == before


def test_importing_the_registry_is_cheap() -> None:
    code = (
        "import sys, checkout_cli.report.exporters\n"
        "heavy = ['csv', 'html', 'json', 'checkout_cli.report.exporters.markdown',\n"
        "         'checkout_cli.report.exporters.ics',\n"
        "         'checkout_cli.report.exporters.html_export']\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- markdown ----------------------------------------------------------------------------


def md_tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def plain(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))


def inline_after(tokens: list[Token], opener: str) -> list[Token]:
    """The inline token of each block opened by `opener` (heading_open, td_open, …)."""
    found = []
    for i, token in enumerate(tokens):
        if token.type == opener:
            nxt = next(t for t in tokens[i + 1 :] if t.type == "inline")
            found.append(nxt)
    return found


def list_items(tokens: list[Token]) -> list[str]:
    """The plain text of every top-level list item paragraph."""
    items = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            items.append(plain(tokens[i + 2]))
    return items


def test_markdown_structure_survives_hostile_text() -> None:
    text = export("md", sample())
    tokens = md_tokens(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    for unwanted in (
        "em_open",
        "link_open",
        "html_inline",
        "html_block",
        "code_inline",
        "code_block",
        "fence",
        "blockquote_open",
        "ordered_list_open",
        "hr",
        "image",
    ):
        assert unwanted not in kinds, unwanted
    headings = [plain(t) for t in inline_after(tokens, "heading_open")]
    assert headings == [
        "Check-outs: 2026-W47",
        "Meetings",
        "Meeting check-out: 3 check-outs",
        "Recurring themes",
        "Did the fix work?",
        "Next steps",
        "@Ana (1 open, 1 overdue)",
        "No owner (0 open)",
        "Calendar",
    ]
    # answers are a list under their question, and nothing deeper: "- item" in an
    # answer stays text
    depth = max_depth = 0
    for token in tokens:
        depth += token.nesting if token.type == "bullet_list_open" else 0
        max_depth = max(max_depth, depth)
        depth -= 1 if token.type == "bullet_list_close" else 0
    assert max_depth == 2
    assert "\x1b" not in text


def test_markdown_headline_numbers() -> None:
    items = list_items(md_tokens(export("md", sample())))
    assert "Check-outs: 3" in items
    assert "Goals met: 75% — achieved 1 (50%) · partly 1 (50%) · missed 0 (0%)" in items
    assert "Mean worth: 4.5 (+0.75 from 3.75)" in items
    # within the set, labelled as the set asks
    assert "Goals met: yes 1 (50%) · partly 1 (50%) · no 0 (0%)" in items
    assert "Worth it: 4.5 (+0.75 from 3.75), 2 answers" in items
    assert "Could be better: 3 answers · 1 nothing to improve" in items
    assert "Energy?: +high 1 (100%)" in items
    assert "Mon 16 Nov – Sun 22 Nov 2026" in export("md", sample())


def test_markdown_meetings_table_keeps_every_cell_in_place() -> None:
    tokens = md_tokens(export("md", sample()))
    assert sum(t.type == "table_open" for t in tokens) == 1
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + 3
    header = [plain(t) for t in inline_after(tokens, "th_open")]
    assert header == ["Meeting", "Check-outs", "Goals met", "Mean worth", "Trend"]
    cells = [plain(t) for t in inline_after(tokens, "td_open")]
    assert len(cells) == 3 * 5
    assert cells[:5] == [
        one_line(HOSTILE_TITLE + "\nsecond line"),
        "1",
        "50%",
        "4.0",
        "↑ up (was 3.0)",
    ]
    assert cells[5:10] == [one_line(LONG_TITLE), "1", "100%", "5.0", "new"]
    assert cells[10:] == ["Odd", "1", "–", "–", "new"]


def test_markdown_improvements_themes_and_steps() -> None:
    items = list_items(md_tokens(export("md", sample())))
    assert f"{one_line(HOSTILE_TITLE)} (Fri 20 Nov): {one_line(HOSTILE_IMPROVE)}" in items
    assert f"{one_line(LONG_TITLE)} (Sat 21 Nov): -1" in items
    assert "start on time (3×)" in items
    assert "*agenda* (2×)" in items
    assert (
        f"[ ] Send the notes, then; rest — due Wed 25 Nov, overdue · {one_line(HOSTILE_TITLE)}"
        in items
    )
    assert f"start on time · {one_line(LONG_TITLE)} (raised 2×): step agreed: *done* thing" in (
        " ".join(items)
    )
    assert f"[x] *done* thing · {one_line(HOSTILE_TITLE)}" in items
    assert "Board | <b>review</b> — Wed 18 Nov 10:00 (with Lee, *Kim*)" in items
    text = export("md", sample())
    assert "Checked out 9 of 12 meetings." in text
    assert "- [ ] Send the notes" in text
    assert "- [x] " in text


def test_markdown_counts_steps_left_out() -> None:
    summary = sample_summary()
    summary["actions_total"] = 7
    text = export("md", ExportData(summary, [], []))
    assert "…and 5 more." in text


def test_markdown_empty_period_says_so() -> None:
    text = export("md", empty())
    tokens = md_tokens(text)
    assert "No check-outs in this period." in text
    assert not any(t.type == "table_open" for t in tokens)
    assert [plain(t) for t in inline_after(tokens, "heading_open")] == ["Check-outs: 2026-W47"]


_MD_PUNCT = [
    *"#*_`[]<>|\\-+.1)=~&;!:() \n\t\"'",
    "&amp;",
    "&#42;",
    "```",
    "    ",
    "1. ",
    "- ",
    "+ ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MD_PUNCT) | st.text(max_size=3), max_size=12).map("".join))
def test_markdown_any_text_stays_literal(raw: str) -> None:
    assert_literal_everywhere(raw)


@pytest.mark.parametrize(
    "raw",
    ["", "\n- ", "- ", "+ ", "* ", "1. ", "2) ", "# ", "> ", "---", "***", "```", "~~~", "    x"],
)
def test_markdown_block_starts_stay_text(raw: str) -> None:
    assert_literal_everywhere(raw)


def assert_literal_everywhere(raw: str) -> None:
    summary = sample_summary()
    summary["meetings"] = [dict(summary["meetings"][0], title=raw)]
    questions = summary["sets"]["meeting"]["questions"]
    questions[1]["answers"] = [dict(questions[1]["answers"][0], title="T", text=raw + "x")]
    questions[1]["n"] = 1
    summary["themes"] = [{"phrase": raw + "y", "count": 2}]
    questions[4]["label"] = raw
    summary["calendar"]["missed"][0].update(title=raw + "w", attendees=[])
    step = dict(summary["actions"][0], text=raw + "v", owner=None, title="", overdue=False)
    summary["actions"] = [step]
    summary["owners"] = [{"owner": None, "open": 1, "overdue": 0, "actions": [0]}]
    summary["fixes"] = []
    tokens = md_tokens(export("md", ExportData(summary, [], [])))
    cells = [plain(t) for t in inline_after(tokens, "td_open")]
    assert len(cells) == 5
    assert cells[0] == (one_line(raw) or "(untitled)")
    items = list_items(tokens)
    assert f"T (Fri 20 Nov): {one_line(raw + 'x')}" in items
    assert f"{one_line(raw + 'y')} (2×)" in items
    assert f"{one_line(raw) or 'energy'}: +high 1 (100%)" in items
    assert f"{one_line(raw + 'w')} — Wed 18 Nov 10:00" in items
    assert f"[ ] {one_line(raw + 'v')} — due Wed 25 Nov" in items
    assert len(items) == 3 + 6 + 1 + 1 + 1
    assert len([t for t in tokens if t.type == "heading_open"]) == 7


# --- json --------------------------------------------------------------------------------


def test_json_document_round_trips_and_validates() -> None:
    data = sample()
    text = export("json", data)
    document = json.loads(text)
    assert set(document) == {"period", "summary", "entries"}
    assert document["period"] == data.summary["period"]
    assert document["summary"] == data.summary
    assert document["entries"] == data.entries
    assert document["entries"][0]["source"] == "work.jsonl"
    assert "Ünïcödé" in text  # ensure_ascii=False
    assert "\x1b" not in text
    jsonschema.Draft202012Validator(schema()).validate(
        {**document, "entries": document["entries"][:2]}
    )


def test_json_escapes_terminal_controls_but_keeps_them_as_data() -> None:
    summary = sample_summary()
    summary["period"]["label"] = "W\x9b31m\u2028x"
    text = export("json", ExportData(summary, [], []))
    assert "\x9b" not in text and "\u2028" not in text
    assert json.loads(text)["period"]["label"] == "W\x9b31m\u2028x"


def test_report_types_are_the_schemas_objects() -> None:
    """Each TypedDict of `report/data.py` has exactly the keys its schema object names."""
    from checkout_cli.report import data

    defs = schema()["$defs"]
    question = defs["questionSummary"]
    by_kind = {
        rule["if"]["properties"]["kind"]["const"]: rule["then"]["required"]
        for rule in question["allOf"]
    }
    pairs: list[tuple[Any, list[str], list[str]]] = [
        (data.Summary, list(defs["summary"]["properties"]), defs["summary"]["required"]),
        (data.ChoiceSummary, [*question["required"], *by_kind["choice"]], []),
        (data.ScaleSummary, [*question["required"], *by_kind["scale"]], []),
        (data.ActionsSummary, [*question["required"], *by_kind["actions"]], []),
        (data.TextSummary, [*question["required"], *by_kind["text"]], []),
        (data.CalendarCoverage, list(defs["calendar"]["properties"]), []),
        (data.MissedMeeting, defs["calendar"]["properties"]["missed"]["items"]["required"], []),
    ]
    for name, typed in [
        ("goals", data.Goals),
        ("worth", data.Worth),
        ("set", data.SetSummary),
        ("textAnswer", data.TextAnswer),
        ("ownerSteps", data.OwnerSteps),
        ("fix", data.Fix),
        ("period", data.PeriodData),
        ("meeting", data.MeetingRow),
        ("theme", data.Theme),
        ("improvement", data.Improvement),
        ("reportAction", data.ReportAction),
        ("week", data.Week),
    ]:
        pairs.append((typed, list(defs[name]["properties"]), defs[name]["required"]))
    for typed, keys, required in pairs:
        assert set(typed.__annotations__) == set(keys), typed.__name__
        assert set(required) <= set(keys), typed.__name__


def test_schema_is_valid_and_rejects_broken_documents() -> None:
    loaded = schema()
    jsonschema.Draft202012Validator.check_schema(loaded)
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(loaded)
    good = json.loads(export("json", ExportData(sample_summary(), sample_entries()[:2], [])))
    assert not list(validator.iter_errors(good))
    assert not list(validator.iter_errors(json.loads(export("json", empty()))))

    def broken(change: Any) -> dict[str, Any]:
        document: dict[str, Any] = copy.deepcopy(good)
        change(document)
        return document

    bad = [
        broken(lambda d: d["summary"].pop("count")),
        broken(lambda d: d["summary"]["meetings"][0].update(trend="sideways")),
        broken(lambda d: d["summary"]["sets"]["meeting"]["questions"][3].update(mean="high")),
        broken(lambda d: d["summary"]["worth"].update(mean="high")),
        broken(lambda d: d["summary"]["owners"][0].pop("overdue")),
        broken(lambda d: d["summary"]["fixes"][0].update(came_back="maybe")),
        broken(lambda d: d["summary"]["weeks"][0].update(start="last week")),
        broken(lambda d: d["entries"][0].pop("id")),
        broken(lambda d: d["entries"][0]["answers"][3].update(value="four")),
        broken(lambda d: d["entries"][0]["answers"][2]["value"][0].update(due="soon")),
        broken(lambda d: d["entries"][1].update(at=5)),
        broken(lambda d: d.update(extra=1)),
        broken(lambda d: d["summary"]["calendar"].pop("missed")),
    ]
    for document in bad:
        assert list(validator.iter_errors(document)), document


# --- csv ---------------------------------------------------------------------------------


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_columns_and_values() -> None:
    rows = csv_rows(export("csv", sample()))
    header, first, second, odd = rows
    assert header == [
        "id",
        "at",
        "date",
        "time",
        "minutes",
        "title",
        "with",
        "tags",
        "set",
        "source",
        "goals",
        "goals note",
        "improve",
        "next",
        "worth",
        "energy",
        "energy note",
    ]
    assert len(rows) == 4
    assert all(len(r) == len(header) for r in rows)
    got = dict(zip(header, first, strict=True))
    assert got["id"] == "k3m9qzab"
    assert got["at"] == "2026-11-20T15:00:00+01:00"
    assert (got["date"], got["time"]) == ("2026-11-20", "15:00")
    assert got["with"] == "Ana; =Raj"  # only a cell's start matters
    assert got["tags"] == "team; a,b;c"
    assert got["source"] == "work.jsonl"
    assert got["goals"] == "partly"
    assert got["goals note"] == "budget, still; open\nsecond line"
    assert got["worth"] == "4"
    assert got["next"] == (
        "Send the notes, then; rest @Ana due:2026-11-25; =cmd|' /C calc'!A0 done:2026-11-21"
    )
    assert got["improve"].startswith("# Heading\n- item")
    assert "\x1b" not in got["improve"] and "[bold]rich[/bold]" in got["improve"]
    assert got["energy"] == ""
    assert dict(zip(header, second, strict=True))["source"] == ""
    odd_row = dict(zip(header, odd, strict=True))
    assert odd_row["title"] == "Odd"
    assert odd_row["worth"] == ""
    assert odd_row["goals"] == ""


def test_csv_neutralises_formulas_in_text_cells_only() -> None:
    rows = csv_rows(export("csv", sample()))
    header = rows[0]
    second = dict(zip(header, rows[2], strict=True))
    odd = dict(zip(header, rows[3], strict=True))
    assert second["improve"] == "'-1"
    assert odd["improve"] == "'@SUM(A1)"
    assert odd["energy"] == "'+high"
    entry = {
        "id": "=1+1",
        "at": "2026-11-20T15:00:00+01:00",
        "title": "\tTAB",
        "answers": [
            {"key": "improve", "kind": "text", "value": "\r=x"},
            {"key": "worth", "kind": "scale", "value": -1},
            {"key": "mood", "kind": "text", "value": "\x00=HIDDEN()"},
        ],
    }
    header, row = csv_rows(export("csv", ExportData(sample_summary(), [entry], [])))
    got = dict(zip(header, row, strict=True))
    assert got["id"] == "'=1+1"
    assert got["title"] == "'\tTAB"
    assert got["improve"] == "'=x"
    assert got["worth"] == "-1"  # a number stays a number
    assert got["mood"] == "'=HIDDEN()"
    for cell in (c for r in csv_rows(export("csv", sample()))[1:] for c in r):
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell


def test_an_integer_no_float_holds_exports_as_its_digits() -> None:
    big = 10**400
    entry = {
        "id": "big00001",
        "at": "2026-11-20T15:00:00+01:00",
        "title": "Big",
        "answers": [{"key": "worth", "question": "Worth?", "kind": "scale", "value": big}],
    }
    data = ExportData(sample_summary(), [entry], [])
    for fmt in FORMATS:
        assert export(fmt, data)
    header, row = csv_rows(export("csv", data))
    assert dict(zip(header, row, strict=True))["worth"] == str(big)


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@a", "\tx", "\rx"])
def test_neutralise_each_formula_start(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert neutralise("a" + cell) == "a" + cell


def test_csv_empty_period_has_the_header_only() -> None:
    assert csv_rows(export("csv", empty())) == [
        ["id", "at", "date", "time", "minutes", "title", "with", "tags", "set", "source"]
    ]


def test_csv_answer_key_named_like_a_column_gets_its_own_header() -> None:
    answers = [{"key": "title", "kind": "text", "value": "answer"}]
    entry = {"id": "a", "at": "2026-11-20T15:00:00+01:00", "title": "T", "answers": answers}
    header, row = csv_rows(export("csv", ExportData(sample_summary(), [entry], [])))
    assert header[-1] == "title (answer)"
    assert row[5] == "T" and row[-1] == "answer"


# --- html --------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "style":
            self.style += data
        else:
            self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def page(data: ExportData) -> Page:
    parser = Page()
    parser.feed(export("html", data))
    parser.close()
    return parser


def test_html_has_no_scripts_and_fetches_nothing() -> None:
    parsed = page(sample())
    assert not parsed.named("script")
    assert not parsed.named("link")
    assert not parsed.named("img")
    assert not parsed.named("iframe")
    for _, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            assert name not in ("src", "href"), name
            assert "javascript:" not in (value or "")
    assert "url(" not in parsed.style
    assert "@import" not in parsed.style
    assert "@media print" in parsed.style
    assert SCRIPT in parsed.all_text
    assert "[red]r[/red]" in parsed.all_text
    assert "\x1b" not in export("html", sample())
    assert "<b>" not in [tag for tag, _ in parsed.tags]


def test_html_numbers_tables_and_lists() -> None:
    parsed = page(sample())
    text = parsed.all_text
    assert "Check-outs: 2026-W47" in text
    assert "Goals met" in text and "50%" in text
    assert "Mean worth" in text and "4.5" in text and "+0.75 from 3.75" in text
    assert len(parsed.named("tr")) == 1 + 3
    assert len(parsed.named("td")) == 3 * 5
    assert "↑ up (was 3.0)" in text
    assert "start on time" in text and "*agenda*" in text
    assert "Send the notes, then; rest" in text and "@Ana" in text and "due Wed 25 Nov" in text
    assert "☑" in text and "☐" in text
    assert "Checked out 9 of 12 meetings." in text
    assert "Board | <b>review</b>" in text
    assert HOSTILE_IMPROVE.replace("\x1b", "") in text


def test_html_chart_draws_one_bar_per_week() -> None:
    parsed = page(sample())
    assert len(parsed.named("svg")) == 1
    bars = parsed.named("rect")
    assert len(bars) == 8
    heights = [int(b["height"] or 0) for b in bars]
    assert heights.index(max(heights)) == 4  # the week with 4 check-outs
    assert heights[0] == 0
    assert "worth 4.25" in parsed.all_text
    assert "16 Nov" in parsed.all_text


def test_html_empty_period() -> None:
    parsed = page(empty())
    assert "No check-outs in this period." in parsed.all_text
    assert not parsed.named("table")


# --- ics ---------------------------------------------------------------------------------


def test_ics_lines_are_crlf_folded_and_whole_characters() -> None:
    raw = export("ics", sample()).encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # a split character would not decode
    assert any(line.startswith(b" ") for line in lines)


def test_fold_respects_multibyte_characters() -> None:
    line = "SUMMARY:" + "€" * 40
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert fold("SHORT:x") == "SHORT:x"


def with_events(data: ExportData) -> ExportData:
    return replace(data, options=ExportOptions(events=True))


def test_ics_parses_back_with_icalendar() -> None:
    calendar = Calendar.from_ical(export("ics", with_events(sample())))
    assert str(calendar["PRODID"]) == "-//checkout//checkout-cli//EN"
    assert str(calendar["VERSION"]) == "2.0"
    todos = calendar.walk("VTODO")
    assert [str(t["UID"]) for t in todos] == ["k3m9qzab-1@checkout", "p7rt2xyw-1@checkout"]
    first, long_one = todos
    assert str(first["SUMMARY"]) == "Send the notes, then; rest"
    assert first.decoded("DUE") == date(2026, 11, 25)
    assert str(first["STATUS"]) == "NEEDS-ACTION"
    assert (
        str(first["DESCRIPTION"])
        == f"Owner: Ana\nFrom: {one_line(HOSTILE_TITLE)} (Fri 20 Nov 2026)"
    )
    assert first.decoded("DTSTAMP") == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    assert str(first["RELATED-TO"]) == "k3m9qzab@checkout"
    assert str(long_one["SUMMARY"]) == LONG_TITLE

    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "k3m9qzab@checkout",
        "p7rt2xyw@checkout",
        "odd00001@checkout",
    ]
    first_event, second_event, odd_event = events
    assert first_event.decoded("DTSTART") == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    assert second_event.decoded("DTSTART") == datetime(2026, 11, 21, 14, 30, tzinfo=UTC)
    assert first_event.decoded("DTSTAMP") == datetime(2026, 11, 20, 14, 4, 31, tzinfo=UTC)
    assert str(first_event["SUMMARY"]) == "Check-out: " + one_line(HOSTILE_TITLE)
    assert str(second_event["SUMMARY"]) == "Check-out: " + LONG_TITLE
    description = str(first_event["DESCRIPTION"])
    assert "With: Ana, =Raj" in description
    assert "Did you achieve it? partly — budget, still; open\nsecond line" in description
    assert "What now?\n- Send the notes, then; rest @Ana due:2026-11-25\n- =cmd" in description
    assert "How worthwhile? 4" in description
    assert "Source: work.jsonl" in description
    assert "\x1b" not in description and SCRIPT in description
    assert "Energy? +high" in str(odd_event["DESCRIPTION"])
    assert isinstance(first_event, Event)
    assert first_event.categories == ["team", "a,b;c"]


def test_ics_escapes_text_values() -> None:
    text = export("ics", with_events(sample()))
    assert "SUMMARY:Send the notes\\, then\\; rest\r\n" in text
    assert "budget\\, still\\; open\\nsecond line" in text.replace("\r\n ", "")
    assert "CATEGORIES:team,a\\,b\\;c\r\n" in text


def test_ics_leaves_out_done_undated_and_duplicate_items() -> None:
    data = sample()
    actions = [*data.open_actions, data.open_actions[0]]
    calendar = Calendar.from_ical(export("ics", ExportData(data.summary, [], actions)))
    assert [str(t["UID"]) for t in calendar.walk("VTODO")] == [
        "k3m9qzab-1@checkout",
        "p7rt2xyw-1@checkout",
    ]
    assert not calendar.walk("VEVENT")


def test_ics_skips_entries_without_a_usable_time() -> None:
    entries: list[dict[str, Any]] = [
        {"id": "x", "at": "yesterday", "title": "T", "answers": []},
        {"title": "no id"},
    ]
    text = export("ics", ExportData(sample_summary(), entries, [], ExportOptions(events=True)))
    assert "BEGIN:VEVENT" not in text
    assert Calendar.from_ical(text)["PRODID"] == "-//checkout//checkout-cli//EN"


def test_choices_are_listed_achieved_partly_missed_in_any_language() -> None:
    """A Spanish goals question reads `sí · en parte · no`, as the terminal report does,
    not `no` first (only the English words were put in order)."""
    from checkout_cli.report.data import ChoiceSummary
    from checkout_cli.report.exporters._common import choice_parts

    spanish: ChoiceSummary = {
        "key": "goals",
        "label": "Objetivos",
        "kind": "choice",
        "text": "¿Conseguiste lo que esperabas?",
        "n": 3,
        "counts": {"no": 1, "quizá": 0, "en parte": 0, "sí": 2},
        "shares": {"no": 1 / 3, "quizá": 0.0, "en parte": 0.0, "sí": 2 / 3},
        "meanings": {"sí": "achieved", "en parte": "partly", "no": "missed"},
    }
    assert [choice for choice, _, _ in choice_parts(spanish)] == ["sí", "en parte", "no", "quizá"]
    english = {**spanish, "counts": {"no": 1, "yes": 2, "partly": 0}, "meanings": {}}
    english["shares"] = {"no": 0.5, "yes": 0.5, "partly": 0.0}
    assert [c for c, _, _ in choice_parts(english)] == ["yes", "partly", "no"]
