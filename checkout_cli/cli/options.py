"""Option definitions shared by the commands, declared once."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, get_type_hints

import typer

from checkout_cli.cli import completion
from checkout_cli.flows.selection import Scope as Scope

Journal = Annotated[
    str | None,
    typer.Option(
        "--journal",
        "-j",
        metavar="FILE",
        help="Journal file to use (default: CHECKOUT_JOURNAL or the data folder).",
        show_default=False,
    ),
]
Journals = Annotated[
    list[str] | None,
    typer.Option(
        "--journal",
        "-j",
        metavar="FILE",
        help="Journal file to read; repeat to merge several (e.g. a team's shared folder).",
        show_default=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
NoPager = Annotated[
    bool, typer.Option("--no-pager", help="Print everything at once, without a pager.")
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
SetName = Annotated[
    str | None,
    typer.Option(
        "--set",
        "-s",
        metavar="NAME",
        help="Question set to use (see `checkout questions show`).",
        autocompletion=completion.set_names,
    ),
]
QuestionsFile = Annotated[
    str | None,
    typer.Option(
        "--questions",
        metavar="FILE",
        help="Questions file to use for this run only.",
        show_default=False,
    ),
]

# Periods (log, report, export).
Week = Annotated[
    str | None,
    typer.Option(
        "--week",
        "-w",
        metavar="WEEK",
        help="A week: this, last or YYYY-Www.",
        show_default=False,
        autocompletion=completion.weeks,
    ),
]
Month = Annotated[
    str | None,
    typer.Option(
        "--month",
        "-m",
        metavar="MONTH",
        help="A month: this, last or YYYY-MM.",
        show_default=False,
        autocompletion=completion.months,
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="From this date (YYYY-MM-DD, today, monday …).",
        show_default=False,
    ),
]
Until = Annotated[
    str | None,
    typer.Option(
        "--until", metavar="DATE", help="Up to and including this date.", show_default=False
    ),
]
All = Annotated[bool, typer.Option("--all", "-a", help="The whole journal.")]

# Filters (log, report, export).
Tag = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Only check-outs with this tag (repeatable).",
        show_default=False,
        autocompletion=completion.tags,
    ),
]
With = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        metavar="NAME",
        help="Only check-outs with this person (repeatable).",
        show_default=False,
        autocompletion=completion.people,
    ),
]
Title = Annotated[
    str | None,
    typer.Option(
        "--title",
        metavar="TEXT",
        help="Only meetings whose title contains this text.",
        show_default=False,
        autocompletion=completion.titles,
    ),
]
SetFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        "-s",
        metavar="NAME",
        help="Only check-outs made with this question set (repeatable).",
        show_default=False,
        autocompletion=completion.set_names,
    ),
]

EntryId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The entry's id, or the start of it.",
        autocompletion=completion.entry_ids,
    ),
]
ActionIds = Annotated[
    list[str],
    typer.Argument(
        metavar="ID",
        help="Action ids (or unique starts of them).",
        autocompletion=completion.action_ids,
    ),
]


# The options behind `Scope`, in the order help shows them.
_SCOPE_OPTIONS: dict[str, tuple[Any, Any]] = {
    "week": (Week, None),
    "month": (Month, None),
    "since": (Since, None),
    "until": (Until, None),
    "all_": (All, False),
    "tag": (Tag, None),
    "people": (With, None),
    "title": (Title, None),
    "set_name": (SetFilter, None),
}


def scoped(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the period and filter options, handed to it as one `scope: Scope`.

    Typer builds options from a function's signature and type hints, so the wrapper
    shows Typer the command's own parameters plus the shared ones, declared once here.
    """
    hints = get_type_hints(command, include_extras=True)
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "scope"]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in _SCOPE_OPTIONS.items()
    ]

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        scope = Scope(**{name: kwargs.pop(name) for name in _SCOPE_OPTIONS})
        command(*args, scope=scope, **kwargs)

    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*(p.replace(annotation=hints[p.name]) for p in own), *shared]
    )
    wrapper.__annotations__ = {
        **{p.name: hints[p.name] for p in own},
        **{name: kind for name, (kind, _) in _SCOPE_OPTIONS.items()},
        "return": None,
    }
    return wrapper
