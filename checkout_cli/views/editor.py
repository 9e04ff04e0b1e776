"""Handing control to the person at the terminal: their editor, a yes/no question, a pause.

Typer's copy of Click has no `edit()`, and the commands that change the journal
must never prompt when nobody is there to answer, so these few helpers live here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from checkout_cli.model.errors import Cancelled, CheckoutError, NobodyToAsk

FALLBACK_EDITOR = "vi"


def stdin_is_terminal() -> bool:
    """Whether a person can answer: prompts and retries only happen when this is true."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def editor_command() -> list[str]:
    """`$VISUAL`, else `$EDITOR`, else vi; the variable may carry arguments (`code --wait`)."""
    import shlex

    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as error:
            raise CheckoutError(f"${name}={value!r} cannot be split into words: {error}") from None
        if words:
            return words
    return [FALLBACK_EDITOR]


def edit_text(text: str, suffix: str = ".toml") -> str:
    """Open `text` in the user's editor once and return what they saved.

    The temp file is private (0600) and removed afterwards; a missing editor or
    one that exits with an error is a CheckoutError, so nothing gets saved.
    """
    file = EditFile(suffix)
    try:
        return file.edit(text)
    finally:
        file.remove()


class EditFile:
    """The private (0600) temp file a person edits, opened as often as needed.

    It is the only copy of what they typed until that is saved, so only the caller
    removes it (`remove`, once saved or given up on); see `editing`.
    """

    def __init__(self, suffix: str = ".toml") -> None:
        self.suffix = suffix
        self.path: str | None = None
        self._given: str | None = None

    def edit(self, text: str) -> str:
        """Put `text` in the file, open the editor on it, and return what was saved."""
        import subprocess

        command = editor_command()
        self._write(text)
        assert self.path is not None
        try:
            finished = subprocess.run([*command, self.path], check=False)
        except FileNotFoundError:
            raise CheckoutError(
                f"editor {command[0]!r} not found; set $VISUAL or $EDITOR to an editor you have"
            ) from None
        except OSError as error:
            raise CheckoutError(f"cannot start editor {command[0]!r}: {error.strerror}") from None
        if finished.returncode != 0:
            raise CheckoutError(
                f"editor {command[0]!r} exited with status {finished.returncode}; nothing was saved"
            )
        try:
            with open(self.path, encoding="utf-8", newline="") as handle:
                return handle.read()
        except UnicodeDecodeError:
            raise CheckoutError("the edited file is not valid UTF-8; nothing was saved") from None
        except OSError as error:
            raise CheckoutError(f"cannot read the edited file back: {error.strerror}") from None

    def _write(self, text: str) -> None:
        import tempfile

        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise CheckoutError(
                "the check-out holds text that is not valid Unicode; fix that line by hand"
            ) from None
        try:
            if self.path is None:
                fd, self.path = tempfile.mkstemp(prefix="checkout-", suffix=self.suffix)
                os.fchmod(fd, 0o600)
            else:
                fd = os.open(self.path, os.O_WRONLY | os.O_TRUNC)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        except OSError as error:
            raise CheckoutError(f"cannot write a temp file to edit: {error.strerror}") from None
        self._given = text

    def typed(self) -> bool:
        """Whether the file holds something other than what the tool last put in it."""
        if self.path is None or self._given is None:
            return False
        try:
            with open(self.path, encoding="utf-8", newline="", errors="replace") as handle:
                return handle.read() != self._given
        except OSError:
            return False

    def remove(self) -> None:
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self.path = None


@contextlib.contextmanager
def editing(suffix: str = ".toml") -> Iterator[EditFile]:
    """An `EditFile` for the block: removed when the block ends, unless it ends in an
    error while the file holds text the person typed. That file then stays, and the
    error says where it is, so nothing typed is lost before it is saved."""
    file = EditFile(suffix)
    try:
        yield file
    except CheckoutError as error:
        if not file.typed():
            file.remove()
            raise
        kept = type(error)(f"{error}; your text is kept in {file.path}")
        raise kept from None
    except BaseException:
        if not file.typed():
            file.remove()
        else:
            with contextlib.suppress(OSError, ValueError):
                print(f"checkout: your text is kept in {file.path}", file=sys.stderr)
        raise
    file.remove()


def ask(prompt: str) -> str:
    """One line typed at the terminal, prompt on stderr; Ctrl-C or end of input cancels,
    even a Ctrl-C that comes while the prompt is still being written."""
    try:
        print(prompt, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        print(file=sys.stderr)
        raise Cancelled("cancelled, nothing changed") from None
    if not line:
        print(file=sys.stderr)
        raise Cancelled("cancelled, nothing changed")
    return line.strip()


def confirm(question: str, *, yes: bool, interactive: bool | None = None) -> bool:
    """Ask a y/N question before something destructive; `--yes` answers it in advance.

    Without a terminal there is nobody to ask: `NobodyToAsk`, which the CLI turns into
    advice to answer in advance.
    """
    if yes:
        return True
    if not (stdin_is_terminal() if interactive is None else interactive):
        raise NobodyToAsk("stdin is not a terminal, so nobody can confirm")
    return ask(f"{question} [y/N] ").lower() in ("y", "yes")


def pause(message: str) -> None:
    """Show why the edit was refused and wait for Enter before the editor opens again."""
    from checkout_cli.views.render import safe

    print(f"checkout: {safe(message)}", file=sys.stderr)
    ask("Press Enter to fix it in the editor, or Ctrl-C to give up (nothing is saved). ")
