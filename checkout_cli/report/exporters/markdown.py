"""The weekly summary as Markdown (CommonMark plus GitHub tables and task lists).

Made to be pasted into an email or a wiki page unedited, so user text is escaped to
stay text: a title with `|` stays in its cell, an answer of `# x` is not a heading,
`*x*` is not emphasis. Newlines inside an answer become a single space, everywhere,
so an answer never breaks a table row or a list item.
"""

from __future__ import annotations

import re

from checkout_cli.report.data import QuestionSummary, SetSummary, Summary
from checkout_cli.report.exporters import ExportData
from checkout_cli.report.exporters._common import (
    choice_parts,
    coverage,
    date_name,
    days_name,
    due_name,
    fix_verdict,
    fix_worked,
    goal_parts,
    mean_text,
    moment_name,
    one_line,
    owner_name,
    owner_steps,
    parse_date,
    period_label,
    plural,
    scale_figure,
    set_title,
    shared_sets,
    spans_years,
    step_state,
    steps_figure,
    trend_text,
)
from checkout_cli.report.numbers import NONE, decimal, percent
from checkout_cli.report.tallies import IMPROVE_KEY

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
    days = days_name(summary["period"])
    year = spans_years(summary["period"])
    if days != label:
        lines += [esc(days), ""]
    if summary["count"] == 0:
        lines += ["No check-outs in this period.", ""]
    else:
        lines += _headline(summary)
        lines += _meetings(summary)
        for name, found in shared_sets(summary):
            lines += _set(name, found, year=year)
        lines += _themes(summary)
        lines += _fixes(summary, year=year)
        lines += _next_steps(summary)
    lines += _calendar(summary, year=year)
    lines += _time(summary)
    return "\n".join(lines).rstrip("\n") + "\n"


def _headline(summary: Summary) -> list[str]:
    sets = shared_sets(summary)
    count = f"- **Check-outs:** {summary['count']}"
    if len(sets) > 1:
        count += " — " + " · ".join(
            f"{esc(set_title(name, found))} {found['check_outs']}" for name, found in sets
        )
    lines = [count]
    goals = summary["goals"]
    across = " (all sets)" if len(sets) > 1 else ""
    if goals["n"]:
        parts = " · ".join(f"{m} {n} ({percent(share)})" for m, n, share in goal_parts(goals))
        lines.append(f"- **Goals met{across}:** {percent(goals['rate'])} — {parts}")
    worth = summary["worth"]
    if worth["n"]:
        mean = mean_text(worth["mean"], worth["change"], worth["previous_mean"])
        lines.append(f"- **Mean worth{across}:** {mean}")
    return [*lines, ""]


def _set(name: str, found: SetSummary, *, year: bool) -> list[str]:
    """One set's figures, each labelled as the set asks it, and its text answers."""
    private = " (private)" if found["private"] else ""
    heading = (
        f"## {esc(set_title(name, found))}{private}: {plural(found['check_outs'], 'check-out')}"
    )
    lines = [heading, ""]
    for question in found["questions"]:
        lines += _question(question, year=year)
    return [*lines, ""]


def _question(question: QuestionSummary, *, year: bool) -> list[str]:
    name = f"**{esc(question['label']) or esc(question['key'])}:**"
    if question["kind"] == "choice":
        if not question["n"]:
            return []
        shares = " · ".join(
            f"{esc(choice)} {n} ({percent(share)})" for choice, n, share in choice_parts(question)
        )
        return [f"- {name} {shares or NONE}"]
    if question["kind"] == "scale":
        figure = scale_figure(question)
        return [] if figure is None else [f"- {name} {figure}"]
    if question["kind"] == "actions":
        figure = steps_figure(question)
        return [] if figure is None else [f"- {name} {figure}"]
    counted = plural(question["n"], "answer")
    if question["skipped"]:
        empty = "nothing to improve" if question["key"] == IMPROVE_KEY else "left empty"
        counted += f" · {question['skipped']} {empty}"
    if not question["n"] and not question["skipped"]:
        return []
    lines = [f"- {name} {counted}"]
    for answer in question["answers"]:
        text = esc(answer["text"])
        if not text:
            continue
        when = date_name(answer["at"], year=year)
        dated = f" ({esc(when)})" if when else ""
        lines.append(f"  - **{_title(answer['title'])}**{dated}: {text}")
    more = question["n"] - len(question["answers"])
    if more > 0:
        lines.append(f"  - …and {more} more.")
    return lines


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


def _themes(summary: Summary) -> list[str]:
    themes = [t for t in summary["themes"] if one_line(t["phrase"])]
    if not themes:
        return []
    lines = ["## Recurring themes", ""]
    lines += [f"- {esc(t['phrase'])} ({t['count']}×)" for t in themes]
    return [*lines, ""]


def _fixes(summary: Summary, *, year: bool) -> list[str]:
    fixes = summary["fixes"]
    if not fixes:
        return []
    lines = ["## Did the fix work?", ""]
    for fix in fixes:
        worked = fix_worked(fix)
        mark = "" if worked is None else (" ✓" if worked else " ✗")
        lines.append(
            f"- **{esc(fix['theme'])}** · {_title(fix['title'])} (raised {fix['raised']}×):"
            f" {esc(fix_verdict(fix, year=year))}{mark}"
        )
    return [*lines, ""]


def _next_steps(summary: Summary) -> list[str]:
    groups = summary["owners"]
    if not groups:
        return []
    lines = ["## Next steps", ""]
    for group in groups:
        flagged = f", {group['overdue']} overdue" if group["overdue"] else ""
        lines += [f"### {esc(owner_name(group['owner']))} ({group['open']} open{flagged})", ""]
        for action in owner_steps(summary, group):
            box = "[x]" if action["done_at"] else "[ ]"
            details = []
            due = parse_date(action["due"])
            if due:
                details.append(f"due {due_name(due, summary['period'])}")
            if step_state(action) == "overdue":
                details.append("**overdue**")
            text = esc(action["text"]) or "(no text)"
            suffix = f" — {', '.join(details)}" if details else ""
            title = esc(action["title"])
            meeting = f" · {title}" if title else ""
            lines.append(f"- {box} {text}{suffix}{meeting}")
        lines.append("")
    more = summary["actions_total"] - len(summary["actions"])
    if more > 0:
        lines += [f"…and {more} more.", ""]
    return lines


def _calendar(summary: Summary, *, year: bool) -> list[str]:
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
            when = esc(moment_name(meeting["start"], year=year))
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
