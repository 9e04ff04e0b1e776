"""Option definitions shared by the commands, declared once, and the parsers of their values.

A value is parsed at its option, by a parser for its kind (a day, a moment, a week, a
month, an answer): the core gets typed values, and a value it cannot read becomes a
usage error that names the flag (exit 2), while the core's own messages name none.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, wraps
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from click.exceptions import UsageError

from checkout_cli.cli import completion

if TYPE_CHECKING:
    from checkout_cli.flows.selection import Scope as Scope
    from checkout_cli.model.answers import AnswerItem
    from checkout_cli.model.period_names import MonthName, WeekName

Value = TypeVar("Value")


def __getattr__(name: str) -> Any:
    """`options.Scope` for the commands' type hints, imported only by those that use it."""
    if name == "Scope":
        from checkout_cli.flows.selection import Scope

        return Scope
    raise AttributeError(name)


def parsed(flag: str, parse: Callable[[str], Value]) -> Callable[[str], Value]:
    """The Typer `parser` for one flag: the core's complaint about the text, as a usage
    error that names the flag."""

    def parser(text: str) -> Value:
        from checkout_cli.model.errors import CheckoutError

        try:
            return parse(text)
        except CheckoutError as problem:
            raise typer.BadParameter(str(problem), param_hint=flag) from None

    return parser


# The parsers, one per kind of value; each imports the model only when a value comes.
def day(text: str) -> date:
    """A calendar date: ISO, today, yesterday, tomorrow, a weekday (the latest one)."""
    from checkout_cli.model import clock
    from checkout_cli.model.periods import parse_date

    return parse_date(text, clock.today())


def when(text: str) -> datetime:
    """When something happened: a day, a day and a time, or a time today; not the future."""
    from checkout_cli.model import clock
    from checkout_cli.model.periods import parse_when

    return parse_when(text, clock.now())


def moment(text: str) -> datetime:
    """The start of a look back: a day (its midnight) or a day and time; not the future."""
    from checkout_cli.model import clock
    from checkout_cli.model.periods import parse_moment

    return parse_moment(text, clock.now())


def week(text: str) -> WeekName:
    from checkout_cli.model.periods import parse_week

    return parse_week(text)


def month(text: str) -> MonthName:
    from checkout_cli.model.periods import parse_month

    return parse_month(text)


def minutes(text: str) -> int:
    from checkout_cli.model.entry import parse_minutes

    return parse_minutes(text)


def answer(text: str) -> AnswerItem:
    from checkout_cli.model.answers import parse_answer_item

    return parse_answer_item(text)


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
Minutes = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        metavar="N",
        help="How long the meeting took, in minutes (for the report's hours without a calendar).",
        show_default=False,
        parser=parsed("--minutes", minutes),
    ),
]
Again = Annotated[
    bool,
    typer.Option(
        "--again",
        help="Check out the latest meeting again: its title, set, tags and people.",
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

IncludePrivate = Annotated[
    bool,
    typer.Option(
        "--include-private",
        help="Keep the check-outs of private question sets (one-on-ones) in the export.",
    ),
]

# Periods (log, report, export); --week and --month are in `_named_periods`.
Since = Annotated[
    date | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="From this date (YYYY-MM-DD, today, monday …).",
        show_default=False,
        parser=parsed("--since", day),
    ),
]
Until = Annotated[
    date | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Up to and including this date.",
        show_default=False,
        parser=parsed("--until", day),
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

# Export layouts (export --format csv / ics).
EXPORT_ROWS = ("checkouts", "steps")


def export_rows(text: str) -> str:
    """What a CSV row is: a check-out or a next step."""
    from checkout_cli.model.errors import CheckoutError

    found = [r for r in EXPORT_ROWS if r.startswith(text.strip().lower())] if text.strip() else []
    if len(found) != 1:
        raise CheckoutError(f"use checkouts or steps, not {text!r}")
    return found[0]


Rows = Annotated[
    str,
    typer.Option(
        "--rows",
        metavar="ROWS",
        help="csv: one row per check-out (checkouts) or per next step (steps).",
        parser=parsed("--rows", export_rows),
    ),
]
Owner = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar="NAME",
        help="ics: whose to-dos: @me (default: your own), a name, or all.",
        show_default=False,
    ),
]
Events = Annotated[
    bool, typer.Option("--events", help="ics: also write each check-out as a calendar event.")
]

EntryId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The entry's id, or the start of it; last is the latest, last~1 the one before.",
        autocompletion=completion.entry_ids,
    ),
]
ActionIds = Annotated[
    list[str],
    typer.Argument(
        metavar="ID",
        help="Action ids (or unique starts of them); last:2 is the latest check-out's 2nd step.",
        autocompletion=completion.open_action_ids,
    ),
]
ActionId = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The action id (or its start; last:2 is the latest check-out's 2nd step).",
        autocompletion=completion.open_action_ids,
    ),
]


def new_due(text: str) -> str:
    """A next step's new due date as ISO text (from today on); "" for `none`, no due date
    (a parser's None would read as a missing argument)."""
    from checkout_cli.model import clock
    from checkout_cli.model.actions import is_none
    from checkout_cli.model.due import parse_due

    return "" if is_none(text) else parse_due(text, clock.today()).isoformat()


NewDue = Annotated[
    str,
    typer.Argument(
        metavar="DATE",
        help="YYYY-MM-DD, friday, next friday, +3d, eow, eom; none clears it.",
        parser=parsed("DATE", new_due),
    ),
]
# `done` completes the open steps, `reopen` the closed ones.
PickedOpenIds = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help="Action ids (or unique starts of them; last:2 is the latest check-out's 2nd "
        "step); none: pick from a list.",
        autocompletion=completion.open_action_ids,
        show_default=False,
    ),
]
PickedClosedIds = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help="Action ids (or unique starts of them; last:2 is the latest check-out's 2nd "
        "step); none: pick from a list.",
        autocompletion=completion.done_action_ids,
        show_default=False,
    ),
]


def status(text: str) -> str:
    """A step's state for `actions --status`: open, done, dropped, moved or all."""
    from checkout_cli.model.actions import STATUSES
    from checkout_cli.model.errors import CheckoutError

    word = text.strip().lower()
    if word not in (*STATUSES, "all"):
        raise CheckoutError(f"{text!r} is not one of {', '.join(STATUSES)}, all")
    return word


def due_limit(text: str) -> date:
    """The last due day `--due-before` keeps: a date, or `friday`, `eow`, `+2w` ahead."""
    from checkout_cli.model import clock
    from checkout_cli.model.actions import due_limit as parse

    return parse(text, clock.today())


Status = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATE",
        help="open (the default), done, dropped, moved or all.",
        show_default=False,
        parser=parsed("--status", status),
    ),
]
DueBefore = Annotated[
    date | None,
    typer.Option(
        "--due-before",
        metavar="DATE",
        help="Only steps due on or before DATE (YYYY-MM-DD, friday, eow, +2w …).",
        show_default=False,
        parser=parsed("--due-before", due_limit),
    ),
]


def _named_periods() -> tuple[Any, Any]:
    """--week and --month, declared with the types of their values, which are imported
    only when a command with periods is declared (a check-out does without them)."""
    from checkout_cli.model.period_names import MonthName, WeekName

    week_option = Annotated[
        WeekName | None,
        typer.Option(
            "--week",
            "-w",
            metavar="WEEK",
            help="A week: this, last or YYYY-Www.",
            show_default=False,
            autocompletion=completion.weeks,
            parser=parsed("--week", week),
        ),
    ]
    month_option = Annotated[
        MonthName | None,
        typer.Option(
            "--month",
            "-m",
            metavar="MONTH",
            help="A month: this, last or YYYY-MM.",
            show_default=False,
            autocompletion=completion.months,
            parser=parsed("--month", month),
        ),
    ]
    return week_option, month_option


@cache
def _scope_options() -> dict[str, tuple[Any, Any]]:
    """The options behind `Scope`, in the order help shows them."""
    week_option, month_option = _named_periods()
    return {
        "week": (week_option, None),
        "month": (month_option, None),
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
    The command's `scope` hint is left unread: `Scope` is imported when a command runs.
    """
    options = _scope_options()
    own = [p for p in inspect.signature(command).parameters.values() if p.name != "scope"]
    hints = {p.name: _hint(command, p.name) for p in own}
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in options.items()
    ]

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from checkout_cli.flows.selection import Scope

        values = {name: kwargs.pop(name) for name in options}
        _check_period_flags(values)
        command(*args, scope=Scope(**values), **kwargs)

    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*(p.replace(annotation=hints[p.name]) for p in own), *shared]
    )
    wrapper.__annotations__ = {
        **hints,
        **{name: kind for name, (kind, _) in options.items()},
        "return": None,
    }
    return wrapper


def _hint(function: Callable[..., Any], name: str) -> Any:
    """One parameter's type hint, evaluated in the function's module like `get_type_hints`."""
    hint = function.__annotations__[name]
    if isinstance(hint, str):
        return eval(hint, function.__globals__)  # the module's own annotation text
    return hint


_PERIOD_FLAGS = (
    ("--week", "week"),
    ("--month", "month"),
    ("--all", "all_"),
    ("--since", "since"),
    ("--until", "until"),
)


def _check_period_flags(values: dict[str, Any]) -> None:
    """One period per command: a week, a month, all time, or --since and/or --until."""
    given = [flag for flag, name in _PERIOD_FLAGS if values[name] not in (None, False)]
    exclusive = [flag for flag in given if flag in ("--week", "--month", "--all")]
    if len(exclusive) > 1 or (exclusive and len(given) > 1):
        first, second = (exclusive + [f for f in given if f not in exclusive])[:2]
        raise _usage(
            f"{first} cannot be combined with {second}; give one period "
            "(--since and --until may be used together)"
        )
    since, until = values["since"], values["until"]
    if since is not None and until is not None and since > until:
        raise _usage(
            f"--since {since.isoformat()} is after --until {until.isoformat()}; "
            "swap them or pick other dates"
        )


def check_again(again: bool, title: str | None, event: str | None) -> None:
    """`--again` names the meeting itself: a TITLE or an --event beside it would name another."""
    if again and title is not None:
        raise _usage("--again checks out the latest meeting again; leave out TITLE (or --again)")
    if again and event is not None:
        raise _usage("--again cannot be combined with --event; give one of them")


def _usage(message: str) -> UsageError:
    import click

    return UsageError(message, ctx=click.get_current_context(silent=True))


def require_values(command: Any) -> Any:
    """Make every option of `command` (and of its subcommands) that takes a value refuse an
    empty one: `--week ''` or `--title ''` asks for nothing, and would otherwise quietly
    mean "no filter" or "everything"."""
    import click

    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            param.callback = _refusing_empty(param.callback)
    for sub in getattr(command, "commands", {}).values():
        require_values(sub)
    return command


def _refusing_empty(callback: Callable[..., Any] | None) -> Callable[..., Any]:
    def check(ctx: Any, param: Any, value: Any) -> Any:
        given = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(item, str) and not item.strip() for item in given):
            raise typer.BadParameter("it needs a value; an empty one says nothing", ctx, param)
        return value if callback is None else callback(ctx, param, value)

    return check
