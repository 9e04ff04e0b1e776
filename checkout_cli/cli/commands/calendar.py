"""Calendars: `checkout calendar add/list/remove` (set-up) and `checkout pending` (review)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from checkout_cli.cli import options

calendar_app = typer.Typer(
    help="The .ics files and folders that tell checkout which meetings happened.",
    no_args_is_help=True,
)

CalendarPath = Annotated[
    str,
    typer.Argument(
        metavar="PATH", help="A .ics file or a folder of them (e.g. a vdirsyncer folder)."
    ),
]
NO_CALENDARS = "No calendars yet; add one with: checkout calendar add PATH"


@calendar_app.command("add")
def calendar_add(path: CalendarPath) -> None:
    """Add a calendar, so check-outs can be matched to its meetings.

    Examples:

      checkout calendar add ~/calendars/work.ics

      checkout calendar add ~/.local/share/vdirsyncer/calendars/work
    """
    from datetime import timedelta

    from checkout_cli.model import clock
    from checkout_cli.store import config
    from checkout_cli.store.calendars import check_calendar_path, meetings_between
    from checkout_cli.views import render
    from checkout_cli.views.warnings import warn_stderr

    resolved = check_calendar_path(path)
    settings = config.load()
    stored = settings.calendars
    if any(_same_path(str(resolved), known) for known in stored):
        render.say(f"{render.safe(resolved)} is already added; nothing changed.")
        return
    # Read it as every command will, with the same bounds, before it goes into the config.
    now = clock.now()
    seen = meetings_between(
        [resolved],
        now - timedelta(days=7),
        now,
        own_emails=settings.email,
        warn=warn_stderr,
    )
    config.save(settings.updated(calendars=[*stored, str(resolved)]))
    count = f"{len(seen)} meeting{'' if len(seen) == 1 else 's'}"
    render.say(f"Added {render.safe(resolved)}; it has {count} in the last 7 days.")


@calendar_app.command("list")
def calendar_list(as_json: options.Json = False) -> None:
    """List the calendars in use, marking any that are no longer there.

    Examples:

      checkout calendar list

      checkout calendar list --json
    """
    from pathlib import Path

    from checkout_cli.store import config
    from checkout_cli.views import render

    found = [{"path": p, "exists": Path(p).expanduser().exists()} for p in config.load().calendars]
    if as_json:
        render.print_json(found)
        return
    if not found:
        print(NO_CALENDARS, file=sys.stderr)
        return
    for item in found:
        mark = "" if item["exists"] else "  (missing)"
        print(f"{render.safe(item['path'])}{mark}")


@calendar_app.command("remove")
def calendar_remove(
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="The calendar, as added or as `list` shows it.")
    ],
) -> None:
    """Stop using a calendar (the file itself is left alone).

    Examples:

      checkout calendar remove ~/calendars/work.ics

      checkout calendar remove ~/.local/share/vdirsyncer/calendars/work
    """
    from checkout_cli.model.errors import CheckoutError
    from checkout_cli.store import config
    from checkout_cli.views import render

    settings = config.load()
    stored = settings.calendars
    kept = [known for known in stored if not _same_path(path, known)]
    if len(kept) == len(stored):
        known = ", ".join(stored) if stored else "none"
        raise CheckoutError(
            f"calendar {path} is not in use (calendars: {known}); see `checkout calendar list`"
        )
    config.save(settings.updated(calendars=kept))
    for removed in (known for known in stored if known not in kept):
        render.say(f"Removed {render.safe(removed)}.")


def pending(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="From this date or time (YYYY-MM-DD, yesterday, monday 9:00 …); default today.",
            show_default=False,
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
    from checkout_cli.store import config, paths
    from checkout_cli.views import render

    now = clock.now()
    settings = config.load()
    start = calendar_flow.since_moment(since, now)
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


def _same_path(given: str, stored: str) -> bool:
    """The same calendar, whether written as added or as stored (both resolved)."""
    from pathlib import Path

    if given == stored:
        return True
    return Path(given).expanduser().resolve() == Path(stored).expanduser().resolve()


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar", rich_help_panel="Set-up")
    app.command("pending", rich_help_panel="Review")(pending)
