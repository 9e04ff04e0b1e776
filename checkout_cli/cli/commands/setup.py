"""Set-up: `checkout paths`, `questions …`, `config …`, `calendar …`, `merge-journals`."""

import sys
from typing import Annotated

import typer

from checkout_cli.cli import options
from checkout_cli.cli.commands import NO_CALENDARS, Panel

panel = Panel("Set-up")

questions_app = typer.Typer(help="See, copy and locate the question sets.", no_args_is_help=True)
config_app = typer.Typer(help="See and change your settings (config.toml).", no_args_is_help=True)


@questions_app.command("show")
def questions_show(
    set_name: options.SetName = None,
    questions_file: options.QuestionsFile = None,
    as_json: options.Json = False,
) -> None:
    """Show the question sets in use (or one of them).

    Examples:

      checkout questions show

      checkout questions show --set one-on-one
    """
    from checkout_cli.model import questions
    from checkout_cli.store import question_files
    from checkout_cli.views import render

    sets, source = question_files.load(questions_file)
    chosen = [questions.pick(sets, set_name, source)] if set_name else list(sets.values())
    if as_json:
        render.print_json({"file": str(source), "sets": [questions.as_dict(s) for s in chosen]})
        return
    render.console().print(render.question_sets(chosen, source))


@questions_app.command("init")
def questions_init(
    force: Annotated[bool, typer.Option("--force", help="Overwrite your existing copy.")] = False,
) -> None:
    """Copy the default questions to your config folder, to edit them.

    Examples:

      checkout questions init

      checkout questions init --force
    """
    from checkout_cli.store import question_files
    from checkout_cli.views import render

    target = question_files.init_user_copy(force=force)
    render.say(f"Wrote {render.safe(target)}; edit it to change your questions.")


@questions_app.command("path")
def questions_path(questions_file: options.QuestionsFile = None) -> None:
    """Print the path of the questions file in use.

    Examples:

      checkout questions path

      $EDITOR "$(checkout questions path)"
    """
    from checkout_cli.store import question_files

    print(question_files.active_file(questions_file))


@config_app.command("show")
def config_show(as_json: options.Json = False) -> None:
    """Show your settings and where they are kept.

    Examples:

      checkout config show

      checkout config show --json
    """
    from checkout_cli.store import config, paths
    from checkout_cli.views import render

    data = config.load().as_dict()
    if as_json:
        render.print_json(data)
        return
    print(f"# {render.safe(paths.config_file())}")
    if not data:
        print("# no settings yet; try: checkout config set name Ana")
        return
    import tomli_w

    # A hand-edited value may hold C1 controls or bidi overrides, which TOML leaves as they are.
    print(render.safe(tomli_w.dumps(data), multiline=True), end="")


@config_app.command("set")
def config_set(
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY",
            help="name, week_start, email, carry_over_weeks, reminder or alias.NAME.",
        ),
    ],
    values: Annotated[
        list[str],
        typer.Argument(metavar="VALUE", help="The value (several e-mail addresses allowed)."),
    ],
) -> None:
    """Change one setting.

    Examples:

      checkout config set week_start sunday

      checkout config set email ana@example.com ana@home.example

      checkout config set reminder 08:30

      checkout config set alias.Ana "Ana Lima, ana@example.com"
    """
    from checkout_cli.store import config
    from checkout_cli.views import render

    settings = config.set_value(key, values)
    if key.startswith("alias."):
        name = " ".join(key.removeprefix("alias.").split())
        spellings = settings.alias.get(name)
        said = f"alias.{name} = {', '.join(spellings)}" if spellings else f"alias.{name} removed"
        render.say(render.safe(said))
        return
    data = settings.as_dict()
    shown = data[key] if not isinstance(data[key], list) else ", ".join(data[key])
    render.say(f"{key} = {render.safe(shown)}")


@panel.command("paths")
def paths_command(as_json: options.Json = False) -> None:
    """Show where the config, questions and journal are.

    Examples:

      checkout paths

      checkout paths --json
    """
    from checkout_cli.store import paths, question_files
    from checkout_cli.views import render

    found = {
        "config": str(paths.config_file()),
        "questions": str(question_files.active_file()),
        "journal": str(paths.journal_file()),
        "data": str(paths.data_dir()),
    }
    if as_json:
        render.print_json(found)
        return
    width = max(map(len, found))
    for name, value in found.items():
        print(f"{name:<{width}}  {value}")


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


def _same_path(given: str, stored: str) -> bool:
    """The same calendar, whether written as added or as stored (both resolved)."""
    from pathlib import Path

    if given == stored:
        return True
    return Path(given).expanduser().resolve() == Path(stored).expanduser().resolve()


panel.group("questions", questions_app)
panel.group("config", config_app)
panel.group("calendar", calendar_app)


@panel.command("merge-journals")
def merge_journals(
    base: Annotated[str, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[
        str, typer.Argument(metavar="OURS", help="Our version, which gets the result (%A).")
    ],
    theirs: Annotated[str, typer.Argument(metavar="THEIRS", help="Their version (%B).")],
) -> None:
    """Merge two versions of a journal: git's merge driver for journals.

    Check-outs are matched by id: one added on either side is kept once, a
    change or a deletion on one side is taken, and the result is sorted by when
    each was recorded. Exits 1, with both versions between conflict markers,
    only when both sides changed the same check-out differently. Set it up once
    per clone, and name it in .gitattributes.

    Examples:

      git config merge.checkout-journal.driver "checkout merge-journals %O %A %B"

      echo '*.jsonl merge=checkout-journal' >> .gitattributes
    """
    from pathlib import Path

    from checkout_cli.store.journal_merge import merge_journal_files

    conflicts = merge_journal_files(Path(base), Path(ours), Path(theirs))
    if conflicts:
        print(
            f"checkout: {conflicts} check-out{'s were' if conflicts != 1 else ' was'} changed "
            "on both sides; both versions are in the journal between conflict markers: "
            "keep one of each and remove the markers",
            file=sys.stderr,
        )
        raise typer.Exit(1)
