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


def action(id: str, text: str, owner: str | None, due: str | None, **more: Any) -> Any:
    found = {
        "id": id,
        "text": text,
        "owner": owner,
        "due": due,
        "done_at": None,
        "entry_id": id.split("-")[0],
        "title": "Weekly sync",
        "at": "2026-11-16T09:00:00+01:00",
        "set": "meeting",
        "overdue": False,
    }
    found.update(more)
    return found


ACTIONS = [
    action("e1-1", "Send the notes", "Ana", "2026-11-25"),
    action("e2-1", "Fix the budget", "Ana", "2026-11-10", overdue=True),
    action(
        "e3-1",
        "Book a room",
        None,
        None,
        done_at="2026-11-21T10:00:00+01:00",
        title="Design review",
        entry_id="e3",
    ),
]

SUMMARY: dict[str, Any] = {
    "period": {
        "start": "2026-11-16T00:00:00+01:00",
        "end": "2026-11-23T00:00:00+01:00",
        "label": "2026-W47",
    },
    "count": 4,
    "goals": {"n": 4, "achieved": 2, "partly": 1, "missed": 1, "rate": 0.62},
    "worth": {"n": 4, "mean": 3.25, "previous_mean": 5.0, "change": -1.75},
    "sets": {
        "meeting": {
            "title": "Meeting check-out",
            "language": "en",
            "private": False,
            "check_outs": 3,
            "goal_rate": 0.5,
            "mean_worth": 3.0,
            "questions": [
                {
                    "key": "goals",
                    "label": "Goals met",
                    "kind": "choice",
                    "text": "Did you achieve what you were hoping to achieve?",
                    "n": 3,
                    "counts": {"yes": 1, "partly": 1, "no": 1},
                    "shares": {"yes": 0.3333, "partly": 0.3333, "no": 0.3333},
                    "meanings": {"yes": "achieved", "partly": "partly", "no": "missed"},
                },
                {
                    "key": "improve",
                    "label": "Could be better",
                    "kind": "text",
                    "text": "Could it have been better?",
                    "n": 1,
                    "skipped": 2,
                    "answers": [
                        {
                            "id": "e1",
                            "at": "2026-11-16T09:00:00+01:00",
                            "title": "Weekly sync",
                            "text": "Start on time",
                        }
                    ],
                },
                {
                    "key": "next",
                    "label": "Next steps",
                    "kind": "actions",
                    "text": "What do we do now?",
                    "n": 2,
                    "items": 3,
                },
                {
                    "key": "worth",
                    "label": "Worth it",
                    "kind": "scale",
                    "text": "How worthwhile was it?",
                    "n": 3,
                    "mean": 3.0,
                    "previous_mean": 5.0,
                    "change": -2.0,
                },
                {
                    "key": "energy",
                    "label": "Energy",
                    "kind": "scale",
                    "text": "Energy",
                    "n": 2,
                    "mean": 4.5,
                    "previous_mean": 4.0,
                    "change": 0.5,
                },
            ],
        },
        "customer-call": {
            "title": "Customer call check-out",
            "language": "en",
            "private": False,
            "check_outs": 1,
            "goal_rate": 1.0,
            "mean_worth": 4.0,
            "questions": [
                {
                    "key": "goals",
                    "label": "Outcome reached",
                    "kind": "choice",
                    "text": "Did the call reach the outcome you were hoping for?",
                    "n": 1,
                    "counts": {"yes": 1, "partly": 0, "no": 0},
                    "shares": {"yes": 1.0, "partly": 0.0, "no": 0.0},
                    "meanings": {"yes": "achieved", "partly": "partly", "no": "missed"},
                },
                {
                    "key": "customer",
                    "label": "Customer cared about",
                    "kind": "text",
                    "text": "What did the customer care about most?",
                    "n": 1,
                    "skipped": 0,
                    "answers": [
                        {
                            "id": "c1",
                            "at": "2026-11-17T15:00:00+01:00",
                            "title": "Acme call",
                            "text": "Pricing",
                        }
                    ],
                },
            ],
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
    "actions": ACTIONS,
    "actions_total": 3,
    "owners": [
        {"owner": "Ana", "open": 2, "overdue": 1, "actions": [0, 1]},
        {"owner": None, "open": 0, "overdue": 0, "actions": [2]},
    ],
    "fixes": [
        {
            "theme": "start on time",
            "title": "Weekly sync",
            "raised": 2,
            "first_raised_at": "2026-11-16T09:00:00+01:00",
            "step": ACTIONS[0],
            "done": False,
            "came_back": True,
            "came_back_at": "2026-11-18T09:00:00+01:00",
        },
        {
            "theme": "share the agenda",
            "title": "Weekly sync",
            "raised": 2,
            "first_raised_at": "2026-11-16T09:00:00+01:00",
            "step": None,
            "done": None,
            "came_back": None,
            "came_back_at": None,
        },
    ],
    "weeks": WEEKS,
}


def test_headline_names_each_set() -> None:
    output = squash(render(SUMMARY))
    assert output.splitlines()[0] == (
        "4 check-outs in 2026-W47: Meeting check-out 3 · Customer call check-out 1"
    )
    assert "All sets Goals met 62% (achieved 2 · partly 1 · missed 1) Worth 3.25 ▼ 1.75" in output


def test_every_figure_is_labelled_within_its_set() -> None:
    output = squash(render(SUMMARY))
    assert "Meeting check-out · 3 check-outs" in output
    assert "Goals met 3 yes 1 (33%) · partly 1 (33%) · no 1 (33%)" in output
    assert "Customer call check-out · 1 check-out" in output
    assert "Outcome reached 1 yes 1 (100%) · partly 0 (0%) · no 0 (0%)" in output
    assert "Did the call reach" not in output  # the set's short label, not its question


def test_scale_means_with_their_change() -> None:
    output = squash(render(SUMMARY))
    assert "Worth it 3 3.00 ▼ 2.00 (was 5.00)" in output
    assert "Energy 2 4.50 ▲ 0.50 (was 4.00)" in output


def test_text_answers_of_every_set_and_what_was_left_empty() -> None:
    output = squash(render(SUMMARY))
    assert "Could be better 1 2 nothing to improve" in output
    assert "Next steps 2 3 next steps" in output
    assert "• Weekly sync 2026-11-16: Start on time" in output
    assert "Customer cared about\n • Acme call 2026-11-17: Pricing" in output


def test_meetings_and_fixes() -> None:
    output = squash(render(SUMMARY))
    assert "Weekly sync 2 75% 3.50 ▼" in output
    assert "Design review 1 0% 2.00 new" in output
    assert "Did the fix work?" in output
    assert "start on time Weekly sync 2× Send the notes not yet yes, 2026-11-18" in output
    assert "share the agenda Weekly sync 2× none – –" in output


def test_themes_next_steps_by_owner_and_trend() -> None:
    output = squash(render(SUMMARY))
    assert "Themes start on time ×3 · share the agenda ×2" in output
    assert "Next steps by owner" in output
    assert "Ana Send the notes 2026-11-25 open Weekly sync" in output
    assert " Fix the budget 2026-11-10 overdue Weekly sync" in output
    assert "no owner Book a room – ✓ 2026-11-21 Design review" in output
    assert output.index("Send the notes") < output.index("Fix the budget")
    assert output.index("Fix the budget") < output.index("Book a room")
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
        "goals": {"n": 0, "achieved": 0, "partly": 0, "missed": 0, "rate": None},
        "worth": {"n": 0, "mean": None, "previous_mean": None, "change": None},
        "sets": {},
        "meetings": [],
        "themes": [],
        "improvements": [],
        "actions": [],
        "actions_total": 0,
        "owners": [],
        "fixes": [],
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
        "goals": {"n": 0, "achieved": 0, "partly": 0, "missed": 0, "rate": None},
        "worth": {"n": 0, "mean": None, "previous_mean": None, "change": None},
        "sets": {},
        "meetings": [],
        "themes": [],
        "improvements": [],
        "improvements_total": 0,
        "actions": [],
        "actions_total": 0,
        "owners": [],
        "fixes": [],
        "weeks": [],
    }
    assert "No check-outs in this period." in render(bare)
    unanswered = {
        "key": "k",
        "label": "",
        "kind": "choice",
        "text": "",
        "n": 0,
        "counts": {},
        "shares": {},
        "meanings": {},
    }
    one_set = {
        "title": "",
        "language": "en",
        "private": False,
        "check_outs": 1,
        "goal_rate": None,
        "mean_worth": None,
        "questions": [unanswered],
    }
    output = render(
        dict(bare, count=1, period=dict(bare["period"], label="x"), sets={"odd": one_set})
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
    owners = [{"owner": "Ana", "open": 40, "overdue": 0, "actions": list(range(40))}]
    output = render(dict(SUMMARY, actions=actions, actions_total=600, owners=owners))
    assert "step 39" in output
    assert "step 10" in output
    assert "step 9 " not in output
    assert "… and 570 earlier next steps" in output


HOSTILE = "[red]x[/red] \x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x9b31m:smile:"


def hostile_summary() -> dict[str, Any]:
    summary = dict(SUMMARY)
    summary["period"] = dict(SUMMARY["period"], label="[blink]W47[/blink]")
    questions = SUMMARY["sets"]["meeting"]["questions"]
    texts = dict(questions[1], label=HOSTILE)
    texts["answers"] = [dict(texts["answers"][0], title=HOSTILE, text=HOSTILE)]
    summary["sets"] = {
        HOSTILE: dict(
            SUMMARY["sets"]["meeting"],
            title=HOSTILE,
            questions=[
                dict(questions[0], label=HOSTILE, counts={HOSTILE: 1}, shares={HOSTILE: 1.0}),
                dict(questions[3], label=HOSTILE),
                texts,
            ],
        )
    }
    summary["meetings"] = [dict(SUMMARY["meetings"][0], title=HOSTILE)]
    summary["themes"] = [{"phrase": "[bold]theme[/bold]", "count": 2}]
    step = dict(SUMMARY["actions"][0], text=HOSTILE, owner="Eve\r\b\x00", title=HOSTILE)
    summary["actions"] = [step]
    summary["owners"] = [{"owner": step["owner"], "open": 1, "overdue": 0, "actions": [0]}]
    summary["fixes"] = [dict(SUMMARY["fixes"][0], theme=HOSTILE, title=HOSTILE, step=step)]
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
