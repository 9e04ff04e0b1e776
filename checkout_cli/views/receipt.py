"""What a command prints once its change is saved: never a reason to report failure.

A check-out whose receipt cannot be printed (stdout on a full disk, a pipe closed
early) is still saved; exiting 1 then would make a retrying script record it twice.

The check-out's receipt (a panel in a terminal, the same lines as plain text for a pipe)
shows each answer under its question's short label, a scale as `4/5`, a multi-line
answer as its lines, and the set, people and tags of the check-out.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

    from checkout_cli.model.actions import ActionItem
    from checkout_cli.model.questions import Question, QuestionSet


@contextlib.contextmanager
def after_saving(what: str) -> Iterator[None]:
    """Print the receipt of `what` (e.g. "check-out k3m9qzab") inside this block; if
    stdout fails, say on stderr that it was saved and let the command succeed."""
    try:
        yield
        sys.stdout.flush()
    except OSError as error:
        _silence_stdout()
        from checkout_cli.views.render import safe

        reason = error.strerror or str(error)
        with contextlib.suppress(OSError, ValueError):
            print(
                f"checkout: {safe(what)} was saved, but its receipt could not be printed "
                f"({safe(reason)})",
                file=sys.stderr,
            )


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


# --- the check-out's receipt ---------------------------------------------------------------

Pieces = list[tuple[str, str]]  # (text, Rich style) pieces: the panel styles them, text drops it


def checkout_panel(
    item: dict[str, Any],
    *,
    closed: Iterable[ActionItem] = (),
    farewell: str = "",
    qset: QuestionSet | None = None,
) -> RenderableType:
    """What the person sees when a check-out is saved: their answers, briefly, and a thank-you."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from checkout_cli.views.render import safe

    body = Text()
    for text, style in receipt_lines(item, closed, qset):
        body.append(text, style=style)
    body.rstrip()
    panel = Panel(
        body if body.plain else Text("(no answers)"),
        title=Text(receipt_heading(item)),
        title_align="left",
    )
    footer = Text()
    footer.append(f"saved as {safe(item.get('id', ''))}", style="dim")
    if farewell:
        footer.append(f"\n{safe(farewell)}", style="italic")
    return Group(panel, footer)


def checkout_text(
    item: dict[str, Any],
    *,
    closed: Iterable[ActionItem] = (),
    farewell: str = "",
    qset: QuestionSet | None = None,
) -> str:
    """The same receipt as plain text, for scripts and pipes (and without loading Rich)."""
    from checkout_cli.views.render import safe

    body = "".join(text for text, _ in receipt_lines(item, closed, qset)).rstrip()
    lines = [receipt_heading(item), *("  " + line.rstrip() for line in body.splitlines())]
    lines.append(f"saved as {safe(item.get('id', ''))}")
    if farewell:
        lines.append(safe(farewell))
    return "\n".join(lines) + "\n"


def receipt_heading(item: dict[str, Any]) -> str:
    from checkout_cli.views.render import safe, when

    return f"{safe(item.get('title', ''))} · {when(item.get('at'))}"


def receipt_lines(
    item: dict[str, Any], closed: Iterable[ActionItem] = (), qset: QuestionSet | None = None
) -> Pieces:
    """A saved check-out as (text, style) pieces: who and which set, then every answer."""
    from checkout_cli.model import entry as model
    from checkout_cli.views.render import closed_line, step_line

    pieces: Pieces = []
    about = _about(item, qset)
    if about:
        pieces.append((about, "dim"))
        pieces.append(("\n", ""))
    for answer in model.answers(item):
        question = qset.get(str(answer.get("key", ""))) if qset is not None else None
        pieces.append((f"{_label(answer, question)}: ", "bold"))
        value = answer.get("value")
        if answer.get("kind") == "actions" and isinstance(value, list):
            steps = [s for s in value if isinstance(s, dict)]
            if not steps:
                pieces.append(("(none)", ""))
            pieces.extend((f"\n  • {step_line(step)}", "") for step in steps)
        else:
            pieces.append((_value(answer, question), ""))
        pieces.append(("\n", ""))
    closed = list(closed)
    if closed:
        pieces.append(("closed from last time:", "bold"))
        pieces.extend((f"\n  {closed_line(step)}", "") for step in closed)
    return pieces


def _about(item: dict[str, Any], qset: QuestionSet | None) -> str:
    """`customer call · with Ana, Raj · tags client`: the set, people and tags."""
    from checkout_cli.model import entry as model
    from checkout_cli.views.remembered import set_label

    parts = []
    name = item.get("set")
    if isinstance(name, str) and name.strip():
        title = qset.title if qset is not None and qset.name == name else ""
        parts.append(set_label(name, title))
    people = model.attendees(item)
    if people:
        parts.append(f"with {_joined(people)}")
    tags = model.tags(item)
    if tags:
        parts.append(f"tags {_joined(tags)}")
    return " · ".join(parts)


def _label(answer: dict[str, Any], question: Question | None) -> str:
    """The question's short label, never its key (a key the set no longer has, made readable)."""
    from checkout_cli.model.questions import readable
    from checkout_cli.views.render import safe

    if question is not None:
        return safe(question.short)
    return safe(readable(str(answer.get("key", ""))))


def _value(answer: dict[str, Any], question: Question | None) -> str:
    """An answer's value: a scale out of its maximum, a text's lines kept (indented), a
    choice with its note."""
    from checkout_cli.views.render import safe

    value = answer.get("value")
    if value is None or value == "":
        return "—"
    scale = answer.get("kind") == "scale" and question is not None and question.kind == "scale"
    if scale and question is not None and type(value) is int:
        return f"{value}/{question.max}"
    text = safe(value, multiline=True) if isinstance(value, str) else safe(value)
    lines = [line.rstrip() for line in text.splitlines()] or [""]
    shown = "\n  ".join(lines)
    if answer.get("note"):
        shown += f" — {safe(answer['note'])}"
    return shown


def _joined(names: list[str]) -> str:
    from checkout_cli.views.render import safe

    return safe(", ".join(names))
