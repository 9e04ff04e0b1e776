"""Shell completion of live values: ids, tags, people, titles, sets, formats, weeks, events.

Completion runs on every Tab, so it reads only the end of the journal (the last
`RECENT` check-outs) and never prints anything but candidates: any problem means no
candidates. Values go to the shell quoted for it: bash inserts what it is given, so a
title with a space comes back as `'Weekly sync'`; zsh quotes for itself and shows each
value's description (an action's text), in the order given (newest first).
"""

from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

RECENT = 1000  # entries read from the end of the journal

Candidate = str | tuple[str, str]  # a value, or a value and its description


def _quiet(function: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """Typer reads the wrapped signature (ctx, incomplete) through functools.wraps."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> list[Any]:
        try:
            return function(*args, **kwargs)
        except Exception:  # completion must never spill an error into the shell
            return []

    return wrapper


def _journal(ctx: Any) -> Path:
    from checkout_cli.store import paths

    chosen = None
    params = getattr(ctx, "params", None) or {}
    value = params.get("journal")
    if isinstance(value, list):
        chosen = value[0] if value else None
    elif isinstance(value, str):
        chosen = value
    return paths.journal_file(chosen)


def _recent(ctx: Any) -> list[dict[str, Any]]:
    from checkout_cli.store.journal import Journal

    return Journal(_journal(ctx), warn=lambda message: None).tail(RECENT)


def _printable(text: str) -> str:
    """One line of text a terminal shows as it is: controls become spaces, runs one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    """Distinct values starting with what was typed (any case), most recent first; a value
    a terminal would not show as it is (a control character) is left out."""
    wanted = incomplete.casefold()
    seen: dict[str, None] = {}
    for value in values:
        if value and value.casefold().startswith(wanted) and value.isprintable():
            seen.setdefault(value, None)
    return list(seen)


@_quiet
def entry_ids(ctx: Any, incomplete: str) -> list[str]:
    return _matching((str(e.get("id", "")) for e in reversed(_recent(ctx))), incomplete)


def _action_ids(ctx: Any, incomplete: str, *, open_: bool | None) -> list[Candidate]:
    """Action ids, newest check-out first, each with its text; only the open ones or
    only the done ones when `open_` says so."""
    from checkout_cli.model import entry as model
    from checkout_cli.model.actions import ActionItem

    texts: dict[str, str] = {}
    for item in reversed(_recent(ctx)):
        for action in model.actions(item):
            step = ActionItem.of(action, item)
            if step.id and (open_ is None or step.is_open == open_):
                texts.setdefault(step.id, _printable(step.text))
    return [(found, texts[found]) for found in _matching(texts, incomplete)]


@_quiet
def action_ids(ctx: Any, incomplete: str) -> list[Candidate]:
    return _action_ids(ctx, incomplete, open_=None)


@_quiet
def open_action_ids(ctx: Any, incomplete: str) -> list[Candidate]:
    """For `done`: the steps still open."""
    return _action_ids(ctx, incomplete, open_=True)


@_quiet
def done_action_ids(ctx: Any, incomplete: str) -> list[Candidate]:
    """For `reopen`: the steps already done."""
    return _action_ids(ctx, incomplete, open_=False)


@_quiet
def events(ctx: Any, incomplete: str) -> list[Candidate]:
    """For `--event`: `latest`, then the calendar meetings that just ended without a
    check-out, newest first, each as UID@START with its title and time."""
    from checkout_cli.flows import calendar
    from checkout_cli.model import clock
    from checkout_cli.store import config

    settings = config.load()
    if not settings.calendars:
        return []
    now = clock.now()
    found = calendar.waiting(settings, now, _journal(ctx), since=now - calendar.LATEST_WINDOW)
    today = now.astimezone().date()
    described = {
        calendar.event_spec(m): _printable(f"{m.title}  {calendar.span(m, today=today)}")
        for m in reversed(found)
    }
    chosen: list[Candidate] = []
    if found and "latest".startswith(incomplete.casefold()):
        chosen.append(("latest", _printable(f"the latest: {found[-1].title}")))
    chosen += [(spec, described[spec]) for spec in _matching(described, incomplete)]
    return chosen


@_quiet
def tags(ctx: Any, incomplete: str) -> list[str]:
    from checkout_cli.model import entry as model

    return _matching((t for e in reversed(_recent(ctx)) for t in model.tags(e)), incomplete)


@_quiet
def people(ctx: Any, incomplete: str) -> list[str]:
    from checkout_cli.flows.people import current
    from checkout_cli.model import entry as model

    person = current().person  # one name a person: the alias table's
    found = (person(p) for e in reversed(_recent(ctx)) for p in model.attendees(e))
    return _matching(found, incomplete)


@_quiet
def titles(ctx: Any, incomplete: str) -> list[str]:
    return _matching((str(e.get("title", "")) for e in reversed(_recent(ctx))), incomplete)


@_quiet
def set_names(ctx: Any, incomplete: str) -> list[str]:
    from checkout_cli.store import question_files

    params = getattr(ctx, "params", None) or {}
    sets, _ = question_files.load(params.get("questions_file"))
    return _matching(sets, incomplete)


@_quiet
def formats(incomplete: str) -> list[str]:
    from checkout_cli.report.exporters import FORMATS

    return _matching(FORMATS, incomplete)


@_quiet
def weeks(incomplete: str) -> list[str]:
    from datetime import timedelta

    from checkout_cli.model import clock

    today = clock.today()
    recent = []
    for back in range(0, 12):
        year, week, _ = (today - timedelta(weeks=back)).isocalendar()
        recent.append(f"{year}-W{week:02d}")
    return _matching(["this", "last", *recent], incomplete)


@_quiet
def months(incomplete: str) -> list[str]:
    from checkout_cli.model import clock

    today = clock.today()
    recent = []
    year, month = today.year, today.month
    for _ in range(12):
        recent.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return _matching(["this", "last", *recent], incomplete)


# --- the shells ------------------------------------------------------------------------


def bash_word(value: str, typed: str) -> str:
    """`value` as bash should insert it in place of the word being typed: quoted when it
    holds a space or anything the shell reads (also `:` and `=`, where bash splits words),
    and, inside a quote the person opened, escaped for that quote (bash closes it)."""
    opened = typed[:1]
    if opened == "'":
        return value.replace("'", "'\\''")
    if opened == '"':
        return "".join("\\" + c if c in '"\\$`' else c for c in value)
    if value and all(c.isalnum() or c in "@%+,./_-" for c in value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"


def zsh_script(values: list[tuple[str, str | None]]) -> str:
    """The zsh code Typer's completion function evaluates: the values with their
    descriptions, in the order given (`_describe -V` does not sort them)."""

    def quoted(text: str) -> str:
        return "'" + text.replace("'", "'\\''") + "'"

    items = []
    for value, help_text in values:
        item = value.replace("\\", "\\\\").replace(":", "\\:")
        if help_text:
            item += ":" + _printable(help_text)
        items.append(quoted(item))
    return (
        f"local -a _checkout_values; _checkout_values=({' '.join(items)}); "
        "_describe -V -t values value _checkout_values"
    )


def use_our_shells() -> None:
    """Put our bash and zsh formats in place of Typer's, for the scripts Typer installs
    (`checkout --install-completion`, `--show-completion`): bash gets quoted values, zsh
    unsorted values with descriptions, and neither loads Rich on a Tab. Typer's own
    classes (registered when Typer builds the command) stay the base, so the scripts
    users installed keep working."""
    import os

    from click.shell_completion import add_completion_class, get_completion_class

    typer_bash: Any = get_completion_class("bash")
    typer_zsh: Any = get_completion_class("zsh")

    def bash(self: Any) -> str:
        args, incomplete = self.get_completion_args()
        words = os.environ.get("COMP_WORDS", "").split("\n")
        at = int(os.environ.get("COMP_CWORD", "0") or 0)
        typed = words[at] if 0 <= at < len(words) else ""
        found = _any_case(self, args, incomplete)
        return "\n".join(bash_word(item.value, typed) for item in found)

    def zsh(self: Any) -> str:
        args, incomplete = self.get_completion_args()
        found = _any_case(self, args, incomplete)
        if not found:
            return "_files"
        return zsh_script([(str(item.value), item.help) for item in found])

    add_completion_class(type("Bash", (typer_bash,), {"complete": bash}), "bash")
    add_completion_class(type("Zsh", (typer_zsh,), {"complete": zsh}), "zsh")


def _any_case(shell: Any, args: list[str], incomplete: str) -> list[Any]:
    """The candidates for `incomplete`, in any case when none match it exactly (`w`
    finds "Weekly sync"): Click keeps only values that start with what was typed, so
    the values are asked for with nothing typed and matched here. Options (`-…`) and
    file names are left to Click."""
    found = list(shell.get_completions(args, incomplete))
    if found or not incomplete or incomplete.startswith("-"):
        return found
    wanted = incomplete.casefold()
    every = shell.get_completions(args, "")
    return [
        item
        for item in every
        if item.type == "plain" and str(item.value).casefold().startswith(wanted)
    ]
