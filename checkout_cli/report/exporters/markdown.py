"""The weekly summary as Markdown (CommonMark plus GitHub tables and task lists).

Made to be pasted into an email or a wiki page unedited, so user text is escaped to
stay text: a title with `|` stays in its cell, an answer of `# x` is not a heading,
`*x*` is not emphasis. Newlines inside an answer become a single space, everywhere,
so an answer never breaks a table row or a list item.
"""

from __future__ import annotations

import re

from checkout_cli.report.data import Summary
from checkout_cli.report.exporters import ExportData
from checkout_cli.report.exporters._common import (
    choice_parts,
    coverage,
    day,
    minute,
    one_line,
    parse_date,
    period_label,
    period_range,
    trend_text,
)
from checkout_cli.report.numbers import NONE, decimal, percent, signed

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
    label = period_label(summary["period"])
    lines = [f"# Check-outs: {esc(label)}", ""]
    days = period_range(summary["period"])
    if days != label:
        lines += [esc(days), ""]
    if summary["count"] == 0:
        lines += ["No check-outs in this period.", ""]
    else:
        lines += _headline(summary)
        lines += _meetings(summary)
        lines += _improvements(summary)
        lines += _themes(summary)
        lines += _next_steps(summary)
    lines += _calendar(summary)
    lines += _time(summary)
    return "\n".join(lines).rstrip("\n") + "\n"


def _headline(summary: Summary) -> list[str]:
    lines = [f"- **Check-outs:** {summary['count']}"]
    for key, question in summary["questions"].items():
        if question["n"] == 0:
            continue
        own = f"**{esc(question['text']) or esc(key)}**"
        if question["kind"] == "choice":
            shares = " · ".join(
                f"{esc(choice)} {n} ({percent(share)})"
                for choice, n, share in choice_parts(question)
            )
            name = "**Goals met:**" if key == "goals" else own
            lines.append(f"- {name} {shares or NONE}")
        elif question["kind"] == "scale":
            mean = decimal(question["mean"])
            change = signed(question["change"])
            if change:
                mean += f" ({change} from {decimal(question['previous_mean'])})"
            name = "**Mean worth:**" if key == "worth" else own
            lines.append(f"- {name} {mean}")
    return [*lines, ""]


def _meetings(summary: Summary) -> list[str]:
    meetings = summary["meetings"]
    if not meetings:
        return []
    lines = [
        "## Meetings",
        "",
        "| Meeting | Check-outs | Goals met | Mean worth | Trend |",
        "| :-- | --: | --: | --: | :-- |",
    ]
    for meeting in meetings:
        shown = trend_text(meeting)
        cells = [
            _title(meeting["title"]),
            str(meeting["count"]),
            percent(meeting["goal_rate"]),
            decimal(meeting["mean_worth"]),
            shown,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _improvements(summary: Summary) -> list[str]:
    items = [i for i in summary["improvements"] if one_line(i["text"])]
    if not items:
        return []
    lines = ["## Could be better", ""]
    for item in items:
        when = day(item["at"])
        dated = f" ({esc(when)})" if when else ""
        lines.append(f"- **{_title(item['title'])}**{dated}: {esc(item['text'])}")
    return [*lines, ""]


def _themes(summary: Summary) -> list[str]:
    themes = [t for t in summary["themes"] if one_line(t["phrase"])]
    if not themes:
        return []
    lines = ["## Recurring themes", ""]
    lines += [f"- {esc(t['phrase'])} ({t['count']}×)" for t in themes]
    return [*lines, ""]


def _next_steps(summary: Summary) -> list[str]:
    actions = summary["actions"]
    if not actions:
        return []
    lines = ["## Next steps", ""]
    for action in actions:
        box = "[x]" if action["done_at"] else "[ ]"
        details = []
        owner = esc(action["owner"])
        if owner:
            details.append(f"@{owner}")
        due = parse_date(action["due"])
        if due:
            details.append(f"due {due.isoformat()}")
        text = esc(action["text"]) or "(no text)"
        suffix = f" — {', '.join(details)}" if details else ""
        title = esc(action["title"])
        meeting = f" · {title}" if title else ""
        lines.append(f"- {box} {text}{suffix}{meeting}")
    more = summary["actions_total"] - len(actions)
    if more > 0:
        lines += ["", f"…and {more} more."]
    return [*lines, ""]


def _calendar(summary: Summary) -> list[str]:
    calendar = summary.get("calendar")
    if calendar is None:
        return []
    lines = ["## Calendar", "", coverage(calendar), ""]
    missed = calendar["missed"]
    if missed:
        lines += ["Missed:", ""]
        for meeting in missed:
            people = [esc(p) for p in meeting["attendees"] if one_line(p)]
            with_whom = f" (with {', '.join(people)})" if people else ""
            when = esc(minute(meeting["start"]))
            lines.append(f"- {_title(meeting['title'])} — {when}{with_whom}")
        lines.append("")
    return lines


def _time(summary: Summary) -> list[str]:
    """Hours in meetings and not worth it, in total and per meeting (exporters/_time.py)."""
    from checkout_cli.report.exporters import _time as time_words

    reason = time_words.why_not(summary)
    found = summary.get("time")
    if found is None:
        return [reason, ""] if reason else []
    lines = ["## Time", ""]
    lines += [f"- {sentence}" for sentence in time_words.sentences(found)]
    lines.append("")
    table = time_words.rows(found)
    if table:
        lines.append("| " + " | ".join(time_words.HEADER) + " |")
        lines.append("| :-- | --: | --: | --: | --: | --: |")
        for title, *numbers in table:
            lines.append("| " + " | ".join([_title(title), *numbers]) + " |")
        lines.append("")
    return lines
