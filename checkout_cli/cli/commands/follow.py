"""Follow-through: `checkout actions`, `done`, `reopen`; corrections: `edit`, `delete`, `check`."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from checkout_cli.cli import completion, options
from checkout_cli.cli.commands import Panel

panel = Panel("Follow-through")


@panel.command()
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
    from checkout_cli.flows import people, selection
    from checkout_cli.model import clock
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    today = clock.today()
    journals = selection.journal_paths(journal)
    with reading_progress("Reading the journal") as tick:
        found = items.select(
            people.named_items(
                items.items_of(selection.stream(journals, since=None, progress=tick)), journals
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


@panel.command()
def done(
    ids: options.OpenActionIds,
    journal: options.Journal = None,
) -> None:
    """Mark next steps as done.

    Examples:

      checkout done k3m9qzab-1

      checkout done k3m9qzab-1 k3m9qzab-2
    """
    _set(ids, journal, done=True)


@panel.command()
def reopen(
    ids: options.DoneActionIds,
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


@panel.command()
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


@panel.command()
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
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with reading_progress("Finding the check-out") as tick:
        item = edit_flow.find(path, entry_id, tick)
    print(edit_flow.summary_line(item), file=sys.stderr)
    if not _confirm("Delete this check-out?", yes=yes):
        print("Nothing deleted.", file=sys.stderr)
        return
    with reading_progress("Deleting") as tick:
        edit_flow.delete_entry(path, item, tick)
    backup = _backup_name(path)
    deleted = render.safe(item.get("id", ""))
    print(f"Deleted {deleted}; the previous journal is in {backup}.", file=sys.stderr)


@panel.command()
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
    from checkout_cli.views import render
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
            lines = checker.lines_label(movable)
            print(f"{lines} cannot be read; {they} to {target}", file=sys.stderr)
        if report.out_of_order:
            print("the lines are out of recorded_at order; they get sorted", file=sys.stderr)
        if _confirm("Move them out of the journal?" if movable else "Repair the journal?", yes=yes):
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


def _confirm(question: str, *, yes: bool) -> bool:
    """Ask first; without a terminal, say that --yes answers in advance."""
    from checkout_cli.model.errors import NobodyToAsk, UsageProblem
    from checkout_cli.views import editor

    try:
        return editor.confirm(question, yes=yes)
    except NobodyToAsk as nobody:
        raise UsageProblem(f"{nobody}; pass --yes") from None


@panel.command()
def rename(
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The meeting's title now (any case).",
            autocompletion=completion.titles,
        ),
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The title it should have.")],
    yes: options.Yes = False,
    journal: options.Journal = None,
) -> None:
    """Rename a meeting across all its check-outs (asks first; --yes skips the question).

    Every check-out titled OLD (case and spacing ignored) gets the title NEW, so its
    report rows and the open next steps asked about at its next check-out stay
    together. The journal as it was is kept beside it as journal.jsonl.bak.

    Examples:

      checkout rename "weekly sync" "Weekly sync"

      checkout rename "Team sync" "Weekly sync" --yes
    """
    from checkout_cli.flows import people as people_flow
    from checkout_cli.model.errors import CheckoutError
    from checkout_cli.store import paths
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    old, new = people_flow.check_rename(old, new)
    path = paths.existing_journal(journal)
    with reading_progress("Finding the check-outs") as tick:
        count = people_flow.renamed_count(path, old, new, tick)
    if not count:
        raise CheckoutError(
            f"no check-out is titled {old!r} (other than as {new!r}); "
            "`checkout titles` lists the titles"
        )
    plural = "s" if count != 1 else ""
    print(
        f"{count} check-out{plural} titled {render.safe(old)!r} will be titled "
        f"{render.safe(new)!r}.",
        file=sys.stderr,
    )
    if not _confirm("Rename them?" if count != 1 else "Rename it?", yes=yes):
        print("Nothing renamed.", file=sys.stderr)
        return
    with reading_progress("Renaming") as tick:
        changed = people_flow.rename(path, old, new, tick)
    plural = "s" if changed != 1 else ""
    render.say(
        f"Renamed {changed} check-out{plural} to {render.safe(new)!r}; "
        f"the previous journal is in {_backup_name(path)}."
    )
