"""Export a period's report as Markdown, JSON, CSV, HTML or iCalendar.

Cheap to import: each format lives in its own module, imported only when that
format is asked for, so `checkout --help` never pays for csv, html or json.
Every exporter is a pure function of `ExportData` to text; the CLI writes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from checkout_cli.model.errors import UsageProblem
from checkout_cli.report.data import Summary

FORMATS: tuple[str, ...] = ("md", "json", "csv", "html", "ics")

# format name -> module in this package that renders it (named to avoid stdlib clashes)
_MODULES: dict[str, str] = {
    "md": "markdown",
    "json": "json_export",
    "csv": "csv_export",
    "html": "html_export",
    "ics": "ics",
}

# Spellings people type that mean one of FORMATS.
_ALIASES: dict[str, str] = {"markdown": "md", "htm": "html", "ical": "ics"}

_EXTENSIONS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".ics": "ics",
}


@dataclass(frozen=True)
class ExportData:
    """Everything an exporter may show: the report, the entries behind it, the open actions.

    `summary` is the report (its "period" key gives the period); `entries` are the
    period's journal entries, oldest first, each possibly carrying a "source" label;
    `open_actions` are the journal's open action items that have a due date.
    """

    summary: Summary
    entries: list[dict[str, Any]]
    open_actions: list[dict[str, Any]]


def guess_format(path: str) -> str | None:
    """The format a file name asks for by its extension, or None when it does not say."""
    extension = os.path.splitext(path)[1].lower()
    return _EXTENSIONS.get(extension)


def export(fmt: str, data: ExportData) -> str:
    """Render `data` in format `fmt` (one of FORMATS) and return the text to write."""
    name = fmt.strip().lower()
    name = _ALIASES.get(name, name)
    module_name = _MODULES.get(name)
    if module_name is None:
        raise UsageProblem(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    render: Callable[[ExportData], str] = import_module(f"{__name__}.{module_name}").render
    return render(data)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that the json export follows."""
    from checkout_cli.report.exporters.json_export import schema as load

    return load()
