"""Review: `checkout log`, `show`, `report`, `export`, `search`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from checkout_cli import options

PANEL = "Review"


def log(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="How many check-outs to show.")
    ] = 20,
    week: options.Week = None,
    month: options.Month = None,
    since: options.Since = None,
    until: options.Until = None,
    all_: options.All = False,
    tag: options.Tag = None,
    people: options.With = None,
    title: options.Title = None,
    set_name: options.SetFilter = None,
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """List check-outs, newest first.

    --json prints one JSON array of entries, exactly as stored (plus "source"
    when several journals are merged).

    Examples:

      checkout log

      checkout log --week last --title sync --json
    """
    from checkout_cli import render, selection

    journals = selection.journal_paths(journal)
    chosen = selection.period(
        week=week, month=month, since=since, until=until, all_=all_, default=None
    )
    match = selection.filters(tags=tag, people=people, title=title, sets=set_name)
    found = selection.log_entries(journals, chosen, match, limit)
    if as_json:
        render.print_json(found)
    elif not found:
        where = f" in {chosen.label}" if chosen else ""
        print(f"No check-outs{where}.", file=sys.stderr)
    else:
        render.console().print(render.log_table(found, show_source=len(journals) > 1))


def show(
    entry_id: Annotated[str, typer.Argument(help="The entry's id, or the start of it.")],
    journal: options.Journal = None,
    as_json: options.Json = False,
) -> None:
    """Show one check-out in full.

    Examples:

      checkout show k3m9

      checkout show k3m9 --json
    """
    from checkout_cli import journal as store
    from checkout_cli import paths, render

    item = store.find(paths.journal_file(journal), entry_id)
    if as_json:
        render.print_json(item)
        return
    render.console().print(render.entry_view(item))


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(log)
    app.command(rich_help_panel=PANEL)(show)
