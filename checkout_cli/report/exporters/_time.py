"""The time section of every summary, in words the formats share: the totals as
sentences (no user text in them), the per-meeting rows, and the plain-text lines.

Each exporter wraps these in its own markup and escapes the titles its own way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checkout_cli.report.data import Summary, TimeSummary
from checkout_cli.report.exporters._common import one_line
from checkout_cli.report.numbers import decimal, two_places
from checkout_cli.report.time import NO_LENGTHS

HEADER = ("Meeting", "Meetings", "Hours", "Attendee-hours", "Not worth it", "Before")


def why_not(summary: Summary) -> str | None:
    """The one line that stands for the section when no meeting length is known."""
    return NO_LENGTHS if "time" not in summary and summary["count"] else None


def sentences(found: TimeSummary) -> list[str]:
    """`In meetings: 3.5 h (10.5 attendee-hours)`, `Not worth it: 1.0 h of 3.5 h rated
    (was 2.0 h)`, and how many check-outs had no length."""
    lines = [
        f"In meetings: {decimal(found['hours'])} h "
        f"({decimal(found['attendee_hours'])} attendee-hours)"
    ]
    was = found["previous_hours_not_worth"]
    before = f" (was {decimal(was)} h)" if was is not None else ""
    lines.append(
        f"Not worth it: {decimal(found['hours_not_worth'])} h of "
        f"{decimal(found['hours_rated'])} h rated{before}"
    )
    untimed = found["untimed"]
    if untimed:
        lines.append(f"{untimed} check-out{'' if untimed == 1 else 's'} without a meeting length")
    return lines


def rows(found: TimeSummary) -> list[tuple[str, str, str, str, str, str]]:
    """(title as given, meetings, hours, attendee-hours, not worth it, before) per meeting."""
    return [
        (
            row["title"],
            str(row["count"]),
            two_places(row["hours"]),
            two_places(row["attendee_hours"]),
            two_places(row["hours_not_worth"]),
            two_places(row["previous_hours_not_worth"]),
        )
        for row in found["series"]
    ]


def text_lines(
    summary: Summary,
    heading: Sequence[str] = ("Time", ""),
    title: Callable[[str], str] | None = None,
) -> list[str]:
    """The section as plain text (for `export --format text`): the `heading` lines, the
    sentences, one line per meeting; or the one line saying why there is none. `title`
    cleans a meeting's title for the format (default: one line, control characters
    dropped)."""
    reason = why_not(summary)
    if reason is not None:
        return [reason, ""]
    found = summary.get("time")
    if found is None:
        return []
    lines = [*heading, *sentences(found), ""]
    clean = title or one_line
    for name, count, hours, _, not_worth, _ in rows(found):
        meetings = f"{count} meeting{'' if count == '1' else 's'}"
        lines.append(
            f"- {clean(name) or '(untitled)'}: {hours} h in {meetings}, {not_worth} h not worth it"
        )
    return [*lines, ""] if found["series"] else lines
