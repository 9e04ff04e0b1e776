"""Prompts that edit like a shell's, through the standard library's `readline`.

Readline is loaded at the first prompt drawn on a terminal, never by `--version` or a
scripted check-out. Without a terminal, or where the platform has no readline, a
prompt is Rich's plain `input()`. Readline is handed the whole prompt, its colour codes
wrapped in \\001 and \\002, so it knows the prompt's width: the cursor stays in place
when a line is edited, recalled or wraps. Each prompt gets its own history, set before
it and cleared after, so one question's earlier answers never show at another's.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING

from checkout_cli.views.render import safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# Escape sequences Rich writes for a styled prompt (SGR colours, OSC hyperlinks); readline
# must be told they take no room on the screen.
_INVISIBLE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

# Readline settings of the tool's own: a pasted line ends at its newline, as if typed
# (one line of an answer, or one next step, per pasted line, each shown after its own
# prompt), and a Tab is a character of the answer, not a file-name completion.
_GNU_SETTINGS = ("set enable-bracketed-paste off", "tab: tab-insert")
_LIBEDIT_SETTINGS = ("bind ^I ed-insert",)


class _Loader:
    """Readline, imported and set up once, on first use; None where there is none."""

    def __init__(self) -> None:
        self.tried = False
        self.module: ModuleType | None = None

    def get(self) -> ModuleType | None:
        if not self.tried:
            self.tried = True
            self.module = _load()
        return self.module


_readline = _Loader()


def _load() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # Windows, or a Python built without it
        return None
    try:
        readline.set_auto_history(False)
        readline.set_completer(None)
        libedit = getattr(readline, "backend", "") == "editline" or "libedit" in (
            readline.__doc__ or ""
        )
        for setting in _LIBEDIT_SETTINGS if libedit else _GNU_SETTINGS:
            readline.parse_and_bind(setting)
    except (AttributeError, OSError):  # a stand-in module with less of the API
        return None
    return readline


def editor(console: Console) -> ModuleType | None:
    """Readline, when this prompt is read from and drawn on a terminal; None otherwise."""
    if not (_isatty(sys.stdin) and _isatty(console.file)):
        return None
    return _readline.get()


def editing(console: Console) -> bool:
    """Whether a prompt can be pre-filled and recalled here."""
    return editor(console) is not None


def read_line(
    console: Console, prompt: Text, *, history: Sequence[str] = (), prefill: str = ""
) -> str:
    """One line as the person typed it; Ctrl-C and end of input raise as `input()` does.

    Up and Down walk `history` (newest first); `prefill` starts the line with text to
    edit, such as a next step that was refused.
    """
    found = editor(console)
    if found is None:
        return console.input(prompt)
    shown = _for_readline(console, prompt)
    recalled = [line for line in history if line and safe(line) == line]
    with _history(found, recalled), _prefilled(found, prefill), _drawn_on(console):
        return input(shown)


def typed_ahead() -> bool:
    """Whether more input already waits, as when several lines were pasted at once."""
    try:
        import select

        ready, _, _ = select.select([sys.stdin.fileno()], [], [], 0)
    except (ImportError, OSError, ValueError):
        return False
    return bool(ready)


def _isatty(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _for_readline(console: Console, prompt: Text) -> str:
    """The prompt as Rich would print it, with every escape sequence marked invisible.
    Unwrapped: where a long prompt wraps is the terminal's business, which readline knows."""
    with console.capture() as capture:
        console.print(prompt, end="", soft_wrap=True)
    return _INVISIBLE.sub(lambda found: f"\001{found.group()}\002", capture.get())


@contextmanager
def _history(readline: ModuleType, lines: Sequence[str]) -> Iterator[None]:
    _clear(readline)
    for line in reversed(lines):  # the newest is added last, so Up recalls it first
        readline.add_history(line)
    try:
        yield
    finally:
        _clear(readline)


def _clear(readline: ModuleType) -> None:
    if hasattr(readline, "clear_history"):
        readline.clear_history()
        return
    while readline.get_current_history_length():
        readline.remove_history_item(0)


@contextmanager
def _prefilled(readline: ModuleType, text: str) -> Iterator[None]:
    if not text:
        yield
        return
    readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        yield
    finally:
        readline.set_startup_hook(None)


@contextmanager
def _drawn_on(console: Console) -> Iterator[None]:
    """Readline draws on standard output. When that is a file or a pipe (`--json >
    entry.json`), it is pointed at the console's terminal for the length of one prompt,
    so the prompt is drawn where the questions are and the output stays clean."""
    if _isatty(sys.stdout):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(console.file.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
