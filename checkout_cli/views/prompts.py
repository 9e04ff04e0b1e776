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
from checkout_cli.model.actions import agreed_day
from checkout_cli.model.answers import Draft, Step, no_steps, parse_value
from checkout_cli.model.errors import Cancelled, CheckoutError
from checkout_cli.model.questions import Question
from checkout_cli.views.render import day_label, due_mark, safe, step_line

if TYPE_CHECKING:
    from rich.console import Console

    from checkout_cli.model.actions import ActionItem, Change
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


def ask_carry_over(
    console: Console,
    items: Sequence[ActionItem],
    *,
    today: date,
    me: str,
    old_weeks: int = 4,
    can_move: bool = True,
) -> dict[str, Change]:
    """Ask about each open step of earlier check-outs, introduced by when it was agreed;
    steps agreed more than `old_weeks` weeks ago are summed up in one line with one
    question. Returns {action id: what to do}, leaving out the steps left as they are."""
    from rich.text import Text

    from checkout_cli.model.actions import split_old

    recent, old = split_old(items, today=today, weeks=old_weeks)
    moves = " · m move here" if can_move else ""
    console.print(
        Text(
            f"  y done · n or Enter still open · x drop (x REASON){moves} · due:DATE @owner",
            style="dim",
        )
    )
    answers: dict[str, Change] = {}
    groups: dict[str | None, list[ActionItem]] = {}
    for item in recent:
        groups.setdefault(item.entry_id, []).append(item)
    for n, group in enumerate(groups.values()):
        heading = _agreed(group[0], today, latest=n == len(groups) - 1)
        console.print(Text(heading, style="bold"))
        for item in group:
            _ask_one(console, item, answers, today=today, me=me, can_move=can_move)
    if old:
        _ask_old(console, old, answers, today=today, me=me, can_move=can_move)
    return answers


def _ask_one(
    console: Console,
    item: ActionItem,
    answers: dict[str, Change],
    *,
    today: date,
    me: str,
    can_move: bool,
    agreed: bool = False,
) -> None:
    from rich.text import Text

    from checkout_cli.model.actions import parse_carry_answer

    line = Text(f"  • {step_line(item)}")
    if agreed:
        line.append(f"  (agreed {day_label(agreed_day(item), today)})", style="dim")
    mark = due_mark(item, today)
    if mark:
        line.append(f"  {mark}", style="bold red" if item.is_overdue(today) else "bold")
    console.print(line)
    moves = "/m" if can_move else ""
    change = _until_valid(
        console,
        f"    done? [y/n/x{moves}] ",
        lambda typed: parse_carry_answer(typed, today=today, me=me, can_move=can_move),
    )
    if change.to is not None or change.replans:
        answers[item.id] = change


def _ask_old(
    console: Console,
    old: Sequence[ActionItem],
    answers: dict[str, Change],
    *,
    today: date,
    me: str,
    can_move: bool,
) -> None:
    """One line for the steps agreed long ago, and one question: keep, drop all, or go
    through them one by one."""
    from rich.text import Text

    from checkout_cli.model.actions import Change

    days = [d for d in (agreed_day(item) for item in old) if d is not None]
    overdue = sum(1 for item in old if item.is_overdue(today))
    count = f"{len(old)} older next step{'s' if len(old) != 1 else ''}"
    span = ""
    if days:
        first, last = day_label(min(days), today), day_label(max(days), today)
        span = f", agreed {first}" if first == last else f", agreed {first} to {last}"
    late = f", {overdue} overdue" if overdue else ""
    texts = "; ".join(safe(item.text) for item in old[:3]) + ("; …" if len(old) > 3 else "")
    line = Text(f"  + {count}{span}{late}: ", style="bold")
    line.append(texts, style="")
    console.print(line)

    def parse(typed: str) -> str:
        word = typed.strip().casefold()
        if word in ("", "k", "keep"):
            return "keep"
        if word in ("d", "drop"):
            return "drop"
        if word in ("l", "list", "one by one"):
            return "list"
        raise CheckoutError("type k or Enter (keep them open), d (drop them all) or l (one by one)")

    choice = _until_valid(console, "    keep them open or drop them all? [k/d/l] ", parse)
    if choice == "drop":
        for item in old:
            answers[item.id] = Change(to="dropped")
    elif choice == "list":
        for item in old:
            _ask_one(console, item, answers, today=today, me=me, can_move=can_move, agreed=True)


def _agreed(item: ActionItem, today: date, *, latest: bool) -> str:
    """How a group of steps is introduced: by when they were agreed."""
    day = agreed_day(item)
    if day == today:
        return "Earlier today you agreed to:"
    if day is not None and (today - day).days == 1:
        return "Yesterday you agreed to:"
    if latest:
        return f"Last time ({day_label(day, today)}) you agreed to:"
    return f"On {day_label(day, today)} you agreed to:"


def pick_items(
    console: Console, items: Sequence[ActionItem], *, verb: str, today: date
) -> list[ActionItem]:
    """A numbered list of `items` and the numbers picked (`1 3`, `1,3`, `2-4`); Enter
    picks none."""
    from rich.text import Text

    for n, item in enumerate(items, start=1):
        line = Text(f"  {n:>2}. {step_line(item)}")
        mark = due_mark(item, today)
        if mark:
            line.append(f"  {mark}", style="bold red" if item.is_overdue(today) else "bold")
        line.append(f"  {safe(item.title)} · {safe(item.id)}", style="dim")
        console.print(line)

    def parse(typed: str) -> list[int]:
        numbers: list[int] = []
        for part in typed.replace(",", " ").split():
            first, dash, last = part.partition("-")
            if not first.isdecimal() or (dash and not last.isdecimal()):
                raise CheckoutError(f"type the numbers to {verb}, e.g. 1 3 or 2-4; Enter for none")
            low, high = int(first), int(last) if dash else int(first)
            if not 1 <= low <= high <= len(items):
                raise CheckoutError(f"pick numbers from 1 to {len(items)}")
            numbers.extend(n for n in range(low, high + 1) if n not in numbers)
        return numbers

    try:
        chosen = _until_valid(console, f"Which to {verb}? ", parse)
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
        raise Cancelled("nothing changed") from None
    return [items[n - 1] for n in chosen]
