"""The Typer app: one thin function per command, errors turned into one line, once.

Command modules live in `checkout_cli/commands/`; each registers itself on `app`.
Nothing heavy is imported here, so `checkout --version` stays instant.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from checkout_cli import __version__
from checkout_cli.errors import CheckoutError


class CheckoutGroup(TyperGroup):
    """Turns the core's `CheckoutError` into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CheckoutError as error:
            fail(error)
        except KeyboardInterrupt:
            print("checkout: interrupted", file=sys.stderr)
            raise typer.Exit(130) from None


def fail(error: CheckoutError) -> typer.Exit:
    """One line, whatever the message quotes: a name or value from a file or an argument
    may hold newlines, carriage returns or escape sequences, and none may act."""
    from checkout_cli.render import safe

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
        from checkout_cli.commands.home import start_screen

        start_screen()


def _register() -> None:
    from checkout_cli.commands import calendar, correct, follow, home, record, review, setup

    for module in (record, review, follow, correct, setup, calendar, home):
        module.register(app)


_register()


def main() -> None:
    app(prog_name="checkout")
