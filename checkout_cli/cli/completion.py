"""Shell completion of live values: ids, tags, people, titles, sets, formats, weeks.

Completion runs on every Tab, so it reads only the end of the journal and
never prints anything but candidates: any problem means no candidates.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

RECENT = 500  # entries read from the end of the journal


def _quiet(function: Callable[..., list[str]]) -> Callable[..., list[str]]:
    """Typer reads the wrapped signature (ctx, incomplete) through functools.wraps."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> list[str]:
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


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    """Distinct values starting with what was typed (any case), most recent first."""
    wanted = incomplete.casefold()
    seen: dict[str, None] = {}
    for value in values:
        if value and value.casefold().startswith(wanted):
            seen.setdefault(value, None)
    return list(seen)


@_quiet
def entry_ids(ctx: Any, incomplete: str) -> list[str]:
    return _matching((str(e.get("id", "")) for e in reversed(_recent(ctx))), incomplete)


@_quiet
def action_ids(ctx: Any, incomplete: str) -> list[str]:
    from checkout_cli.model import entry as model

    found = [
        str(action.get("id", ""))
        for item in reversed(_recent(ctx))
        for action in model.actions(item)
    ]
    return _matching(found, incomplete)


@_quiet
def tags(ctx: Any, incomplete: str) -> list[str]:
    from checkout_cli.model import entry as model

    return _matching((t for e in reversed(_recent(ctx)) for t in model.tags(e)), incomplete)


@_quiet
def people(ctx: Any, incomplete: str) -> list[str]:
    from checkout_cli.model import entry as model

    return _matching((p for e in reversed(_recent(ctx)) for p in model.attendees(e)), incomplete)


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
