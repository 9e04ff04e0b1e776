"""Follow-through: `checkout actions`, `done`, `reopen` (and corrections to the journal)."""

from __future__ import annotations

from typing import Annotated

import typer

from checkout_cli.cli import options

PANEL = "Follow-through"


def actions(
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include items already done.")] = False,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="NAME", help="Only items owned by NAME (@me for you)."),
    ] = None,
    title: options.Title = None,
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """List open next steps, overdue first.

    Examples:

      checkout actions

      checkout actions --owner @me --json
    """
    from checkout_cli.flows import follow as items
    from checkout_cli.flows import selection
    from checkout_cli.model import clock
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    today = clock.today()
    with reading_progress("Reading the journal") as tick:
        found = items.select(
            items.items_of(
                selection.stream(selection.journal_paths(journal), since=None, progress=tick)
            ),
            today=today,
            include_done=all_,
            owners=items.owner_spellings(owner),
            title=title,
        )
    if as_json:
        render.print_json([item.as_json() for item in found])
    elif not found:
        import sys

        print("No open next steps. Nice.", file=sys.stderr)
    else:
        render.console().print(render.actions_table(found, today=today))


def done(
    ids: options.ActionIds,
    journal: options.Journal = None,
) -> None:
    """Mark next steps as done.

    Examples:

      checkout done k3m9qzab-1

      checkout done k3m9qzab-1 k3m9qzab-2
    """
    _set(ids, journal, done=True)


def reopen(
    ids: options.ActionIds,
    journal: options.Journal = None,
) -> None:
    """Open a next step again.

    Examples:

      checkout reopen k3m9qzab-1
    """
    _set(ids, journal, done=False)


def _set(ids: list[str], journal: str | None, *, done: bool) -> None:
    from checkout_cli.flows import follow as items
    from checkout_cli.model import clock
    from checkout_cli.store import paths
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with reading_progress("Updating the journal") as tick:
        changed = items.set_done(path, ids, done=done, now=clock.now(), progress=tick)
    mark = "✓" if done else "☐"
    state = "already done" if done else "already open"
    for marked in changed:
        note = "" if marked.changed else f"  ({state})"
        item = marked.item
        render.say(f"{mark} {render.safe(item.id)}  {render.step_line(item)}{note}")


def register(app: typer.Typer) -> None:
    for command in (actions, done, reopen):
        app.command(rich_help_panel=PANEL)(command)
