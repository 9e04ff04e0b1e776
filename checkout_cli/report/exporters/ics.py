"""Open next steps as to-dos, each with a reminder on its due day, and (when asked
for) the period's check-outs as events (RFC 5545).

Which to-dos are in it (the user's own by default) the caller decides; the reminder
is an alarm at `ExportOptions.reminder`, local time, on the due day, written in UTC as
RFC 5545 asks of an absolute trigger, so to-do apps that ignore time zones still
ring at the right moment.

Written by hand rather than with the icalendar package: the format is small, and
this keeps the export free of a heavy import. DTSTAMP comes from the data (when the
entry was recorded, or the meeting for an action) so the same journal always
exports the same file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from checkout_cli.model import entry as model
from checkout_cli.report.exporters import ExportData
from checkout_cli.report.exporters._common import (
    action_text,
    answer_text,
    clean,
    date_name,
    one_line,
    parse_date,
    parse_dt,
    period_label,
)

PRODID = "-//checkout//checkout-cli//EN"
_LINE_OCTETS = 75
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def escape_text(value: object) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped, control characters gone."""
    text = clean(value)
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    if len(line.encode("utf-8")) <= _LINE_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, _LINE_OCTETS - 1  # the leading space takes one
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    """A UTC DATE-TIME value; a time without an offset is taken as local time."""
    at = moment.astimezone(UTC)
    return f"{at.year:04d}{at.month:02d}{at.day:02d}T{at.hour:02d}{at.minute:02d}{at.second:02d}Z"


def date_value(found: date) -> str:
    return f"{found.year:04d}{found.month:02d}{found.day:02d}"


def _moment(*values: object) -> datetime | None:
    for value in values:
        found = parse_dt(value)
        if found is not None:
            return found
    return None


def render(data: ExportData) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text('Check-outs ' + period_label(data.summary['period']))}",
    ]
    fallback = _fallback_stamp(data)
    seen: set[str] = set()
    reminder = data.options.reminder
    for action in data.open_actions:
        lines += _todo(action, fallback, seen, reminder)
    if data.options.events:
        for entry in data.entries:
            lines += _event(entry, seen)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _fallback_stamp(data: ExportData) -> datetime:
    """DTSTAMP for a component with no time of its own: the latest time in the data."""
    times = [_moment(e.get("recorded_at"), e.get("at")) for e in data.entries]
    times += [_moment(a.get("at")) for a in data.open_actions]
    known = [t.astimezone(UTC) for t in times if t is not None]
    return max(known, default=_EPOCH)


def _uid(value: object, seen: set[str]) -> str | None:
    """`<id>@checkout`, or None when the id is missing or was already exported."""
    ident = one_line(value)
    if not ident:
        return None
    uid = f"{ident}@checkout"
    if uid in seen:
        return None
    seen.add(uid)
    return uid


def alarm_moment(due: date, reminder: time) -> datetime:
    """The reminder's moment: that time of day on the due day, in the local time zone."""
    return datetime.combine(due, reminder).astimezone()


def _alarm(summary: str, due: date, reminder: time) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(summary)}",
        f"TRIGGER;VALUE=DATE-TIME:{utc_stamp(alarm_moment(due, reminder))}",
        "END:VALARM",
    ]


def _todo(
    action: dict[str, Any], fallback: datetime, seen: set[str], reminder: time | None
) -> list[str]:
    due = parse_date(action.get("due"))
    if due is None or action.get("done_at"):
        return []
    uid = _uid(action.get("id"), seen)
    if uid is None:
        return []
    about = []
    owner = one_line(action.get("owner"))
    if owner:
        about.append(f"Owner: {owner}")
    title = one_line(action.get("title"))
    if title:
        when = date_name(action.get("at"), year=True)
        about.append(f"From: {title}" + (f" ({when})" if when else ""))
    summary = one_line(action.get("text")) or "(no text)"
    lines = [
        "BEGIN:VTODO",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(_moment(action.get('at')) or fallback)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DUE;VALUE=DATE:{date_value(due)}",
        "STATUS:NEEDS-ACTION",
    ]
    if about:
        lines.append(f"DESCRIPTION:{escape_text(chr(10).join(about))}")
    entry_id = one_line(action.get("entry_id"))
    if entry_id:
        lines.append(f"RELATED-TO:{escape_text(entry_id + '@checkout')}")
    if reminder is not None:
        lines += _alarm(summary, due, reminder)
    return [*lines, "END:VTODO"]


def _event(entry: dict[str, Any], seen: set[str]) -> list[str]:
    start = parse_dt(entry.get("at"))
    if start is None:
        return []
    uid = _uid(entry.get("id"), seen)
    if uid is None:
        return []
    title = one_line(entry.get("title")) or "(untitled)"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(_moment(entry.get('recorded_at')) or start)}",
        f"DTSTART:{utc_stamp(start)}",
        "DURATION:PT30M",
        f"SUMMARY:{escape_text('Check-out: ' + title)}",
        f"DESCRIPTION:{escape_text(_description(entry))}",
    ]
    categories = [escape_text(one_line(t)) for t in model.tags(entry) if one_line(t)]
    if categories:
        lines.append(f"CATEGORIES:{','.join(categories)}")
    return [*lines, "END:VEVENT"]


def _description(entry: dict[str, Any]) -> str:
    """The answers, one per line (each next step on its own line), then who and where from."""
    lines = []
    people = [one_line(p) for p in model.attendees(entry) if one_line(p)]
    if people:
        lines.append(f"With: {', '.join(people)}")
    for item in model.answers(entry):
        question = one_line(item.get("question")) or one_line(item.get("key"))
        if item.get("kind") == "actions":
            steps = [action_text(a) for a in model.actions({"answers": [item]})]
            if steps:
                lines.append(question)
                lines += [f"- {s}" for s in steps]
            continue
        text = answer_text(item)
        if text:
            lines.append(f"{question} {text}" if question else text)
    source = one_line(entry.get("source"))
    if source:
        lines.append(f"Source: {source}")
    return "\n".join(lines)
