"""One row per check-out, for spreadsheets.

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
from checkout_cli.report.exporters._common import answer_text, clean
from checkout_cli.report.numbers import number

BOM = "\ufeff"
BASE_COLUMNS = ("id", "at", "title", "with", "tags", "set", "source")
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
    seen: dict[str, None] = {}
    for entry in entries:
        for item in model.answers(entry):
            key = item.get("key")
            if isinstance(key, str) and key:
                seen.setdefault(key, None)
    return list(seen)


def _header(keys: list[str]) -> list[str]:
    names = list(BASE_COLUMNS)
    for key in keys:
        name = clean(key)
        while name in names:  # an answer key named like a base column
            name += " (answer)"
        names.append(name)
    return [neutralise(n) for n in names]


def _length_column(keys: list[str]) -> str:
    """`minutes`, last, after the answers (`minutes (length)` beside an answer so named)."""
    return "minutes (length)" if "minutes" in keys else "minutes"


def _cell(item: dict[str, Any] | None) -> str:
    if item is None:
        return ""
    value = item.get("value")
    if number(value) is not None and not item.get("note"):
        return str(int(value)) if type(value) is float and value.is_integer() else str(value)
    return neutralise(answer_text(item))


def render(data: ExportData) -> str:
    keys = question_keys(data.entries)
    found = data.summary.get("time")
    lengths = {} if found is None else found["lengths"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*_header(keys), _length_column(keys)])
    for entry in data.entries:
        by_key: dict[str, dict[str, Any]] = {}
        for item in model.answers(entry):
            by_key.setdefault(str(item.get("key")), item)
        row = [
            clean(entry.get("id")),
            clean(entry.get("at")),
            clean(entry.get("title")),
            "; ".join(clean(p) for p in model.attendees(entry)),
            "; ".join(clean(t) for t in model.tags(entry)),
            clean(entry.get("set")),
            clean(entry.get("source")),
        ]
        writer.writerow(
            [neutralise(c) for c in row]
            + [_cell(by_key.get(k)) for k in keys]
            + [_minutes(entry, lengths)]
        )
    return BOM + out.getvalue()


def _minutes(entry: dict[str, Any], lengths: dict[str, float]) -> str:
    """The meeting's length: as given at check-out, else the calendar's (report/time.py)."""
    found = model.minutes(entry)
    if found is None:
        found = lengths.get(str(entry.get("id")))
    if found is None:
        return ""
    return str(int(found)) if float(found).is_integer() else str(found)
