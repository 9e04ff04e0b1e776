"""Export a period's report as Markdown, plain text, JSON, CSV, HTML or iCalendar.

Cheap to import: each format lives in its own module, imported only when that
format is asked for, so `checkout --help` never pays for csv, html or json.
Every exporter is a pure function of `ExportData` to text; the CLI writes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from importlib import import_module
from typing import Any, Literal

from checkout_cli.model.errors import UsageProblem
from checkout_cli.report.data import Summary


@dataclass(frozen=True)
class Format:
    """One export format: its name, the other spellings people type, the file extensions
    that ask for it, and the module of this package that renders it (named to avoid
    clashes with the standard library)."""

    name: str
    module: str
    aliases: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()


TABLE: tuple[Format, ...] = (
    Format("md", "markdown", aliases=("markdown",), extensions=(".md", ".markdown")),
    Format("json", "json_export", extensions=(".json",)),
    Format("csv", "csv_export", extensions=(".csv",)),
    Format("html", "html_export", aliases=("htm",), extensions=(".html", ".htm")),
    Format("ics", "ics", aliases=("ical",), extensions=(".ics",)),
    Format("text", "text", aliases=("txt", "plain"), extensions=(".txt",)),
)
FORMATS: tuple[str, ...] = tuple(found.name for found in TABLE)
_BY_NAME = {name: found for found in TABLE for name in (found.name, *found.aliases)}
_BY_EXTENSION = {extension: found for found in TABLE for extension in found.extensions}


Rows = Literal["checkouts", "steps"]


@dataclass(frozen=True)
class ExportOptions:
    """How the CSV and ICS exports are laid out; the defaults are the plain, full form.

    `question_keys` are the (key, kind) pairs of the questions file's sets in file order,
    so a CSV has the same columns whatever a period holds; `today` tells which next
    steps are overdue; `reminder` is the time of day of a to-do's alarm on its due day.
    """

    rows: Rows = "checkouts"
    events: bool = False
    reminder: time | None = time(9, 0)
    question_keys: tuple[tuple[str, str], ...] = ()
    today: date | None = None


@dataclass(frozen=True)
class ExportData:
    """Everything an exporter may show: the report, the entries behind it, the open actions.

    `summary` is the report (its "period" key gives the period); `entries` are the
    period's journal entries, oldest first, each possibly carrying a "source" label;
    `open_actions` are the journal's open action items that have a due date;
    `options` the layout asked for.
    """

    summary: Summary
    entries: list[dict[str, Any]]
    open_actions: list[dict[str, Any]]
    options: ExportOptions = ExportOptions()


def guess_format(path: str) -> str | None:
    """The format a file name asks for by its extension, or None when it does not say."""
    found = _BY_EXTENSION.get(os.path.splitext(path)[1].lower())
    return None if found is None else found.name


def _format(fmt: str) -> Format:
    found = _BY_NAME.get(fmt.strip().lower())
    if found is None:
        raise UsageProblem(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return found


def canonical(fmt: str) -> str:
    """The name of the format `fmt` (a name or an alias) asks for."""
    return _format(fmt).name


def export(fmt: str, data: ExportData) -> str:
    """Render `data` in format `fmt` (one of FORMATS or an alias) and return the text to write."""
    found = _format(fmt)
    render: Callable[[ExportData], str] = import_module(f"{__name__}.{found.module}").render
    return render(data)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that the json export follows."""
    from checkout_cli.report.exporters.json_export import schema as load

    return load()
