"""One row per check-out (or, with `rows="steps"`, per next step), for spreadsheets.

The columns come from the questions file's sets, in file order, then any other answer
key the check-outs hold, in first-seen order: the same file gives the same columns
whatever a period holds, so sheets of several weeks line up. A check-out's `at` is
also split into `date` and `time` cells a spreadsheet reads as such, `minutes` holds
the meeting's length (given at check-out, else the calendar's), and a choice's note
has a column of its own (`goals note`) beside the choice.

The text starts with a UTF-8 byte order mark: without it Excel reads the file as
the local code page and mangles every accent. Rows end in CRLF (the csv module's
default), so write the text with `newline=""`. Text cells that a spreadsheet would
run as a formula (starting with =, +, -, @, tab or CR) get a leading apostrophe;
numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from checkout_cli.model import entry as model
from checkout_cli.report.exporters import ExportData
from checkout_cli.report.exporters._common import (
    answer_text,
    clean,
    one_line,
    parse_date,
    parse_dt,
)
from checkout_cli.report.numbers import number

BOM = "\ufeff"
BASE_COLUMNS = ("id", "at", "date", "time", "minutes", "title", "with", "tags", "set", "source")
STEP_COLUMNS = ("id", "text", "owner", "due", "done", "overdue", "meeting", "date")
NOTE_SUFFIX = " note"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as text instead of running it as a formula.

    The first character is NFKC-folded before the check: a spreadsheet may read a
    fullwidth `＝` (or `＋`, `－`, `＠`) as the formula sign it looks like.
    """
    import unicodedata

    first = unicodedata.normalize("NFKC", text[:1])
    return "'" + text if first.startswith(_FORMULA_START) else text


def question_keys(entries: list[dict[str, Any]]) -> list[str]:
    """Every answer key of the entries, in first-seen order."""
    return [key for key, _ in _seen_keys(entries)]


def _seen_keys(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(key, kind) of every answer of the entries, first-seen order, a choice kind winning."""
    seen: dict[str, str] = {}
    for entry in entries:
        for item in model.answers(entry):
            key = item.get("key")
            if isinstance(key, str) and key:
                kind = item.get("kind")
                if seen.get(key) != "choice":
                    seen[key] = kind if isinstance(kind, str) else ""
    return list(seen.items())


def columns(
    known: tuple[tuple[str, str], ...], entries: list[dict[str, Any]]
) -> list[tuple[str, bool]]:
    """(key, is its note) per answer column: the known keys first, then the others seen;
    a choice key is followed by its note column."""
    kinds: dict[str, str] = {}
    for key, kind in [*known, *_seen_keys(entries)]:
        if kinds.get(key) != "choice":
            kinds[key] = kind
    out: list[tuple[str, bool]] = []
    for key, kind in kinds.items():
        out.append((key, False))
        if kind == "choice":
            out.append((key, True))
    return out


def _header(base: tuple[str, ...], names: list[str]) -> list[str]:
    taken = list(base)
    for name in (clean(n) for n in names):
        while name in taken:  # an answer key named like a base column
            name += " (answer)"
        taken.append(name)
    return [neutralise(n) for n in taken]


def _cell(item: dict[str, Any] | None, *, note_apart: bool) -> str:
    """An answer's cell; with `note_apart` its note goes to the note column instead."""
    if item is None:
        return ""
    if note_apart:
        item = {k: v for k, v in item.items() if k != "note"}
    value = item.get("value")
    if number(value) is not None and not item.get("note"):
        return str(int(value)) if type(value) is float and value.is_integer() else str(value)
    return neutralise(answer_text(item))


def _note(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    return neutralise(clean(item.get("note")).strip())


def _date_time(value: object) -> tuple[str, str]:
    """The meeting's day and time of day, in the offset it was recorded in."""
    moment = parse_dt(value)
    if moment is None:
        return "", ""
    return moment.date().isoformat(), moment.strftime("%H:%M")


def render(data: ExportData) -> str:
    if data.options.rows == "steps":
        return _steps(data)
    found = data.summary.get("time")
    lengths = {} if found is None else found["lengths"]
    answer_columns = columns(data.options.question_keys, data.entries)
    names = [key + NOTE_SUFFIX if is_note else key for key, is_note in answer_columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header(BASE_COLUMNS, names))
    for entry in data.entries:
        by_key: dict[str, dict[str, Any]] = {}
        for item in model.answers(entry):
            by_key.setdefault(str(item.get("key")), item)
        choices = {key for key, is_note in answer_columns if is_note}
        on_day, at_time = _date_time(entry.get("at"))
        row = [
            clean(entry.get("id")),
            clean(entry.get("at")),
            on_day,
            at_time,
            _minutes(entry, lengths),
            clean(entry.get("title")),
            "; ".join(clean(p) for p in model.attendees(entry)),
            "; ".join(clean(t) for t in model.tags(entry)),
            clean(entry.get("set")),
            clean(entry.get("source")),
        ]
        cells = [
            _note(by_key.get(key)) if is_note else _cell(by_key.get(key), note_apart=key in choices)
            for key, is_note in answer_columns
        ]
        writer.writerow([neutralise(c) for c in row] + cells)
    return BOM + out.getvalue()


def _steps(data: ExportData) -> str:
    """One row per next step agreed in the period's check-outs, in the order agreed."""
    today = data.options.today
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STEP_COLUMNS)
    for entry in data.entries:
        meeting = one_line(entry.get("title"))
        on_day, _ = _date_time(entry.get("at"))
        for action in model.actions(entry):
            due = parse_date(action.get("due"))
            done_at = action.get("done_at")
            finished = parse_dt(done_at)
            done = finished.date().isoformat() if finished else ("yes" if done_at else "")
            overdue = not done and due is not None and today is not None and due < today
            row = [
                one_line(action.get("id")),
                one_line(action.get("text")),
                one_line(action.get("owner")),
                due.isoformat() if due else one_line(action.get("due")),
                done,
                "yes" if overdue else "",
                meeting,
                on_day,
            ]
            writer.writerow([neutralise(c) for c in row])
    return BOM + out.getvalue()


def _minutes(entry: dict[str, Any], lengths: dict[str, float]) -> str:
    """The meeting's length: as given at check-out, else the calendar's (report/time.py)."""
    found = model.minutes(entry)
    if found is None:
        found = lengths.get(str(entry.get("id")))
    if found is None:
        return ""
    return str(int(found)) if float(found).is_integer() else str(found)
