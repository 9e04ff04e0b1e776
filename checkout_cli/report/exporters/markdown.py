"""The weekly summary as Markdown (CommonMark plus GitHub tables and task lists).

Made to be pasted into an email or a wiki page unedited, so user text is escaped to
stay text: a title with `|` stays in its cell, an answer of `# x` is not a heading,
`*x*` is not emphasis. Newlines inside an answer become a single space, everywhere,
so an answer never breaks a table row or a list item.
"""

from __future__ import annotations

import re
from typing import Any

from checkout_cli.report.exporters import ExportData
from checkout_cli.report.exporters._common import (
    NONE,
    TRENDS,
    choice_parts,
    count,
    coverage,
    day,
    dicts,
    fmt_change,
    fmt_num,
    fmt_pct,
    minute,
    number,
    one_line,
    parse_date,
    period,
    period_label,
    period_range,
    questions,
)

# Characters that start inline structure (code, emphasis, links, HTML, tables,
# strikethrough, headings): backslash-escaped wherever they appear.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
# `&copy;`, `&#42;`: an entity would turn into another character.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# `1.` or `1)` at the start of a block would open an ordered list.
_ORDERED = re.compile(r"^(\d+)([.)])")


def esc(value: object) -> str:
    """User text as inline Markdown that renders as exactly those characters, on one line."""
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", one_line(value)))
    ordered = _ORDERED.match(text)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{text[ordered.end() :]}"
    if text[:1] in ("-", "+", "="):
        return "\\" + text
    return text


def _title(value: object) -> str:
    return esc(value) or "(untitled)"


def render(data: ExportData) -> str:
    summary = data.summary
    label = period_label(summary)
    lines = [f"# Check-outs: {esc(label)}", ""]
    days = period_range(period(summary))
    if days != label:
        lines += [esc(days), ""]
    if count(summary.get("count")) == 0:
        lines += ["No check-outs in this period.", ""]
    else:
        lines += _headline(summary)
        lines += _meetings(summary)
        lines += _improvements(summary)
        lines += _themes(summary)
        lines += _next_steps(summary)
    lines += _calendar(summary)
    return "\n".join(lines).rstrip("\n") + "\n"


def _headline(summary: dict[str, Any]) -> list[str]:
    lines = [f"- **Check-outs:** {count(summary.get('count'))}"]
    for key, question in questions(summary).items():
        kind = question.get("kind")
        answered = count(question.get("n"))
        if answered == 0:
            continue
        if kind == "choice":
            shares = " · ".join(
                f"{esc(choice)} {n} ({fmt_pct(share)})"
                for choice, n, share in choice_parts(question)
            )
            name = (
                "**Goals met:**"
                if key == "goals"
                else f"**{esc(question.get('text')) or esc(key)}**"
            )
            lines.append(f"- {name} {shares or NONE}")
        elif kind == "scale":
            mean = f"{fmt_num(question.get('mean'))}"
            change = fmt_change(question.get("change"))
            if change:
                mean += f" ({change} from {fmt_num(question.get('previous_mean'))})"
            name = (
                "**Mean worth:**"
                if key == "worth"
                else f"**{esc(question.get('text')) or esc(key)}**"
            )
            lines.append(f"- {name} {mean}")
    return [*lines, ""]


def _meetings(summary: dict[str, Any]) -> list[str]:
    meetings = dicts(summary.get("meetings"))
    if not meetings:
        return []
    lines = [
        "## Meetings",
        "",
        "| Meeting | Check-outs | Goals met | Mean worth | Trend |",
        "| :-- | --: | --: | --: | :-- |",
    ]
    for meeting in meetings:
        trend = str(meeting.get("trend") or "")
        shown = TRENDS.get(trend, NONE)
        previous = meeting.get("previous_mean_worth")
        if trend in ("up", "down", "flat") and number(previous) is not None:
            shown += f" (was {fmt_num(previous)})"
        cells = [
            _title(meeting.get("title")),
            str(count(meeting.get("count"))),
            fmt_pct(meeting.get("goal_rate")),
            fmt_num(meeting.get("mean_worth")),
            shown,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _improvements(summary: dict[str, Any]) -> list[str]:
    items = [i for i in dicts(summary.get("improvements")) if one_line(i.get("text"))]
    if not items:
        return []
    lines = ["## Could be better", ""]
    for item in items:
        when = day(item.get("at"))
        dated = f" ({esc(when)})" if when else ""
        lines.append(f"- **{_title(item.get('title'))}**{dated}: {esc(item.get('text'))}")
    return [*lines, ""]


def _themes(summary: dict[str, Any]) -> list[str]:
    themes = [t for t in dicts(summary.get("themes")) if one_line(t.get("phrase"))]
    if not themes:
        return []
    lines = ["## Recurring themes", ""]
    lines += [f"- {esc(t.get('phrase'))} ({count(t.get('count'))}×)" for t in themes]
    return [*lines, ""]


def _next_steps(summary: dict[str, Any]) -> list[str]:
    actions = dicts(summary.get("actions"))
    if not actions:
        return []
    lines = ["## Next steps", ""]
    for action in actions:
        box = "[x]" if action.get("done_at") else "[ ]"
        details = []
        owner = esc(action.get("owner"))
        if owner:
            details.append(f"@{owner}")
        due = parse_date(action.get("due"))
        if due:
            details.append(f"due {due.isoformat()}")
        text = esc(action.get("text")) or "(no text)"
        suffix = f" — {', '.join(details)}" if details else ""
        title = esc(action.get("title"))
        meeting = f" · {title}" if title else ""
        lines.append(f"- {box} {text}{suffix}{meeting}")
    more = count(summary.get("actions_total")) - len(actions)
    if more > 0:
        lines += ["", f"…and {more} more."]
    return [*lines, ""]


def _calendar(summary: dict[str, Any]) -> list[str]:
    calendar = summary.get("calendar")
    if not isinstance(calendar, dict):
        return []
    lines = ["## Calendar", "", coverage(calendar), ""]
    missed = dicts(calendar.get("missed"))
    if missed:
        lines += ["Missed:", ""]
        for meeting in missed:
            attendees = meeting.get("attendees")
            people = (
                [esc(p) for p in attendees if one_line(p)] if isinstance(attendees, list) else []
            )
            with_whom = f" (with {', '.join(people)})" if people else ""
            when = esc(minute(meeting.get("start")))
            lines.append(f"- {_title(meeting.get('title'))} — {when}{with_whom}")
        lines.append("")
    return lines
