"""`export`: what a format needs besides the report: the questions file's columns for
CSV, and for ICS whose to-dos go in and when their reminders ring."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checkout_cli.model import clock
from checkout_cli.report.exporters import ExportOptions, Rows


@dataclass(frozen=True)
class Todos:
    """The open next steps with a due date that go into a calendar file, and how many
    others were left out for belonging to someone else."""

    chosen: list[dict[str, Any]]
    left_out: int


def options(fmt: str, *, rows: Rows = "checkouts", events: bool = False) -> ExportOptions:
    """The layout for `fmt`: the settings and questions file are read only by the formats
    that use them."""
    if fmt == "csv":
        return ExportOptions(rows=rows, question_keys=question_keys(), today=clock.today())
    if fmt == "ics":
        from checkout_cli.store import config

        return ExportOptions(events=events, reminder=config.load().reminder_at)
    return ExportOptions()


def question_keys() -> tuple[tuple[str, str], ...]:
    """(key, kind) of every question of the active questions file's sets, in file order,
    each key once: the CSV's answer columns."""
    from checkout_cli.store import question_files

    sets, _ = question_files.load()
    seen: dict[str, str] = {}
    for question_set in sets.values():
        for question in question_set.questions:
            if seen.get(question.key) != "choice":
                seen[question.key] = question.kind
    return tuple(seen.items())


def todos(journals: Sequence[Path], owner: str | None, private: Sequence[str] = ()) -> Todos:
    """The open next steps with a due date owned by `owner` (`@me`, the default: you;
    `all`: everyone's), none of them from the check-outs of the `private` sets."""
    from checkout_cli.flows import report
    from checkout_cli.flows.follow import owner_spellings

    found = report.open_actions_with_due(journals, private)
    wanted = (owner or "@me").strip()
    if wanted.casefold() == "all":
        return Todos(found, 0)
    names = {name.lstrip("@").casefold() for name in owner_spellings(wanted)}
    chosen = [a for a in found if _owner_key(a.get("owner")) in names]
    return Todos(chosen, len(found) - len(chosen))


def _owner_key(value: object) -> str | None:
    return value.lstrip("@").casefold() if isinstance(value, str) else None
