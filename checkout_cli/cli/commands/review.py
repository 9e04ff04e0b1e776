"""Review: `checkout log`, `show`, `report`, `export`, `search`, `pending`."""

import sys
from datetime import datetime
from typing import Annotated

import typer

from checkout_cli.cli import completion, options
from checkout_cli.cli.commands import NO_CALENDARS, Panel

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
        render.emit(render.log_table(found, show_source=len(journals) > 1), pager=not no_pager)


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

      checkout show k3m9 --json
    """
    from checkout_cli.store import paths
    from checkout_cli.store.journal import Journal
    from checkout_cli.views import render
    from checkout_cli.views.warnings import warn_stderr

    item = Journal(paths.existing_journal(journal), warn=warn_stderr).find(entry_id)
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
    *,
    scope: "options.Scope",  # read when the command runs, not when it is declared
    journal: options.Journals = None,
    questions_file: options.QuestionsFile = None,
    include_private: options.IncludePrivate = False,
) -> None:
    """Write the period's summary to paste or share (default: this week, Markdown).

    Safe to share: check-outs of private question sets (the one-on-ones) are left
    out, and a line on stderr says how many, unless --include-private. text is a
    plain summary for an email body. ics writes open next steps with due dates as
    to-dos and the period's check-outs as events, for calendar and to-do apps.

    Examples:

      checkout export --week last --format md

      checkout export --month this -o november.html
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
    due = reporting.open_actions_with_due(journals, private) if chosen_format == "ics" else []
    text = export(chosen_format, ExportData(found.summary, found.entries, due))
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

    Without a calendar it says how to add one and exits 0 (with --json: an empty list).

    Examples:

      checkout pending

      checkout pending --since monday --json
    """
    from checkout_cli.flows import calendar as calendar_flow
    from checkout_cli.model import clock
    from checkout_cli.model.periods import local_midnight
    from checkout_cli.store import config, paths
    from checkout_cli.views import render

    now = clock.now()
    settings = config.load()
    start = since or local_midnight(now.astimezone().date())
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
    render.console().print(calendar_flow.pending_table(found))
    spec = render.safe(_quote(calendar_flow.event_spec(found[0])))
    render.say(f"To check out the first: checkout meeting --event {spec}")


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
