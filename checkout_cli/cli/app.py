"""The Typer app: one thin function per command, errors turned into one line, once.

The commands live in `checkout_cli/cli/commands/`, one module per help panel, and are
loaded and built only when asked for. Nothing heavy is imported here, so
`checkout --version` stays instant.
"""

import errno
import sys
from typing import Annotated, Any

import typer
from click import exceptions as click_exceptions
from click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from checkout_cli import __version__
from checkout_cli.model.errors import CheckoutError


class CheckoutGroup(TyperGroup):
    """Builds commands lazily, and turns the core's `CheckoutError` into one line on stderr."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            from checkout_cli.cli.commands import panels
            from checkout_cli.cli.options import require_values

            for panel in panels():
                if cmd_name in panel.names:
                    self.add_command(require_values(panel.build(cmd_name)), cmd_name)
                    break
            else:  # a typo: build them all, so the did-you-mean sees every name
                self.list_commands(ctx)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        from checkout_cli.cli.commands import panels

        names = [name for panel in panels() for name in panel.names]
        for name in names:
            self.get_command(ctx, name)
        return names

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """On a Tab, our bash and zsh formats (quoted values, descriptions) answer it:
        Typer registered its shells when it built this command, and ours take their place."""
        import os

        if os.environ.get("_CHECKOUT_COMPLETE"):
            from checkout_cli.cli.completion import use_our_shells

            use_our_shells()
        return super().main(*args, **kwargs)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """`checkout --bogus` is one line too, as a subcommand's mistyped option is."""
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            if isinstance(error, NoArgsIsHelpError):
                raise
            raise usage_failed(error) from None

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
        print(f"checkout: {safe(f'{error.strerror or error}{where}')}", file=sys.stderr)
    raise typer.Exit(1)


def usage_failed(error: UsageError) -> typer.Exit:
    """A mistyped command or option: one line, like every other error, and exit 2."""
    import re

    from checkout_cli.views.render import safe

    where = error.ctx.command_path if error.ctx is not None else "checkout"
    message = safe(error.format_message()).rstrip(".")
    # Typer and Click both suggest the command meant in a sub-group (`checkout config get`).
    message = re.sub(r"( Did you mean [^?]*\?)\1+", r"\1", message)
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
    # Click 8.4 suggests a mistyped command itself; Typer would add the same again.
    suggest_commands=not hasattr(click_exceptions, "NoSuchCommand"),
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
        from checkout_cli.flows.home import build_home
        from checkout_cli.store import paths
        from checkout_cli.views import render

        render.console().print(render.home_view(build_home(paths.journal_file())))


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
