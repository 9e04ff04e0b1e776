"""Record: `checkout meeting`, and `checkout followup` (the note to send its attendees)."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from checkout_cli.cli import completion, options
from checkout_cli.cli.commands import Panel
from checkout_cli.model.answers import AnswerItem

if TYPE_CHECKING:
    from checkout_cli.model.errors import MissingAnswers

panel = Panel("Record")


@panel.command()
def meeting(
    title: Annotated[
        str | None,
        typer.Argument(
            metavar="TITLE",
            help="The meeting's name; asked for (or taken from your calendar) if left out.",
            autocompletion=completion.titles,
        ),
    ] = None,
    people: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="NAME",
            help="Someone who was there (repeatable).",
            show_default=False,
            autocompletion=completion.people,
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            metavar="TAG",
            help="A tag for reports (repeatable).",
            show_default=False,
            autocompletion=completion.tags,
        ),
    ] = None,
    set_name: options.SetName = None,
    at: Annotated[
        datetime | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="When the meeting happened: ISO date or date-time, `today 15:00`, `yesterday`.",
            show_default=False,
            parser=options.parsed("--at", options.when),
        ),
    ] = None,
    answer: Annotated[
        list[AnswerItem] | None,
        typer.Option(
            "--answer",
            "-A",
            metavar="KEY=VALUE",
            help="KEY=VALUE answer for scripts (repeatable; repeat next= for several steps).",
            show_default=False,
            parser=options.parsed("--answer", options.answer),
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; missing answers are an error.")
    ] = False,
    event: Annotated[
        str | None,
        typer.Option(
            "--event",
            metavar="EVENT",
            help="Take title, people and time from a calendar event: `latest` or UID@ISO-START.",
            show_default=False,
            autocompletion=completion.events,
        ),
    ] = None,
    minutes: options.Minutes = None,
    again: options.Again = False,
    questions_file: options.QuestionsFile = None,
    journal: options.Journal = None,
    as_json: options.Json = False,
) -> None:
    """Check out of a meeting: answer the closing questions and save them.

    Examples:

      checkout meeting "Weekly sync" --with Ana --with Raj

      checkout meeting "1:1 Raj" --set one-on-one --no-input \\
        -A goals=yes -A next="Share the plan @me due:friday"

      checkout meeting --again

    A meeting checked out before (same title, any case, or same calendar series) keeps
    the set, tags and people of its latest check-out unless --set, --tag or --with say
    otherwise.
    """
    import sys

    from checkout_cli.flows.meeting import MeetingRequest, run
    from checkout_cli.model.errors import CheckoutError, MissingAnswers
    from checkout_cli.views import render
    from checkout_cli.views.receipt import after_saving, checkout_panel, checkout_text

    options.check_again(again, title, event)
    try:
        result = run(
            MeetingRequest(
                title=title,
                people=people or (),
                tags=tags or (),
                set_name=set_name,
                at=at,
                questions_file=questions_file,
                journal=journal,
                answers=answer or (),
                no_input=no_input,
                event=event,
                minutes=minutes,
                again=again,
            )
        )
    except MissingAnswers as missing:
        raise CheckoutError(_flags_for(missing)) from None
    receipt = dict(result.entry)
    with after_saving(f"check-out {receipt['id']}"):
        if as_json:
            render.print_json(receipt)
        elif sys.stdout.isatty():
            render.console().print(
                checkout_panel(
                    receipt, closed=result.closed, farewell=result.farewell, qset=result.qset
                )
            )
            if receipt.get("with"):
                render.say("Send them a note: checkout followup")
        else:
            sys.stdout.write(
                checkout_text(
                    receipt, closed=result.closed, farewell=result.farewell, qset=result.qset
                )
            )


def _flags_for(missing: "MissingAnswers") -> str:
    """Nothing may be asked: say which flags would give what is missing."""
    needs = ["a TITLE"] if missing.needs_title else []
    if missing.keys:
        needs.append(" ".join(f"--answer {key}=…" for key in missing.keys))
    reason = "--no-input was given" if missing.no_input else "input is not a terminal"
    return f"{reason} and answers are missing; pass {' and '.join(needs)}"


_FOLLOWUP_FORMATS = {"text": "text", "txt": "text", "plain": "text", "md": "md", "markdown": "md"}


def _followup_format(text: str) -> str:
    found = _FOLLOWUP_FORMATS.get(text.strip().lower())
    if found is None:
        raise typer.BadParameter(f"{text!r} is not a format; use text or md", param_hint="--format")
    return found


@panel.command()
def followup(
    entry_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="The check-out's id, or the start of it (default: the latest check-out).",
            show_default=False,
            autocompletion=completion.entry_ids,
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (default) or md.",
            parser=_followup_format,
        ),
    ] = "text",
    mailto: Annotated[
        bool,
        typer.Option(
            "--mailto",
            help="Print a mailto: URL instead, to the attendees' addresses your calendar knows.",
        ),
    ] = False,
    journal: options.Journal = None,
    as_json: options.Json = False,
) -> None:
    """Write the note to send the attendees: thanks, what was agreed, the next meeting.

    In the language of the check-out's question set.

    Examples:

      checkout followup

      checkout followup k3m9 --format md

      xdg-open "$(checkout followup --mailto)"
    """
    import sys

    from checkout_cli.flows.followup import gather
    from checkout_cli.views import followup as note
    from checkout_cli.views import render

    if mailto and fmt != "text":
        raise typer.BadParameter("--mailto writes a URL; leave out --format", param_hint="--mailto")
    found = gather(entry_id, journal)
    markdown = fmt == "md" and not mailto and not as_json
    message = note.compose(
        found.entry,
        language=found.language,
        me=found.me,
        next_meeting=found.next_meeting,
        now=found.now,
        quote=note.markdown_quote if markdown else str,
    )
    if as_json:
        render.print_json(
            {
                "id": found.entry.get("id"),
                "language": found.language,
                "to": list(found.addresses),
                "without_address": list(found.without_address),
                "subject": message.subject,
                "body": note.body_text(message),
                "mailto": note.mailto(message, found.addresses),
            }
        )
    elif mailto:
        if found.without_address:
            names = ", ".join(render.safe(name) for name in found.without_address)
            where = "your calendars" if found.has_calendars else "a calendar (none is added)"
            render.say(f"no address for {names} in {where}; add them in your mail app")
        sys.stdout.write(note.mailto(message, found.addresses) + "\n")
    elif markdown:
        sys.stdout.write(note.as_markdown(message))
    else:
        sys.stdout.write(note.as_text(message, found.language))
