"""One module per help panel; each declares its own commands on its `panel`.

A panel module imports only Typer and the shared options at its top: what a
command needs is imported inside the command, so loading a panel stays cheap.
Typer builds (and type-checks) a command only when it is asked for, so a run
builds the one command it invokes, and `checkout --help` builds them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any, TypeVar

import typer

# The panel modules, in the order help shows their panels.
PANELS = ("record", "review", "follow", "setup")

# Said by `pending` (Review) and `calendar list` (Set-up).
NO_CALENDARS = "No calendars yet; add one with: checkout calendar add PATH"

Function = TypeVar("Function", bound=Callable[..., Any])


class Panel:
    """A help panel's title and its commands, in the order help lists them."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._declared: dict[str, Callable[[typer.Typer], None]] = {}

    @property
    def names(self) -> list[str]:
        return list(self._declared)

    def command(self, name: str | None = None) -> Callable[[Function], Function]:
        """Declare a command (named after the function unless `name` is given)."""

        def declare(function: Function) -> Function:
            def add(holder: typer.Typer) -> None:
                holder.command(name, rich_help_panel=self.title)(function)

            self._declared[name or function.__name__] = add
            return function

        return declare

    def group(self, name: str, group: typer.Typer) -> None:
        """Declare a group of subcommands (`checkout config show`)."""

        def add(holder: typer.Typer) -> None:
            holder.add_typer(group, name=name, rich_help_panel=self.title)

        self._declared[name] = add

    def build(self, name: str) -> Any:
        """The Click command Typer builds for `name` alone."""
        from typer.main import get_command

        holder = typer.Typer(rich_markup_mode="rich", add_completion=False)
        holder.callback()(_nothing)  # a group, so the command keeps its own name
        self._declared[name](holder)
        return get_command(holder).commands[name]  # type: ignore[attr-defined]


def _nothing() -> None:
    """The holder's callback: makes it a group."""


def panels() -> Iterator[Panel]:
    """The panels in help order, each module imported only when the one before it did
    not have what was looked for."""
    for module in PANELS:
        yield import_module(f"{__name__}.{module}").panel
