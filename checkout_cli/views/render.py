"""Rich views of entries for the terminal. User text is always data, never markup.

Every string that came from a person goes through `safe()` and into a `Text`
object, so `[red]x[/red]` prints as typed and no escape byte reaches the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from checkout_cli.model import entry as model
from checkout_cli.model.actions import ActionItem

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# Whole escape sequences go: CSI (ESC [ or 0x9B), OSC (ESC ] or 0x9D, up to BEL or
# ST), DCS/SOS/PM/APC strings (up to ST), and two-byte escapes such as ESC c.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SUSPECT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Other C0 controls become their visible "control picture" (␀ … ␟, ␡); C1 controls
# and bidirectional overrides, which could reorder what is shown, become �.
_ONE_LINE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_ONE_LINE.update({code: " " for code in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x2028, 0x2029)})
_ONE_LINE[0x7F] = "\u2421"
_ONE_LINE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_ONE_LINE.update({code: "\ufffd" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_MULTI_LINE = {**_ONE_LINE, 0x0A: "\n", 0x09: "    ", 0x2028: "\n", 0x2029: "\n"}


def safe(text: object, *, multiline: bool = False) -> str:
    """Text with nothing a terminal would act on: escapes removed, controls shown as symbols.

    One line unless `multiline`, which keeps line breaks for answers shown in full.
    """
    text = str(text)
    if not _SUSPECT.search(text):
        return text
    return _ESCAPES.sub("", text).translate(_MULTI_LINE if multiline else _ONE_LINE)


def say(message: str) -> None:
    """A message for the person (not data): on stderr, so stdout stays clean for pipes."""
    import sys

    print(message, file=sys.stderr)


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def when(at: object) -> str:
    """`2026-11-20 15:00` from an ISO time; odd values shown as they are, made safe first
    (a hand-edited `at` may hold escape sequences too)."""
    text = safe(at or "")
    return text[:16].replace("T", " ") if len(text) >= 16 else text


def _value_text(answer: dict[str, Any]) -> str:
    value = answer.get("value")
    kind = answer.get("kind")
    if value is None or value == [] or value == "":
        return "—"
    if kind == "actions" and isinstance(value, list):
        return f"{len(value)} next step{'s' if len(value) != 1 else ''}"
    return safe(value)


def step_line(item: ActionItem | Mapping[str, Any]) -> str:
    """`Send the notes  @Ana  due 2026-11-25` for lists and panels (an item, or a next
    step as the journal holds it)."""
    if not isinstance(item, ActionItem):
        item = ActionItem.of(item)
    parts = [safe(item.text)]
    if item.owner:
        parts.append(f"@{safe(item.owner)}")
    if item.due:
        parts.append(f"due {safe(item.due)}")
    return "  ".join(parts)


def log_table(entries: Sequence[dict[str, Any]], *, show_source: bool = False) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("title")
    table.add_column("with")
    table.add_column("goals")
    table.add_column("worth", justify="right")
    table.add_column("next", justify="right")
    if show_source:
        table.add_column("journal", style="dim")
    for item in entries:
        goals = model.answer(item, "goals")
        worth = model.value(item, "worth")
        row = [
            Text(safe(item.get("id", ""))),
            Text(when(item.get("at"))),
            Text(safe(item.get("title", ""))),
            Text(safe(", ".join(model.attendees(item)))),
            Text(_value_text(goals) if goals else "—"),
            Text("—" if worth is None else safe(worth)),
            Text(str(len(model.actions(item)))),
        ]
        if show_source:
            row.append(Text(safe(item.get("source", ""))))
        table.add_row(*row)
    return table


def entry_view(item: dict[str, Any]) -> RenderableType:
    """One entry in full: the header, then every question with its answer."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    parts: list[RenderableType] = []
    header = Text()
    header.append(safe(item.get("title", "(no title)")), style="bold")
    header.append(f"   {when(item.get('at'))}   id {safe(item.get('id', ''))}", style="dim")
    parts.append(header)
    details = []
    if model.attendees(item):
        details.append(f"with {safe(', '.join(model.attendees(item)))}")
    if model.tags(item):
        details.append(f"tags {safe(', '.join(model.tags(item)))}")
    if item.get("set"):
        details.append(f"set {safe(item['set'])}")
    if item.get("source"):
        details.append(f"journal {safe(item['source'])}")
    if details:
        parts.append(Text("   ".join(details), style="dim"))
    for answer in model.answers(item):
        parts.append(Text(""))
        parts.append(Text(safe(answer.get("question", answer.get("key", ""))), style="bold"))
        parts.append(Padding(answer_view(answer), (0, 0, 0, 2), expand=False))
    return Group(*parts)


def answer_view(answer: dict[str, Any]) -> RenderableType:
    from rich.text import Text

    value = answer.get("value")
    if answer.get("kind") == "actions" and isinstance(value, list):
        if not value:
            return Text("(none)", style="dim")
        out = Text()
        for n, item in enumerate(value):
            if not isinstance(item, dict):
                continue
            if n:
                out.append("\n")
            out.append(f"{step_mark(item)} ")
            out.append(step_line(item))
            note = closing_note(ActionItem.of(item))
            if note:
                out.append(f"  ({note})", style="dim")
            out.append(f"   [{safe(item.get('id', ''))}]", style="dim")
        return out
    if value is None or value == "":
        return Text("(skipped)", style="dim")
    text = Text(safe(value, multiline=True))
    if answer.get("note"):
        text.append(f" — {safe(answer['note'], multiline=True)}")
    return text


def print_json(data: object) -> None:
    """JSON on stdout exactly as stored: no colour, no markup, no wrapping.

    json.dumps escapes C0 controls but leaves DEL, the C1 controls (0x9B starts a
    terminal command just as ESC [ does), U+2028/2029 and the bidirectional overrides
    (which reorder what a terminal shows) as they are; those are written as \\u
    escapes too, which a JSON reader turns back into the same text.
    """
    import sys

    text = model.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def question_sets(sets: Sequence[Any], source: object) -> RenderableType:
    """The question sets as a person reads them."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(f"from {safe(source)}", style="dim")]
    for qset in sets:
        parts.append(Text(""))
        heading = Text(safe(qset.name), style="bold")
        if qset.title:
            heading.append(f" — {safe(qset.title)}", style="")
        parts.append(heading)
        for n, q in enumerate(qset.questions, start=1):
            line = Text(f"  {n}. ")
            line.append(safe(q.text))
            detail = f"{q.key} · {q.kind}"
            if q.kind == "choice":
                detail += f": {' / '.join(safe(c) for c in q.choices)}"
            elif q.kind == "scale":
                detail += f": {q.min}–{q.max}"
            if q.optional:
                detail += " · optional"
            line.append(f"  ({detail})", style="dim")
            parts.append(line)
    return Group(*parts)


def day_label(day: date | None, today: date) -> str:
    """`Fri 27 Nov`, with the year when it is not this one."""
    if day is None:
        return "a day not known"
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def due_mark(item: ActionItem, today: date) -> str:
    """`overdue since Fri 27 Nov`, or `due today`; nothing for a later or no date."""
    due = item.due_date
    if due is None or not item.is_open:
        return ""
    if due < today:
        return f"overdue since {day_label(due, today)}"
    return "due today" if due == today else ""


def remind_lines(items: Sequence[ActionItem], *, today: date) -> list[str]:
    """What `checkout remind` prints: a heading and one line a step, plain text (it runs
    in a shell start-up file, where loading Rich would be felt)."""
    count = f"{len(items)} next step{'s' if len(items) != 1 else ''}"
    lines = [f"checkout: {count} due for you"]
    marks = [due_mark(item, today) for item in items]
    width = max(len(mark) for mark in marks)
    for mark, item in zip(marks, items, strict=True):
        where = f"{safe(item.title)} · {safe(item.id)}" if item.title else safe(item.id)
        lines.append(f"  {mark:<{width}}  {safe(item.text)}  ({where})")
    return lines


MARKS = {"open": "☐", "done": "✓", "dropped": "✗", "moved": "→"}


def step_mark(item: ActionItem | Mapping[str, Any]) -> str:
    """☐ open, ✓ done, ✗ dropped, → moved (to a later check-out)."""
    if not isinstance(item, ActionItem):
        item = ActionItem.of(item)
    return MARKS[item.status]


def closing_note(item: ActionItem, *, here: bool = False) -> str:
    """How a step that is not simply done was closed: `dropped: not needed`, `moved to
    p7x2wq4n-1` (`here`: into the check-out being saved); "" otherwise."""
    if item.status == "dropped":
        return f"dropped: {safe(item.reason)}" if item.reason else "dropped"
    if item.status == "moved":
        return f"moved {'here as' if here else 'to'} {safe(item.moved_to or '')}"
    return ""


def closed_line(item: ActionItem) -> str:
    """A step closed at the carry-over, for the receipt: `✗ Book a room (dropped: not needed)`."""
    note = closing_note(item, here=True)
    return f"{step_mark(item)} {step_line(item)}" + (f"  ({note})" if note else "")


def actions_table(items: Sequence[ActionItem], *, today: date) -> RenderableType:
    """Action items with overdue ones highlighted, and how each closed one was closed."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("id", "next step", "owner", "due", "meeting", "agreed"):
        table.add_column(name, no_wrap=name in ("id", "due", "agreed"))
    for item in items:
        overdue = item.is_overdue(today)
        status = item.status
        style = "bold red" if overdue else ("" if status == "open" else "dim")
        due = safe(item.due or "")
        text = Text(
            ("" if status == "open" else f"{MARKS[status]} ") + safe(item.text), style=style
        )
        note = closing_note(item) if item.reason or status == "moved" else ""
        if note:
            text.append(f" ({note})", style="dim")
        table.add_row(
            Text(safe(item.id), style="dim"),
            text,
            Text(safe(item.owner or "")),
            Text(f"{due} overdue" if overdue else due, style=style),
            Text(safe(item.title)),
            Text(when(item.at)[:10]),
        )
    return table


def home_view(home: Any) -> RenderableType:
    """The start screen of bare `checkout`."""
    from rich.console import Group
    from rich.text import Text

    if home.first_run:
        return Group(
            Text("Welcome to checkout.", style="bold"),
            Text("Right after your next meeting, take one minute to close it well:"),
            Text(""),
            Text('  checkout meeting "Weekly sync"', style="cyan"),
            Text(""),
            Text("Three or four questions, saved to a private journal on this machine."),
            Text("Everything else: checkout --help", style="dim"),
        )
    lines = [Text("checkout", style="bold")]
    plural = "s" if home.this_week != 1 else ""
    lines.append(Text(f"  {home.this_week} check-out{plural} this week"))
    open_line = Text(f"  {home.open_items} open next step{'s' if home.open_items != 1 else ''}")
    if home.overdue:
        open_line.append(f", {home.overdue} overdue", style="bold red")
    open_line.append(f" (last {home.recent_days} days)", style="dim")
    lines.append(open_line)
    if home.last:
        lines.append(
            Text(f"  last: {safe(home.last.get('title', ''))}, {when(home.last.get('at'))}")
        )
    lines += [
        Text(""),
        Text("Try:", style="bold"),
        Text('  checkout meeting "Weekly sync"   check out of a meeting', style="cyan"),
        Text("  checkout actions                 what was agreed and is still open", style="cyan"),
        Text("  checkout report                  how this week's meetings went", style="cyan"),
        Text("  checkout --help                  every command", style="dim"),
    ]
    return Group(*lines)


def emit(renderable: RenderableType, *, pager: bool = True) -> None:
    """Print to stdout, through a pager when stdout is a terminal and the output
    is taller than the screen (`PAGER`, else `less -R`; `--no-pager` turns it off)."""
    out = console()
    if not (pager and out.is_terminal):
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    text = captured.get()
    if text.count("\n") < out.height or not _page(text):
        out.file.write(text)
        out.file.flush()


def _page(text: str) -> bool:
    """Hand `text` to the pager; False when there is none, so the caller prints it."""
    import os
    import shlex
    import shutil
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less -R")
    if not command or not shutil.which(command[0]):
        return False
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        subprocess.run(command, input=text.encode("utf-8"), env=env, check=False)
    except OSError:
        return False
    return True
