"""Follow-through: `checkout actions`, `done`, `reopen`, `drop`, `due`, `assign`, `remind`;
corrections: `edit`, `delete`, `link`, `check`."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checkout_cli.cli import completion, options
from checkout_cli.cli.commands import Panel

if TYPE_CHECKING:
    from checkout_cli.model.actions import Change

panel = Panel("Follow-through")


@panel.command()
@options.scoped
def actions(
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="NAME", help="Only items owned by NAME (@me for you)."),
    ] = None,
    status: options.Status = None,
    due_before: options.DueBefore = None,
    *,
    scope: "options.Scope",  # read when the command runs, not when it is declared
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """List open next steps, overdue first.

    Periods and filters pick the check-outs the steps were agreed in (by the
    meeting's date); --all lists closed steps too (as --status all; a moved
    step shows once, as the step it became).

    Examples:

      checkout actions

      checkout actions --owner @me --due-before friday

      checkout actions --week last --with Ana --status all --json
    """
    from checkout_cli.flows import follow as items
    from checkout_cli.flows import people, selection
    from checkout_cli.model import clock
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    today = clock.today()
    journals = selection.journal_paths(journal)
    chosen = selection.period(scope, default=None)
    statuses = items.statuses(status, every=scope.all_)
    with reading_progress("Reading the journal") as tick:
        found = items.select(
            people.named_items(
                items.agreed_in(journals, chosen, selection.filters(scope), progress=tick),
                journals,
            ),
            today=today,
            owners=items.owner_spellings(owner),
            statuses=statuses,
            due_by=due_before,
        )
    if as_json:
        render.print_json([item.as_json() for item in found])
    elif not found:
        narrowed = chosen is not None or owner or due_before or selection.filters(scope).active
        if statuses is None and not narrowed:
            print("No open next steps. Nice.", file=sys.stderr)
        else:
            print("No next steps match.", file=sys.stderr)
    else:
        render.console().print(render.actions_table(found, today=today))


@panel.command()
def done(
    ids: options.PickedOpenIds = None,
    journal: options.Journal = None,
) -> None:
    """Mark next steps as done (no id: pick them from the open ones).

    Examples:

      checkout done k3m9qzab-1

      checkout done last:2 k3m9qzab-1

      checkout done
    """
    from checkout_cli.model.actions import Change

    _change(ids or _pick(journal, "mark done", closed=False), journal, Change(to="done"))


@panel.command()
def reopen(
    ids: options.PickedClosedIds = None,
    journal: options.Journal = None,
) -> None:
    """Open a done or dropped next step again (no id: pick from the latest closed).

    Examples:

      checkout reopen k3m9qzab-1
    """
    from checkout_cli.model.actions import Change

    _change(ids or _pick(journal, "reopen", closed=True), journal, Change(to="open"))


@panel.command()
def drop(
    ids: options.ActionIds,
    reason: Annotated[
        str | None,
        typer.Option("--reason", "-r", metavar="TEXT", help="Why it is dropped (kept with it)."),
    ] = None,
    journal: options.Journal = None,
) -> None:
    """Drop next steps nobody will do (they stop being listed and reminded).

    Examples:

      checkout drop k3m9qzab-2 --reason "the offsite is cancelled"

      checkout drop last:1 last:3
    """
    from checkout_cli.model import limits
    from checkout_cli.model.actions import Change

    text = reason.strip() if reason else None
    if text:
        limits.check("the reason", text, limits.NOTE)
    _change(ids, journal, Change(to="dropped", reason=text or None))


@panel.command()
def due(
    action_id: options.ActionId,
    when: options.NewDue,
    journal: options.Journal = None,
) -> None:
    """Give a next step a new due date.

    Examples:

      checkout due k3m9qzab-1 friday

      checkout due last:2 2026-12-15
    """
    from checkout_cli.model.actions import Change

    _change([action_id], journal, Change(due=when or None))


@panel.command()
def assign(
    action_id: options.ActionId,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Who owns it now (@me for you; none clears it).")
    ],
    journal: options.Journal = None,
) -> None:
    """Give a next step a new owner.

    Examples:

      checkout assign k3m9qzab-1 Raj

      checkout assign last:1 @me
    """
    from checkout_cli.model.actions import Change, owner_name
    from checkout_cli.store import config

    _change([action_id], journal, Change(owner=owner_name(name, me=config.load().me)))


@panel.command()
def remind(
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """Your next steps due today or overdue; nothing at all when none is.

    Made for a shell start-up file or a timer of your own: quick, exit 0, and
    quiet on a clear day. "You" is the name in your config (or me).

    Examples:

      checkout remind

      checkout remind --json
    """
    from checkout_cli.flows import follow as items
    from checkout_cli.flows import selection
    from checkout_cli.model import clock

    today = clock.today()
    found = items.due_for_me(selection.journal_paths(journal), today)
    if as_json:
        from checkout_cli.views import render

        render.print_json([item.as_json() for item in found])
    elif found:
        from checkout_cli.views import render

        print("\n".join(render.remind_lines(found, today=today)))


def _pick(journal: str | None, verb: str, *, closed: bool) -> list[str]:
    """The ids a person picks from a numbered list; without a terminal, what to pass."""
    from checkout_cli.flows import follow as items
    from checkout_cli.model import clock
    from checkout_cli.model.errors import UsageProblem
    from checkout_cli.store import paths
    from checkout_cli.views import editor, render
    from checkout_cli.views.progress import reading_progress
    from checkout_cli.views.prompts import pick_items

    command = "done" if not closed else "reopen"
    if not editor.stdin_is_terminal():
        raise UsageProblem(
            f"no id given and no terminal to pick one in; pass the ids: checkout {command} "
            "ID... (`checkout actions` lists them; last:1 is the latest check-out's first step)"
        )
    path = paths.existing_journal(journal)
    with reading_progress("Reading the journal") as tick:
        offered = items.pickable(path, today=clock.today(), closed=closed, progress=tick)
    if not offered:
        render.say("No closed next steps to reopen." if closed else "No open next steps. Nice.")
        raise typer.Exit(0)
    chosen = pick_items(render.console(stderr=True), offered, verb=verb, today=clock.today())
    if not chosen:
        render.say("Nothing changed.")
        raise typer.Exit(0)
    return [item.id for item in chosen]


def _change(ids: list[str], journal: str | None, change: "Change") -> None:
    from checkout_cli.flows import follow as items
    from checkout_cli.model import clock
    from checkout_cli.store import paths
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with reading_progress("Updating the journal") as tick:
        changed = items.change_items(path, ids, change, now=clock.now(), progress=tick)
    for marked in changed:
        item = marked.item
        note = ""
        if marked.moved_from:
            note += f"  ({render.safe(marked.moved_from)} was moved to it)"
        if not marked.changed:
            note += "  (unchanged)" if change.to is None else f"  (already {item.status})"
        extra = ""
        if item.status == "dropped" and item.reason:
            extra = f"  (dropped: {render.safe(item.reason)})"
        line = f"{render.step_mark(item)} {render.safe(item.id)}  {render.step_line(item)}"
        render.say(f"{line}{extra}{note}")


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
def link(
    entry_id: options.EntryId,
    event: Annotated[
        str,
        typer.Argument(
            metavar="EVENT",
            help="The calendar meeting: `latest`, a UID or UID@START (as `checkout pending` "
            "shows it).",
        ),
    ],
    yes: options.Yes = False,
    journal: options.Journal = None,
) -> None:
    """Attach a check-out to a calendar meeting, so it counts for that one (asks first).

    The check-out keeps its title, people and answers; it gets the meeting's event and
    start time. The journal as it was is kept beside it as journal.jsonl.bak.

    Examples:

      checkout link k3m9 sync@example.org@2026-11-16T10:00:00+01:00

      checkout link k3m9qzab latest --yes
    """
    from checkout_cli.flows import calendar as calendar_flow
    from checkout_cli.flows import edit as edit_flow
    from checkout_cli.model import clock
    from checkout_cli.store import config, paths
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    path = paths.existing_journal(journal)
    with reading_progress("Finding the check-out") as tick:
        item = edit_flow.find(path, entry_id, tick)
    meeting = calendar_flow.resolve_event(event, config.load(), clock.now(), path)
    calendar_flow.check_link(item, meeting)
    print(edit_flow.summary_line(item), file=sys.stderr)
    when = calendar_flow.span(meeting)
    print(f"  -> {render.safe(meeting.title)}  {when}", file=sys.stderr)
    if not _confirm("Link this check-out to that meeting?", yes=yes):
        print("Nothing changed.", file=sys.stderr)
        return
    with reading_progress("Saving") as tick:
        saved = calendar_flow.link(path, item, meeting)
    linked = render.safe(item.get("id", ""))
    if saved is None:
        print(f"{linked} was already linked to that meeting; nothing changed.", file=sys.stderr)
        return
    print(f"Linked {linked}; the previous journal is in {_backup_name(path)}.", file=sys.stderr)


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
