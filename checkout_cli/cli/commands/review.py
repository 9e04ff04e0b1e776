"""Review: `checkout log`, `show`, `report`, `export`, `search`, `pending`."""

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checkout_cli.cli import completion, options
from checkout_cli.cli.commands import NO_CALENDARS, Panel

if TYPE_CHECKING:
    from checkout_cli.store.calendars import Meeting

panel = Panel("Review")


@panel.command()
@options.scoped
def log(
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="How many check-outs to show.")
    ] = 20,
    *,
    scope: "options.Scope",  # read when the command runs, not when it is declared
    journal: options.Journals = None,
    as_json: options.Json = False,
    no_pager: options.NoPager = False,
) -> None:
    """List check-outs: the latest recorded, newest meeting first.

    --json prints one JSON array of entries, exactly as stored (plus "source"
    when several journals are merged).

    Examples:

      checkout log

      checkout log --week last --title sync --json
    """
    from checkout_cli.flows import selection
    from checkout_cli.views import render

    journals = selection.journal_paths(journal)
    chosen = selection.period(scope, default=None)
    match = selection.filters(scope)
    found = selection.log_entries(journals, chosen, match, limit)
    if as_json:
        render.print_json(found)
    elif not found:
        from checkout_cli.model.periods import period_phrase

        where = f" {period_phrase(chosen.label)}" if chosen else ""
        print(f"No check-outs{where}.", file=sys.stderr)
    else:
        from checkout_cli.flows.people import named_entries

        shown = list(named_entries(found, journals))  # one name a person, as everywhere
        render.emit(render.log_table(shown, show_source=len(journals) > 1), pager=not no_pager)


@panel.command()
def show(
    entry_id: options.EntryId,
    journal: options.Journal = None,
    as_json: options.Json = False,
    no_pager: options.NoPager = False,
) -> None:
    """Show one check-out in full.

    Examples:

      checkout show k3m9

      checkout show last~1 --json
    """
    from checkout_cli.flows.edit import entry_of
    from checkout_cli.store import paths
    from checkout_cli.views import render

    item = entry_of(paths.existing_journal(journal), entry_id)
    if as_json:
        render.print_json(item)
        return
    render.emit(render.entry_view(item), pager=not no_pager)


@panel.command()
@options.scoped
def report(
    *,
    scope: "options.Scope",  # read when the command runs, not when it is declared
    journal: options.Journals = None,
    questions_file: options.QuestionsFile = None,
    as_json: options.Json = False,
) -> None:
    """How the period's meetings went (default: this week).

    Each question set's figures on their own (labelled as the set asks them), the goal
    rate and worth across sets with their change against the previous period, a table
    per recurring meeting, recurring "could be better" themes and whether the step
    agreed about one worked, the next steps by owner, and the last 8 weeks.

    Examples:

      checkout report

      checkout report --week last --tag team --json
    """
    from checkout_cli.flows import report as reporting
    from checkout_cli.flows import selection
    from checkout_cli.views import render

    journals = selection.journal_paths(journal)
    chosen = selection.period(scope)
    assert chosen is not None
    match = selection.filters(scope)
    sets = reporting.question_sets(questions_file, strict=False)
    found = reporting.build(journals, chosen, match, progress=True, sets=sets)
    if as_json:
        render.print_json(found.summary)
        return
    from checkout_cli.views.report_view import render_report

    render.console().print(render_report(found.summary))


@panel.command()
@options.scoped
def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, json, csv, html, ics or text (default: from the --output extension, "
            "else md).",
            show_default=False,
            autocompletion=completion.formats,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (atomically) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    rows: options.Rows = "checkouts",
    owner: options.Owner = None,
    events: options.Events = False,
    *,
    scope: "options.Scope",  # read when the command runs, not when it is declared
    journal: options.Journals = None,
    questions_file: options.QuestionsFile = None,
    include_private: options.IncludePrivate = False,
) -> None:
    """Write the period's summary to paste or share (default: this week, Markdown).

    Safe to share: check-outs of private question sets (the one-on-ones) are left
    out, and a line on stderr says how many, unless --include-private. text is a
    plain summary for an email body. csv has one row per check-out, or with
    --rows steps one per next step. ics writes your open next steps with due
    dates as to-dos, each with a reminder on its due day (`checkout config set
    reminder 08:30`), for calendar and to-do apps; --owner NAME or --owner all
    for other people's, --events to add the period's check-outs as events.

    Examples:

      checkout export --week last --format md

      checkout export --month this -o november.html

      checkout export --all --format csv --rows steps -o steps.csv

      checkout export --format ics --owner all -o todo.ics
    """
    from checkout_cli.flows import report as reporting
    from checkout_cli.flows import selection
    from checkout_cli.report.exporters import FORMATS, ExportData, export, guess_format

    chosen_format = fmt or (guess_format(output) if output else None) or "md"
    if fmt is None and output and guess_format(output) is None:
        from checkout_cli.model.errors import UsageProblem

        raise UsageProblem(
            f"cannot tell the format from {output!r}; add --format {'|'.join(FORMATS)}"
        )
    from checkout_cli.flows import export as exporting

    chosen_format = _layout_flags(chosen_format, rows=rows, owner=owner, events=events)
    journals = selection.journal_paths(journal)
    chosen = selection.period(scope)
    assert chosen is not None
    match = selection.filters(scope)
    sets = reporting.question_sets(questions_file, strict=not include_private)
    found = reporting.build(
        journals,
        chosen,
        match,
        keep_entries=True,
        progress=True,
        sets=sets,
        leave_out_private=not include_private,
    )
    private = () if include_private else found.private
    due: list[dict[str, object]] = []
    if chosen_format == "ics":
        todos = exporting.todos(journals, owner, private)
        due = todos.chosen
        if todos.left_out:
            many = "s" if todos.left_out != 1 else ""
            print(
                f"Left out {todos.left_out} to-do{many} of other people; "
                "--owner all writes everyone's.",
                file=sys.stderr,
            )
    layout = exporting.options(
        chosen_format, rows="steps" if rows == "steps" else "checkouts", events=events
    )
    text = export(chosen_format, ExportData(found.summary, found.entries, due, layout))
    if output:
        from checkout_cli.store.files import write_output

        write_output(output, text, journals=journals)
    else:
        sys.stdout.write(text.removeprefix("\ufeff"))
    if found.left_out:
        from checkout_cli.views.report_view import left_out_line

        print(left_out_line(found.left_out, found.left_out_sets), file=sys.stderr)


@panel.command()
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


@panel.command()
def pending(
    since: Annotated[
        datetime | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="From this date or time (YYYY-MM-DD, yesterday, monday 9:00 …); default today.",
            show_default=False,
            parser=options.parsed("--since", options.moment),
        ),
    ] = None,
    journal: options.Journal = None,
    as_json: options.Json = False,
) -> None:
    """List the calendar meetings that ended without a check-out, oldest first.

    By default it looks at today and the evening before (from 17:00 on the working day
    before), so last night's meeting is still there the next morning. In a terminal it
    then offers to check one out at once, as `checkout meeting --event` would. Without a
    calendar it says how to add one and exits 0 (with --json: an empty list).

    Examples:

      checkout pending

      checkout pending --since monday --json
    """
    from checkout_cli.flows import calendar as calendar_flow
    from checkout_cli.model import clock
    from checkout_cli.store import config, paths
    from checkout_cli.views import render

    now = clock.now()
    settings = config.load()
    start = since or calendar_flow.day_start(now)
    if not settings.calendars:
        if as_json:
            render.print_json([])
        print(NO_CALENDARS, file=sys.stderr)
        return
    found = calendar_flow.waiting(settings, now, paths.existing_journal(journal), since=start)
    if as_json:
        render.print_json([calendar_flow.as_json(m) for m in found])
        return
    if not found:
        shown = f"{start:%Y-%m-%d %H:%M}".removesuffix(" 00:00")
        print(f"Nothing waiting — every meeting since {shown} is checked out.", file=sys.stderr)
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        _offer_pending(found, now, journal)
        return
    render.console().print(calendar_flow.pending_table(found))
    spec = render.safe(_quote(calendar_flow.event_spec(found[0])))
    render.say(f"To check out the first: checkout meeting --event {spec}")


def _layout_flags(fmt: str, *, rows: str, owner: str | None, events: bool) -> str:
    """The format's canonical name; a layout flag of another format is a usage error."""
    from checkout_cli.model.errors import UsageProblem
    from checkout_cli.report.exporters import canonical

    name = canonical(fmt)
    if rows != "checkouts" and name != "csv":
        raise UsageProblem("--rows is for the csv format (--format csv)")
    for flag, given in (("--owner", owner is not None), ("--events", events)):
        if given and name != "ics":
            raise UsageProblem(f"{flag} is for the ics format (--format ics)")
    return name


def _offer_pending(found: "list[Meeting]", now: datetime, journal: str | None) -> None:
    """In a terminal: the meetings waiting, newest first, and a check-out of the one picked."""
    from checkout_cli.cli.commands.record import meeting
    from checkout_cli.flows import calendar as calendar_flow
    from checkout_cli.views import render
    from checkout_cli.views.prompts import cancellable

    console = render.console()
    console.print("Meetings waiting for a check-out:", style="bold", markup=False)
    with cancellable():
        picked = calendar_flow.offer_pending(console, list(reversed(found)), now)
    if picked is None:
        spec = render.safe(_quote(calendar_flow.event_spec(found[-1])))
        render.say(f"Later: checkout meeting --event {spec}")
        return
    meeting(event=calendar_flow.event_spec(picked), journal=journal)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


@panel.command()
def people(
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """List everyone your check-outs name, with the open next steps owed each way.

    Attendees and owners, most check-outs first: how many check-outs each was in,
    the last, the open steps they own ("they owe") and the open steps you own
    from check-outs with them ("you owe them"). Spellings your alias table joins
    are one person (checkout config set alias.Ana "Ana Lima, ana@example.com").

    Examples:

      checkout people

      checkout people --json
    """
    from checkout_cli.flows import people as people_flow
    from checkout_cli.flows import selection
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    journals = selection.journal_paths(journal)
    with reading_progress("Reading the journal") as tick:
        found = people_flow.directory(
            selection.stream(journals, since=None, progress=tick), journals
        )
    if as_json:
        render.print_json([person.as_json() for person in found])
    elif not found:
        print("No people yet: name them with --with NAME or @NAME in a next step.", file=sys.stderr)
    else:
        render.console().print(_people_view().people_table(found))


@panel.command()
def tags(
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """List the tags in use, with how many check-outs have each, newest first.

    Examples:

      checkout tags

      checkout tags --json
    """
    _used("tags", journal, as_json=as_json)


@panel.command()
def titles(
    journal: options.Journals = None,
    as_json: options.Json = False,
) -> None:
    """List the meetings checked out, by title, with counts, newest first.

    Titles that differ only in case or spacing are one meeting, shown as last written.

    Examples:

      checkout titles

      checkout titles --json
    """
    _used("titles", journal, as_json=as_json)


def _used(what: str, journal: list[str] | None, *, as_json: bool) -> None:
    from checkout_cli.flows import people as people_flow
    from checkout_cli.flows import selection
    from checkout_cli.views import render
    from checkout_cli.views.progress import reading_progress

    tally = people_flow.tags if what == "tags" else people_flow.titles
    with reading_progress("Reading the journal") as tick:
        found = tally(selection.stream(selection.journal_paths(journal), since=None, progress=tick))
    if as_json:
        render.print_json([used.as_json() for used in found])
    elif not found:
        print(f"No {what} yet.", file=sys.stderr)
    else:
        render.console().print(_people_view().used_table(found, what[:-1]))


def _people_view() -> Any:
    from checkout_cli.views import people as view

    return view
