"""The Typer app: one thin function per command, errors turned into one line, once.

Command modules live in `checkout_cli/commands/`; each registers itself on `app`.
Nothing heavy is imported here, so `checkout --version` stays instant.
"""

from __future__ import annotations

import errno
import sys
from typing import Annotated, Any

import typer
from click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from checkout_cli import __version__
from checkout_cli.model.errors import CheckoutError

# Which module of `checkout_cli.cli.commands` holds each command, in the order help lists
# them. Typer builds (and type-checks) every registered command at start-up, so the
# group loads a module only when one of its commands is asked for.
COMMANDS = {
    "meeting": "record",
    "log": "review",
    "show": "review",
    "report": "review",
    "export": "review",
    "search": "correct",
    "pending": "calendar",
    "actions": "follow",
    "done": "follow",
    "reopen": "follow",
    "edit": "correct",
    "delete": "correct",
    "check": "correct",
    "paths": "setup",
    "questions": "setup",
    "config": "setup",
    "calendar": "calendar",
}


class CheckoutGroup(TyperGroup):
    """Loads commands lazily, and turns the core's `CheckoutError` into one line on stderr."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            if cmd_name in COMMANDS:
                self._load(COMMANDS[cmd_name])
            else:  # a typo: load everything so the did-you-mean sees every command
                self._load_all()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        self._load_all()
        return [name for name in COMMANDS if name in self.commands]

    def _load_all(self) -> None:
        for module in dict.fromkeys(COMMANDS.values()):
            self._load(module)

    def _load(self, module: str) -> None:
        from importlib import import_module

        from typer.main import get_command

        loaded: set[str] = self.__dict__.setdefault("_loaded_modules", set())
        if module in loaded:
            return
        loaded.add(module)
        holder = typer.Typer(rich_markup_mode="rich")
        holder.callback()(_nothing)
        import_module(f"checkout_cli.cli.commands.{module}").register(holder)
        built = get_command(holder)
        self.commands.update(getattr(built, "commands", {}))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CheckoutError as error:
            fail(error)
        except KeyboardInterrupt:
            print("checkout: interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except UsageError as error:
            if isinstance(error, NoArgsIsHelpError):  # `checkout questions` shows its help
                raise
            usage_failed(error)
        except OSError as error:
            if error.errno == errno.EPIPE:  # a reader that stopped early: Click's to handle
                raise
            output_failed(error)


def _nothing() -> None:
    """Makes a holder app a group, so each module's commands keep their own names."""


def output_failed(error: OSError) -> typer.Exit:
    """The core reports trouble with its own files as CheckoutError; an OSError that gets
    here is almost always stdout failing (`> file` on a full disk). One line, exit 1, and
    stdout pointed at /dev/null so the exit's own flush does not fail a second time."""
    import contextlib
    import os

    from checkout_cli.views.render import safe

    where = f" ({error.filename})" if error.filename else " while writing the output"
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    with contextlib.suppress(OSError):
        print(f"checkout: {safe(error.strerror or error)}{where}", file=sys.stderr)
    raise typer.Exit(1)


def usage_failed(error: UsageError) -> typer.Exit:
    """A mistyped command or option: one line, like every other error, and exit 2."""
    from checkout_cli.views.render import safe

    where = error.ctx.command_path if error.ctx is not None else "checkout"
    message = safe(error.format_message()).rstrip(".")
    print(f"checkout: {message} (see `{where} --help`)", file=sys.stderr)
    raise typer.Exit(2)


def fail(error: CheckoutError) -> typer.Exit:
    """One line, whatever the message quotes: a name or value from a file or an argument
    may hold newlines, carriage returns or escape sequences, and none may act."""
    from checkout_cli.views.render import safe

    print(f"checkout: {safe(str(error))}", file=sys.stderr)
    raise typer.Exit(error.exit_code)


app = typer.Typer(
    cls=CheckoutGroup,
    help="Quick, warm check-outs at the end of meetings, kept in a local journal.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        print(f"checkout {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Quick, warm check-outs at the end of meetings, kept in a local journal."""
    if ctx.invoked_subcommand is None:
        from checkout_cli.cli.commands.home import start_screen

        start_screen()


def main() -> None:
    _reserve_standard_streams()
    app(prog_name="checkout")


def _reserve_standard_streams() -> None:
    """Started with stdin, stdout or stderr closed (`<&-`, `>&-`, as cron or a service
    may), Python leaves `sys.stdin`… as None and the first read or write fails, after a
    check-out was saved; and the journal, opened next, would get descriptor 1 or 2,
    where anything writing to "stderr" would land in it. /dev/null holds the place."""
    import os

    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
            stream = os.fdopen(fd, "r" if fd == 0 else "w", encoding="utf-8", closefd=False)
            setattr(sys, name, stream)
