"""The pieces of line editing that need no terminal: the prompt readline is given, the
echo of a next step, and the plain path where there is no terminal."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from rich.text import Text

from checkout_cli.model.answers import Step
from checkout_cli.model.questions import Question
from checkout_cli.views import line_editing, prompts
from checkout_cli.views.prompts import resolved

WEDNESDAY = date(2026, 12, 2)


def test_colour_codes_are_marked_invisible_for_readline() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard")
    shown = line_editing._for_readline(console, Text("Which meeting? ", style="bold cyan"))
    visible = shown
    while "\001" in visible:
        start = visible.index("\001")
        visible = visible[:start] + visible[visible.index("\002", start) + 1 :]
    assert visible == "Which meeting? "  # what takes room on the screen: the text alone
    assert "\x1b[" in shown
    assert all(part.startswith("\x1b") for part in _marked(shown))


def _marked(shown: str) -> list[str]:
    return [piece.split("\002")[0] for piece in shown.split("\001")[1:]]


def test_a_plain_prompt_is_given_as_it_is() -> None:
    console = Console(file=io.StringIO(), force_terminal=False, color_system=None)
    assert line_editing._for_readline(console, Text("  1. ", style="dim")) == "  1. "


def test_without_a_terminal_a_prompt_is_plain_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("typed\n"))
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, color_system=None)
    assert line_editing.editor(console) is None
    assert not line_editing.editing(console)
    assert line_editing.read_line(console, Text("> "), history=["earlier"]) == "typed"
    assert out.getvalue() == "> "


@pytest.mark.parametrize(
    ("step", "echo"),
    [
        (Step("Send the notes", "Ana", "2026-12-04"), "Ana · due Fri 4 Dec"),
        (Step("Book a room"), "no owner · no due date"),
        (Step("Call Raj", "Raj"), "Raj · no due date"),
        (Step("Plan", None, "2026-12-02"), "no owner · due today, Wed 2 Dec"),
        (Step("Plan", None, "2026-12-03"), "no owner · due tomorrow, Thu 3 Dec"),
        (Step("Plan", "Ana", "2027-01-08"), "Ana · due Fri 8 Jan 2027"),
    ],
)
def test_a_next_step_is_echoed_as_understood(step: Step, echo: str) -> None:
    assert resolved(step, WEDNESDAY) == echo


def test_an_owner_from_a_person_is_made_safe() -> None:
    assert "\x1b" not in resolved(Step("x", "\x1b[31mAna"), WEDNESDAY)


def test_a_long_prompt_is_not_wrapped_by_rich() -> None:
    console = Console(file=io.StringIO(), width=20, force_terminal=False, color_system=None)
    note = "  Anything to add about the budget, the room or the agenda? "
    assert line_editing._for_readline(console, Text(note)) == note


def fake_reads(monkeypatch: pytest.MonkeyPatch, *reads: str, prefill_ok: bool = True) -> list[str]:
    """Answer each prompt with the next of `reads`; returns the pre-filled texts offered."""
    waiting = list(reads)
    offered: list[str] = []

    def read_line(console: Console, prompt: Text, **options: object) -> str:
        if options.get("prefill"):
            offered.append(str(options["prefill"]))
        return waiting.pop(0)

    monkeypatch.setattr(line_editing, "read_line", read_line)
    monkeypatch.setattr(line_editing, "editing", lambda console: prefill_ok)
    monkeypatch.setattr(line_editing, "typed_ahead", lambda: False)
    return offered


def quiet() -> Console:
    return Console(file=io.StringIO(), force_terminal=False, color_system=None)


def test_a_read_of_several_lines_gives_one_line_of_the_answer_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_reads(monkeypatch, "Start on time\nShorter agenda\n\n  \nNotes before\n", "Last", "")
    assert prompts._lines(quiet(), "  > ", ()) == [
        "Start on time",
        "Shorter agenda",
        "Notes before",
        "Last",
    ]


NEXT = Question(key="next", text="What next?", kind="actions")


def test_a_read_of_several_steps_gives_one_step_each_and_offers_the_refused_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    offered = fake_reads(
        monkeypatch,
        "Send the notes @Ana\nBook a room due:2020-01-01\nCall Raj",
        "Book a room due:friday",  # typed over the refused step, offered once Call Raj is in
        "",
    )
    steps = prompts._steps(quiet(), NEXT, today=WEDNESDAY, me="me", earlier=())
    assert [(s.text, s.owner, s.due) for s in steps] == [
        ("Send the notes", "Ana", None),
        ("Call Raj", None, None),
        ("Book a room", None, "2026-12-04"),
    ]
    assert offered == ["Book a room due:2020-01-01"]


def test_without_editing_a_refused_step_is_typed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    offered = fake_reads(
        monkeypatch, "Book a room due:2020-01-01", "Book a room", "", prefill_ok=False
    )
    steps = prompts._steps(quiet(), NEXT, today=WEDNESDAY, me="me", earlier=())
    assert [s.text for s in steps] == ["Book a room"]
    assert offered == []
