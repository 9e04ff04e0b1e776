"""The interactive check-out: one prompt per question kind. Knows nothing of storage.

Ctrl-C or end of input at any prompt raises `Cancelled`, so the caller writes nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from checkout_cli.model import limits
from checkout_cli.model.answers import Draft, Step, no_steps, parse_value
from checkout_cli.model.errors import Cancelled, CheckoutError
from checkout_cli.model.questions import Question
from checkout_cli.views.render import safe, step_line

if TYPE_CHECKING:
    from rich.console import Console

    from checkout_cli.model.actions import ActionItem
    from checkout_cli.model.history import History

T = TypeVar("T")


@contextmanager
def cancellable() -> Iterator[None]:
    """Turn Ctrl-C and end of input into `Cancelled`, wherever they happen."""
    try:
        yield
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)  # leave the half-typed prompt line before saying why
        raise Cancelled("check-out cancelled, nothing saved") from None


def _read(
    console: Console,
    prompt: str,
    *,
    style: str = "bold cyan",
    history: Sequence[str] = (),
    prefill: str = "",
) -> str:
    from rich.text import Text

    from checkout_cli.views.line_editing import read_line

    return read_line(console, Text(prompt, style=style), history=history, prefill=prefill)


def _until_valid(
    console: Console, prompt: str, parse: Callable[[str], T], *, history: Sequence[str] = ()
) -> T:
    """Ask again, with the reason, until `parse` accepts the answer."""
    while True:
        typed = _read(console, prompt, history=history)
        try:
            return parse(typed)
        except CheckoutError as error:
            console.print(f"  {safe(str(error))}", style="yellow", markup=False, highlight=False)


def _warn(console: Console, message: str) -> None:
    console.print(f"  {message}", style="yellow", markup=False, highlight=False)


def greet(
    console: Console, title: str, count: int, *, set_name: str = "", set_title: str = ""
) -> None:
    """One line that says what is about to happen (which meeting, which set, how many
    questions), and that leaving is safe."""
    from rich.text import Text

    from checkout_cli.views.remembered import set_label

    line = Text()
    line.append(safe(title), style="bold")
    if set_name:
        line.append(f" · {set_label(set_name, set_title)}")
    line.append(f" · {count} question{'s' if count != 1 else ''}")
    line.append(" · Ctrl-C cancels", style="dim")
    console.print(line)


def ask_title(console: Console) -> str:
    def parse(typed: str) -> str:
        if not typed.strip():
            raise CheckoutError("a title helps you find this check-out later; type one")
        return limits.check("the title", typed.strip(), limits.TITLE)

    return _until_valid(console, "Which meeting? ", parse)


def ask_question(
    console: Console,
    question: Question,
    draft: Draft,
    *,
    today: date,
    me: str,
    history: History | None = None,
) -> None:
    """Ask one question and record the answer (or the skip) in `draft`.

    `history` holds this meeting's earlier answers per prompt key, which Up recalls.
    """
    from rich.text import Text

    from checkout_cli.model.history import note_key

    recalled = history or {}
    earlier = recalled.get(question.key, ())
    console.print()
    console.print(Text(safe(question.text), style="bold"))
    hint = _hint(question)
    if hint:
        console.print(Text(hint, style="dim"))
    if question.kind == "text":
        while True:
            lines = _lines(console, "  > ", earlier)
            while not lines and not question.optional:
                console.print("  an answer is needed here; type a line", style="yellow")
                lines = _lines(console, "  > ", earlier)
            text = "\n".join(lines)
            try:
                limits.check(f"the answer to {question.key}", text, limits.TEXT)
            except CheckoutError as error:
                _warn(console, f"{error}; type it again, shorter")
                continue
            if lines:
                draft.values[question.key] = text
            return
    if question.kind == "actions":
        steps = _steps(console, question, today=today, me=me, earlier=earlier)
        if steps or not question.optional:
            draft.values[question.key] = steps
        return

    def parse(typed: str) -> Any:
        if not typed.strip():
            if question.optional:
                return None
            raise CheckoutError("an answer is needed here")
        return parse_value(question, typed, today=today, me=me)

    value = _until_valid(console, "  > ", parse, history=earlier)
    if value is None:
        return
    draft.values[question.key] = value
    if question.kind == "choice" and question.note:
        notes = recalled.get(note_key(question.key), ())
        while True:
            note = _read(console, f"  {safe(question.note)} ", style="dim", history=notes).strip()
            try:
                limits.check(f"the note on {question.key}", note, limits.NOTE)
            except CheckoutError as error:
                _warn(console, str(error))
                continue
            break
        if note:
            draft.notes[question.key] = note


def _hint(question: Question) -> str:
    skip = " · Enter to skip" if question.optional else ""
    if question.kind == "choice":
        letters = {c[0].lower() for c in question.choices}
        short = " (or first letter)" if len(letters) == len(question.choices) else ""
        return f"  {' / '.join(safe(c) for c in question.choices)}{short}{skip}"
    if question.kind == "scale":
        low = f" {safe(question.min_label)}" if question.min_label else ""
        high = f" {safe(question.max_label)}" if question.max_label else ""
        return f"  {question.min}{low} … {question.max}{high}{skip}"
    if question.kind == "text":
        return f"  several lines are fine; an empty line ends the answer{skip}"
    return (
        "  one next step per line, with @owner and due:DATE if you like; `none` if there are "
        "none; "
        f"an empty line ends the list{skip}"
    )


def _lines(console: Console, prompt: str, earlier: Sequence[str]) -> list[str]:
    """Lines up to an empty one. A read that returns several lines at once (a paste
    readline took in one piece) gives each of its lines, its blank ones left out."""
    lines: list[str] = []
    while True:
        typed = _read(console, prompt, style="dim", history=earlier)
        if not typed.strip():
            return lines
        lines.extend(line.rstrip() for line in typed.splitlines() if line.strip())


def _steps(
    console: Console, question: Question, *, today: date, me: str, earlier: Sequence[str]
) -> list[Any]:
    """Next steps up to an empty line, each echoed as understood (owner, due date).

    A refused step comes back at the next prompt, its text there to be corrected, once
    the lines still pasted in have been read; an empty line ends the list only when no
    refused step is waiting (emptying the offered line drops that step)."""
    from rich.text import Text

    from checkout_cli.views.line_editing import editing, typed_ahead

    steps: list[Any] = []
    refused: list[str] = []  # steps to offer again for editing, oldest first
    pasted: list[str] = []  # the further lines of a read that returned several
    can_prefill = editing(console)
    while True:
        offered = ""
        if pasted:
            typed = pasted.pop(0)
        else:
            if refused and not typed_ahead():
                offered = refused.pop(0)
            typed = _read(
                console, f"  {len(steps) + 1}. ", style="dim", history=earlier, prefill=offered
            )
            first, *rest = typed.splitlines() or [""]
            pasted = [line for line in rest if line.strip()]
            typed = first
        if not typed.strip():
            if offered or refused:
                continue
            if steps or question.optional:
                return steps
            console.print("  at least one next step, please (or type: none)", style="yellow")
            continue
        if not steps and no_steps(typed):
            return steps
        try:
            step = parse_value(question, typed, today=today, me=me)
        except CheckoutError as error:
            _warn(console, safe(str(error)))
            if can_prefill:
                console.print("  edit it below, or clear it (Ctrl-U) to leave it out", style="dim")
                refused.append(typed.strip())
            continue
        steps.append(step)
        console.print(Text(f"     → {resolved(step, today)}", style="dim"))


def resolved(step: Step, today: date) -> str:
    """`Ana · due Fri 4 Dec`: who owns a next step and when it is due, as understood."""
    owner = safe(step.owner) if step.owner else "no owner"
    if not step.due:
        return f"{owner} · no due date"
    due = date.fromisoformat(step.due)
    day = f"{due:%a} {due.day} {due:%b}" + (f" {due.year}" if due.year != today.year else "")
    near = {0: "today, ", 1: "tomorrow, "}.get((due - today).days, "")
    return f"{owner} · due {near}{day}"


def ask_carry_over(console: Console, items: Sequence[ActionItem]) -> dict[str, bool]:
    """Ask "done?" item by item; returns {action id: done}, leaving skipped items out."""
    from rich.text import Text

    console.print(Text("Last time you agreed to:", style="bold"))
    answers: dict[str, bool] = {}

    def parse(typed: str) -> bool | None:
        choice = typed.strip().lower()
        if choice in ("y", "yes"):
            return True
        if choice in ("n", "no"):
            return False
        if choice in ("", "s", "skip"):
            return None
        raise CheckoutError("type y (done), n (not yet) or s / Enter (skip)")

    for item in items:
        console.print(Text(f"  • {step_line(item)}"))
        done = _until_valid(console, "    done? [y/n/s] ", parse)
        if done is not None:
            answers[item.id] = done
    return answers
