"""The pieces of line editing that need no terminal: the prompt readline is given, the
echo of a next step, and the plain path where there is no terminal."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from rich.text import Text

from checkout_cli.model.answers import Step
from checkout_cli.views import line_editing
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
