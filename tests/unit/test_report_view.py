"""The terminal report: the numbers show, and user text stays inert."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from rich.console import Console

from checkout_cli.views.report_view import render_report, safe_text


def render(summary: dict[str, Any], **options: Any) -> str:
    settings: dict[str, Any] = {"width": 120, "color_system": None, **options}
    buffer = io.StringIO()
    Console(file=buffer, **settings).print(render_report(summary))
    return buffer.getvalue()


def squash(text: str) -> str:
    """Runs of spaces as one, so a row can be matched without its column widths."""
    return re.sub(r" +", " ", text)


def week(start: str, count: int = 0, goal: float | None = None, worth: float | None = None) -> Any:
    return {"start": start, "count": count, "goal_rate": goal, "mean_worth": worth}


WEEKS = [
    week("2026-09-28"),
    week("2026-10-05"),
    week("2026-10-12"),
    week("2026-10-19", 2, 0.25, 2.5),
    week("2026-10-26"),
    week("2026-11-02", 1, 0.5, 3.0),
    week("2026-11-09", 1, 1.0, 5.0),
    week("2026-11-16", 3, 0.5, 3.0),
]

SUMMARY: dict[str, Any] = {
    "period": {
        "start": "2026-11-16T00:00:00+01:00",
        "end": "2026-11-23T00:00:00+01:00",
        "label": "2026-W47",
    },
    "count": 3,
    "questions": {
        "goals": {
            "kind": "choice",
            "text": "Did you achieve what you were hoping to achieve?",
            "n": 3,
            "counts": {"yes": 1, "partly": 1, "no": 1},
            "shares": {"yes": 0.3333, "partly": 0.3333, "no": 0.3333},
        },
        "improve": {"kind": "text", "text": "Could it have been better?", "n": 3},
        "next": {"kind": "actions", "text": "What do we do now?", "n": 2, "items": 3},
        "worth": {
            "kind": "scale",
            "text": "How worthwhile was it?",
            "n": 3,
            "mean": 3.0,
            "previous_mean": 5.0,
            "change": -2.0,
        },
        "energy": {
            "kind": "scale",
            "text": "Energy",
            "n": 2,
            "mean": 4.5,
            "previous_mean": 4.0,
            "change": 0.5,
        },
    },
    "meetings": [
        {
            "title": "Weekly sync",
            "count": 2,
            "goal_rate": 0.75,
            "mean_worth": 3.5,
            "previous_mean_worth": 5.0,
            "trend": "down",
        },
        {
            "title": "Design review",
            "count": 1,
            "goal_rate": 0.0,
            "mean_worth": 2.0,
            "previous_mean_worth": None,
            "trend": "new",
        },
    ],
    "themes": [{"phrase": "start on time", "count": 3}, {"phrase": "share the agenda", "count": 2}],
    "improvements": [],
    "improvements_total": 0,
    "actions": [
        {
            "id": "e1-1",
            "text": "Send the notes",
            "owner": "Ana",
            "due": "2026-11-25",
            "done_at": None,
            "entry_id": "e1",
            "title": "Weekly sync",
            "at": "2026-11-16T09:00:00+01:00",
        },
        {
            "id": "e3-1",
            "text": "Book a room",
            "owner": None,
            "due": None,
            "done_at": "2026-11-21T10:00:00+01:00",
            "entry_id": "e3",
            "title": "Design review",
            "at": "2026-11-22T23:59:59+01:00",
        },
    ],
    "actions_total": 2,
    "weeks": WEEKS,
}


def test_headline_and_choice_table() -> None:
    output = squash(render(SUMMARY))
    assert output.splitlines()[0] == "3 check-outs in 2026-W47"
    assert "Did you achieve what you were hoping to achieve?" in output
    assert " yes 1 33% █" in output
    assert " partly 1 33% █" in output
    assert " no 1 33% █" in output


def test_bars_are_proportional() -> None:
    summary = dict(SUMMARY)
    summary["questions"] = {
        "goals": {
            "kind": "choice",
            "text": "Goals?",
            "n": 4,
            "counts": {"yes": 3, "partly": 1, "no": 0},
            "shares": {"yes": 0.75, "partly": 0.25, "no": 0.0},
        }
    }
    lines = {line.split()[0]: line for line in render(summary).splitlines() if line.strip()}
    assert lines["yes"].count("█") == 22  # 0.75 of 30, and a half block
    assert "▌" in lines["yes"]
    assert lines["partly"].count("█") == 7
    assert "█" not in lines["no"]
    assert "0%" in lines["no"]


def test_scale_means_with_their_change() -> None:
    output = squash(render(SUMMARY))
    assert "How worthwhile was it? 3 3.00 5.00 ▼ 2.00" in output
    assert "Energy 2 4.50 4.00 ▲ 0.50" in output


def test_other_questions_and_meetings() -> None:
    output = squash(render(SUMMARY))
    assert "Could it have been better? 3" in output
    assert "What do we do now? 2 3" in output
    assert "Weekly sync 2 75% 3.50 ▼" in output
    assert "Design review 1 0% 2.00 new" in output


def test_themes_next_steps_and_trend() -> None:
    output = squash(render(SUMMARY))
    assert "Themes start on time ×3 · share the agenda ×2" in output
    assert "Send the notes Ana 2026-11-25 open Weekly sync" in output
    assert "Book a room – – ✓ 2026-11-21 Design review" in output
    assert "Last 8 weeks" in output
    assert "11-16" in output
    assert "Check-outs 0 0 0 2 0 1 1 3" in output
    assert "Goal rate – – – 25% – 50% 100% 50%" in output
    assert "Worth – – – 2.50 – 3.00 5.00 3.00" in output
    assert "···" in output  # weeks without answers show as dots in the sparkline


def test_empty_period_says_so_plainly() -> None:
    empty = {
        "period": {"start": None, "end": None, "label": "2026-W40"},
        "count": 0,
        "questions": {},
        "meetings": [],
        "themes": [],
        "improvements": [],
        "actions": [],
        "actions_total": 0,
        "weeks": [week("2026-09-28")] * 8,
    }
    output = render(empty)
    assert output.strip() == "No check-outs in 2026-W40."
    with_history = dict(empty, weeks=WEEKS)
    assert "Last 8 weeks" in render(with_history)


def test_a_summary_with_nothing_in_it() -> None:
    """The smallest summary the types allow (no label, no weeks, a question never answered)."""
    bare: dict[str, Any] = {
        "period": {"start": None, "end": None, "label": ""},
        "count": 0,
        "questions": {},
        "meetings": [],
        "themes": [],
        "improvements": [],
        "improvements_total": 0,
        "actions": [],
        "actions_total": 0,
        "weeks": [],
    }
    assert "No check-outs in this period." in render(bare)
    unanswered = {"kind": "choice", "text": "", "n": 0, "counts": {}, "shares": {}}
    output = render(
        dict(bare, count=1, period=dict(bare["period"], label="x"), questions={"k": unanswered})
    )
    assert "1 check-out in x" in output
    assert "none agreed" in output


def test_calendar_coverage_is_shown() -> None:
    summary = dict(
        SUMMARY,
        calendar={
            "total": 12,
            "checked_out": 9,
            "missed": [
                {
                    "title": "Planning",
                    "start": "2026-11-18T09:00:00+01:00",
                    "end": "2026-11-18T10:00:00+01:00",
                    "attendees": ["Ana", "Raj"],
                    "uid": "u1",
                }
            ],
        },
    )
    output = squash(render(summary))
    assert "Checked out 9 of 12 meetings" in output
    assert "Planning 2026-11-18 09:00 Ana, Raj" in output


def test_long_action_lists_say_how_many_are_hidden() -> None:
    actions = [dict(SUMMARY["actions"][0], text=f"step {n}") for n in range(40)]
    output = render(dict(SUMMARY, actions=actions, actions_total=600))
    assert "step 39" in output
    assert "step 10" in output
    assert "step 9 " not in output
    assert "… and 570 earlier next steps" in output


HOSTILE = "[red]x[/red] \x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x9b31m:smile:"


def hostile_summary() -> dict[str, Any]:
    summary = dict(SUMMARY)
    summary["period"] = dict(SUMMARY["period"], label="[blink]W47[/blink]")
    summary["questions"] = {
        "goals": dict(SUMMARY["questions"]["goals"], text=HOSTILE, counts={HOSTILE: 1}),
        "worth": dict(SUMMARY["questions"]["worth"], text=HOSTILE),
    }
    summary["meetings"] = [dict(SUMMARY["meetings"][0], title=HOSTILE)]
    summary["themes"] = [{"phrase": "[bold]theme[/bold]", "count": 2}]
    summary["actions"] = [
        dict(SUMMARY["actions"][0], text=HOSTILE, owner="Eve\r\b\x00", title=HOSTILE)
    ]
    return summary


def test_user_text_is_never_markup() -> None:
    output = render(hostile_summary())
    assert "[red]x[/red]" in output
    assert "[blink]W47[/blink]" in output
    assert "[bold]theme[/bold]" in output
    assert ":smile:" in output


def test_no_escape_from_user_text_reaches_the_terminal() -> None:
    plain = render(hostile_summary())
    assert "\x1b" not in plain
    assert "\x9b" not in plain
    assert "Eve ␈␀" in plain
    coloured = render(hostile_summary(), force_terminal=True, color_system="truecolor")
    assert "\x1b[2J" not in coloured
    assert "\x1b]8;;https://evil.example" not in coloured
    assert "evil.example" not in coloured
    assert "\x9b" not in coloured
    assert "click" in coloured


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text", "plain text"),
        ("two\nlines\tand\r tab", "two lines and  tab"),
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("title \x1b]0;pwned\x07 ok", "title  ok"),
        ("link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\", "link here"),
        ("csi \x9b2J done", "csi  done"),
        ("lone \x1b", "lone "),
        ("bell \x07 del \x7f nul \x00", "bell ␇ del ␡ nul ␀"),
        ("back\bspace", "back␈space"),
        ("c1 \x85 \x8d", "c1 \ufffd \ufffd"),
        ("bidi \u202eevil\u202c", "bidi \ufffdevil\ufffd"),
        ("para\u2028graph", "para graph"),
        ("Grüße, 会議 ✓", "Grüße, 会議 ✓"),
    ],
)
def test_safe_text(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_safe_text_leaves_nothing_a_terminal_acts_on() -> None:
    everything = "".join(chr(code) for code in range(0x00, 0xA0))
    cleaned = safe_text(everything)
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in cleaned)
