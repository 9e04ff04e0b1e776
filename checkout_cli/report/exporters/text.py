"""The weekly summary as plain text, for the body of an email.

What the Markdown summary says, without its markup: nothing is escaped (an answer of
`=SUM(A1)` or `a_b` reads as typed), headings are underlined, lists are indented
with "-". User text is cleaned (control characters and ANSI escapes removed) and
folded onto one line, so an answer never breaks the layout.
"""

from __future__ import annotations

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
from checkout_cli.report.exporters._time import text_lines
from checkout_cli.report.numbers import NONE, decimal, percent
from checkout_cli.report.tallies import IMPROVE_KEY


def _title(value: object) -> str:
    return one_line(value) or "(untitled)"


def _heading(text: str, rule: str = "-") -> list[str]:
    return [text, rule * len(text), ""]


def render(data: ExportData) -> str:
    summary = data.summary
    label = period_label(summary["period"])
    lines = _heading(f"Check-outs: {label}", "=")
    days = days_name(summary["period"])
    year = spans_years(summary["period"])
    if days != label:
        lines[-1:-1] = [days]
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
    lines += text_lines(summary, _heading("Time"))
    return "\n".join(lines).rstrip("\n") + "\n"


def _headline(summary: Summary) -> list[str]:
    sets = shared_sets(summary)
    count = f"Check-outs: {summary['count']}"
    if len(sets) > 1:
        count += " (" + ", ".join(f"{set_title(n, f)} {f['check_outs']}" for n, f in sets) + ")"
    lines = [count]
    across = " (all sets)" if len(sets) > 1 else ""
    goals = summary["goals"]
    if goals["n"]:
        parts = ", ".join(f"{m} {n}" for m, n, _ in goal_parts(goals))
        lines.append(f"Goals met{across}: {percent(goals['rate'])} ({parts})")
    worth = summary["worth"]
    if worth["n"]:
        mean = mean_text(worth["mean"], worth["change"], worth["previous_mean"])
        lines.append(f"Mean worth{across}: {mean}")
    return [*lines, ""]


def _meetings(summary: Summary) -> list[str]:
    meetings = summary["meetings"]
    if not meetings:
        return []
    lines = _heading("Meetings")
    for meeting in meetings:
        lines.append(
            f"- {_title(meeting['title'])}: {plural(meeting['count'], 'check-out')},"
            f" goals met {percent(meeting['goal_rate'])},"
            f" worth {decimal(meeting['mean_worth'])}, {trend_text(meeting)}"
        )
    return [*lines, ""]


def _set(name: str, found: SetSummary, *, year: bool) -> list[str]:
    private = " (private)" if found["private"] else ""
    lines = _heading(
        f"{set_title(name, found)}{private}: {plural(found['check_outs'], 'check-out')}"
    )
    for question in found["questions"]:
        lines += _question(question, year=year)
    return [*lines, ""]


def _question(question: QuestionSummary, *, year: bool) -> list[str]:
    name = one_line(question["label"]) or one_line(question["key"])
    if question["kind"] == "choice":
        if not question["n"]:
            return []
        shares = ", ".join(
            f"{one_line(choice)} {n} ({percent(share)})"
            for choice, n, share in choice_parts(question)
        )
        return [f"{name}: {shares or NONE}"]
    if question["kind"] == "scale":
        figure = scale_figure(question)
        return [] if figure is None else [f"{name}: {figure}"]
    if question["kind"] == "actions":
        figure = steps_figure(question)
        return [] if figure is None else [f"{name}: {figure}"]
    if not question["n"] and not question["skipped"]:
        return []
    counted = plural(question["n"], "answer")
    if question["skipped"]:
        empty = "nothing to improve" if question["key"] == IMPROVE_KEY else "left empty"
        counted += f", {question['skipped']} {empty}"
    lines = [f"{name}: {counted}"]
    for answer in question["answers"]:
        text = one_line(answer["text"])
        if text:
            when = date_name(answer["at"], year=year)
            lines.append(f"  - {_title(answer['title'])} ({when}): {text}")
    more = question["n"] - len(question["answers"])
    if more > 0:
        lines.append(f"  - ...and {more} more.")
    return lines


def _themes(summary: Summary) -> list[str]:
    themes = [t for t in summary["themes"] if one_line(t["phrase"])]
    if not themes:
        return []
    lines = _heading("Recurring themes")
    lines += [f"- {one_line(t['phrase'])} ({t['count']}×)" for t in themes]
    return [*lines, ""]


def _fixes(summary: Summary, *, year: bool) -> list[str]:
    fixes = summary["fixes"]
    if not fixes:
        return []
    lines = _heading("Did the fix work?")
    for fix in fixes:
        worked = fix_worked(fix)
        mark = "" if worked is None else (" (worked)" if worked else " (not fixed yet)")
        lines.append(
            f"- {one_line(fix['theme'])}, {_title(fix['title'])} (raised {fix['raised']}×):"
            f" {fix_verdict(fix, year=year)}{mark}"
        )
    return [*lines, ""]


def _next_steps(summary: Summary) -> list[str]:
    groups = summary["owners"]
    if not groups:
        return []
    lines = _heading("Next steps")
    for group in groups:
        flagged = f", {group['overdue']} overdue" if group["overdue"] else ""
        lines.append(f"{owner_name(group['owner'])} ({group['open']} open{flagged}):")
        for action in owner_steps(summary, group):
            box = "[x]" if action["done_at"] else "[ ]"
            details = []
            due = parse_date(action["due"])
            if due:
                details.append(f"due {due_name(due, summary['period'])}")
            if step_state(action) == "overdue":
                details.append("OVERDUE")
            suffix = f" ({', '.join(details)})" if details else ""
            title = one_line(action["title"])
            meeting = f" - {title}" if title else ""
            lines.append(f"  {box} {one_line(action['text']) or '(no text)'}{suffix}{meeting}")
        lines.append("")
    more = summary["actions_total"] - len(summary["actions"])
    if more > 0:
        lines += [f"...and {more} more.", ""]
    return lines


def _calendar(summary: Summary, *, year: bool) -> list[str]:
    calendar = summary.get("calendar")
    if calendar is None:
        return []
    lines = [*_heading("Calendar"), coverage(calendar), ""]
    missed = calendar["missed"]
    if missed:
        lines.append("Missed:")
        for meeting in missed:
            people = [one_line(p) for p in meeting["attendees"] if one_line(p)]
            with_whom = f" (with {', '.join(people)})" if people else ""
            when = moment_name(meeting["start"], year=year)
            lines.append(f"- {_title(meeting['title'])}, {when}{with_whom}")
        lines.append("")
    return lines
