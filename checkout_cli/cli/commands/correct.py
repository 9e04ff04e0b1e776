"""Corrections: `checkout edit`, `delete`, `search`, `check`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from checkout_cli.cli import options

PANEL = "Follow-through"


def edit(entry_id: options.EntryId, journal: options.Journal = None) -> None:
    """Correct a check-out in your editor, as TOML.

    The change is checked before it is saved; the journal as it was is kept
    beside it as journal.jsonl.bak.

    Examples:

      checkout edit k3m9

      EDITOR="code --wait" checkout edit k3m9qzab
    """
    from checkout_cli.flows import edit as edit_flow
    from checkout_cli.store import paths
    from checkout_cli.views import editor, render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with editor.editing() as file:
        result = edit_flow.edit_entry(
            path,
            entry_id,
            edit=file.edit,
            interactive=editor.stdin_is_terminal(),
            pause=editor.pause,
            bar=reading_progress,
        )
    if result.entry is None:
        print("No changes; the journal was not touched.", file=sys.stderr)
        return
    backup = _backup_name(path)
    saved = render.safe(result.entry.get("id", ""))
    print(f"Saved {saved}; the previous journal is in {backup}.", file=sys.stderr)


def delete(
    entry_id: options.EntryId,
    yes: options.Yes = False,
    journal: options.Journal = None,
) -> None:
    """Delete a check-out (asks first; --yes skips the question).

    The journal as it was is kept beside it as journal.jsonl.bak.

    Examples:

      checkout delete k3m9

      checkout delete k3m9qzab --yes
    """
    from checkout_cli.flows import edit as edit_flow
    from checkout_cli.store import paths
    from checkout_cli.views import editor, render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with reading_progress("Finding the check-out") as tick:
        item = edit_flow.find(path, entry_id, tick)
    print(edit_flow.summary_line(item), file=sys.stderr)
    if not editor.confirm("Delete this check-out?", yes=yes):
        print("Nothing deleted.", file=sys.stderr)
        return
    with reading_progress("Deleting") as tick:
        edit_flow.delete_entry(path, item, tick)
    backup = _backup_name(path)
    deleted = render.safe(item.get("id", ""))
    print(f"Deleted {deleted}; the previous journal is in {backup}.", file=sys.stderr)


def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Text to look for (any case).")],
    journal: options.Journals = None,
    as_json: options.Json = False,
    no_pager: options.NoPager = False,
) -> None:
    """Find check-outs that mention some text, and show where.

    Looks in titles, people, tags, answers, notes and next steps.

    Examples:

      checkout search budget

      checkout search "start on time" --json
    """
    from checkout_cli.flows import search as finder
    from checkout_cli.flows import selection
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    with reading_progress("Searching") as tick:
        found = selection.stream(selection.journal_paths(journal), since=None, progress=tick)
        hits = finder.search(found, text)
    if as_json:
        render.print_json(finder.as_json(hits))
    elif not hits:
        print(f"No check-outs mention {render.safe(text)!r}.", file=sys.stderr)
    else:
        render.emit(finder.view(hits, text), pager=not no_pager)


def check(
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Move lines that do not parse to journal.rejected.jsonl beside the journal, "
            "and sort lines out of recorded_at order.",
        ),
    ] = False,
    yes: options.Yes = False,
    journal: options.Journal = None,
    as_json: options.Json = False,
) -> None:
    """Check the journal line by line and list what is wrong.

    Exits 1 when something is wrong. --repair moves unreadable lines out of the
    way (nothing is deleted) and sorts lines out of recorded_at order; other
    problems name the command that fixes them.

    Examples:

      checkout check

      checkout check --repair --yes
    """
    from checkout_cli.flows import check as checker
    from checkout_cli.store import paths
    from checkout_cli.views import editor, render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with reading_progress("Checking the journal") as tick:
        report = checker.check_journal(path, tick)
    moved = 0
    if repair and report.repairable():
        movable = sorted(report.movable())
        target = render.safe(checker.rejected_path(path))
        if movable:
            they = "they go" if len(movable) != 1 else "it goes"
            print(
                f"{checker.lines_label(movable)} cannot be read; {they} to {target}",
                file=sys.stderr,
            )
        if report.out_of_order:
            print("the lines are out of recorded_at order; they get sorted", file=sys.stderr)
        if editor.confirm(
            "Move them out of the journal?" if movable else "Repair the journal?", yes=yes
        ):
            with reading_progress("Repairing the journal") as tick:
                moved = checker.repair(path, report, tick)
                report = checker.check_journal(path, tick)
            if not as_json:
                done = f"Moved {moved} line{'s' if moved != 1 else ''} to {target}"
                if not movable:
                    done = "Sorted the journal by recorded_at"
                render.say(f"{done}; the previous journal is in {_backup_name(path)}.")
        else:
            print("Nothing moved.", file=sys.stderr)
    if as_json:
        data = report.as_dict()
        if repair:
            data["moved"] = moved
        render.print_json(data)
    elif not report.exists:
        print(f"no journal yet at {render.safe(path)}")
    else:
        for problem in report.problems:
            print(checker.problem_line(problem))
        print(checker.advice(report))
    if not report.ok:
        raise typer.Exit(1)


def _backup_name(path: Path) -> str:
    from checkout_cli.store import paths
    from checkout_cli.views import render

    return render.safe(paths.backup_file(path))


def register(app: typer.Typer) -> None:
    for command in (edit, delete, check):
        app.command(rich_help_panel=PANEL)(command)
    app.command(rich_help_panel="Review")(search)
